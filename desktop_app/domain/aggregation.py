"""How the district adds a field up (汇总口径): the default of each field type, and the pure arithmetic of
a distribution and of a ratio. No storage here: the bureau's consolidation feeds these functions.

Blank is never 0. A school that left a value empty is not counted in a sum, a distribution or a ratio;
a ratio counts only the schools that gave *both* parts, and says which applicable schools did not.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from desktop_app.domain.field_types.registry import REGISTRY
from desktop_app.domain.pack import Aggregation, Field, FieldType

# The loader gives every field without an `aggregate:` of its own the default of its type, and checks a
# declared one against those its type allows: both are the type's own (domain/field_types).
DEFAULT_AGGREGATION: dict[FieldType, Aggregation] = {t: kind.default_aggregation for t, kind in REGISTRY.items()}
ALLOWED_AGGREGATIONS: dict[FieldType, frozenset[Aggregation]] = {
    t: kind.allowed_aggregations for t, kind in REGISTRY.items()
}

AGGREGATION_LABELS: dict[Aggregation, tuple[str, str]] = {
    Aggregation.SUM: ("合计", "sum"),
    Aggregation.COUNT: ("按选项计学校数", "schools per answer"),
    Aggregation.DISTRIBUTION: ("分布（最小/中位/最大，不求和）", "distribution (min/median/max, never summed)"),
    Aggregation.LIST: ("逐校列出", "listed by school"),
    Aggregation.RATIO: ("比率（Σ分子÷Σ分母，两项均填的学校）", "ratio (Σ numerator ÷ Σ denominator, both parts given)"),
    Aggregation.NONE: ("不汇总（只计填报学校数）", "not added up (schools answering only)"),
}


def default_aggregation(item: Field) -> Aggregation:
    if item.type is FieldType.DERIVED and item.ratio is not None:
        return Aggregation.RATIO
    return DEFAULT_AGGREGATION[item.type]


# --- distribution --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Distribution:
    """min / median / max of the schools' values, and schools per value when the values are few."""

    count: int
    minimum: Any = None
    median: Decimal | None = None
    maximum: Any = None
    per_value: dict[Any, int] = field(default_factory=dict)  # value → schools (sorted by value)


PER_VALUE_LIMIT = 12  # more distinct values than this: only min / median / max


def median(values: Sequence[Any]) -> Decimal | None:
    """The exact median (the mean of the two middle values for an even count), as a Decimal."""
    ordered = sorted(Decimal(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def distribution(values: Iterable[Any]) -> Distribution:
    """The distribution of the given values (blanks must already be left out: blank is not 0)."""
    present = [value for value in values if value is not None]
    if not present:
        return Distribution(0)
    counts = Counter(present)
    per_value = dict(sorted(counts.items())) if len(counts) <= PER_VALUE_LIMIT else {}
    return Distribution(len(present), min(present), median(present), max(present), per_value)


# --- ratio ---------------------------------------------------------------------------------------

NUMERATOR, DENOMINATOR = "numerator", "denominator"


@dataclass(frozen=True, slots=True)
class RatioPart:
    """One applicable school's two parts of a ratio (None: left blank)."""

    code: str
    name: str
    numerator: Any
    denominator: Any

    @property
    def complete(self) -> bool:
        return self.numerator is not None and self.denominator is not None

    @property
    def missing(self) -> tuple[str, ...]:
        return tuple(name for name, value in ((NUMERATOR, self.numerator), (DENOMINATOR, self.denominator))
                     if value is None)  # fmt: skip


@dataclass(frozen=True, slots=True)
class RatioFigure:
    """Σ numerator ÷ Σ denominator over the applicable schools that gave both parts."""

    numerator: Decimal | None  # Σ over the schools counted (None when no school gave both parts)
    denominator: Decimal | None
    schools: int  # schools counted: applicable and both parts given
    applicable: int  # schools the ratio applies to (that sent the category)
    value: Decimal | None  # None when nothing was counted or the denominator sums to 0
    incomplete: tuple[RatioPart, ...] = ()  # applicable schools that left a part blank, and which


def ratio_figure(parts: Iterable[RatioPart], places: int | None = None) -> RatioFigure:
    """The district ratio of the applicable schools' parts; `places` rounds the value (as the schools')."""
    listed = list(parts)
    counted = [part for part in listed if part.complete]
    incomplete = tuple(part for part in listed if not part.complete)
    if not counted:
        return RatioFigure(None, None, 0, len(listed), None, incomplete)
    top = sum((Decimal(part.numerator) for part in counted), Decimal(0))
    bottom = sum((Decimal(part.denominator) for part in counted), Decimal(0))
    value = None if bottom == 0 else top / bottom
    if value is not None and places is not None:
        value = value.quantize(Decimal(1).scaleb(-places))
    return RatioFigure(top, bottom, len(counted), len(listed), value, incomplete)
