"""Reporting periods: a year (2022年度) or a semester (2022—2023学年第一学期)."""

from __future__ import annotations

import re
from datetime import date

from desktop_app.domain.pack import PeriodKind

_ANNUAL = re.compile(r"^(\d{4})$")
_SEMESTER = re.compile(r"^(\d{4})-(\d{4})-([12])$")


class PeriodKeyError(ValueError):
    pass


def kind_of(key: str) -> PeriodKind:
    if _ANNUAL.match(key):
        return PeriodKind.ANNUAL
    match = _SEMESTER.match(key)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return PeriodKind.SEMESTER
    raise PeriodKeyError(key)


def previous(key: str) -> str:
    """The period before this one, of the same kind (the comparison rules look at it)."""
    kind = kind_of(key)
    if kind is PeriodKind.ANNUAL:
        return str(int(key) - 1)
    start, end, term = key.split("-")
    if term == "2":
        return f"{start}-{end}-1"
    return f"{int(start) - 1}-{int(end) - 1}-2"


def label(key: str, lang: str = "zh") -> str:
    kind = kind_of(key)
    if kind is PeriodKind.ANNUAL:
        return f"{key}年度" if lang == "zh" else f"Year {key}"
    start, end, term = key.split("-")
    if lang == "zh":
        return f"{start}—{end}学年第{'一' if term == '1' else '二'}学期"
    return f"{start}–{end} school year, semester {term}"


def official_date(day: date) -> str:
    """GB/T 9704 7.3.5.4: 2022年6月6日, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"
