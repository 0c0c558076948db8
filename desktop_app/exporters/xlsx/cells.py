"""One cell of a human-readable sheet: its Excel form (numbers as numbers, dates as dates), text, styles.

Every piece of text goes through `put_text`, which forces the string type: openpyxl would otherwise
write a str starting with "=" as a formula (reliability-notes #12); text that a spreadsheet would take
for a formula once someone edits the cell also gets Excel's quote prefix. Imported only when exporting.
"""

from __future__ import annotations

import unicodedata
from copy import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from desktop_app.domain.pack import DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.values import display, is_empty
from desktop_app.exporters.words import EXPORTER_WORDS
from desktop_app.exporters.xlsx.errors import WorkbookWriteError

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


@dataclass(frozen=True, slots=True)
class ExcelForm:
    """How a value goes into its cell: what is stored, its number format, its style, what a person sees."""

    value: Any  # int, Decimal, date, str, or None for an empty cell
    number_format: str | None
    style: str
    shown: str


def excel_form(field: Field, value: Any, pack: FormPack, lang: str, figure: str | None = None) -> ExcelForm:
    """A value in its Excel form; `figure` is what a photo cell shows (图1 …) instead of its hash."""
    kind = field.type
    if is_empty(value):
        return ExcelForm(None, None, "cell", "")
    if (
        kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
        and isinstance(value, int | Decimal)
        and not isinstance(value, bool)
    ):
        return ExcelForm(value, number_format(field), "cell", display(field, value, pack, lang))
    if kind is FieldType.DATE and isinstance(value, date):
        return ExcelForm(value, DATE_FORMAT, "cell", display(field, value, pack, lang))
    if kind is FieldType.IMAGE:
        shown = figure or EXPORTER_WORDS.text("xlsx.photo", lang, name=str(value)[:12])
        return ExcelForm(shown, None, "wrap", shown)
    if field.identifier:
        # "@" keeps an identifier text when a clerk edits it in Excel.
        return ExcelForm(str(value), "@", "cell", str(value))
    shown = display(field, value, pack, lang)
    return ExcelForm(shown, None, "wrap", shown)  # text wraps within its column


def put_text(cell: Cell, text: str) -> None:
    if len(text) > MAX_CELL_CHARS:
        raise WorkbookWriteError(f"单元格 {cell.coordinate} 的内容超过 Excel 上限 {MAX_CELL_CHARS} 个字符。")
    # Set directly: openpyxl's setter would scan the text again and take "=…" for a formula.
    cell._value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", text)
    cell.data_type = "s"  # never a formula, whatever the text starts with
    if text.startswith(FORMULA_STARTS):
        # Excel's quote prefix ('=1+1): the text stays text when someone edits the cell (Styles keeps it).
        cell.quotePrefix = True


def put(cell: Cell, value: Any, style: str, number_format: str | None, styles: Styles) -> None:
    """Write a planned value: text through `put_text`, numbers and dates as themselves."""
    if isinstance(value, str):
        put_text(cell, value)
    elif value is not None:
        cell.value = value
    styles.apply(cell, style, number_format)


def put_value(cell: Cell, field: Field, value: Any, pack: FormPack, lang: str, styles: Styles) -> str:
    """Write a value in its Excel form (numbers as numbers, dates as dates); return its shown text."""
    form = excel_form(field, value, pack, lang)
    put(cell, form.value, form.style, form.number_format, styles)
    return form.shown


CENTRE_WRAP = Alignment(horizontal="center", vertical="center", wrap_text=True)
STYLES: dict[str, dict[str, Any]] = {
    "cell": {"font": BODY, "border": GRID, "alignment": TOP},
    "wrap": {"font": BODY, "border": GRID, "alignment": WRAP},
    "label": {"font": BODY, "border": GRID, "alignment": WRAP},
    "table_label": {"font": BOLD, "border": GRID, "alignment": WRAP},
    "cover_label": {"font": BOLD, "border": GRID, "alignment": WRAP},
    "header": {"font": BOLD, "fill": HEADER_FILL, "border": GRID, "alignment": CENTRE_WRAP},
    "section": {"font": BOLD, "fill": SECTION_FILL, "border": GRID},
    "title": {"font": TITLE, "alignment": Alignment(vertical="center", wrap_text=True)},
    "plain": {"font": BODY},
    "note": {"font": BODY, "alignment": WRAP},
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
