"""`school-report selftest` on the real pack, database, exporters; and the launcher that wraps it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.cli.main import main

REPO = Path(__file__).resolve().parents[2]
LAUNCHER = REPO / "packaging" / "school-report.pyw"


def test_selftest_passes_every_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["selftest"]) == 0
    lines = capsys.readouterr().out.splitlines()
    results = [line for line in lines if line[:1] in "✓✗"]
    assert len(results) == 6
    assert all(line.startswith("✓") for line in results), lines
    assert any("已嵌入中文字体" in line for line in results)
    assert any("读回一致" in line for line in results)


def test_one_failing_check_does_not_hide_the_others(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.ui import i18n

    # As on a PC whose install lost Qt's translation files.
    monkeypatch.setattr(i18n, "qt_translations_dir", lambda: None)
    assert main(["selftest"]) == 1
    out = capsys.readouterr().out
    assert "✗ 翻译 translations" in out and "qtbase_zh_CN.qm" in out
    assert out.count("✓") == 5
    assert "自检未通过" in out


def _launcher_env(tmp_path: Path, pythonpath: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": pythonpath, "XDG_DATA_HOME": str(tmp_path / "data"),
            "LOCALAPPDATA": str(tmp_path / "data")}  # fmt: skip


def test_launcher_runs_the_command_line(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(LAUNCHER), "--version"], capture_output=True, text=True,
                            env=_launcher_env(tmp_path, str(REPO)), timeout=60)  # fmt: skip
    assert result.returncode == 0
    assert "school-report" in result.stdout


def test_launcher_reports_a_broken_install_in_chinese_and_logs_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken" / "desktop_app"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text("raise ImportError('缺少 python311.zip')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(LAUNCHER)], capture_output=True, text=True,
                            env=_launcher_env(tmp_path, str(broken.parent)), timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert "学校工作报送未能启动" in result.stderr and "缺少 python311.zip" in result.stderr
    logs = list((tmp_path / "data").rglob("launcher.log"))
    assert logs and "ImportError" in logs[0].read_text(encoding="utf-8")


def test_selftest_into_a_file_in_the_chinese_code_page(tmp_path: Path) -> None:
    """`selftest > 自检.txt` or `selftest | more` on a Chinese Windows writes cp936, which has no ✓ ✗."""
    report = tmp_path / "自检.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": "cp936", "QT_QPA_PLATFORM": "offscreen"}
    with report.open("wb") as stream:
        result = subprocess.run([sys.executable, "-m", "desktop_app", "selftest"], stdout=stream,
                                stderr=subprocess.PIPE, env=env, timeout=180)  # fmt: skip
    assert result.returncode == 0, result.stderr.decode("cp936", "replace")
    lines = report.read_bytes().decode("cp936").splitlines()
    assert sum(line.startswith("√ ") for line in lines) == 6, lines
    assert lines[-1] == "自检通过。"


def test_marks_follow_what_the_stream_can_write() -> None:
    import io

    from desktop_app.cli.commands_selftest import marks

    assert marks(io.TextIOWrapper(io.BytesIO(), encoding="cp936")) == ("√", "×")
    assert marks(io.TextIOWrapper(io.BytesIO(), encoding="utf-8")) == ("✓", "✗")
