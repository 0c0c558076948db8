"""The bureau's import: files or folders in, one decision per file out.

Each file: size and zip checks, bounded parsing, the reader (pack, version, types, fingerprint), then
register and period checks and the decision, accepted or rejected whole in one transaction, with a
ledger row. Parsing happens in worker processes under memory and time limits (POSIX) or in-process
with openpyxl only (Windows). Cancellable between files; a killed import leaves every file either
fully in or not in at all, and a re-run skips the files already taken in.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from desktop_app.bureau.commit import Committer, ImportOutcome
from desktop_app.bureau.parse import FileResult, stated_size
from desktop_app.bureau.safety import MAX_FILE_BYTES
from desktop_app.bureau.store import BureauStore
from desktop_app.bureau.workers import WorkerPool, can_isolate, parse_in_process
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet
from desktop_app.exporters.xlsx.errors import WorkbookRejected
from desktop_app.exporters.xlsx.safety import read_regular

Progress = Callable[[int, int, ImportOutcome], None]  # (done, total, the file just decided)


def collect_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files as given; folders walked for *.xlsx (any case), sorted, Office lock files (~$) skipped."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for root, _dirs, files in os.walk(path):
                for name in sorted(files):
                    if name.lower().endswith(".xlsx") and not name.startswith("~$"):
                        found.append(Path(root) / name)
        else:
            found.append(path)
    return found


def file_sha256(path: Path) -> tuple[str, int]:
    """SHA-256 and size of a regular file of a submission's size at most; ("", size) for anything else
    (a device, a FIFO, a link to one, a file too large): its parsing then says why it is rejected."""
    try:
        data = read_regular(path, MAX_FILE_BYTES)
    except WorkbookRejected:
        return "", stated_size(str(path))
    return hashlib.sha256(data).hexdigest(), len(data)


class Importer:
    """Start the parsing workers (before any database is opened), then import batches of files."""

    def __init__(self, pack: FormPack | PackSet, *, workers: int | None = None, isolate: bool | None = None) -> None:
        self.pack = pack
        self.isolate = can_isolate() if isolate is None else isolate
        self._pool = WorkerPool(pack, workers) if self.isolate else None

    def __enter__(self) -> Importer:
        if self._pool is not None:
            self._pool.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._pool is not None:
            self._pool.close()

    def run(
        self,
        store: BureauStore,
        paths: Sequence[str | Path],
        *,
        progress: Progress | None = None,
        cancel: threading.Event | None = None,
    ) -> list[ImportOutcome]:
        files = collect_paths(paths)
        total = len(files)
        outcomes: dict[int, ImportOutcome] = {}
        settled = store.settled_hashes()
        to_parse: list[tuple[int, str]] = []
        with Committer(store, self.pack) as committer:
            for index, path in enumerate(files):
                sha256, size = file_sha256(path)
                if sha256 and sha256 in settled:
                    outcomes[index] = committer.seen(str(path), sha256, size)
                    _report(progress, len(outcomes), total, outcomes[index])
                else:
                    to_parse.append((index, str(path)))
            for index, result in self._parse(to_parse, cancel):
                outcomes[index] = committer.take(result)
                _report(progress, len(outcomes), total, outcomes[index])
        return [outcomes[index] for index in sorted(outcomes)]

    def _parse(self, tasks: list[tuple[int, str]], cancel: threading.Event | None) -> Iterator[tuple[int, FileResult]]:
        if self._pool is not None:
            return self._pool.run(tasks, cancel)
        return parse_in_process(self.pack, tasks, lambda: cancel is not None and cancel.is_set())


def _report(progress: Progress | None, done: int, total: int, outcome: ImportOutcome) -> None:
    if progress is not None:
        progress(done, total, outcome)


def import_files(
    store: BureauStore,
    pack: FormPack | PackSet,
    paths: Sequence[str | Path],
    *,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
    isolate: bool | None = None,
) -> list[ImportOutcome]:
    """One batch with its own workers (convenience for callers that import once)."""
    with Importer(pack, workers=workers, isolate=isolate) as importer:
        return importer.run(store, paths, progress=progress, cancel=cancel)
