"""The year-end report's templates, as the pack declares them (resources/forms/<pack>/report/): the model.

A report is areas (一、) of sections (（一）) and items (1.), each holding paragraphs; a paragraph is a
sequence of placeholders (what only the bureau can write: 【待补充：…】) and sentences. A sentence is
text with `{name}` slots; each slot is a district figure it declares: a field of the pack, the
aggregation the pack gives that field, what to take from it (the total, schools giving an answer, the
median, …), over which schools, and how to write it (exactly, rounded down with 余, as a percentage, as
N所学校(园)). No code runs in a template: slots are looked up by name, and the condition under which a
sentence is written (`when`) is an expression of the pack's own language over the sentence's figures.
Parsing and checks are in report_loader.py; numbers are written by prose_numbers.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from desktop_app.domain.pack_terms import Aggregation, FieldRef


class Measure(StrEnum):
    """What a figure takes from its field's district figure."""

    TOTAL = "total"  # sum: Σ over the schools that gave a value
    SCHOOLS = "schools"  # schools counted: answered (with `answer`: giving that answer; list: listed)
    MIN = "min"  # distribution
    MEDIAN = "median"
    MAX = "max"
    RANGE = "range"  # distribution: "10至14" (or "12" when every school gave the same)
    AT = "at"  # distribution: schools whose value is `at`
    VALUE = "value"  # ratio: Σ numerator ÷ Σ denominator over the schools that gave both parts
    NUMERATOR = "numerator"  # ratio: Σ numerator over those schools
    DENOMINATOR = "denominator"
    ROWS = "rows"  # table: rows over all schools (with `where`: rows with that answer)
    COLUMN = "column"  # table: Σ of a numeric column over the rows (with `where`: those rows)


class Writing(StrEnum):
    """How a figure is written in the sentence."""

    NUMBER = "number"  # exactly: 58, 108, 2.5
    ABOUT = "about"  # rounded down to `precision` with 余: 2700余, 1.2万余
    PERCENT = "percent"  # a percentage rate with one decimal: 83.4%
    SCHOOLS = "schools"  # 98所学校(园)
    SCHOOLS_NAMED = "schools_named"  # 闻韶中学等4所学校
    NAMES = "names"  # 澄波湖学校、实验中学等


# Which measures an aggregation offers (the first is the default when a figure names none).
MEASURES: dict[Aggregation, tuple[Measure, ...]] = {
    Aggregation.SUM: (Measure.TOTAL, Measure.SCHOOLS),
    Aggregation.COUNT: (Measure.SCHOOLS,),
    Aggregation.DISTRIBUTION: (Measure.RANGE, Measure.MIN, Measure.MEDIAN, Measure.MAX, Measure.AT),
    Aggregation.LIST: (Measure.SCHOOLS,),
    Aggregation.RATIO: (Measure.VALUE, Measure.NUMERATOR, Measure.DENOMINATOR, Measure.SCHOOLS),
    Aggregation.NONE: (Measure.SCHOOLS,),
}
TABLE_MEASURES = (Measure.ROWS, Measure.COLUMN, Measure.SCHOOLS)
SCHOOL_MEASURES = frozenset({Measure.SCHOOLS, Measure.AT})  # figures that count schools

MEASURE_LABELS: dict[Measure, str] = {
    Measure.TOTAL: "合计", Measure.SCHOOLS: "学校数", Measure.MIN: "最小值", Measure.MEDIAN: "中位数",
    Measure.MAX: "最大值", Measure.RANGE: "最小—最大", Measure.AT: "学校数", Measure.VALUE: "比率",
    Measure.NUMERATOR: "分子合计", Measure.DENOMINATOR: "分母合计", Measure.ROWS: "行数", Measure.COLUMN: "合计",
}  # fmt: skip

CONTEXT_NAMES = ("year", "period")  # {year}: the pack's year; {period}: the area's period, e.g. 2022年度
SLOT = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


