"""Huge numbers are refused with the field's range message before they are parsed (issue 12, item 6).

A decimal of 28+ digits used to raise decimal.InvalidOperation (a traceback on the command line; in the
window the box kept the digits and nothing was said), and an integer of over 4,300 digits hit Python's
own limit message. A fraction longer than the context precision was silently rounded (0.1000…0001
stored as 0.1).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.values import MAX_DIGITS, parse_text
from tests.unit.storage_support import load_all_types_pack, write_all_types_pack

REPO = Path(__file__).resolve().parent.parent.parent


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return load_all_types_pack(tmp_path_factory.mktemp("limits") / "pack")


def _field(pack: Any, key: str) -> Any:
    return pack.category("safety").field(key)


def _refusal(pack: Any, key: str, text: str) -> ValueProblem:
    with pytest.raises(ValueProblem) as caught:
        parse_text(_field(pack, key), text, pack)
    return caught.value


@pytest.mark.parametrize("digits", [16, 28, 29, 60, 4301, 100_000])
def test_a_huge_integer_gets_the_range_message(tiny: Any, digits: int) -> None:
    refusal = _refusal(tiny, "students", "9" * digits)  # max 5000
    assert refusal.code == "above_maximum"
    assert refusal.text("zh") == "“在校学生数”不能大于5000。"
    assert refusal.text("en") == "“Students” cannot be more than 5000."


def test_a_huge_negative_integer_gets_the_minimum(tiny: Any) -> None:
    refusal = _refusal(tiny, "students", "-" + "7" * 5000)
    assert refusal.code == "below_minimum" and "不能小于0" in refusal.text()


def test_an_unbounded_integer_is_limited_to_what_a_spreadsheet_keeps(tiny: Any) -> None:
    assert parse_text(_field(tiny, "found"), "9" * MAX_DIGITS, tiny) == int("9" * MAX_DIGITS)
    refusal = _refusal(tiny, "found", "9" * (MAX_DIGITS + 1))
    assert refusal.code == "too_many_digits"
    assert refusal.text("zh") == f"“发现隐患”数值过大，整数部分最多{MAX_DIGITS}位。"
    assert "Hazards found" in refusal.text("en")


@pytest.mark.parametrize(
    "text",
    ["1" * 28, "1" * 30 + ".5", "-" + "3" * 40, "1" * 5000, "０" + "１" * 29],
    ids=["28", "30.5", "-40", "5000", "full-width-30"],
)
def test_a_huge_decimal_is_refused_not_an_invalid_operation(tiny: Any, text: str) -> None:
    refusal = _refusal(tiny, "budget", text)  # a decimal field without bounds
    assert refusal.code == "too_many_digits"


def test_a_decimal_with_bounds_gets_its_range_message(pack: Any) -> None:
    hours = pack.category("party").field("volunteer_hours")  # max 1000000, one place
    with pytest.raises(ValueProblem) as caught:
        parse_text(hours, "1" * 30, pack)
    assert caught.value.text() == "“志愿服务时长”不能大于1000000。"


def test_a_long_fraction_is_never_rounded_silently(tiny: Any) -> None:
    # 31 significant digits: Decimal.normalize() rounds them to 28 and the field took 0.10.
    refusal = _refusal(tiny, "budget", "0.1000000000000000000000000000001")
    assert refusal.code == "too_many_places"
    refusal = _refusal(tiny, "budget", "5." + "0" * 60 + "1")
    assert refusal.code == "too_many_places"
    # Trailing zeros are not places that matter.
    assert str(parse_text(_field(tiny, "budget"), "5." + "0" * 200, tiny)) == "5.00"


def test_numbers_in_other_scripts_are_not_numbers(tiny: Any) -> None:
    # Arabic-Indic or Devanagari digits are not what the clerk sees back (full-width ones are: NFKC).
    assert _refusal(tiny, "students", "١٢").code == "not_integer"
    assert _refusal(tiny, "budget", "४.५").code == "not_decimal"
    assert parse_text(_field(tiny, "students"), "１２", tiny) == 12


def test_the_service_refuses_it_and_keeps_the_saved_value(tiny: Any, tmp_path: Path) -> None:
    from desktop_app.services.refusals import EditRefused
    from desktop_app.services.reporting import ReportingService

    service = ReportingService.open(tmp_path / "db.sqlite3", tiny)
    try:
        service.set_text("safety", "budget", "12.5")
        for text in ("9" * 29, "1" * 5000):  # the window saves with strict=False
            with pytest.raises(EditRefused):
                service.set_text("safety", "budget", text)
            with pytest.raises(EditRefused):
                service.set_text("safety", "events", text, row=0, column="cost")
        assert str(service.values("safety")["budget"]) == "12.50"
        assert service.values("safety")["events"] == []
    finally:
        service.close()


@pytest.mark.parametrize(
    ("field", "text", "zh", "en"),
    [
        ("students", "1" * 5000, "“在校学生数”不能大于5000。", "“Students” cannot be more than 5000."),
        ("budget", "1" * 30, "“经费”数值过大", "“Budget” is too large"),
        ("budget", "-" + "2" * 29 + ".25", "“经费”数值过大", "“Budget” is too large"),
    ],
    ids=["integer-5000", "decimal-30", "decimal-negative-29"],
)
def test_the_command_line_says_so_without_a_traceback(tmp_path: Path, field: str, text: str, zh: str, en: str) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "SCHOOL_REPORT_PACK": str(write_all_types_pack(tmp_path / "p")),
        "SCHOOL_REPORT_CONFIG_DIR": str(tmp_path / "config"),
    }
    db = str(tmp_path / "db.sqlite3")
    for lang, expected in (("zh", zh), ("en", en)):
        done = subprocess.run(
            [sys.executable, "-m", "desktop_app", "--db", db, "--lang", lang, "set", "safety", field, text],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        assert done.returncode == 1, done.stderr
        assert expected in done.stderr
        assert "Traceback" not in done.stderr and "InvalidOperation" not in done.stderr
