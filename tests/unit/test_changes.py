"""Every edit of the window answers with one `Changes` (issue 15): what it wrote, the views it changed and
the states that moved, from one cached read that never disagrees with a fresh one.

Each test drives the service as the window does (`ReportingService.apply`) on a real SQLite file and
checks the answer against the database read back by a second service.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services import lifecycle
from desktop_app.services.changes import EMPTY_CONFIRMED
from desktop_app.services.operations import (
    AddRow,
    ConfirmEmpty,
    Explain,
    MoveRow,
    Redo,
    RemoveRow,
    SetText,
    Undo,
)
from desktop_app.services.reporting import ReportingService

YEAR, TERM = "2022", "2022-2023-1"


@pytest.fixture
def service(db_path: Path, pack: Any) -> Any:
    opened = ReportingService.open(db_path, pack)
    opened.printable = lambda char: True  # every character prints (the fonts are another test's)
    yield opened
    opened.close()


def fresh(db_path: Path, pack: Any) -> ReportingService:
    """A second service on the same file: what a cold read says."""
    other = ReportingService.open(db_path, pack)
    other.printable = lambda char: True
    return other


def test_a_typed_value_answers_with_what_it_wrote_and_what_moved(service: Any) -> None:
    before = service.progress(YEAR)
    assert before.categories["party"].key == "empty"
    changes = service.apply(SetText("party", "members", "１２"), YEAR)
    assert changes.ok and changes.op == "text" and changes.period == YEAR
    assert changes.edit is not None and changes.edit.old is None and changes.edit.new == 12  # the EditResult
    assert set(changes.views) == {"party"}  # nothing else reads party
    assert changes.views["party"].values["members"] == 12
    assert changes.states["party"].key == "in_progress"  # required fields are still empty
    assert set(changes.states) == {"party"}
    assert changes.left == service.progress(YEAR).left == before.left - 1


def test_a_rule_error_and_its_fix_move_the_state_both_ways(service: Any) -> None:
    service.progress(YEAR)
    service.apply(SetText("party", "members", "10"), YEAR)
    changes = service.apply(SetText("party", "honoured_members", "12"), YEAR)
    assert changes.states["party"].key == "has_errors" and changes.states["party"].errors == 1
    rule = changes.views["party"].issues[0]
    assert rule.field == "honoured_members" and rule.code == "rule"  # errors come before empty required fields
    changes = service.apply(SetText("party", "honoured_members", "5"), YEAR)
    assert changes.states["party"].errors == 0 and changes.states["party"].key == "in_progress"


def test_refused_text_counts_until_replaced_and_nothing_is_saved(service: Any, db_path: Path, pack: Any) -> None:
    service.progress(YEAR)
    changes = service.apply(SetText("party", "members", "十二"), YEAR)
    assert not changes.ok and "十二" in changes.refused and changes.edit is None
    progress = changes.states["party"]
    assert progress.key == "has_errors" and progress.refused == 1 and progress.errors == 1  # not 未填 (issue 14)
    view = changes.views["party"]
    assert [r.text for r in view.refusals] == ["十二"]
    assert view.issues[0].code == "refused" and view.issues[0].field == "members"
    assert not any(i.code == "required" and i.field == "members" for i in view.issues)  # typed: not "empty"
    blockers = lifecycle.blockers(service, YEAR)
    assert any("十二" in b.text() for b in blockers) and len(blockers) == service.progress(YEAR).left
    other = fresh(db_path, pack)
    try:
        assert other.values("party", YEAR)["members"] is None
    finally:
        other.close()
    changes = service.apply(SetText("party", "members", "12"), YEAR)
    assert changes.ok and not changes.views["party"].refusals and changes.states["party"].refused == 0


def test_a_refused_cell_follows_its_row_and_goes_with_it(service: Any) -> None:
    service.progress(YEAR)
    uids = [service.apply(AddRow("ideology", "events"), YEAR).row for _ in range(3)]
    assert all(uids) and len(set(uids)) == 3
    changes = service.apply(SetText("ideology", "events", "2022-13-01", 2, "held_on"), YEAR)
    assert [(r.row, r.column) for r in changes.views["ideology"].refusals] == [(2, "held_on")]
    changes = service.apply(RemoveRow("ideology", "events", 0), YEAR)
    assert changes.ok and [r.row for r in changes.views["ideology"].refusals] == [1]
    changes = service.apply(MoveRow("ideology", "events", 1, 0), YEAR)
    assert [r.row for r in changes.views["ideology"].refusals] == [0]
    assert service.row_ids("ideology", "events", YEAR) == [uids[2], uids[1]]
    changes = service.apply(RemoveRow("ideology", "events", 0), YEAR)
    assert not changes.views["ideology"].refusals and changes.states["ideology"].refused == 0


def test_row_operations_answer_with_the_rows(service: Any) -> None:
    service.progress(YEAR)
    added = service.apply(AddRow("aid", "aid", {"students": 3}), YEAR)
    assert added.op == "add_row" and added.row
    columns = service.pack.category("aid").field("aid").columns
    assert added.views["aid"].values["aid"] == [{**{c.key: None for c in columns}, "students": 3}]
    assert added.views["aid"].derived["aid_students_total"] == 3
    assert added.states["aid"].key != "empty"
    removed = service.apply(RemoveRow("aid", "aid", 0), YEAR)
    assert removed.views["aid"].values["aid"] == [] and removed.states["aid"].key == "empty"


def test_a_warning_explained_moves_the_state(service: Any) -> None:
    service.progress(TERM)
    service.apply(SetText("safety", "guards_total", "4"), TERM)
    changes = service.apply(SetText("safety", "guards_over_60", "1"), TERM)
    progress = service.progress(TERM).categories["safety"]
    assert progress.unexplained == 1 and progress.warnings == 1
    changes = service.apply(Explain("safety", "safety.no_guard_over_60", "年底合同到期后不再续聘"), TERM)
    assert changes.op == "explanation" and changes.states["safety"].unexplained == 0
    assert changes.views["safety"].explanations["safety.no_guard_over_60"] == "年底合同到期后不再续聘"
    assert changes.left == service.progress(TERM).left == len(lifecycle.blockers(service, TERM))


def test_an_empty_category_is_confirmed_once_as_none_this_period(service: Any, db_path: Path, pack: Any) -> None:
    assert "aid" in service.progress(YEAR).to_confirm
    changes = service.apply(ConfirmEmpty("aid"), YEAR)
    assert changes.states["aid"].key == "none_this_period" and changes.states["aid"].empty_confirmed
    assert "aid" not in service.progress(YEAR).to_confirm
    other = fresh(db_path, pack)  # kept in the database (a 说明-like answer), asked once
    try:
        assert EMPTY_CONFIRMED in other.explanations("aid", YEAR)
        assert "aid" not in other.progress(YEAR).to_confirm
        assert "aid" not in other.build_submission(YEAR).explanations  # never printed as a 说明
    finally:
        other.close()
    changes = service.apply(ConfirmEmpty("aid", confirmed=False), YEAR)
    assert changes.states["aid"].key == "empty" and "aid" in service.progress(YEAR).to_confirm


def test_undo_and_redo_answer_with_the_views_they_changed(service: Any) -> None:
    service.progress(YEAR)
    service.apply(SetText("party", "members", "10"), YEAR)
    service.apply(SetText("party", "members", "20"), YEAR)
    service.apply(SetText("party", "honoured_members", "二十"), YEAR)  # refused, kept
    undone = service.apply(Undo(), YEAR)
    assert undone.op == "undo" and undone.ok
    assert undone.views["party"].values["members"] == 10
    assert not undone.views["party"].refusals  # the form shows what the store holds
    redone = service.apply(Redo(), YEAR)
    assert redone.op == "redo" and redone.views["party"].values["members"] == 20
    service.apply(Undo(), YEAR)
    service.apply(Undo(), YEAR)
    nothing = service.apply(Undo(), YEAR)
    assert not nothing.ok and nothing.refused and not nothing.views and not nothing.states


def test_undo_of_an_edit_in_another_period_is_answered_for_the_window_s_period(service: Any) -> None:
    service.progress(YEAR)
    service.apply(SetText("safety", "guards_total", "4"), TERM)
    changes = service.apply(Undo(), YEAR)  # the window shows the year; the semester's edit is undone
    assert changes.ok and changes.period == YEAR and "safety" not in changes.views
    assert service.values("safety", TERM)["guards_total"] is None
    assert service.apply(Redo(), TERM).views["safety"].values["guards_total"] == 4


def test_the_profile_names_the_school_and_changes_what_applies(service: Any) -> None:
    service.progress(YEAR)
    changes = service.apply(SetText("profile", "school_name", "济阳区实验小学"), YEAR)
    assert changes.school_name == "济阳区实验小学"
    changes = service.apply(SetText("profile", "school_type", "kindergarten"), YEAR)
    assert "teaching" in changes.views  # which of its fields apply changed
    teaching = changes.views["teaching"]
    assert teaching.relevance["children"] and not teaching.relevance["students"]
    assert service.apply(SetText("party", "members", "3"), YEAR).school_name is None


def test_an_edit_reaches_the_categories_that_read_it(service: Any) -> None:
    service.progress(YEAR)
    service.apply(SetText("profile", "school_type", "primary"), YEAR)
    service.apply(SetText("teaching", "students", "400"), YEAR)
    changes = service.apply(SetText("teaching", "after_school_students", "300"), YEAR)
    assert changes.views["teaching"].derived["after_school_rate"] == Decimal("0.75")
    staff = service.apply(SetText("staff", "staff_total", "40"), YEAR)
    assert "staff" in staff.views  # and, had its figures changed, the categories that read staff


def test_a_storage_fault_is_answered_not_raised(service: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop_app.storage.errors import DiskFull

    service.progress(YEAR)

    def full(*_args: Any, **_kwargs: Any) -> Any:
        raise DiskFull(service.store.database.target)

    monkeypatch.setattr("desktop_app.storage.writes.set_field", full)
    changes = service.apply(SetText("party", "members", "10"), YEAR)
    assert not changes.ok and changes.refused
    assert service.values("party", YEAR)["members"] is None


OPS = [
    ("party", "members", ["10", "30", "", "5"]),
    ("party", "honoured_members", ["2", "40", ""]),
    ("teaching", "students", ["400", "", "900"]),
    ("teaching", "after_school_students", ["300", "1000", ""]),
    ("staff", "staff_total", ["40", "", "12"]),
    ("health", "myopia_checked", ["300", "", "20"]),
    ("profile", "school_type", ["primary", "junior", "kindergarten"]),
]


def test_the_cached_answer_equals_a_cold_read_after_every_edit(service: Any, db_path: Path, pack: Any) -> None:
    """The store tags each write with its report and the service re-reads and re-checks only what reads
    it: after any sequence of edits, undos and redos the answer is what a fresh service reads."""
    chooser = random.Random(15)
    service.progress(YEAR)
    for _step in range(40):
        kind = chooser.random()
        if kind < 0.15 and service.undo_stack.can_undo:
            service.apply(Undo(), YEAR)
        elif kind < 0.22 and service.undo_stack.can_redo:
            service.apply(Redo(), YEAR)
        else:
            category, field, texts = chooser.choice(OPS)
            if not pack.category(category).has_field(field):
                continue
            service.apply(SetText(category, field, chooser.choice(texts)), YEAR)
        other = fresh(db_path, pack)
        try:
            assert service.validate(YEAR, for_submission=True) == other.validate(YEAR, for_submission=True)
            assert service.progress(YEAR) == other.progress(YEAR)
            for category in pack.categories_for(pack.default_period.kind):
                assert service.view(category.key, YEAR) == other.view(category.key, YEAR)
        finally:
            other.close()


def test_a_value_saved_in_the_year_before_reaches_this_year_s_comparison(service: Any) -> None:
    """The year before had no data (nothing to compare with); a value saved there later, even by a write
    that names only its report, is compared with at once (a new period makes every reader read again)."""
    service.progress(YEAR)
    service.apply(SetText("profile", "school_type", "primary"), YEAR)
    service.apply(SetText("teaching", "students", "400"), YEAR)
    assert "teaching.students_jump" not in {i.rule_id for i in service.view("teaching", YEAR).issues}
    service.set_text("teaching", "students", "20", "2021")  # the CLI's path: 2021 is the year before
    assert "teaching.students_jump" in {i.rule_id for i in service.view("teaching", YEAR).issues}
    assert service.view("teaching", YEAR) == fresh_view(service, "teaching", YEAR)


def fresh_view(service: Any, category: str, period: str) -> Any:
    other = ReportingService.open(service.store.database.path, service.pack)
    other.printable = lambda char: True
    try:
        return other.view(category, period)
    finally:
        other.close()
