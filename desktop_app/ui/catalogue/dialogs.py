"""The words of the school's 上报 dialogs: submit, reopen, history, change log, backups, a damaged file."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
}
