"""The first look (issue 14, item 12): the window's first screen is painted from the data file's summary
(storage/summary.py, the standard library alone) while the service opens. It must read what the store
reads, never be offered for a file the service would first upgrade, show nothing that the attached
window later contradicts, and let nothing be changed before the service is attached."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services import lifecycle
from desktop_app.storage.backup import list_backups
from desktop_app.storage.summary import read_summary

PERIOD = "2022"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def _submitted_then_reopened(service: Any, tmp_path: Path) -> None:
    """2022 submitted (revision 1), reopened and submitted again (revision 2): a state with history."""
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r1")
    lifecycle.reopen(service, "补充数据", PERIOD)
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r2")


def test_the_summary_reads_what_the_store_reads(service: Any, demo_db: Path, pack: Any, tmp_path: Path) -> None:
    from desktop_app.services import period_data as data

    _submitted_then_reopened(service, tmp_path)
    summary = read_summary(demo_db, pack.profile.key)
    assert summary is not None
    assert list(summary.periods) == service.periods()
    for period in [*service.periods(), "2023"]:  # a period the file does not hold reads as drafts
        for category in pack.categories:
            key = data.report_key(category, period)
            assert summary.state(category.key, period) == service.store.report_status(key), (category.key, period)
    assert summary.state("party", PERIOD) == ("submitted", 2)
    from desktop_app.ui.first_look import SummaryReader

    assert SummaryReader(pack, summary).profile() == {
        key: value for key, value in service.profile().items() if key in SummaryReader(pack, summary).profile()
    }
    assert SummaryReader(pack, summary).profile()["school_name"] == service.profile()["school_name"]


def test_no_summary_for_a_file_the_service_would_upgrade_or_cannot_read(tmp_path: Path, pack: Any) -> None:
    old = tmp_path / "old.sqlite3"
    old.write_bytes((FIXTURES / "school-report-rev0001.sqlite3").read_bytes())
    assert read_summary(old, pack.profile.key) is None  # an older schema: the window waits for the upgrade
    not_sqlite = tmp_path / "notes.sqlite3"
    not_sqlite.write_bytes(b"not a database at all" * 100)
    assert read_summary(not_sqlite, pack.profile.key) is None
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()
    assert read_summary(empty, pack.profile.key) is None
    assert read_summary(tmp_path / "absent.sqlite3", pack.profile.key) is None


def test_no_summary_when_the_shipped_migrations_name_no_single_head(
    demo_db: Path, pack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The newest schema is read from the migrations the program ships; when that is unclear, Alembic
    decides in the service, and the window waits for it."""
    assert read_summary(demo_db, pack.profile.key) is not None
    monkeypatch.setattr("desktop_app.storage.summary.known_head", lambda: None)
    assert read_summary(demo_db, pack.profile.key) is None


