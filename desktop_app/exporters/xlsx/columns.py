"""Column widths of a category sheet that print on A4 at full size, and the row heights they lead to.

A sheet holds the main table (项目 | 填报值 | 单位 | 说明) and, below it, the sub-tables of its table
fields, one sheet column per sub-table column. The main table's columns may each span several sheet
columns (merged cells), so that a sub-table's narrow columns are not stretched to the main table's
widths and no sub-table reaches past the main table's right edge. Widths are in Excel's units (about
the width of a digit of the default font, 5.25 pt); a CJK character of 宋体 11 pt takes about 2.1.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.exporters.xlsx.cells import text_width

# Printable width at 100 % (A4 less 2 × 0.5 in margins, in Excel units), kept a little short: Excel,
# WPS and LibreOffice measure text slightly differently, and fit-to-width would then shrink the page.
PORTRAIT_UNITS = 94.0
LANDSCAPE_UNITS = 138.0
MARGIN_INCHES = 0.5
CJK_FACTOR = 1.1  # 宋体 11 pt against two digits of the default font
PADDING = 1.5  # units of room a cell keeps beside its text
LINE_HEIGHT = 15.0  # points per line of 11 pt text
TITLE_LINE_HEIGHT = 21.0  # points per line of the 14 pt title
MIN_WRAPPING = 8.0  # the narrowest a column of wrapping text becomes
SNUG_WRAPPING = 14.0  # wrapping text this narrow still reads well: a sheet turns landscape only beyond


def needed(text: str) -> float:
    """Units a text needs on one line (its longest line)."""
    return text_width(text) * CJK_FACTOR + PADDING if text else 0.0


def lines(text: str, room: float, scale: float = 1.0) -> int:
    """Lines a text takes in `room` units when it wraps (at `scale` × 11 pt)."""
    usable = max(room - PADDING, 1.0)
    return sum(max(1, math.ceil(text_width(line) * CJK_FACTOR * scale / usable)) for line in text.splitlines() or [""])


@dataclass
class Need:
    """What one column asks for: `natural` to show every text on one line (capped), `snug` to read well
    with wrapping, `least` to stay legible."""

    natural: float = 0.0
    snug: float = 0.0
    least: float = 0.0

    def see(self, text: str, cap: float, wraps: bool = True) -> None:
        width = needed(text)
        self.natural = max(self.natural, min(width, cap) if wraps else width)
        self.snug = max(self.snug, min(width, SNUG_WRAPPING) if wraps else width)
        self.least = max(self.least, min(width, MIN_WRAPPING) if wraps else width)


@dataclass(frozen=True)
class Grid:
    widths: tuple[float, ...]  # one per sheet column
    spans: tuple[tuple[int, int], ...]  # the main table's four columns: first and last sheet column (1-based)
    landscape: bool

    @property
    def total(self) -> float:
        return sum(self.widths)

    @property
    def budget(self) -> float:
        return LANDSCAPE_UNITS if self.landscape else PORTRAIT_UNITS

    def room(self, first: int, last: int) -> float:
        return sum(self.widths[first - 1 : last])


def _grow(widths: list[float], span: tuple[int, int], want: float) -> None:
    first, last = span
    have = sum(widths[first - 1 : last])
    if have < want:
        extra = (want - have) / (last - first + 1)
        for index in range(first - 1, last):
            widths[index] += extra


def _place(main: Sequence[Need], sub: Sequence[Need], count: int, label_end: int,
           split: int) -> tuple[list[float], list[tuple[int, int]]]:  # fmt: skip
    """The main table with 项目 over sheet columns 1..label_end, 填报值 over label_end+1..split, 单位 on
    split+1 and 说明 on the rest."""
    spans = [(1, label_end), (label_end + 1, split), (split + 1, split + 1), (split + 2, count)]
    widths = [sub[i].natural if i < len(sub) else 0.0 for i in range(count)]
    for need, span in zip(main, spans, strict=True):
        _grow(widths, span, need.natural)
    return widths, spans


def _least(main: Sequence[Need], sub: Sequence[Need], spans: Sequence[tuple[int, int]], count: int,
           kind: str = "least") -> list[float]:  # fmt: skip
    least = [getattr(sub[i], kind) if i < len(sub) else 0.0 for i in range(count)]
    for need, span in zip(main, spans, strict=True):
        _grow(least, span, getattr(need, kind))
    return least


def _shrink(widths: list[float], least: list[float], budget: float) -> list[float]:
    """Take the excess over `budget` from the columns in proportion to what they have above their least."""
    excess = sum(widths) - budget
    slack = [w - m for w, m in zip(widths, least, strict=True)]
    if excess <= 0 or sum(slack) <= 0:
        return widths
    take = min(1.0, excess / sum(slack))
    return [w - s * take for w, s in zip(widths, slack, strict=True)]


def plan_grid(main: Sequence[Need], sub: Sequence[Need]) -> Grid:
    """Widths for the main table's needs (4) and the sub-tables' column needs (one per sheet column)."""
    count = max(4, len(sub))
    best: tuple[float, list[float], list[tuple[int, int]]] | None = None
    for label_end in range(1, count - 2):
        for split in range(label_end + 1, count - 1):
            widths, spans = _place(main, sub, count, label_end, split)
            if best is None or sum(widths) < best[0] - 0.01:
                best = (sum(widths), widths, spans)
    assert best is not None
    _, widths, spans = best
    least = _least(main, sub, spans, count)
    landscape = sum(_least(main, sub, spans, count, "snug")) > PORTRAIT_UNITS
    budget = LANDSCAPE_UNITS if landscape else PORTRAIT_UNITS
    widths = _shrink(widths, least, budget)
    if sum(widths) < budget:  # the spare room goes to the 说明 column, where notes wrap
        first, last = spans[3]
        extra = (budget - sum(widths)) / (last - first + 1)
        widths = [w + extra if first - 1 <= i < last else w for i, w in enumerate(widths)]
    return Grid(tuple(round(w, 2) for w in widths), tuple(spans), landscape)


def print_scale(grid: Grid) -> float:
    """The scale at which fit-to-width prints the sheet (1.0 when it fits the page at full size)."""
    return min(1.0, grid.budget / grid.total) if grid.total else 1.0
