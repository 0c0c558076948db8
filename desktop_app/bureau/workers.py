"""Parsing workers: separate processes with an address-space limit, a time limit per file, restarted
when a parser dies (python-calamine can abort the whole process on a hostile file; reliability-notes #16).

The importing process opens its database only after the workers have started (reliability-notes #11);
the workers never touch a database. On Windows (no resource limits) files are parsed in-process with
openpyxl only.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from desktop_app.bureau.parse import FileResult, parse_file, rejection
from desktop_app.domain.pack import FormPack
from desktop_app.exporters.xlsx.errors import WorkbookRejected

MEMORY_LIMIT_MB = 768  # address space per worker: a normal file needs ~60 MB
TIME_LIMIT_S = 30.0  # per file; a normal file takes a few milliseconds


def can_isolate() -> bool:
    return sys.platform != "win32" and _has_resource()


def _has_resource() -> bool:
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


def _limit_resources(memory_mb: int) -> None:
    import resource

    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an aborting parser leaves no core file behind


def _worker_main(conn: Connection, pack: FormPack, memory_mb: int) -> None:
    _limit_resources(memory_mb)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        conn.send((index, parse_file(path, pack, engine="calamine")))


@dataclass
class _Worker:
    process: Any
    conn: Connection
    task: tuple[int, str] | None = None
    started: float = 0.0


class WorkerPool:
    """A few parsing processes; `run(paths)` yields (index, FileResult) as files finish."""

    def __init__(self, pack: FormPack, workers: int | None = None, memory_mb: int = MEMORY_LIMIT_MB,
                 time_limit_s: float = TIME_LIMIT_S) -> None:  # fmt: skip
        self.pack = pack
        self.size = max(1, workers or min(os.cpu_count() or 1, 4))
        self.memory_mb = memory_mb
        self.time_limit_s = time_limit_s
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._context = multiprocessing.get_context(method)
        self._workers: list[_Worker] = []

    def start(self) -> None:
        self._workers = [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=_worker_main, args=(child, self.pack, self.memory_mb), daemon=True, name="bureau-parser"
        )
        process.start()
        child.close()
        return _Worker(process, parent)

    def close(self) -> None:
        for worker in self._workers:
            try:
                if worker.task is None:
                    worker.conn.send(None)
            except OSError:
                pass
        for worker in self._workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.conn.close()
        self._workers = []

    def _replace(self, worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.conn.close()
        self._workers[self._workers.index(worker)] = self._spawn()

    def run(
        self, paths: Iterable[tuple[int, str]], cancel: threading.Event | None = None
    ) -> Iterator[tuple[int, FileResult]]:
        queue = deque(paths)
        while queue or any(w.task for w in self._workers):
            cancelled = cancel is not None and cancel.is_set()
            for worker in self._workers:
                if worker.task is None and queue and not cancelled:
                    worker.task = queue.popleft()
                    worker.started = time.monotonic()
                    worker.conn.send(worker.task)
            busy = [w for w in self._workers if w.task is not None]
            if not busy:
                break
            ready = wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout=0.5)
            for worker in busy:
                if worker.conn in ready:
                    try:
                        index, result = worker.conn.recv()
                    except (EOFError, OSError):
                        yield self._died(worker, "parser_crashed")
                        continue
                    worker.task = None
                    yield index, result
                elif worker.process.sentinel in ready:
                    yield self._died(worker, "parser_crashed")
                elif time.monotonic() - worker.started > self.time_limit_s:
                    yield self._died(worker, "parser_timeout")

    def _died(self, worker: _Worker, why: str) -> tuple[int, FileResult]:
        assert worker.task is not None
        index, path = worker.task
        worker.task = None
        self._replace(worker)
        detail = "解析进程超时" if why == "parser_timeout" else "解析进程异常退出（内存超限或文件异常）"
        return index, rejection(path, _sha_of(path), _size_of(path), WorkbookRejected("unreadable", detail=detail))


def _size_of(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:
        return 0


def _sha_of(path: str) -> str:
    import hashlib

    try:
        with open(path, "rb") as handle:
            return hashlib.sha256(handle.read(64 * 1024 * 1024)).hexdigest()
    except OSError:
        return ""


def parse_in_process(pack: FormPack, paths: Iterable[tuple[int, str]], cancel: Callable[[], bool]
                     ) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """The Windows path (no per-process limits): openpyxl read-only, bounded, in this process."""
    for index, path in paths:
        if cancel():
            return
        yield index, parse_file(path, pack, engine="openpyxl")
