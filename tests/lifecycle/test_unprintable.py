"""Characters no font on this machine prints are named before 上报 freezes anything (issue 12, item 16).

`export pdf` warned about them, but the submitted PDF printed blank gaps without a word. Now the check
is part of validation (an error beside the field, in the window as in `validate`), so 上报 refuses,
naming the field and the character, and nothing is frozen, backed up or written.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.validation import ValidationContext, validate
from desktop_app.services import lifecycle
from desktop_app.services.refusals_lifecycle import LifecycleError, SubmitRefused
from desktop_app.storage.backup import list_backups

PERIOD = "2022"
REPO = Path(__file__).resolve().parent.parent.parent
EMOJI = "\U0001f600"  # pasted from a chat: no Chinese font has it
RARE = "\U00020000"  # 𠀀, CJK Extension B: printable only where an Ext-B font is installed


def _no_rare(char: str) -> bool:
    return char not in (EMOJI, RARE)


def _snapshots(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])
    finally:
        connection.close()


def test_the_domain_check_names_field_row_and_character(service: Any, pack: Any) -> None:
    values = service.period_values(PERIOD)
    values["profile"] = {**values["profile"], "address": f"济阳区{RARE}街1号"}
    events = [dict(row) for row in values["ideology"]["events"]]
    events[1]["title"] = f"主题{EMOJI}班会"
    values["ideology"] = {**values["ideology"], "events": events}
    values["honours"] = {**values["honours"], "highlights": "第一行\n第二行\t末尾 "}  # white space needs no glyph
    context = ValidationContext(period=PERIOD, values=values, printable=_no_rare)
    found = [issue for issue in validate(pack, context) if issue.code == "unprintable"]
    assert [(i.category, i.field, i.row, i.column) for i in found] == [
        ("profile", "address", None, None),
        ("ideology", "events", 1, "title"),
    ]
    assert all(issue.is_error for issue in found)
    address = found[0].text("zh")
    assert "“地址”" in address and f"“{RARE}”（U+20000）" in address and "空白" in address
    assert "U+1F600" in found[1].text("zh") and "第2行" in found[1].text("zh")
    assert "U+20000" in found[0].text("en") and "blank" in found[0].text("en")
    # Without font data (the bureau, a pack check) nothing is said.
    assert not [i for i in validate(pack, ValidationContext(period=PERIOD, values=values)) if i.code == "unprintable"]


def test_an_explanation_that_will_not_print_is_named(service: Any) -> None:
    service.printable = _no_rare
    notes = service.explanations("integrity", PERIOD)
    rule_id = next(iter(notes))
    service.set_explanation("integrity", rule_id, f"已说明{EMOJI}", period=PERIOD)
    found = [issue for issue in service.validate(PERIOD) if issue.code == "unprintable"]
    assert [(issue.category, issue.field) for issue in found] == [("integrity", None)]
    assert "说明" in found[0].text() and "U+1F600" in found[0].text()


def test_submit_refuses_before_freezing(service: Any, demo_db: Path, tmp_path: Path) -> None:
    service.printable = _no_rare
    service.set_text("profile", "address", f"济阳区{RARE}街1号")
    with pytest.raises(SubmitRefused) as refused:
        lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    assert [(b.category, b.field) for b in refused.value.blockers] == [("profile", "address")]
    text = refused.value.text()
    assert "学校基本信息 / 地址" in text and f"“{RARE}”（U+20000）" in text
    # Nothing frozen, backed up or written; still a draft.
    assert _snapshots(demo_db) == 0 and list_backups(demo_db) == []
    assert not (tmp_path / "out").exists() and not lifecycle.state(service, PERIOD).submitted
    service.set_text("profile", "address", "济阳区开元大街1号")
    assert lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out").revision == 1


def test_a_reviewer_name_that_will_not_print_is_refused(service: Any, demo_db: Path, tmp_path: Path) -> None:
    service.printable = _no_rare
    with pytest.raises(LifecycleError) as refused:
        lifecycle.submit(service, PERIOD, reviewer=f"王{RARE}", out_dir=tmp_path / "out")
    assert refused.value.code == "unprintable_reviewer" and "U+20000" in refused.value.text()
    assert _snapshots(demo_db) == 0 and not lifecycle.state(service, PERIOD).submitted


def test_this_machines_fonts_decide_by_default(service: Any) -> None:
    from desktop_app.exporters.pdf.fonts import font_set

    fonts = font_set()
    assert fonts.prints("中") and fonts.prints("A") and fonts.prints("\n") and fonts.prints(" ")
    assert not fonts.prints(EMOJI)
    service.set_text("profile", "address", f"济阳区{EMOJI}")
    found = [i for i in service.validate(PERIOD) if i.code == "unprintable"]
    assert [(i.category, i.field) for i in found] == [("profile", "address")]
    assert not [i for i in service.validate(PERIOD, category="party") if i.code == "unprintable"]


def test_submit_on_the_command_line_names_field_and_character(demo_db: Path, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHOOL_REPORT_CONFIG_DIR": str(tmp_path / "config"),
        "SCHOOL_REPORT_DATA_DIR": str(tmp_path / "data"),
    }

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", str(demo_db), *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=300,
        )

    assert run("set", "profile", "address", f"济阳区开元大街{EMOJI}号").returncode == 0
    checked = run("validate")
    assert checked.returncode == 1 and "地址" in checked.stdout and "U+1F600" in checked.stdout
    refused = run("submit", "--out", str(tmp_path / "out"))
    assert refused.returncode == 1, refused.stdout
    assert "学校基本信息 / 地址" in refused.stderr and "U+1F600" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert not (tmp_path / "out").exists() and _snapshots(demo_db) == 0
    english = run("--lang", "en", "submit", "--out", str(tmp_path / "out"))
    assert english.returncode == 1 and "U+1F600" in english.stderr and "blank" in english.stderr
