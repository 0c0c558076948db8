"""ReportingService: refusals leave the database unchanged; undo writes the old value back; states."""

from __future__ import annotations

import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services.refusals import EditRefused
from desktop_app.services.reporting import ReportingService
from tests.unit.storage_support import load_all_types_pack


@pytest.fixture
def service(tmp_path: Path) -> Any:
    opened = ReportingService.open(tmp_path / "db.sqlite3", load_all_types_pack(tmp_path / "pack"))
    yield opened
    opened.close()


def stored(service: ReportingService) -> list[tuple[str, str]]:
    """The raw rows of the values table, read by a separate connection."""
    path = service.store.database.path
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT field, value_json FROM field_values ORDER BY field").fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize(
    ("field", "text", "code"),
    [
        ("students", "三百", "not_integer"),
        ("budget", "12.345", "too_many_places"),
        ("drill_on", "明天", "not_date"),
        ("daily_pe", "也许", "not_boolean"),
        ("star", "六星", "unknown_choice"),
        ("rate", "5", "not_editable"),
    ],
)
def test_unparseable_text_is_refused_in_both_modes(service: ReportingService, field: str, text: str, code: str) -> None:
    service.set_text("safety", "students", "100")
    before = stored(service)
    for strict in (False, True):
        with pytest.raises(EditRefused) as raised:
            service.set_text("safety", field, text, strict=strict)
        assert raised.value.code == code
        assert raised.value.text("zh") and raised.value.text("en") != raised.value.text("zh")
    assert stored(service) == before


def test_field_checks_refuse_only_in_strict_mode(service: ReportingService) -> None:
    with pytest.raises(EditRefused) as raised:
        service.set_text("safety", "students", "9999", strict=True)
    assert raised.value.code == "above_maximum"
    assert stored(service) == []
    result = service.set_text("safety", "students", "9999")  # the GUI saves it and shows the problem
    assert [p.code for p in result.problems] == ["above_maximum"]
    assert service.values("safety")["students"] == 9999


def test_unknown_category_field_row_and_period_are_refused(service: ReportingService) -> None:
    cases = [
        (lambda: service.set_text("nothing", "x", "1"), "unknown_category"),
        (lambda: service.set_text("safety", "nothing", "1"), "unknown_field"),
        (lambda: service.set_text("safety", "events", "x", row=3, column="title"), "unknown_row"),
        (lambda: service.set_text("safety", "events", "x", row=0, column="nope"), "unknown_column"),
        (lambda: service.set_text("safety", "students", "1", period="2022-2023-1"), "wrong_period_kind"),
        (lambda: service.set_text("safety", "students", "1", period="去年"), "unknown_period"),
    ]
    for call, code in cases:
        with pytest.raises(EditRefused) as raised:
            call()
        assert raised.value.code == code
    assert stored(service) == []


def test_undo_writes_the_old_value_back_and_audits_it(service: ReportingService) -> None:
    service.set_text("safety", "budget", "100.00")
    service.set_text("safety", "budget", "250.50")
    service.undo()
    assert stored(service) == [("budget", '"100.00"')]
    service.undo()
    assert stored(service) == []
    service.redo()
    assert service.values("safety")["budget"] == Decimal("100.00")
    sources = [(entry.source, entry.old, entry.new) for entry in service.audit("safety")]
    assert sources == [
        ("gui", None, "100.00"),
        ("gui", "100.00", "250.50"),
        ("undo", "250.50", "100.00"),
        ("undo", "100.00", None),
        ("redo", None, "100.00"),
    ]
    service.redo()
    assert service.values("safety")["budget"] == Decimal("250.50")
    with pytest.raises(EditRefused) as raised:
        service.redo()
    assert raised.value.code == "nothing_to_redo"


def test_row_operations_and_their_undo(service: ReportingService) -> None:
    first = service.add_row("safety", "events", values={"title": "甲"})
    service.add_row("safety", "events", values={"title": "乙"})
    service.set_text("safety", "events", "丙", row=2, column="title")  # one past the end: a new row
    titles = lambda: [row["title"] for row in service.values("safety")["events"]]  # noqa: E731
    assert titles() == ["甲", "乙", "丙"]
    service.move_row("safety", "events", None, first, 2)
    assert titles() == ["乙", "丙", "甲"]
    service.remove_row("safety", "events", None, 0)
    assert titles() == ["丙", "甲"]
    service.undo()
    assert titles() == ["乙", "丙", "甲"]
    service.undo()
    assert titles() == ["甲", "乙", "丙"]
    assert service.row_ids("safety", "events")[0] == first  # the row kept its id through the moves
    service.set_value("safety", "events", [{"title": "丁"}])
    assert titles() == ["丁"]
    service.undo()
    assert titles() == ["甲", "乙", "丙"]


def test_submitted_report_is_refused(service: ReportingService) -> None:
    service.set_text("safety", "students", "10")
    service.store.set_report_state(service_key(service), "submitted", 1)
    with pytest.raises(EditRefused) as raised:
        service.set_text("safety", "students", "11")
    assert raised.value.code == "report_submitted"
    with pytest.raises(EditRefused):
        service.undo()
    assert service.values("safety")["students"] == 10
    assert service.category_state("safety").key == "submitted"


def service_key(service: ReportingService) -> Any:
    from desktop_app.services.period_data import report_key

    return report_key(service.pack.category("safety"), "2022")


def test_category_states_follow_the_rules(service: ReportingService) -> None:
    assert service.category_state("safety").key == "empty"
    service.set_text("safety", "found", "3")
    service.set_text("safety", "resolved", "5")
    state = service.category_state("safety")
    assert (state.key, state.errors, state.text("zh")) == ("has_errors", 1, "有错误")
    service.set_text("safety", "resolved", "2")
    service.set_text("safety", "daily_pe", "否")
    assert service.category_state("safety").key == "needs_explanation"
    service.set_explanation("safety", "safety.daily_pe", "场地改造中。")
    assert service.category_state("safety").key == "complete"
    assert service.derived("safety")["rate"] == Decimal("0.667")


def test_submission_carries_values_explanations_and_photos(service: ReportingService) -> None:
    service.set_text("profile", "school_name", "济阳区演示小学")
    service.set_text("safety", "daily_pe", "否")
    service.set_explanation("safety", "safety.daily_pe", "场地改造中。")
    digest = service.record_attachment(b"\x89PNG fake photo")
    service.add_row("safety", "events", values={"title": "读书会", "photo": digest})
    submission = service.build_submission()
    assert submission.school_name == "济阳区演示小学"
    assert submission.values["safety"]["daily_pe"] is False
    assert submission.explanations == {"safety": {"safety.daily_pe": "场地改造中。"}}
    assert submission.attachments == {digest: b"\x89PNG fake photo"}
    assert submission.status.value == "draft"


def test_validation_uses_the_previous_period(service: ReportingService) -> None:
    service.set_text("safety", "students", "100", period="2021")
    assert "2021" in service.periods()
    issues = service.validate("2022")
    assert all(issue.severity.value in ("error", "warning") for issue in issues)
