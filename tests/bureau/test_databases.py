"""The same import on SQLite and on a real PostgreSQL server: identical totals, no duplicates under concurrency."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from desktop_app.bureau.commit import commit
from desktop_app.bureau.consolidate import consolidate, consolidation_json
from desktop_app.bureau.parse import parse_file
from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.store import BureauStore
from tests.bureau.helpers import PERIOD, register_of


def _totals(store: BureauStore, pack) -> dict:  # type: ignore[no-untyped-def]
    register = {s.code: s for s in store.schools()}
    received = [r.submission for r in store.current(pack, PERIOD)]
    return consolidation_json(consolidate(pack, PERIOD, received, register))


def _concurrent(url: str, pack, schools, files: list[Path]) -> list[str]:  # type: ignore[no-untyped-def]
    """Two importers, each with its own connection, commit the same parsed files at the same moment
    (past the SHA-256 pre-check, so only the decision and the unique constraint keep them apart)."""
    setup = BureauStore.open(url)
    setup.save_schools(register_of(schools))
    setup.close()
    parsed = [parse_file(str(path), pack) for path in files]
    decisions: list[str] = []
    barrier = threading.Barrier(2)
    lock = threading.Lock()

    def run() -> None:
        store = BureauStore.open(url)
        try:
            for result in parsed:
                barrier.wait()
                outcome = commit(store, pack, result)
                with lock:
                    decisions.append(outcome.decision)
        finally:
            store.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return decisions


@pytest.mark.postgres
def test_postgresql_and_sqlite_give_identical_totals(fresh_pg: str, tmp_path: Path, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    results = []
    for target in (str(tmp_path / "bureau.sqlite3"), fresh_pg):
        store = BureauStore.open(target)
        store.save_schools(register_of(schools))
        outcomes = import_files(store, bureau_pack, [folder])
        assert {o.decision for o in outcomes} == {"accepted"}
        assert store.count_submissions() == len(submissions)
        results.append((store.dialect, _totals(store, bureau_pack)))
        store.close()
    (first_dialect, sqlite_totals), (second_dialect, pg_totals) = results
    assert (first_dialect, second_dialect) == ("sqlite", "postgresql")
    assert sqlite_totals == pg_totals
    assert sqlite_totals["district"]["schools"] == len(submissions)


@pytest.mark.postgres
def test_concurrent_imports_on_postgresql_make_no_duplicates(fresh_pg: str, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, _submissions, folder = exported
    files = sorted(folder.glob("*.xlsx"))[:15]
    decisions = _concurrent(fresh_pg, bureau_pack, schools, files)
    assert sorted(decisions).count("accepted") == len(files)
    assert sorted(decisions).count("duplicate") == len(files)
    store = BureauStore.open(fresh_pg)
    assert store.count_submissions() == len(files)
    store.close()


def test_concurrent_imports_on_sqlite_make_no_duplicates(tmp_path: Path, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, _submissions, folder = exported
    files = sorted(folder.glob("*.xlsx"))[:15]
    url = str(tmp_path / "bureau.sqlite3")
    decisions = _concurrent(url, bureau_pack, schools, files)
    assert decisions.count("accepted") == len(files)
    assert decisions.count("duplicate") == len(files)
    store = BureauStore.open(url)
    assert store.count_submissions() == len(files)
    store.close()
