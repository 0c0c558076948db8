"""The words of the export and send dialogs: PDF preview, Excel export, e-mail, saving a file."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
}
