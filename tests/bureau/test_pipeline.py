"""The import pipeline's own guarantees: cancel and resume, a dying parser, the ledger."""

from __future__ import annotations

import os
import signal
import threading
from pathlib import Path

from desktop_app.bureau.pipeline import Importer, import_files
from desktop_app.bureau.store import BureauStore
from desktop_app.bureau.workers import WorkerPool
from tests.bureau.helpers import register_of


def test_cancel_then_resume_takes_every_file_exactly_once(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    schools, _submissions, folder = exported
    files = sorted(folder.glob("*.xlsx"))[:12]
    store = BureauStore.open(tmp_path / "b.sqlite3")
    store.save_schools(register_of(schools))
    cancel = threading.Event()
    seen: list[int] = []

    def progress(done: int, total: int, _outcome: object) -> None:
        seen.append(done)
        if done == 3:
            cancel.set()

    first = import_files(store, bureau_pack, files, progress=progress, cancel=cancel, isolate=False)
    assert len(first) == 3 and seen == [1, 2, 3]
    assert store.count_submissions() == 3
    second = import_files(store, bureau_pack, files, isolate=False)
    assert [o.decision for o in second].count("duplicate") == 3
    assert [o.decision for o in second].count("accepted") == 9
    assert store.count_submissions() == 12
    store.close()


def test_workers_cancel_between_files(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    schools, _submissions, folder = exported
    files = sorted(folder.glob("*.xlsx"))[:10]
    store = BureauStore.open(tmp_path / "b.sqlite3")
    store.save_schools(register_of(schools))
    cancel = threading.Event()
    cancel.set()  # cancelled before the start: nothing is parsed or written
    with Importer(bureau_pack, workers=2, isolate=True) as importer:
        assert importer.run(store, files, cancel=cancel) == []
        outcomes = importer.run(store, files)
    assert {o.decision for o in outcomes} == {"accepted"} and len(outcomes) == 10
    store.close()


def test_a_parser_that_dies_rejects_its_file_and_the_import_goes_on(exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    _schools, _submissions, folder = exported
    files = [str(p) for p in sorted(folder.glob("*.xlsx"))[:3]]
    # 8 MB of address space is less than the interpreter already holds: each worker dies at its first
    # allocation, as one hit by a hostile file would. Each file is rejected; the import goes on.
    pool = WorkerPool(bureau_pack, workers=1, memory_mb=8)
    pool.start()
    try:
        results = dict(pool.run(list(enumerate(files))))
    finally:
        pool.close()
    assert sorted(results) == [0, 1, 2]
    for result in results.values():
        assert result.rejected and result.code == "unreadable"
        assert "解析进程异常退出" in result.reason_zh


def test_a_worker_killed_with_files_queued_rejects_only_the_file_it_was_on(exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    _schools, _submissions, folder = exported
    files = [str(p) for p in sorted(folder.glob("*.xlsx"))[:3]]
    pool = WorkerPool(bureau_pack, workers=1)
    pool.start()
    # Frozen before its first file, the worker holds all three paths in its pipe when it is killed.
    pid = pool._workers[0].process.pid
    os.kill(pid, signal.SIGSTOP)
    threading.Timer(1.0, os.kill, (pid, signal.SIGKILL)).start()
    try:
        results = dict(pool.run(list(enumerate(files))))
    finally:
        pool.close()
    assert sorted(results) == [0, 1, 2]
    assert results[0].rejected and "解析进程异常退出" in results[0].reason_zh
    assert not results[1].rejected and not results[2].rejected  # handed to the worker that replaced it


def test_per_file_commits_wait_for_the_disk_except_an_import_in_wal_mode(tmp_path: Path) -> None:
    from desktop_app.storage.engine import make_engine, synchronous_level

    store = BureauStore.open(tmp_path / "b.sqlite3")
    with store.import_transaction() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL, in WAL
    with store.transaction() as session:
        assert session.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    with store.import_transaction() as connection:
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1
    store.close()
    # Where WAL cannot be used (here: an in-memory database), NORMAL could corrupt on a power cut.
    engine = make_engine("sqlite://")
    with engine.connect() as connection:
        connection.execution_options(fast_commit=True)
        with connection.begin():
            assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() != "wal"
            assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2
    engine.dispose()
    assert synchronous_level({"wal": True}, fast_commit=False) == "FULL"


def test_a_run_abandoned_midway_leaves_no_late_reply_for_the_next(exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    _schools, _submissions, folder = exported
    files = [str(p) for p in sorted(folder.glob("*.xlsx"))[:4]]
    pool = WorkerPool(bureau_pack, workers=1)
    pool.start()
    try:
        first = pool.run(list(enumerate(files[:3])))
        assert next(first)[0] == 0
        first.close()  # the caller gave up with files still in the worker's pipe
        results = dict(pool.run([(10, files[3])]))
    finally:
        pool.close()
    assert list(results) == [10] and results[10].path == files[3] and not results[10].rejected
