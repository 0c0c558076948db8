"""The arithmetic of the bureau's data-quality view: robust z-scores within a group of schools, and
year-on-year changes. Pure functions over Decimals; blanks are left out by the caller, never zeros.

Robust z-score (Iglewicz & Hoaglin's modified z): z = 0.6745 × (x − median) ÷ MAD, where MAD is the
median of |x − median|. When more than half of the schools give the same value MAD is 0; then the mean
absolute deviation stands in: z = (x − median) ÷ (1.253314 × MeanAD). When every value is the same,
no school stands out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TypeVar

from desktop_app.domain.aggregation import median

K = TypeVar("K")

MAD_FACTOR = Decimal("0.6745")
MEAN_AD_FACTOR = Decimal("1.253314")


@dataclass(frozen=True, slots=True)
class Spread:
    """A group's centre and the z-score of each member."""

    count: int
    median: Decimal
    scores: dict[object, Decimal]  # member → robust z (every member; 0 for all when nobody differs)


def robust_scores(values: Mapping[K, Decimal]) -> Spread | None:
    """Robust z-scores of a group's values (None for an empty group)."""
    if not values:
        return None
    centre = median(list(values.values()))
    assert centre is not None
    deviations = {key: abs(value - centre) for key, value in values.items()}
    mad = median(list(deviations.values()))
    scores: dict[object, Decimal] = {}
    if mad:
        for key, value in values.items():
            scores[key] = MAD_FACTOR * (value - centre) / mad
        return Spread(len(values), centre, scores)
    mean_ad = sum(deviations.values(), Decimal(0)) / len(deviations)
    for key, value in values.items():
        scores[key] = Decimal(0) if not mean_ad else (value - centre) / (MEAN_AD_FACTOR * mean_ad)
    return Spread(len(values), centre, scores)


def change(current: Decimal, earlier: Decimal) -> Decimal | None:
    """(current − earlier) ÷ earlier; None when the earlier value is 0 (any change from 0 is unbounded)."""
    if earlier == 0:
        return None
    return (current - earlier) / earlier


def is_jump(current: Decimal, earlier: Decimal, threshold: Decimal) -> bool:
    """A change beyond ±threshold, or any change from or to 0."""
    if current == earlier:
        return False
    ratio = change(current, earlier)
    return ratio is None or abs(ratio) > threshold
