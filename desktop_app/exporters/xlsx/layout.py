"""Cell writing and page layout for the human-readable sheets (openpyxl; imported only when exporting).

Every piece of text goes through `put_text`, which forces the string type: openpyxl would otherwise
write a str starting with "=" as a formula (reliability-notes #12); text that a spreadsheet would take
for a formula once someone edits the cell also gets Excel's quote prefix. Every value goes through
`put_value`, which records where it is shown (view.py): the readers check those cells against `_data`.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desktop_app.domain.pack import DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.values import display, is_empty
from desktop_app.exporters.xlsx.errors import WorkbookWriteError
from desktop_app.exporters.xlsx.view import ViewMap

FONT_NAME = "宋体"  # present on every Chinese Windows; LibreOffice and WPS substitute a CJK font
BODY = Font(name=FONT_NAME, size=11)
BOLD = Font(name=FONT_NAME, size=11, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
SECTION_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
DATE_FORMAT = 'yyyy"年"m"月"d"日"'
MAX_CELL_CHARS = 32_767
MAX_WIDTH = 48
MIN_WIDTH = 6
FOOTER = "第 &P 页 共 &N 页"
LINE_HEIGHT = 15  # points per line of 11 pt text
FORMULA_STARTS = ("=", "+", "-", "@")  # what Excel takes for a formula when the cell is edited


def text_width(text: str) -> int:
    """Display width in Excel character units: a CJK (wide) character counts as 2."""
    longest = 0
    for line in text.splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
        longest = max(longest, width)
    return longest


def number_format(field: Field) -> str:
    if field.type is FieldType.INTEGER:
        return "0"
    places = "." + "0" * field.places if field.places else ""
    if field.type is FieldType.DERIVED and field.derived_format is DerivedFormat.PERCENT:
        return f"0{places}%"
    if field.unit is not None and "元" in field.unit.zh:  # 元, 万元: money with thousands separators
        return f"#,##0{places}"
    return f"0{places}"


def put_text(cell: Cell, text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise WorkbookWriteError(f"单元格 {cell.coordinate} 的内容超过 Excel 上限 {MAX_CELL_CHARS} 个字符。")
    # Set directly: openpyxl's setter would scan the text again and take "=…" for a formula.
    cell._value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if text.startswith(FORMULA_STARTS):
        # Excel's quote prefix ('=1+1): the text stays text when someone edits the cell (Styles keeps it).
        cell.quotePrefix = True


def put_value(
    cell: Cell, field: Field, value: Any, pack: FormPack, lang: str, styles: Styles, view: ViewMap, source: str
) -> str:
    """Write a value in its Excel form (numbers as numbers, dates as dates); return its shown text.

    `source` names the value for the readers (a `_data` key, or `derived.<category>.<field>`); the
    cell is recorded in `view` with it.
    """
    shown = _put_value(cell, field, value, pack, lang, styles)
    # A photo's label cannot be parsed back into the photo: it is compared as the text written.
    text = shown if field.type is FieldType.IMAGE and shown else None
    view.add(cell.parent.title, cell.row, cell.column, source, text)
    return shown


def _put_value(cell: Cell, field: Field, value: Any, pack: FormPack, lang: str, styles: Styles) -> str:
    kind = field.type
    if is_empty(value):
        styles.apply(cell, "cell")
        return ""
    if kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED) and isinstance(
        value, int | Decimal
    ) and not isinstance(value, bool):
        cell.value = value
        styles.apply(cell, "cell", number_format(field))
        return display(field, value, pack, lang)
    if kind is FieldType.DATE and isinstance(value, date):
        cell.value = value
        styles.apply(cell, "cell", DATE_FORMAT)
        return display(field, value, pack, lang)
    if kind is FieldType.IMAGE:
        shown = f"照片 {str(value)[:12]}" if lang == "zh" else f"Photo {str(value)[:12]}"
    else:
        shown = display(field, value, pack, lang)
    put_text(cell, shown)
    # "@" keeps an identifier text when a clerk edits it in Excel; long text wraps.
    styles.apply(cell, "wrap" if kind is FieldType.LONGTEXT else "cell", "@" if field.identifier else None)
    return shown


STYLES: dict[str, dict[str, Any]] = {
    "cell": {"font": BODY, "border": GRID, "alignment": TOP},
    "wrap": {"font": BODY, "border": GRID, "alignment": WRAP},
    "label": {"font": BODY, "border": GRID, "alignment": WRAP},
    "table_label": {"font": BOLD, "border": GRID, "alignment": WRAP},
    "cover_label": {"font": BOLD, "border": GRID, "alignment": TOP},
    "header": {
        "font": BOLD, "fill": HEADER_FILL, "border": GRID,
        "alignment": Alignment(horizontal="center", vertical="center", wrap_text=True),
    },
    "section": {"font": BOLD, "fill": SECTION_FILL},
    "title": {"font": TITLE},
    "plain": {"font": BODY},
}


class Styles:
    """Each style built once per workbook, then copied by index.

    Assigning Font/Border objects cell by cell makes openpyxl hash them every time (most of the
    export's time); a style array copied from the first cell costs nothing.
    """

    def __init__(self) -> None:
        self._made: dict[tuple[str, str | None, bool], Any] = {}

    def apply(self, cell: Cell, name: str, number_format: str | None = None) -> None:
        quoted = bool(cell.quotePrefix)  # set by put_text: a style applied afterwards keeps it
        key = (name, number_format, quoted)
        made = self._made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        for attribute, value in STYLES[name].items():
            setattr(cell, attribute, value)
        if number_format:
            cell.number_format = number_format
        self._made[key] = copy(cell._style)


class Widths:
    """Column widths that fit their content, counted as Excel shows it (CJK twice as wide), and the
    heights of rows with wrapped text (LibreOffice and WPS do not grow a row written without one)."""

    def __init__(self) -> None:
        self.widths: dict[int, int] = {}
        self.wrapped: list[tuple[int, int, str]] = []

    def wrap(self, row: int, column: int, text: str) -> None:
        if text:
            self.wrapped.append((row, column, text))

    def see(self, column: int, text: str, cap: int = MAX_WIDTH) -> None:
        current = self.widths.get(column, MIN_WIDTH)
        if min(2 * len(text) + 2, cap) <= current:
            return  # cannot be wider than what is there: skip counting (long texts are common)
        self.widths[column] = max(current, min(text_width(text) + 2, cap))

    def apply(self, ws: Worksheet) -> None:
        for column, width in self.widths.items():
            ws.column_dimensions[get_column_letter(column)].width = width
        lines: dict[int, int] = {}
        for row, column, text in self.wrapped:
            room = self.widths.get(column, MIN_WIDTH)
            # 5% slack: a CJK glyph of 宋体 11pt is a little wider than two "0" of the default font.
            count = sum(max(1, -(-text_width(line) * 21 // (room * 20))) for line in text.splitlines() or [""])
            lines[row] = max(lines.get(row, 1), count)
        for row, count in lines.items():
            if count > 1:
                ws.row_dimensions[row].height = LINE_HEIGHT * count


def page_setup(ws: Worksheet, title_rows: str, columns: int) -> None:
    """A4, fit to the page width, header rows repeated on each page, "第 n 页 共 m 页" in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if columns > 5 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.evenFooter.center.text = FOOTER
