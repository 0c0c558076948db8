"""Sheet names that Excel accepts; file names come from exporters/names.py (one function for the PDF
and the workbook alike), re-exported here.

Excel limits a sheet name to 31 characters without []:*?/\\ and reserves "History".
"""

from __future__ import annotations

import re

from desktop_app.exporters.names import safe_file_name, safe_file_part, submission_file_name

_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
SHEET_NAME_CHARS = 31

__all__ = ["safe_file_name", "safe_file_part", "sheet_name", "submission_file_name"]


def sheet_name(text: str, taken: set[str]) -> str:
    """An Excel sheet name of at most 31 characters, unique (case-insensitively) among `taken`."""
    clean = _SHEET_FORBIDDEN.sub("_", text).strip().strip("'") or "Sheet"
    if clean.lower() == "history":
        clean = "History_"
    candidate = clean[:SHEET_NAME_CHARS]
    counter = 2
    lowered = {name.lower() for name in taken}
    while candidate.lower() in lowered:
        tail = f"({counter})"
        candidate = clean[: SHEET_NAME_CHARS - len(tail)] + tail
        counter += 1
    taken.add(candidate)
    return candidate
