"""Bidi controls (U+202E and its kin) are refused in text and never reach a file name (issue 12, item 18).

A right-to-left override makes text show in another order than it is stored: 某某小学\u202efdp.exe is
shown as 某某小学exe.pdf. The bureau would read one thing and the file say another.
"""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.text import BIDI_CONTROLS, strip_bidi_controls
from desktop_app.domain.values import parse_text
from desktop_app.exporters.pdf import pdf_file_name
from desktop_app.exporters.xlsx.names import safe_file_part, submission_file_name
from tests.unit.storage_support import load_all_types_pack, write_all_types_pack
from tests.unit.test_pdf_fixtures import sample_submission

REPO = Path(__file__).resolve().parent.parent.parent
EVERY_CONTROL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


def test_the_set_is_every_bidi_control() -> None:
    assert set(EVERY_CONTROL) == BIDI_CONTROLS
    assert strip_bidi_controls(f"某{EVERY_CONTROL}某小学") == "某某小学"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_all_types_pack(tmp_path_factory.mktemp("bidi") / "pack")


@pytest.mark.parametrize("char", list(EVERY_CONTROL), ids=[f"U+{ord(c):04X}" for c in EVERY_CONTROL])
def test_a_name_with_a_bidi_control_is_refused_naming_the_field(pack: Any, char: str) -> None:
    name = pack.profile.field("school_name")
    with pytest.raises(ValueProblem) as caught:
        parse_text(name, f"济阳区{char}实验小学", pack)
    refusal = caught.value
    assert refusal.code == "bidi_control"
    assert "“学校名称”" in refusal.text("zh") and f"U+{ord(char):04X}" in refusal.text("zh")
    assert "School name" in refusal.text("en") and f"U+{ord(char):04X}" in refusal.text("en")


@pytest.mark.parametrize("key", ["note", "phone", "summary"])
def test_identifiers_and_long_text_refuse_them_too(tiny: Any, key: str) -> None:
    target = tiny.category("safety").field(key)
    with pytest.raises(ValueProblem) as caught:
        parse_text(target, "0531\u202e84235116", tiny)
    assert caught.value.code == "bidi_control"


def test_the_service_refuses_them_on_every_path(tiny: Any, tmp_path: Path) -> None:
    from desktop_app.services.refusals import EditRefused
    from desktop_app.services.reporting import ReportingService

    service = ReportingService.open(tmp_path / "db.sqlite3", tiny)
    try:
        with pytest.raises(EditRefused):
            service.set_text("safety", "events", "读书会\u202e", row=0, column="title")
        with pytest.raises(EditRefused):
            service.set_value("safety", "note", "备注\u2067")
        with pytest.raises(EditRefused):
            service.set_value("safety", "events", [{"title": "读书\u202d会"}])
        assert service.values("safety")["note"] is None and service.values("safety")["events"] == []
    finally:
        service.close()


def test_the_command_line_refuses_it(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHOOL_REPORT_PACK": str(write_all_types_pack(tmp_path / "p")),
        "SCHOOL_REPORT_CONFIG_DIR": str(tmp_path / "config"),
    }
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--db",
            str(tmp_path / "db.sqlite3"),
            "set",
            "profile",
            "school_name",
            "某某小学\u202efdp.exe",
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
    )
    assert done.returncode == 1
    assert "“学校名称”" in done.stderr and "U+202E" in done.stderr and "Traceback" not in done.stderr


def test_file_names_never_carry_them(pack: Any) -> None:
    # A name saved before this check existed (or read from an old backup) still makes clean file names.
    submission = dataclasses.replace(sample_submission(pack), school_name="某某小学\u202efdp.exe\u2066")
    for name in (
        pdf_file_name(submission),
        pdf_file_name(submission, "党建\u200f工作"),
        submission_file_name(submission, "xlsx"),
    ):
        assert not set(name) & BIDI_CONTROLS, name
        assert "某某小学fdp.exe" in name
    assert safe_file_part("\u202e\u202d", "未命名") == "未命名"
