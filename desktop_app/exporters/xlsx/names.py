"""File and sheet names that Windows and Excel accept.

Windows forbids <>:"/\\|?* and control characters in file names, the device names CON, PRN, AUX,
NUL, COM1–9 and LPT1–9 (with any extension), and a trailing dot or space. Excel limits a sheet name
to 31 characters without []:*?/\\ and reserves "History".
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.domain import periods
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import strip_bidi_controls

_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
# Most Windows APIs limit a whole path to 260 characters; a name well below that leaves room for the folder.
MAX_NAME_CHARS = 120
SHEET_NAME_CHARS = 31


def safe_file_part(text: str, fallback: str = "未命名") -> str:
    """One component of a file name: forbidden characters become _, whitespace is collapsed, bidi
    controls (which would show the name in another order than it is) are dropped."""
    clean = strip_bidi_controls(unicodedata.normalize("NFC", text))
    clean = _FILE_FORBIDDEN.sub("_", clean)
    clean = re.sub(r"\s+", " ", clean).strip().rstrip(". ")
    return clean or fallback


def safe_file_name(stem: str, ext: str) -> str:
    """A whole file name (stem + extension) that Windows accepts and that fits MAX_NAME_CHARS."""
    suffix = "." + ext.lstrip(".") if ext else ""
    clean = safe_file_part(stem)
    if _RESERVED.match(clean):
        clean = "_" + clean
    clean = clean[: MAX_NAME_CHARS - len(suffix)].rstrip(". ") or "_"
    return clean + suffix


def submission_file_name(submission: Submission, ext: str) -> str:
    """`2137012345_某某小学_2022年度_第1版.xlsx` (school code, name, period, revision); a draft, which
    the bureau does not accept, ends in `_草稿` as its PDF does."""
    try:
        period = periods.label(submission.period)
    except periods.PeriodKeyError:
        period = submission.period
    code = safe_file_part(submission.school_code, "无标识码")
    name = safe_file_part(submission.school_name, "未命名学校")
    stem_tail = f"_{safe_file_part(period)}_第{submission.revision}版" + ("_草稿" if submission.is_draft else "")
    # Shorten the school's name, never the code, period or revision that tell files apart.
    room = MAX_NAME_CHARS - len(ext) - 1 - len(code) - 1 - len(stem_tail)
    if len(name) > room:
        name = name[: max(room, 1)].rstrip(". ")
    return safe_file_name(f"{code}_{name}{stem_tail}", ext)


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
