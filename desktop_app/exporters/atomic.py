"""Replace a file safely: write a temporary file beside it, fsync, then os.replace.

A crash mid-write leaves the old file intact (reliability note 22). On Windows, os.replace fails
with PermissionError while Excel, a PDF viewer or a virus scan holds the target open: retry
briefly, then raise TargetLockedError with a message that tells the clerk what to do.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from pathlib import Path

from desktop_app.exporters.words import EXPORTER_WORDS

DEFAULT_RETRIES = 5
DEFAULT_DELAY = 0.2  # seconds between retries; a virus scan usually lets go within a second


class TargetLockedError(OSError):
    """The target file is open in another program and cannot be replaced."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return EXPORTER_WORDS.text("atomic.locked", lang, name=self.path.name)


def write_atomic(
    path: str | os.PathLike[str],
    data: bytes,
    *,
    retries: int = DEFAULT_RETRIES,
    delay: float = DEFAULT_DELAY,
) -> Path:
    """Write `data` to `path` so that the file is either the old one or the new one, never half."""
    target = Path(path)
    fd, temp_name = tempfile.mkstemp(prefix=_temporary_prefix(target), suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); a submission file gets the permissions of any new file.
        os.chmod(temp, 0o666 & ~_UMASK)
        _replace_with_retries(temp, target, retries, delay)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    _fsync_directory(target.parent)
    return target


def _temporary_prefix(target: Path) -> str:
    from desktop_app.exporters.names import shorten

    # The temporary name starts like the target's, cut short: a name near the 255-byte limit still fits.
    return f".{shorten(target.name, 100, 60)}."


def remove_stale_temporaries(target: Path) -> None:
    """Remove what a killed writer of `target` left behind (its temporary files); never the target."""
    prefix = _temporary_prefix(Path(target))
    for leftover in Path(target).parent.glob("*.tmp"):
        if leftover.name.startswith(prefix) and leftover.name != Path(target).name:
            with contextlib.suppress(OSError):
                leftover.unlink()


def _read_umask() -> int:
    # os.umask can only be read by setting it: done once, at import, before any worker thread runs.
    current = os.umask(0)
    os.umask(current)
    return current


_UMASK = _read_umask()


def _replace_with_retries(temp: Path, target: Path, retries: int, delay: float) -> None:
    for attempt in range(retries + 1):
        try:
            os.replace(temp, target)
            return
        except PermissionError as error:
            if attempt == retries:
                raise TargetLockedError(target) from error
            time.sleep(delay)


def _fsync_directory(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows cannot open a directory this way.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
