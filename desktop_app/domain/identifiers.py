"""Named patterns for identifiers and contact data (conventions.md §2)."""

from __future__ import annotations

import re
from collections.abc import Callable

_MOBILE = re.compile(r"^(?:(?:\+|00)86)?1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?[2-9]\d{6,7}(?:-\d{1,6})?$")
_SCHOOL_CODE = re.compile(r"^(?:11|21|22|3[1-7]|4[12]|51|9[1-3])37\d{6}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_POSTCODE = re.compile(r"^\d{6}$")

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
_USCC_SHAPE = re.compile(rf"^[{USCC_ALPHABET}]{{18}}$")


def is_mobile(text: str) -> bool:
    return bool(_MOBILE.match(text))


def is_landline(text: str) -> bool:
    return bool(_LANDLINE.match(text))


def is_phone(text: str) -> bool:
    return is_mobile(text) or is_landline(text)


def is_school_code(text: str) -> bool:
    """学校标识码: 2-digit school category, 37 for Shandong, a 6-digit sequence; no check digit."""
    return bool(_SCHOOL_CODE.match(text))


def uscc_check_character(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015)."""
    total = sum(USCC_ALPHABET.index(ch) * weight for ch, weight in zip(first17, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_uscc(text: str) -> bool:
    if not _USCC_SHAPE.match(text):
        return False
    return uscc_check_character(text[:17]) == text[17]


def is_email(text: str) -> bool:
    return bool(_EMAIL.match(text))


def is_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(text))


PATTERNS: dict[str, Callable[[str], bool]] = {
    "mobile": is_mobile,
    "landline": is_landline,
    "phone": is_phone,
    "school_code": is_school_code,
    "uscc": is_uscc,
    "email": is_email,
    "postcode": is_postcode,
}

# School-type prefixes of the 学校标识码 (a mismatch is a warning: 九年一贯制 is unverified).
SCHOOL_CODE_PREFIXES: dict[str, tuple[str, ...]] = {
    "kindergarten": ("11",),
    "primary": ("21",),
    "junior": ("31",),
    "nine_year": ("21", "31"),
    "complete_middle": ("31", "34"),
    "senior": ("34",),
    "vocational": ("36",),
    "special": ("51",),
}
