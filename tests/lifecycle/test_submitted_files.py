"""Where 上报 puts its files (a visible folder per period, a setting the CLI follows too), and the one
name and format of the fingerprint (校验码 XXXX-XXXX-XXXX-XXXX) on every surface."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from tests.conftest import REPO_ROOT

SHORT = re.compile(r"^[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$")


def _settings(tmp_path: Path, **values: Any) -> None:
    folder = tmp_path / "config"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "settings.json").write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")


def test_submit_defaults_to_the_documents_folder_per_period(run_cli: Any, demo_db: Path, tmp_path: Path) -> None:
    code, out, err = run_cli(demo_db, "submit")
    assert code == 0, err
    pdf, xlsx = (Path(line) for line in out.strip().splitlines()[1:3])
    folder = tmp_path / "documents" / "学校工作报送" / "2022年度"
    assert pdf.parent == folder and xlsx.parent == folder and pdf.exists() and xlsx.exists()


def test_the_cli_follows_the_folder_set_in_the_settings(demo_db: Path, tmp_path: Path) -> None:
    chosen = tmp_path / "上报文件"
    _settings(tmp_path, output_dir=str(chosen), first_run_done=True)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    done = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(demo_db), "submit"], env=env,
                          capture_output=True, text=True, cwd=REPO_ROOT, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    _first, pdf, xlsx = done.stdout.strip().splitlines()
    assert Path(pdf).parent == chosen / "2022年度" and Path(xlsx).parent == chosen / "2022年度"
    assert Path(pdf).exists() and Path(xlsx).exists()
    # --out still wins (its meaning is unchanged: exactly that folder).
    code = subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(demo_db), "regenerate", "--revision",
                           "1", "--out", str(tmp_path / "again")], env=env, capture_output=True, text=True,
                          cwd=REPO_ROOT, timeout=180).returncode  # fmt: skip
    assert code == 0 and len(list((tmp_path / "again").iterdir())) == 2


def test_the_fingerprint_has_one_name_and_one_format_everywhere(
    run_cli: Any, demo_db: Path, pack: Any, tmp_path: Path
) -> None:
    from python_calamine import CalamineWorkbook

    from desktop_app.services import sending
    from desktop_app.services.reporting import ReportingService

    code, out, err = run_cli(demo_db, "submit", "--out", str(tmp_path / "out"))
    assert code == 0, err
    first, pdf, xlsx = out.strip().splitlines()
    said = first.split("校验码：")[1]
    assert SHORT.match(said), first  # with its dashes, as on paper
    code, history, _ = run_cli(demo_db, "history")
    assert f"校验码：{said}" in history
    cover = {str(row[0]): row[1] for row in CalamineWorkbook.from_path(xlsx).get_sheet_by_name("封面").to_python()
             if len(row) > 1 and row[0]}  # fmt: skip
    assert cover["校验码"] == said and "数据指纹" not in "".join(cover)
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "").replace("\n", "")
    assert f"校验码{said}" in text and "指纹" not in text
    service = ReportingService.open(demo_db, pack)
    try:
        _subject, body = sending.template(sending.gather(service, "2022"))
    finally:
        service.close()
    assert f"校验码：{said}" in body and "指纹" not in body


def test_the_folder_is_chosen_in_the_settings_dialog(qtbot: Any, service: Any, tmp_path: Path) -> None:
    from desktop_app.services import lifecycle
    from desktop_app.services.settings import Settings, load_settings, settings_path
    from desktop_app.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(Settings(), None)
    qtbot.addWidget(dialog)
    assert dialog.output.placeholderText() == str(tmp_path / "documents" / "学校工作报送")
    dialog.output.setText(str(tmp_path / "报送"))
    dialog.accept()
    assert load_settings(settings_path()).output_dir == str(tmp_path / "报送")
    assert lifecycle.default_output_dir(service, "2022-2023-1") == tmp_path / "报送" / "2022—2023学年第一学期"
