from __future__ import annotations

from pathlib import Path

from build_trim import apply_trim, is_trimmed, load_rules, parse_rules

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def test_last_matching_line_wins_and_keep_lines_restore() -> None:
    rules = parse_rules("PySide6/translations/*\n!PySide6/translations/qtbase_zh_CN.qm  # keep\n")
    assert is_trimmed("PySide6/translations/qtbase_de.qm", rules)
    assert not is_trimmed("PySide6/translations/qtbase_zh_CN.qm", rules)
    assert not is_trimmed("PySide6/Qt6Widgets.dll", rules)


def test_matching_ignores_case_like_windows() -> None:
    rules = parse_rules("PySide6/opengl32sw.dll")
    assert is_trimmed("PySide6/OpenGL32SW.DLL", rules)


def test_apply_trim_deletes_files_and_empty_folders(tmp_path: Path) -> None:
    (tmp_path / "PySide6" / "qml" / "QtQuick").mkdir(parents=True)
    (tmp_path / "PySide6" / "qml" / "QtQuick" / "x.qml").write_text("x")
    (tmp_path / "PySide6" / "Qt6Core.dll").write_text("x")
    removed = apply_trim(tmp_path, parse_rules("PySide6/qml/*"))
    assert list(removed) == ["PySide6/qml/QtQuick/x.qml"]
    assert not (tmp_path / "PySide6" / "qml").exists()
    assert (tmp_path / "PySide6" / "Qt6Core.dll").exists()


def test_windows_trim_list_keeps_what_a_widgets_app_loads() -> None:
    rules = load_rules(PACKAGING / "trim-win.txt")
    kept = [
        "PySide6/Qt6Core.dll",
        "PySide6/Qt6Widgets.dll",
        "PySide6/QtWidgets.pyd",
        "PySide6/QtPdf.pyd",
        "PySide6/Qt6Network.dll",
        "PySide6/plugins/platforms/qwindows.dll",
        "PySide6/plugins/styles/qmodernwindowsstyle.dll",
        "PySide6/translations/qtbase_zh_CN.qm",
        "desktop_app/resources/forms/jiyang-2022/pack.yaml",
        "PIL/_imaging.cp311-win_amd64.pyd",
    ]
    trimmed = [
        "PySide6/opengl32sw.dll",
        "PySide6/Qt6Quick.dll",
        "PySide6/QtQml.pyd",
        "PySide6/designer.exe",
        "PySide6/translations/qtbase_de.qm",
        "PySide6/qml/QtQuick/Controls/x.qml",
        "PySide6/plugins/platforms/qdirect2d.dll",
        "PySide6/QtWidgets.pyi",
    ]
    assert [p for p in kept if is_trimmed(p, rules)] == []
    assert [p for p in trimmed if not is_trimmed(p, rules)] == []
