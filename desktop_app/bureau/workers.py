"""Parsing workers: separate interpreters with an address-space limit and a time limit per file,
replaced when a parser dies (python-calamine can abort the whole process on a hostile file;
reliability-notes #16). Workers never touch a database. On Windows (no resource limits) files are
parsed in-process with openpyxl only.

Each worker lives for the whole import and holds a few paths in its pipe (DEPTH), so it starts the
next file while the importer commits the last one; only a path goes in and the parsed rows come out.
Replies come back in order, so the first unanswered path of a dead worker is the one that killed it.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from pathlib import Path

from desktop_app.bureau.parse import FileResult, parse_file, rejection, stated_size
from desktop_app.bureau.safety import MAX_FILE_BYTES
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet
from desktop_app.exporters.xlsx.errors import WorkbookRejected
from desktop_app.exporters.xlsx.safety import read_regular

MEMORY_LIMIT_MB = 1024  # address space per worker; a normal file needs far less
TIME_LIMIT_S = 30.0  # per file; a normal file takes a few milliseconds
DEPTH = 4  # paths queued per worker: enough to cover a commit, few enough to cancel promptly
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


def can_isolate() -> bool:
    if sys.platform == "win32" or getattr(sys, "frozen", False):
        return False
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return True


@dataclass
class _Worker:
    process: subprocess.Popen[bytes]
    requests: Connection
    replies: Connection
    tasks: deque[tuple[int, str]] = field(default_factory=deque)  # sent and not yet answered, in order
    started: float = 0.0  # when the worker began its first unanswered file


class WorkerPool:
    """A few parsing processes; `run(tasks)` yields (index, FileResult) as files finish."""

    def __init__(self, pack: FormPack | PackSet, workers: int | None = None, memory_mb: int = MEMORY_LIMIT_MB,
                 time_limit_s: float = TIME_LIMIT_S) -> None:  # fmt: skip
        self.pack = pack
        self.size = max(1, workers or min(os.cpu_count() or 1, 4))
        self.memory_mb = memory_mb
        self.time_limit_s = time_limit_s
        self._workers: list[_Worker] = []

    def start(self) -> None:
        self._workers = [self._spawn() for _ in range(self.size)]

    def _spawn(self) -> _Worker:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH", "")]))
        command = [sys.executable, "-m", "desktop_app.bureau.worker_main", str(to_child_r), str(from_child_w),
                   str(self.memory_mb)]  # fmt: skip
        process = subprocess.Popen(
            command, pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env=env, close_fds=True,
        )  # fmt: skip
        os.close(to_child_r)
        os.close(from_child_w)
        worker = _Worker(process, Connection(to_child_w, readable=False), Connection(from_child_r, writable=False))
        with contextlib.suppress(OSError):  # a worker that died at once is noticed at its first file
            worker.requests.send(self.pack)
        return worker

    def close(self) -> None:
        for worker in self._workers:
            with contextlib.suppress(OSError):
                worker.requests.send(None)
        for worker in self._workers:
            self._stop(worker, wait_s=2.0)
        self._workers = []

    @staticmethod
    def _stop(worker: _Worker, wait_s: float = 0.0) -> None:
        try:
            worker.process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
        worker.requests.close()
        worker.replies.close()

    def run(
        self, tasks: Iterable[tuple[int, str]], cancel: threading.Event | None = None
    ) -> Iterator[tuple[int, FileResult]]:
        """Parse every task; when cancelled, no new file is handed out and those already handed out
        (at most DEPTH per worker) finish and are yielded."""
        queue = deque(tasks)
        try:
            while True:
                cancelled = cancel is not None and cancel.is_set()
                if not cancelled:
                    yield from self._dispatch(queue)
                busy = [w for w in self._workers if w.tasks]
                if not busy:
                    if queue and not cancelled:
                        continue  # every dispatch failed (workers replaced): try the next files
                    return
                ready = wait([w.replies for w in busy], timeout=0.25)
                for worker in busy:
                    if worker.replies in ready:
                        try:
                            index, result = worker.replies.recv()
                        except (EOFError, OSError):
                            yield self._died(worker, queue, timeout=False)
                            continue
                        worker.tasks.popleft()
                        worker.started = time.monotonic()  # its next file starts now
                        yield index, result
                    elif time.monotonic() - worker.started > self.time_limit_s:
                        yield self._died(worker, queue, timeout=True)
        finally:
            for worker in list(self._workers):
                if worker.tasks:  # abandoned mid-run (the caller failed): no late reply may reach the next run
                    self._replace(worker)

    def _dispatch(self, queue: deque[tuple[int, str]]) -> Iterator[tuple[int, FileResult]]:
        for worker in list(self._workers):
            while queue and len(worker.tasks) < DEPTH:
                task = queue.popleft()
                if not worker.tasks:
                    worker.started = time.monotonic()
                worker.tasks.append(task)
                try:
                    worker.requests.send(task)
                except OSError:
                    yield self._died(worker, queue, timeout=False)
                    break

    def _replace(self, worker: _Worker) -> None:
        worker.tasks.clear()
        worker.process.kill()
        self._stop(worker)
        self._workers[self._workers.index(worker)] = self._spawn()

    def _died(self, worker: _Worker, queue: deque[tuple[int, str]], timeout: bool) -> tuple[int, FileResult]:
        """The worker crashed or overran: reject the file it was on, hand its queued files back, start a
        fresh worker in its place."""
        index, path = worker.tasks.popleft()
        queue.extendleft(reversed(worker.tasks))
        self._replace(worker)
        detail = "解析超时" if timeout else "解析进程异常退出（内存超限或文件异常）"
        return index, rejection(path, _sha_of(path), _size_of(path), WorkbookRejected("unreadable", detail=detail))


def _size_of(path: str) -> int:
    return stated_size(path)


def _sha_of(path: str) -> str:
    """The file's SHA-256 for the ledger, read as bounded as any file (never a device or a FIFO)."""
    import hashlib

    try:
        return hashlib.sha256(read_regular(path, MAX_FILE_BYTES)).hexdigest()
    except WorkbookRejected:
        return ""


def parse_in_process(pack: FormPack | PackSet, tasks: Iterable[tuple[int, str]], cancel: Callable[[], bool]
                     ) -> Iterator[tuple[int, FileResult]]:  # fmt: skip
    """The Windows path (no per-process limits): openpyxl read-only, bounded, in this process."""
    for index, path in tasks:
        if cancel():
            return
        yield index, parse_file(path, pack, engine="openpyxl")
