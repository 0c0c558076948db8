"""A new year starts with last year's carried values, marked 上年数据，请核对 until checked; prev() reads last
year through the declared renames; the schema upgrade of the 2022 database keeps every value."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.nextyear.conftest import Runner, installed_2023


@pytest.fixture
def started(cli: Runner, school_2022: Path, pack_2023_file: Path) -> Iterator[Any]:
    from desktop_app.services.startup import start

    installed_2023(cli, school_2022, pack_2023_file)
    opened = start(school_2022, daily=False)
    try:
        yield opened
    finally:
        opened.close()


def _snapshot_values(db: Path, period: str) -> dict[str, Any]:
    with sqlite3.connect(db) as connection:
        row = connection.execute(
            "SELECT document_json FROM snapshots WHERE period_key = ? ORDER BY revision DESC", (period,)
        ).fetchone()
    return json.loads(row[0])["values"]  # type: ignore[no-any-return]


def test_the_new_year_starts_with_last_years_carried_values_marked(started: Any, school_2022: Path) -> None:
    service = started.service
    last_year = _snapshot_values(school_2022, "2022")
    assert service.pack.version == "2023.1"
    assert any("2023年度已带入上年（2022年度第1版）数据 4 项" in note for note in started.warnings)
    staff = service.values("staff", "2023")
    assert staff["staff_total"] == last_year["staff"]["staff_total"]
    assert staff["teachers_full_time"] == last_year["staff"]["full_time_teachers"]  # through the rename
    assert staff["trained"] is None and staff["teachers_master"] is None  # not carried: asked again
    facilities = service.values("facilities", "2023")
    assert facilities["places"] == last_year["facilities"]["places"]
    statuses_2022 = [row["status"] for row in last_year["facilities"]["projects"]]
    mapped = [{"structure_done": "building"}.get(s, s) for s in statuses_2022]
    assert [row["status"] for row in facilities["projects"]] == mapped
    assert sorted(service.carried("staff", "2023")) == ["staff_total", "teachers_full_time"]
    assert sorted(service.carried("facilities", "2023")) == ["places", "projects"]
    audit = service.audit("staff", "2023")
    assert {record.source for record in audit} == {"carry"}


def test_carried_values_are_listed_until_confirmed_or_changed(started: Any) -> None:
    from desktop_app.services import lifecycle
    from desktop_app.services.refusals_lifecycle import SubmitRefused

    service = started.service
    carried = [i for i in service.validate("2023") if i.code == "carried"]
    assert {(i.category, i.field) for i in carried} == {
        ("staff", "staff_total"),
        ("staff", "teachers_full_time"),
        ("facilities", "places"),
        ("facilities", "projects"),
    }
    assert "上年数据（2022年度第1版），请核对后确认或修改" in carried[0].text("zh")
    with pytest.raises(SubmitRefused) as refused:
        lifecycle.submit(service, "2023")
    assert any(b.rule_id == "staff.staff_total.carried" for b in refused.value.blockers)
    assert service.confirm_carried("staff", "2023", ["staff_total"]) == ["staff_total"]
    service.set_text("facilities", "places", "1400", period="2023")  # changing it is checking it too
    service.add_row("facilities", "projects", "2023", {"name": "新建风雨操场", "kind": "new", "status": "planned"})
    left = {(i.category, i.field) for i in service.validate("2023") if i.code == "carried"}
    assert left == {("staff", "teachers_full_time")}
    assert service.carried("facilities", "2023") == []
    confirmed = [r for r in service.audit("staff", "2023") if r.source == "confirm"]
    assert [(r.field, r.old, r.new) for r in confirmed] == [("staff_total", confirmed[0].new, confirmed[0].new)]


def test_carry_over_runs_once_and_never_over_what_the_clerk_typed(started: Any, school_2022: Path) -> None:
    service = started.service
    service.set_text("staff", "staff_total", "99", period="2023")
    assert service.start_period("2023") is None  # once per period
    assert service.values("staff", "2023")["staff_total"] == 99


def test_prev_reads_last_year_through_the_renames(started: Any) -> None:
    service = started.service
    last = service.values("staff", "2023")["teachers_full_time"]
    service.set_text("staff", "teachers_full_time", str(last * 11), period="2023")
    warned = {i.rule_id for i in service.validate("2023")}
    assert "staff.teachers_jump" in warned  # prev(teachers_full_time) is 2022's full_time_teachers
    service.set_text("staff", "teachers_full_time", str(last), period="2023")
    assert "staff.teachers_jump" not in {i.rule_id for i in service.validate("2023")}


def test_a_field_the_clerk_filled_before_last_year_was_submitted_is_kept(
    cli: Runner, school_2022: Path, pack_2023_file: Path
) -> None:
    """Carry-over waits for the submission before; a value typed meanwhile stays the clerk's."""
    from desktop_app.services import lifecycle
    from desktop_app.services.startup import start

    started = start(school_2022, daily=False)
    try:
        lifecycle.reopen(started.service, "补充说明", "2022")
    finally:
        started.close()
    installed_2023(cli, school_2022, pack_2023_file)
    assert cli(school_2022, "set", "facilities", "places", "2000", "--period", "2023")[0] == 0
    started = start(school_2022, daily=False)
    try:
        assert started.service.carried("staff", "2023") == []  # 2022 is a draft again: nothing carried yet
        lifecycle.submit(started.service, "2022", out_dir=school_2022.parent / "sent")
        result = started.service.start_period("2023")
        assert result is not None and result.revision == 2
        assert started.service.values("facilities", "2023")["places"] == 2000
        assert ("facilities", "places") not in result.fields
    finally:
        started.close()


def test_the_2022_database_upgrades_to_the_new_schema_with_every_value(school_2022: Path) -> None:
    from desktop_app.services.startup import start
    from desktop_app.storage.migrate import head_revision

    def rows(db: Path) -> list[tuple[Any, ...]]:
        with sqlite3.connect(db) as connection:
            return connection.execute("SELECT report_id, field, value_json FROM field_values ORDER BY id").fetchall()

    before = rows(school_2022)
    opened = start(school_2022, daily=False)
    try:
        assert opened.service.store.database.backup is not None  # verified backup before the migration
    finally:
        opened.close()
    with sqlite3.connect(school_2022) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        columns = {row[1] for row in connection.execute("PRAGMA table_info(periods)")}
        assert {"pack_id", "pack_version"} <= columns
        assert connection.execute("SELECT count(*) FROM carried").fetchone()[0] == 0
    assert rows(school_2022) == before
