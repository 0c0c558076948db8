"""Every field type: parse → store → load through a real SQLite file, and across close and reopen."""

from __future__ import annotations

import sqlite3
import string
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.services.reporting import ReportingService
from tests.unit.storage_support import load_all_types_pack

TEXT = st.text(alphabet=string.ascii_letters + "学校工作报送，。、 ", max_size=10).map(str.strip)
ROW = st.fixed_dictionaries(
    {
        "title": st.one_of(st.none(), TEXT.filter(bool)),
        "held_on": st.one_of(st.none(), st.dates(date(2000, 1, 1), date(2030, 12, 31))),
        "people": st.one_of(st.none(), st.integers(0, 10**6)),
        "cost": st.one_of(st.none(), st.decimals(0, 10**9, places=2, allow_nan=False)),
        "photo": st.none(),
    }
)
STRATEGIES: dict[str, Any] = {
    "students": st.integers(0, 10**9),
    "budget": st.decimals(-(10**12), 10**12, places=2, allow_nan=False, allow_infinity=False),
    "note": TEXT.filter(bool),
    "phone": st.from_regex(r"0\d{3}-[2-9]\d{7}|1[3-9]\d{9}", fullmatch=True),
    "summary": st.text(alphabet=string.ascii_letters + "说明\n ", min_size=1, max_size=50).map(str.rstrip).filter(bool),
    "drill_on": st.dates(date(1990, 1, 1), date(2099, 12, 31)),
    "daily_pe": st.booleans(),
    "star": st.sampled_from(["five", "four"]),
    "themes": st.lists(st.sampled_from(["a", "b", "c"]), unique=True).map(
        lambda keys: tuple(k for k in ("a", "b", "c") if k in keys)
    ),
    "events": st.lists(ROW, max_size=4),
}


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("roundtrip")
    opened = ReportingService.open(folder / "db.sqlite3", load_all_types_pack(folder / "pack"))
    yield opened
    opened.close()


@pytest.mark.parametrize("field", sorted(STRATEGIES))
def test_every_type_round_trips(service: ReportingService, field: str) -> None:
    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(value=STRATEGIES[field])
    def check(value: Any) -> None:
        service.set_value("safety", field, value)
        loaded = service.values("safety")[field]
        assert loaded == value
        assert type(loaded) is type(value)

    check()


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("students", "１,２３４", 1234),
        ("budget", "12,345.5", Decimal("12345.50")),
        ("phone", "13905310000", "13905310000"),
        ("drill_on", "2022年6月6日", date(2022, 6, 6)),
        ("daily_pe", "是", True),
        ("star", "五星", "five"),
        ("themes", "教育教学、学生思政教育", ("a", "c")),
        ("note", "  备注  ", "备注"),
    ],
)
def test_typed_text_is_parsed_stored_and_loaded(
    service: ReportingService, field: str, typed: str, expected: Any
) -> None:
    result = service.set_text("safety", field, typed)
    assert result.new == expected
    assert service.values("safety")[field] == expected


def test_values_are_stored_as_exact_json_text(tmp_path: Path) -> None:
    target = tmp_path / "db.sqlite3"
    service = ReportingService.open(target, load_all_types_pack(tmp_path / "pack"))
    service.set_text("safety", "budget", "0.10")
    service.set_text("safety", "phone", "05318423511")
    service.close()
    connection = sqlite3.connect(target)
    stored = dict(connection.execute("SELECT field, value_json FROM field_values").fetchall())
    connection.close()
    assert stored == {"budget": '"0.10"', "phone": '"05318423511"'}  # no float, leading zero kept


def test_values_survive_closing_and_reopening(tmp_path: Path) -> None:
    pack = load_all_types_pack(tmp_path / "pack")
    target = tmp_path / "db.sqlite3"
    service = ReportingService.open(target, pack)
    service.set_text("profile", "school_name", "济阳区演示小学")
    service.set_text("safety", "budget", "1234.50")
    service.add_row("safety", "events", values={"title": "读书会", "people": 12})
    service.add_row("safety", "events", values={"title": "报告会"}, position=0)
    service.set_explanation("safety", "safety.daily_pe", "操场改造中。")
    written = service.values("safety")
    service.close()

    reopened = ReportingService.open(target, pack)
    try:
        assert reopened.values("safety") == written
        assert [row["title"] for row in written["events"]] == ["报告会", "读书会"]
        assert reopened.profile()["school_name"] == "济阳区演示小学"
        assert reopened.explanations("safety") == {"safety.daily_pe": "操场改造中。"}
    finally:
        reopened.close()
