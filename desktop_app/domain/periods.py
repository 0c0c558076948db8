"""Reporting periods: a year (2022年度) or a semester (2022—2023学年第一学期).

A key ("2022", "2022-2023-1") is what files, the database and the command line carry. `Period` is the
key parsed once, with its kind, its label in both languages and, when the pack sets one, its deadline;
code that holds a Period asks it rather than parsing the key again (`kind_of`, `label`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from desktop_app.domain.pack import Baseline, PeriodKind, PeriodSpec
from desktop_app.domain.text import Text

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


def calendar_year(key: str) -> int:
    """The calendar year a period reports on: the year itself; a semester's year of 31 December or of
    its spring (第一学期 Sep–Jan: its first year; 第二学期 Feb–Aug: its second year)."""
    if kind_of(key) is PeriodKind.ANNUAL:
        return int(key)
    start, end, term = key.split("-")
    return int(start) if term == "1" else int(end)


def year_end_before(key: str) -> str:
    """The period holding the end of the previous calendar year: 2022 → 2021; a semester of 2022 →
    2021—2022学年第一学期 (the semester 31 December 2021 fell in)."""
    year = calendar_year(key) - 1
    if kind_of(key) is PeriodKind.ANNUAL:
        return str(year)
    return f"{year}-{year + 1}-1"


def year_before(key: str) -> str:
    """The same period one year earlier: 2022 → 2021; 2022-2023-1 → 2021-2022-1."""
    if kind_of(key) is PeriodKind.ANNUAL:
        return str(int(key) - 1)
    start, end, term = key.split("-")
    return f"{int(start) - 1}-{int(end) - 1}-{term}"


def baseline_period(key: str, baseline: Baseline) -> str:
    """The period a rule's prev() reads for the period `key`."""
    if baseline is Baseline.YEAR_END:
        return year_end_before(key)
    if baseline is Baseline.YEAR_BEFORE:
        return year_before(key)
    return previous(key)


def period_span(key: str) -> tuple[date, date]:
    """First and last day: a year; 第一学期 1 September – 31 January; 第二学期 1 February – 31 August."""
    if kind_of(key) is PeriodKind.ANNUAL:
        return date(int(key), 1, 1), date(int(key), 12, 31)
    start, end, term = key.split("-")
    if term == "1":
        return date(int(start), 9, 1), date(int(end), 1, 31)
    return date(int(end), 2, 1), date(int(end), 8, 31)


def label(key: str, lang: str = "zh") -> str:
    kind = kind_of(key)
    if kind is PeriodKind.ANNUAL:
        return f"{key}年度" if lang == "zh" else f"Year {key}"
    start, end, term = key.split("-")
    if lang == "zh":
        return f"{start}—{end}学年第{'一' if term == '1' else '二'}学期"
    return f"{start}–{end} school year, semester {term}"


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: its key, parsed once (raises PeriodKeyError for a key that is none)."""

    key: str
    kind: PeriodKind
    label: Text
    deadline: date | None = None

    @classmethod
    def parse(cls, key: str, deadline: date | None = None) -> Period:
        """The period a key names (a key from the store, a file or the command line enters here)."""
        parsed = _parsed(key)
        return parsed if deadline is None else replace(parsed, deadline=deadline)

    @classmethod
    def of(cls, spec: PeriodSpec) -> Period:
        """The period a pack declares, with the pack's label and deadline."""
        return cls(spec.key, kind_of(spec.key), spec.label, spec.deadline)

    def name(self, lang: str = "zh") -> str:
        return self.label.get(lang)

    @property
    def span(self) -> tuple[date, date]:
        return period_span(self.key)

    def previous(self) -> Period:
        return Period.parse(previous(self.key))


class PeriodKeyed:
    """A record carrying a period key (`period`, as files and the database hold it): `reporting_period`
    is that key as a Period (parsed once a process), which readers ask for its kind and label."""

    __slots__ = ()
    period: str

    @property
    def reporting_period(self) -> Period:
        return Period.parse(self.period)


@lru_cache(maxsize=512)
def _parsed(key: str) -> Period:
    """Each key is parsed once a process: every holder of the same key shares one Period."""
    return Period(key, kind_of(key), Text(label(key, "zh"), label(key, "en")))


def official_date(day: date) -> str:
    """GB/T 9704 7.3.5.4: 2022年6月6日, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"
