"""Keep headings with the start of a table, not with the whole table.

reportlab groups a run of `keepWithNext` paragraphs (section headings, a table's caption) with the
flowable that follows into a KeepTogether. When that flowable is a long table the group is taller
than what is left of the page, so KeepTogether breaks the page first and leaves most of it blank.
`KeepWithTableStart` measures a long trailing table only up to its header plus its first few rows:
if those fit, the headings stay here and the table starts under them, splitting across pages with its
header row repeated; if not, everything moves to the next page together, as before. A short table
still moves whole: splitting it would strand a row or two on the next page for little saved space.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Table

KEPT_ROWS = 3  # body rows that must follow a heading on its page
SHORT_TABLE = 10  # rows (header included) up to which a table is kept whole with its headings
WHOLE_MAX_HEIGHT = 150 * mm  # below both type areas' heights (225 mm portrait, 156 mm landscape)


def _partial_height(table: Table, rows: int) -> float:
    repeat = table.repeatRows
    header = repeat if isinstance(repeat, int) else len(repeat)  # an int or a tuple of row indexes
    return float(sum(table._rowHeights[: header + rows]))


class KeepWithTableStart(KeepTogether):  # type: ignore[misc]
    """A KeepTogether whose last table, when long, counts only its header and first `KEPT_ROWS` rows."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        result = super().wrap(avail_width, avail_height)
        last = self._content[-1] if self._content else None
        heights = getattr(last, "_rowHeights", None) if isinstance(last, Table) else None
        if heights and len(heights) > SHORT_TABLE:
            # super().wrap wrapped the table at this width, so its row heights are current.
            self._H -= float(sum(heights)) - _partial_height(last, KEPT_ROWS)
        return result  # type: ignore[no-any-return]


class WholeTable(Table):  # type: ignore[misc]
    """A table that moves to the next page rather than split, unless it is too tall for any page."""

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        self._calc(avail_width, avail_height)  # what wrap() would compute: _height
        if self._height <= WHOLE_MAX_HEIGHT:
            return []
        return super().split(avail_width, avail_height)  # type: ignore[no-any-return]


def install(doc: Any) -> None:
    """Make the document group keepWithNext runs with KeepWithTableStart."""
    doc.keepTogetherClass = KeepWithTableStart
