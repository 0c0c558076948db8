"""Ruled tables: the two-column field table and the grid of a table field (header repeated per page).

Column widths come from the content: numbers and dates never wrap, text wraps between characters.
A grid whose columns cannot fit the portrait type area is marked for a landscape page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Table, TableStyle

from desktop_app.exporters.pdf.template import LANDSCAPE, PORTRAIT, frame_width

PADDING = 4.5  # points left and right of a cell's text: ink never touches a rule
TOP_PADDING = 4.0  # CJK ink reaches nearly the top of the line and stops well above its bottom,
BOTTOM_PADDING = 3.0  # so a little more room above centres the characters between the rules
MIN_TEXT_WIDTH = 4  # characters a wrapping column keeps at least
MAX_NATURAL = 70 * mm  # a long text column is not given more than this before wrapping


@dataclass
class CellText:
    text: str
    wraps: bool  # text may wrap; numbers, dates and codes may not


def _width(text: str, font: str, size: float) -> float:
    lines = text.splitlines() or [""]
    # A little slack: full-width brackets and the header's other font can be wider.
    return float(max(stringWidth(line, font, size) for line in lines)) + 2 * PADDING + 4


def column_widths(columns: Sequence[Sequence[CellText]], font: str, size: float) -> tuple[list[float], str]:
    """Widths for each column (header first in each) and the orientation they need."""
    natural: list[float] = []
    minimum: list[float] = []
    for cells in columns:
        widths = [_width(cell.text, font, size) for cell in cells]
        nat = min(max(widths), MAX_NATURAL) if any(c.wraps for c in cells) else max(widths)
        fixed = [w for w, c in zip(widths, cells, strict=True) if not c.wraps]
        least = max([*fixed, min(nat, MIN_TEXT_WIDTH * size + 2 * PADDING)])
        natural.append(max(nat, least))
        minimum.append(least)
    orientation = PORTRAIT if sum(minimum) <= frame_width(PORTRAIT) else LANDSCAPE
    available = frame_width(orientation)
    if sum(natural) <= available:
        spare = available - sum(natural)
        return [w + spare * w / sum(natural) for w in natural], orientation
    if sum(minimum) >= available:
        # Even landscape is too narrow: shrink everything in proportion (the font stays legible).
        return [w * available / sum(minimum) for w in minimum], orientation
    give = available - sum(minimum)
    wants = [n - m for n, m in zip(natural, minimum, strict=True)]
    return [m + give * w / sum(wants) for m, w in zip(minimum, wants, strict=True)], orientation


RULE = 0.6


def grid_style(header: bool, font: str) -> TableStyle:
    commands: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), font),  # for empty cells: never fall back to Helvetica
        ("GRID", (0, 0), (-1, -1), RULE, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), PADDING),
        ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
        ("TOPPADDING", (0, 0), (-1, -1), TOP_PADDING),
        ("BOTTOMPADDING", (0, 0), (-1, -1), BOTTOM_PADDING),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.Color(0.9, 0.9, 0.9)))
    return TableStyle(commands)


def ruled_table(rows: list[list[Any]], widths: Sequence[float], *, header: bool, font: str,
                whole: bool = False) -> Table:  # fmt: skip
    """A ruled grid; `whole` ones move to the next page rather than split (when a page can hold them)."""
    from desktop_app.exporters.pdf.keep import WholeTable

    kind = WholeTable if whole else Table
    table = kind(rows, colWidths=list(widths), repeatRows=1 if header else 0, hAlign="LEFT")
    table.setStyle(grid_style(header, font))
    return table