class AreaPeriod(StrEnum):
    """Which period an area's figures are read from."""

    ANNUAL = "annual"  # the report's year (2022年度)
    YEAR_END = "year_end"  # the semester holding 31 December of the report's year (2022—2023学年第一学期)


@dataclass(frozen=True, slots=True)
class FigureSpec:
    """One district figure a sentence names."""

    name: str
    ref: FieldRef
    aggregation: Aggregation
    measure: Measure
    writing: Writing = Writing.NUMBER
    answer: str | None = None  # count: the answer's key ("true"/"false" for 是/否)
    at: Decimal | None = None  # distribution: the value whose schools are counted
    column: str | None = None  # table: the numeric column summed
    where: tuple[str, str] | None = None  # table: (choice column, answer key) the rows must have
    schools: frozenset[str] | None = None  # school types counted (None: every school)
    schools_group: str | None = None  # the group `schools` was named by (for labels)
    by_type: bool = False  # written per school type: 小学1200个、幼儿园810个
    unit: str = ""  # by_type: the word after each number (个)
    precision: int | None = None  # about: the precision rounded down to
    places: int | None = None  # number: decimal places (default: as the field)
    divide: int | None = None  # number: divided by this first (10000: 元 → 万元)


@dataclass(frozen=True, slots=True)
class Segment:
    """Literal text, or a slot naming a figure (or a context name: year, period)."""

    text: str = ""
    slot: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    id: str
    text: str  # as written in the pack
    segments: tuple[Segment, ...]
    figures: tuple[FigureSpec, ...]
    when: str | None = None  # written only when this holds (and every figure was reported)

    def figure(self, name: str) -> FigureSpec:
        return next(spec for spec in self.figures if spec.name == name)


@dataclass(frozen=True, slots=True)
class Placeholder:
    """What only the bureau can write (its meetings, policy language): shown as 【待补充：text】."""

    text: str


Part = Sentence | Placeholder


@dataclass(frozen=True, slots=True)
class Paragraph:
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class Block:
    """A section （一） or an item 1.: a heading, paragraphs, and (sections only) items."""

    heading: str
    paragraphs: tuple[Paragraph, ...] = ()
    items: tuple[Block, ...] = ()


@dataclass(frozen=True, slots=True)
class Area:
    key: str
    heading: str
    period: AreaPeriod
    source_file: str
    paragraphs: tuple[Paragraph, ...] = ()  # before the first section
    sections: tuple[Block, ...] = ()

    def sentences(self) -> list[Sentence]:
        found: list[Sentence] = []
        blocks = [*self.sections, *(item for section in self.sections for item in section.items)]
        for paragraph in (*self.paragraphs, *(p for block in blocks for p in block.paragraphs)):
            found += [part for part in paragraph.parts if isinstance(part, Sentence)]
        return found


@dataclass(frozen=True, slots=True)
class ReportSpec:
    title: str  # may hold {year}
    source_dir: str
    opening: tuple[Paragraph, ...] = ()
    areas: tuple[Area, ...] = ()

    def sentences(self) -> list[Sentence]:
        found = [part for paragraph in self.opening for part in paragraph.parts if isinstance(part, Sentence)]
        for area in self.areas:
            found += area.sentences()
        return found

    def placeholders(self) -> int:
        count = 0
        for area in self.areas:
            blocks = [*area.sections, *(item for section in area.sections for item in section.items)]
            for paragraph in (*area.paragraphs, *(p for block in blocks for p in block.paragraphs)):
                count += sum(1 for part in paragraph.parts if isinstance(part, Placeholder))
        return count + sum(1 for p in self.opening for part in p.parts if isinstance(part, Placeholder))


def split_slots(text: str) -> tuple[Segment, ...]:
    """The text's literal runs and `{name}` slots, in order."""
    segments: list[Segment] = []
    position = 0
    for match in SLOT.finditer(text):
        if match.start() > position:
            segments.append(Segment(text[position : match.start()]))
        segments.append(Segment(slot=match.group(1)))
        position = match.end()
    if position < len(text):
        segments.append(Segment(text[position:]))
    return tuple(segments)
