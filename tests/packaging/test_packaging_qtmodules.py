"""The PySide6 bindings the app imports stay in the Windows payload, and `build.py check` says so when
one is gone (the 0.1.0 installer trimmed QtNetwork.pyd and its window could not open the data)."""

from __future__ import annotations

from pathlib import Path

from build_checks import qt_binding_failures
from build_qtmodules import imported_qt_modules, keep_rules, missing_bindings
from build_trim import apply_trim, load_rules, parse_rules

REPO = Path(__file__).resolve().parents[2]
# Bindings of the PySide6-Essentials and PySide6-Pdf wheels for Windows (a sample of the ~40).
WHEEL_BINDINGS = ["QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtPdf", "QtPdfWidgets", "QtPrintSupport", "QtSvg",
                  "QtQml", "QtQuick", "QtSql", "QtDBus", "QtTest", "QtXml", "QtOpenGL", "QtConcurrent"]  # fmt: skip


def _payload(root: Path) -> Path:
    site = root / "Lib" / "site-packages"
    (site / "PySide6").mkdir(parents=True)
    for module in WHEEL_BINDINGS:
        (site / "PySide6" / f"{module}.pyd").write_bytes(b"MZ")
    return site


def _listing(root: Path) -> list[str]:
    return [p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()]


def test_the_scan_finds_imports_inside_functions_and_every_spelling(tmp_path: Path) -> None:
    app = tmp_path / "desktop_app"
    (app / "ui").mkdir(parents=True)
    (app / "ui" / "late.py").write_text(
        "def handshake():\n    from PySide6.QtNetwork import QLocalSocket\n    return QLocalSocket\n\n"
        "class A:\n    def m(self):\n        import PySide6.QtSvg as svg\n        from PySide6 import QtPdf\n",
        encoding="utf-8",
    )
    (app / "top.py").write_text("from PySide6.QtCore import Qt\nimport os\n", encoding="utf-8")
    found = imported_qt_modules(app)
    assert found == {"QtCore": ["desktop_app/top.py"], "QtNetwork": ["desktop_app/ui/late.py"],
                     "QtPdf": ["desktop_app/ui/late.py"], "QtSvg": ["desktop_app/ui/late.py"]}  # fmt: skip


def test_the_app_imports_qtnetwork_so_the_build_keeps_its_binding(tmp_path: Path) -> None:
    modules = imported_qt_modules(REPO / "desktop_app")
    assert "desktop_app/ui/lifecycle/single_instance.py" in modules["QtNetwork"]
    site = _payload(tmp_path)
    apply_trim(site, load_rules(REPO / "packaging" / "trim-win.txt") + keep_rules(modules))
    assert (site / "PySide6" / "QtNetwork.pyd").is_file()
    assert not (site / "PySide6" / "QtQml.pyd").exists()  # the trim still works
    assert qt_binding_failures("setup.exe", _listing(tmp_path), tmp_path / "none") == []


def test_the_check_fails_when_qtnetwork_is_trimmed_again(tmp_path: Path) -> None:
    modules = imported_qt_modules(REPO / "desktop_app")
    site = _payload(tmp_path)
    retrim = parse_rules("PySide6/QtNetwork.pyd")  # as the 0.1.0 trim list did, after every keep rule
    apply_trim(site, load_rules(REPO / "packaging" / "trim-win.txt") + keep_rules(modules) + retrim)
    failures = qt_binding_failures("setup.exe", _listing(tmp_path), tmp_path / "none")
    assert len(failures) == 1
    assert "Lib/site-packages/PySide6/QtNetwork.pyd" in failures[0] and "single_instance.py" in failures[0]


def test_the_shipped_copy_of_the_app_is_scanned_too(tmp_path: Path) -> None:
    shipped = tmp_path / "Lib" / "site-packages" / "desktop_app"
    shipped.mkdir(parents=True)
    (shipped / "extra.py").write_text("def f():\n    from PySide6.QtMultimedia import QSoundEffect\n", "utf-8")
    failures = qt_binding_failures("setup.exe", [], shipped)
    assert any("PySide6/QtMultimedia.pyd" in f and "desktop_app/extra.py" in f for f in failures)
    assert missing_bindings(["lib/site-packages/pyside6/qtmultimedia.pyd"], {"QtMultimedia": ["x.py"]}) == []
