"""The form pack: every reporting category, its fields and its rules, as loaded from resources/forms/.

These classes are the contract between the pack files and everything else (storage, exporters, UI):
they are immutable and carry no behaviour beyond simple look-ups.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from desktop_app.domain.pack_changes import PackChanges
from desktop_app.domain.pack_terms import Aggregation as Aggregation  # re-exported: the name the code uses
from desktop_app.domain.pack_terms import FieldRef as FieldRef
from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from desktop_app.domain.report_templates import ReportSpec


class FieldType(StrEnum):
    INTEGER = "integer"
    DECIMAL = "decimal"
    TEXT = "text"
    LONGTEXT = "longtext"
    DATE = "date"
    BOOLEAN = "boolean"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    DERIVED = "derived"
    TABLE = "table"
    IMAGE = "image"  # a photo attached as evidence (table column only); value is its content hash


class PeriodKind(StrEnum):
    PROFILE = "profile"  # filled once, carried into every period (the school profile)
    ANNUAL = "annual"
    SEMESTER = "semester"


class Severity(StrEnum):
    ERROR = "error"  # 逻辑校验: impossible data, blocks submission
    WARNING = "warning"  # 经验校验: implausible data, needs a 说明 before submission


class EmptyPolicy(StrEnum):
    SKIP = "skip"  # the rule is not evaluated while an operand is empty
    ZERO = "zero"  # an empty operand counts as 0


class DerivedFormat(StrEnum):
    NUMBER = "number"
    PERCENT = "percent"  # the formula gives a ratio; shown multiplied by 100 with a % sign


class Baseline(StrEnum):
    """Which earlier period `prev()` reads in a rule or target."""

    PREVIOUS = "previous"  # the period before, of the same kind (the year before; the semester before)
    YEAR_END = "year_end"  # the end of the previous calendar year (2022年度 and its semesters: 2021年底)
    YEAR_BEFORE = "year_before"  # the same period one year earlier (2022—2023学年第一学期 → 2021—2022学年第一学期)


@dataclass(frozen=True, slots=True)
class Ratio:
    """A rate: Σ numerator ÷ Σ denominator over the schools it applies to that reported both parts."""

    numerator: FieldRef
    denominator: FieldRef
    applies_to: frozenset[str] | None = None  # school types counted at the district; None: every type
    group: str | None = None  # the school group it was declared with (e.g. compulsory), for labels


@dataclass(frozen=True, slots=True)
class Choice:
    key: str
    label: Text


@dataclass(frozen=True, slots=True)
class ChoiceList:
    key: str
    choices: tuple[Choice, ...]

    def label_of(self, key: str) -> Text | None:
        for choice in self.choices:
            if choice.key == key:
                return choice.label
        return None

    def key_of_label(self, label: str) -> str | None:
        """Find a choice by its Chinese or English label (used when reading typed or imported text)."""
        for choice in self.choices:
            if label in (choice.key, choice.label.zh, choice.label.en):
                return choice.key
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(choice.key for choice in self.choices)


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    label: Text
    type: FieldType
    help: Text | None = None
    unit: Text | None = None
    section: str | None = None
    required: bool = False
    minimum: int | str | None = None  # str holds a Decimal literal for decimal fields
    maximum: int | str | None = None
    places: int = 0  # decimal places of decimal and derived fields
    max_length: int | None = None
    pattern: str | None = None  # a named pattern of domain.identifiers (mobile, phone, school_code, uscc, email)
    choices: str | None = None  # key of a ChoiceList for choice and multichoice fields
    widget: str | None = None  # a rendering hint for the form engine ("radio", "combo"); never a rule
    formula: str | None = None  # expression for derived fields
    derived_format: DerivedFormat = DerivedFormat.NUMBER
    columns: tuple[Field, ...] = ()  # the columns of a table field
    min_rows: int = 0
    max_rows: int | None = None
    applies_to: frozenset[str] | None = None  # school types it is relevant to; None means all
    visible_when: str | None = None  # expression; the field is relevant only when it is true
    identifier: bool = False  # digits that are an identifier, never a number (stored and exported as text)
    aggregate: Aggregation = Aggregation.NONE  # how the district adds it up (the loader fills the default)
    aggregate_declared: bool = False  # the pack says so (rather than the default of the type)
    ratio: Ratio | None = None  # a derived rate declared as numerator ÷ denominator
    blank: Text | None = None  # what a printed form shows for an empty value; else the pack's `blanks`
    carry: bool = False  # a new year starts with last year's submitted value, marked for review

    @property
    def is_input(self) -> bool:
        return self.type is not FieldType.DERIVED

    def column(self, key: str) -> Field:
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


@dataclass(frozen=True, slots=True)
class Section:
    key: str
    label: Text


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    check: str  # expression that must be true for the data to pass
    message: Text
    fields: tuple[str, ...] = ()  # the fields the message belongs to (first one is where to jump)
    when: str | None = None  # expression; the rule applies only when it is true
    when_empty: EmptyPolicy = EmptyPolicy.SKIP
    applies_to: frozenset[str] | None = None
    baseline: Baseline = Baseline.PREVIOUS  # the period prev() reads
    target: Target | None = None  # a policy target (a warning at the school, counted at the bureau)
    applies_group: str | None = None  # the school group applies_to was declared with, for labels


@dataclass(frozen=True, slots=True)
class Target:
    """A policy target of the seeds (e.g. 2022年底中小学卫生专业技术人员配备率达到75%): what the policy says,
    where it says it, and how the district is judged beside the schools (the check is the rule's)."""

    policy: Text
    source: Text
    at_school: bool = True  # a 经验校验 warning at the school; False: judged only over the district
    share: Decimal | None = None  # the district goal: at least this share of applicable schools meeting it
    ratio: str | None = None  # a ratio field of the category whose district value the target names
    at_least: Decimal | None = None  # … and the value that ratio should reach


@dataclass(frozen=True, slots=True)
class Category:
    key: str
    number: int
    label: Text
    period_kind: PeriodKind
    fields: tuple[Field, ...]
    sections: tuple[Section, ...] = ()
    rules: tuple[Rule, ...] = ()
    help: Text | None = None
    applies_to: frozenset[str] | None = None
    source_file: str = ""
    # Look-ups by key run for every value of every imported workbook: a dict, built once.
    _by_key: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {candidate.key: candidate for candidate in self.fields})

    def field(self, key: str) -> Field:
        return self._by_key[key]

    def has_field(self, key: str) -> bool:
        return key in self._by_key

    @property
    def input_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.is_input)

    @property
    def targets(self) -> tuple[Rule, ...]:
        """The rules that are policy targets."""
        return tuple(rule for rule in self.rules if rule.target is not None)

    def numbered_label(self, lang: str = "zh") -> str:
        """The pack's number and the label ("4. 教育教学"): the window, the PDF and the workbook show it so."""
        return f"{self.number}. {self.label.get(lang)}"


