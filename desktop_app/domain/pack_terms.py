"""Two terms of the pack that its model and the report templates share: how the district adds a field up
(`Aggregation`) and a field named by a ratio, an indicator or a report's figure (`FieldRef`).

Here rather than in pack.py so that report_templates.py (which pack.py's `FormPack.report` holds) can name
them without importing pack.py back; pack.py re-exports both, so `domain.pack.Aggregation` stays the name
the rest of the code uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Aggregation(StrEnum):
    """How the district adds a field up (the bureau's 汇总口径); every field has one, stated or by type."""

    SUM = "sum"  # counts and amounts: Σ over the schools that gave a value
    COUNT = "count"  # choices, yes/no, multichoice: schools per answer, named
    DISTRIBUTION = "distribution"  # scales and per-school frequencies: min / median / max, schools per value
    LIST = "list"  # dates and names: which school gave what
    RATIO = "ratio"  # a declared ratio: Σ numerator ÷ Σ denominator over schools that gave both parts
    NONE = "none"  # figures that mean nothing added up: only how many schools answered


@dataclass(frozen=True, slots=True)
class FieldRef:
    """A field named in a ratio or an indicator: `key` of the same category, or `owner.key`."""

    owner: str
    key: str

    def __str__(self) -> str:
        return f"{self.owner}.{self.key}"
