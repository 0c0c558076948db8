"""Ways a database file gets damaged (reliability-notes #8), for the tests of detection and restore."""

from __future__ import annotations

from pathlib import Path


def overwrite_middle(path: Path) -> None:
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek(size // 2)
        handle.write(b"\xde\xad\xbe\xef" * 2048)


def truncate_half(path: Path) -> None:
    with open(path, "r+b") as handle:
        handle.truncate(path.stat().st_size // 2)


def empty(path: Path) -> None:
    path.write_bytes(b"")


DAMAGES = [overwrite_middle, truncate_half, empty]