@dataclass(frozen=True, slots=True)
class PeriodSpec:
    key: str  # "2022" for a year, "2022-2023-1" for 2022—2023学年第一学期
    kind: PeriodKind
    label: Text
    deadline: date | None = None


@dataclass(frozen=True, slots=True)
class SchoolGroup:
    """A named set of school types (义务教育学校, 中小学) that applies_to lists may use."""

    key: str
    label: Text
    types: frozenset[str]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A per-pupil or per-teacher figure the data-quality view compares within each school type."""

    key: str
    label: Text
    numerator: FieldRef
    denominator: FieldRef
    applies_to: frozenset[str] | None = None
    scale: int = 1  # shown per this many (e.g. 1000 students); the value is numerator ÷ denominator × scale
    places: int = 2
    unit: str = ""  # printed after the value ("%" for a percentage)


@dataclass(frozen=True, slots=True)
class QualitySpec:
    """The data-quality rules of the bureau's 数据质量 view, as declared in district.yaml."""

    outlier_threshold: Decimal = Decimal("3.5")  # |robust z| above this stands out
    min_schools: int = 5  # fewer schools of a type than this: no outlier test for that type
    min_deviation: Decimal = Decimal("0.5")  # … and the value differs from the median by more than 50% of it
    jump_threshold: Decimal = Decimal("0.5")  # year-on-year change beyond ±50% stands out
    jump_fields: tuple[FieldRef, ...] = ()
    indicators: tuple[Indicator, ...] = ()


@dataclass(frozen=True, slots=True)
class FormPack:
    id: str
    version: str
    year: int
    title: Text
    authority: Text
    categories: tuple[Category, ...]
    choice_lists: dict[str, ChoiceList] = field(default_factory=dict)
    periods: tuple[PeriodSpec, ...] = ()
    source_dir: str = ""
    school_groups: dict[str, SchoolGroup] = field(default_factory=dict)
    baseline_periods: tuple[PeriodSpec, ...] = ()  # earlier periods the bureau keeps for comparisons
    quality: QualitySpec = field(default_factory=QualitySpec)
    blanks: dict[str, Text] = field(default_factory=dict)  # field type (or "default") → printed blank
    changes: PackChanges | None = None  # what changed since the pack version before (changes.yaml)
    report: ReportSpec | None = None  # the year-end report's templates (report/), checked at load
    _by_key: dict[str, Category] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {candidate.key: candidate for candidate in self.categories})

    def category(self, key: str) -> Category:
        return self._by_key[key]

    def has_category(self, key: str) -> bool:
        return key in self._by_key

    def choice_list(self, key: str) -> ChoiceList:
        return self.choice_lists[key]

    def period(self, key: str) -> PeriodSpec:
        for candidate in (*self.periods, *self.baseline_periods):
            if candidate.key == key:
                return candidate
        raise KeyError(key)

    @property
    def profile(self) -> Category:
        for candidate in self.categories:
            if candidate.period_kind is PeriodKind.PROFILE:
                return candidate
        raise KeyError("profile")

    @property
    def default_period(self) -> PeriodSpec:
        """The pack's annual period: what a clerk reports unless told otherwise."""
        for candidate in self.periods:
            if candidate.kind is PeriodKind.ANNUAL:
                return candidate
        return self.periods[0]

    def blank_for(self, item: Field) -> Text:
        """How a printed form shows an empty value of `item` ("—" or "无"), as the bureau's forms do.

        The field's own `blank`, else the pack's `blanks` for its type, else the pack's default, else
        "无" for words (text, long text, several choices, a table) and "—" for everything else.
        """
        if item.blank is not None:
            return item.blank
        declared = self.blanks.get(item.type.value) or self.blanks.get("default")
        if declared is not None:
            return declared
        return BLANK_NONE if item.type in WORDY_TYPES else BLANK_DASH

    def categories_for(self, period_kind: PeriodKind) -> Iterator[Category]:
        """The categories reported in a period of this kind (the profile belongs to every period)."""
        for candidate in self.categories:
            if candidate.period_kind in (period_kind, PeriodKind.PROFILE):
                yield candidate


BLANK_DASH = Text("—", "—")
BLANK_NONE = Text("无", "none")
WORDY_TYPES = frozenset({FieldType.TEXT, FieldType.LONGTEXT, FieldType.MULTICHOICE, FieldType.TABLE})
BLANK_KEYS = frozenset({"default", *(kind.value for kind in FieldType)})

PROFILE_CATEGORY = "profile"
SCHOOL_TYPE_FIELD = "school_type"
SCHOOL_TYPE_CHOICES = "school_type"