# --- the window ------------------------------------------------------------------------------------
@pytest.fixture
def bare_window(qtbot: Any, tmp_path: Path) -> Iterator[Any]:
    from desktop_app.services.settings import Settings
    from desktop_app.ui.app import close_store
    from desktop_app.ui.i18n import set_language
    from desktop_app.ui.main_window import MainWindow

    set_language("zh")
    window = MainWindow("zh", Settings(first_run_done=True), tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    yield window
    window.tasks.wait()
    close_store(window)


def _shown(window: Any) -> dict[str, Any]:
    """What the clerk reads on the first screen: the school, the periods, the lock note, the category
    list (each entry's first line: its name; greyed entries whole), the overview's title, deadline,
    period calendar and table."""
    from desktop_app.ui.category_list import ELSEWHERE_ROLE

    workspace = window.workspace
    listed = workspace.categories
    entries = []
    for row in range(listed.count()):
        text = listed.item(row).text()
        entries.append(text if listed.item(row).data(ELSEWHERE_ROLE) else text.split("\n")[0])
    overview = workspace.overview
    table = overview.table
    return {
        "school": window.top.school.text(),
        "periods": [window.top.periods.itemText(i) for i in range(window.top.periods.count())],
        "period": window.top.periods.currentText(),
        "note": window.top.note.text(),
        "list": entries,
        "title": overview.title.text(),
        "deadline": overview.deadline.text(),
        "calendar": overview.calendar.rows_shown(),
        "table": [table.item(row, 0).text() for row in range(table.rowCount())],
    }


def _states(window: Any) -> list[str]:
    table = window.workspace.overview.table
    return [table.item(row, column).text() for row in range(table.rowCount()) for column in (1, 2, 3)]


def test_the_first_look_shows_only_what_the_attached_window_shows_and_changes_nothing(
    qtbot: Any, bare_window: Any, service: Any, demo_db: Path, tmp_path: Path
) -> None:
    from desktop_app.ui.app import open_store
    from desktop_app.ui.first_look import FirstLook
    from desktop_app.ui.i18n import tr_in

    _submitted_then_reopened(service, tmp_path)
    service.close()
    window = bare_window
    seen: dict[str, Any] = {}

    def at_first_look() -> None:  # in the slot: the service is still to open (queued after this)
        look = window.first_look()
        seen["look"] = isinstance(look, FirstLook) and window.service is None
        seen["backups"] = list_backups(demo_db)
        seen["shown"] = _shown(window)
        seen["states"] = _states(window)
        seen["edit_actions"] = [
            key
            for key in ("submit", "reopen", "export_pdf", "export_xlsx")
            if key in window.actions_by_key and window.actions_by_key[key].isEnabled()
        ]
        window.workspace.select("party")  # a category chosen meanwhile: no form to type into
        seen["form"] = window.workspace.current_form()
        seen["refused"] = look.set_text("party", "members", "99").refused
        seen["chosen"] = window.workspace.categories.current_key()

    window.looked.connect(at_first_look)
    for path in list_backups(demo_db):  # the submissions' backups of today: the daily one is due again
        path.unlink()
    open_store(window, str(demo_db), "zh", quit_app=lambda code: None)
    with qtbot.waitSignal(window.checked, timeout=60000):
        pass
    assert seen["look"], "a file at the newest schema is shown at once from its summary"
    assert seen["edit_actions"] == [] and seen["form"] is None
    assert seen["refused"] == tr_in("first.opening", "zh") == "正在打开数据文件，请稍候再修改。"
    # Nothing on the first screen is contradicted once the service is attached and the period checked:
    # the same school, periods, lock ("已上报（第2版）"), categories, deadlines and calendar; the states
    # only said "正在检查…" until the check.
    assert seen["chosen"] == "party" == window.workspace.categories.current_key()  # opened once attached
    assert window.workspace.current_form() is not None
    window.workspace.select("__overview__")
    assert _shown(window) == seen["shown"]
    assert "第2版" in seen["shown"]["note"]
    assert set(seen["states"]) <= {"正在检查…", ""} and any(seen["states"])
    assert "正在检查…" not in _states(window)
    assert window.service is not None and window.service.values("party", PERIOD)["members"] != 99
    # The day's backup was taken after the first look was painted, before anything could be changed.
    daily = window.started.daily_backup
    assert daily is not None and daily.name.endswith("-daily.sqlite3") and seen["backups"] == []
    assert read_summary(daily, "profile") == read_summary(demo_db, "profile")


def test_an_older_file_gets_no_first_look_and_is_upgraded_before_anything_is_shown(
    qtbot: Any, bare_window: Any, tmp_path: Path
) -> None:
    """A file the service must first upgrade (after its verified backup) is never shown from its summary:
    the window waits for the upgraded service, as before."""
    from desktop_app.storage.migrate import known_head
    from desktop_app.ui.app import open_store

    db = tmp_path / "school-report.sqlite3"
    db.write_bytes((FIXTURES / "school-report-rev0002.sqlite3").read_bytes())
    window = bare_window
    looked: list[bool] = []
    window.looked.connect(lambda: looked.append(True))
    open_store(window, str(db), "zh", quit_app=lambda code: None)
    qtbot.waitUntil(lambda: window.service is not None, timeout=60000)
    assert looked == [] and window.first_look() is None
    with contextlib.closing(sqlite3.connect(db)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone()[0] == known_head()
    assert window.workspace.session.service is not None and window.actions_by_key["submit"].isEnabled()
