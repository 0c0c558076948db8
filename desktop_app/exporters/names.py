"""The names of the submission files: one function for the PDF and the workbook alike.

`2137012345_某某小学_2022年度_第1版.pdf` / `.xlsx` (a single-category PDF adds the category before the
revision; a draft ends in `_草稿`). A name must be accepted everywhere a clerk saves or mails it:

- Windows forbids <>:"/\\|?* and control characters, the device names CON, PRN, AUX, NUL, COM1–9 and
  LPT1–9 (with any extension), and a trailing dot or space;
- Linux and macOS limit a name to 255 *bytes* (UTF-8: a CJK character is 3 bytes, an emoji or a CJK
  Extension B character 4), Windows to 255 UTF-16 units per name and 260 per path (reliability-notes #31).

So a name is cut by both measures, and only between characters as a reader sees them: never inside an
emoji sequence, a flag or a letter with its combining marks. What tells files apart (school code,
period, category, revision, 草稿) is never cut; only the school's name is shortened.
"""

from __future__ import annotations

import re
import unicodedata

from desktop_app.domain import periods
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import strip_bidi_controls

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = re.compile(r"^(CON|PRN|AUX|NUL|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.IGNORECASE)
# 255 bytes is the limit; the atomic writer's temporary file (".<name>.<random>.tmp") and a copy's
# " (2)" need room beside it.
MAX_NAME_BYTES = 200
# Windows counts UTF-16 units; a name well below 260 leaves room for the folder in the path.
MAX_NAME_UNITS = 120
NO_CODE = "无标识码"
NO_NAME = "未命名学校"
DRAFT_MARK = "草稿"
EXTENSIONS_ROOM = "xlsx"
_ZWJ = "\u200d"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, max_bytes: int = MAX_NAME_BYTES, max_units: int = MAX_NAME_UNITS) -> bool:
    return len(text.encode("utf-8")) <= max_bytes and _units(text) <= max_units


def _regional(char: str) -> bool:
    return 0x1F1E6 <= ord(char) <= 0x1F1FF


def _inside_character(text: str, index: int) -> bool:
    """Whether a cut before text[index] would split what a reader sees as one character."""
    char, before = text[index], text[index - 1]
    code = ord(char)
    if char == _ZWJ or before == _ZWJ:
        return True
    if unicodedata.combining(before) == 9:  # after a virama the next consonant joins the conjunct
        return True
    if unicodedata.category(char) in ("Mn", "Mc", "Me"):  # combining marks, enclosing keycaps
        return True
    if 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF:  # variation selectors
        return True
    if 0x1F3FB <= code <= 0x1F3FF or 0xE0020 <= code <= 0xE007F:  # skin tones; tags of subdivision flags
        return True
    if _regional(char) and _regional(before):  # a flag is a pair of regional indicators
        run, position = 0, index - 1
        while position >= 0 and _regional(text[position]):
            run, position = run + 1, position - 1
        return run % 2 == 1
    return 0xDC00 <= code <= 0xDFFF  # a lone low surrogate (never from valid text, but never split one)


def shorten(text: str, max_bytes: int = MAX_NAME_BYTES, max_units: int = MAX_NAME_UNITS) -> str:
    """The longest beginning of `text` within both limits that ends between two whole characters."""
    if fits(text, max_bytes, max_units):
        return text
    used_bytes = used_units = cut = 0
    for index, char in enumerate(text):
        size, units = len(char.encode("utf-8", "surrogatepass")), 2 if ord(char) > 0xFFFF else 1
        if used_bytes + size > max_bytes or used_units + units > max_units:
            break
        used_bytes, used_units, cut = used_bytes + size, used_units + units, index + 1
    while 0 < cut < len(text) and _inside_character(text, cut):
        cut -= 1
    return text[:cut]


def safe_file_part(text: str, fallback: str = "_") -> str:
    """One component of a file name: NFC, forbidden characters become _, whitespace collapsed,
    no leading or trailing space, no trailing dot, no bidi controls (which would show the name in
    another order than it is)."""
    clean = strip_bidi_controls(unicodedata.normalize("NFC", text))
    clean = _FORBIDDEN.sub("_", clean)
    clean = re.sub(r"\s+", " ", clean).strip().rstrip(". ")
    return clean or fallback


def safe_file_name(stem: str, ext: str) -> str:
    """A whole file name (stem + extension) that Windows, Linux and macOS accept."""
    suffix = "." + ext.lstrip(".") if ext else ""
    clean = safe_file_part(stem)
    if _RESERVED.match(clean):
        clean = "_" + clean
    room_bytes = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    clean = shorten(clean, room_bytes, MAX_NAME_UNITS - _units(suffix)).rstrip(". ") or "_"
    return clean + suffix


def _period_text(key: str) -> str:
    try:
        return periods.Period.parse(key).name()
    except periods.PeriodKeyError:
        return key


def submission_file_name(submission: Submission, ext: str, category: str | None = None) -> str:
    """The file name of a submission's PDF or workbook (`category`: a single-category PDF's label)."""
    code = safe_file_part(submission.school_code, NO_CODE)
    name = safe_file_part(submission.school_name, NO_NAME)
    tail = [safe_file_part(_period_text(submission.period))]
    if category:
        tail.append(safe_file_part(category))
    tail.append(f"第{submission.revision}版")
    if submission.is_draft:
        tail.append(DRAFT_MARK)
    # Room for the longer extension whatever this one is: the PDF and the workbook get the same stem.
    fixed = f"{code}__{'_'.join(tail)}.{ext:<{len(EXTENSIONS_ROOM)}}"
    # Shorten the school's name, never the code, period, category or revision that tell files apart.
    room_bytes = MAX_NAME_BYTES - len(fixed.encode("utf-8"))
    room_units = MAX_NAME_UNITS - _units(fixed)
    if room_bytes > 0 and room_units > 0:
        name = shorten(name, room_bytes, room_units).rstrip(". ") or shorten(NO_NAME, room_bytes, room_units)
    return safe_file_name("_".join([code, name, *tail]), ext)
