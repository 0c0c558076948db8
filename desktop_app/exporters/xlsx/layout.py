"""Where everything sits on the human-readable sheets: the one source of cell positions.

`plan_workbook` lays out the cover and one sheet per category as plain data (`SheetPlan`): every cell
to write with its style, merges, widths, row heights, Excel tables and print settings. The writer only
carries a plan out. Every cell that shows data is named in `SheetPlan.view` with its source (view.py):
the writer keeps that list in `_data`, and the readers check those cells against `_data`, so positions
have this one source and a workbook written by an older layout still checks.

A category sheet: row 1 the title (across the sheet), row 2 the headings 项目 | 填报值 | 单位 | 说明
(repeated on each printed page), then a row per section heading and per field; a table field has a
row of its own (label; "见下表", or the pack's blank when it has no rows) followed by its header row
and its rows, one sheet column per table column. The main table's columns may span several sheet
columns (columns.py) so that every table fits the same width and the sheet prints on A4 at full size.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain import periods
from desktop_app.domain.figures import Figure, figures
from desktop_app.domain.pack import Category, Field, FieldType, FormPack
from desktop_app.domain.submission import STATUS_LABELS, Submission, fingerprint_of, short_fingerprint
from desktop_app.domain.text import Text
from desktop_app.exporters.words import EXPORTER_WORDS
from desktop_app.exporters.xlsx.cells import (  # re-exported: the writing of one cell lives in cells.py
    STYLES,
    Styles,
    excel_form,
    number_format,
    put_text,
    put_value,
    text_width,
)
from desktop_app.exporters.xlsx.columns import (
    LINE_HEIGHT,
    MARGIN_INCHES,
    TITLE_LINE_HEIGHT,
    Grid,
    Need,
    lines,
    plan_grid,
)
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from desktop_app.exporters.xlsx.names import sheet_name
from desktop_app.exporters.xlsx.view import COVER_LABELS
from desktop_app.exporters.xlsx.view_check import shown_derived

__all__ = [
    "COVER", "HEADINGS", "STYLES", "Put", "SheetPlan", "Shown", "Styles", "ValueCell", "excel_form", "number_format",
    "page_setup", "plan_workbook", "put_text", "put_value", "text_width",
]  # fmt: skip

COVER = "封面"
HEADINGS = {"zh": ("项目", "填报值", "单位", "说明"), "en": ("Item", "Value", "Unit", "Notes")}
FOOTER = "第 &P 页 共 &N 页"
FIRST_ROW = 3  # below the title and the headings
CAPS = (36.0, 40.0, 10.0, 40.0)  # the main table's columns: widest before wrapping
TABLE_CAP = 30.0  # a sub-table's column


@dataclass(frozen=True, slots=True)
class Put:
    """One cell to write (merged up to `last_column` when given)."""

    row: int
    column: int
    value: Any  # str, int, Decimal, date or None
    style: str
    number_format: str | None = None
    last_column: int | None = None


@dataclass(frozen=True, slots=True)
class ValueCell:
    """A submission value shown on a visible sheet: where it is and what the cell holds."""

    row: int
    column: int
    category: str
    field: str
    spec: Field  # the field, or the table's column
    value: Any  # the submission's value (a derived field's computed value)
    excel: Any  # what the cell holds (number, date, text; None when empty)
    shown: str  # what a person reads
    table_row: int | None = None  # 1-based, for a table's cell
    column_key: str | None = None

    @property
    def key(self) -> str:
        """Its `_data` key (derived fields have none there: "derived.<category>.<field>")."""
        if self.table_row is not None:
            return f"cell.{self.category}.{self.field}.{self.table_row}.{self.column_key}"
        kind = "value" if self.spec.is_input else "derived"
        return f"{kind}.{self.category}.{self.field}"


@dataclass(frozen=True, slots=True)
class Shown:
    """A cell that shows data, for the readers: its source (view.py) and, where its meaning cannot be
    parsed back (the cover, a photo's label, the notes column), the text written."""

    row: int
    column: int
    source: str
    text: str | None = None


@dataclass
class SheetPlan:
    name: str  # the sheet's name in the workbook
    category: str | None  # None for the cover
    puts: list[Put] = field(default_factory=list)
    values: list[ValueCell] = field(default_factory=list)
    view: list[Shown] = field(default_factory=list)
    widths: tuple[float, ...] = ()
    heights: dict[int, float] = field(default_factory=dict)
    tables: list[tuple[str, int, int, int, int]] = field(default_factory=list)  # field, top, left, bottom, right
    landscape: bool = False
    title_rows: str = "1:2"
    freeze: str | None = "A3"

    @property
    def columns(self) -> int:
        return len(self.widths)

    @property
    def last_row(self) -> int:
        return max((p.row for p in self.puts), default=1)


def plan_workbook(pack: FormPack, submission: Submission, notes: Mapping[tuple[str, str], list[str]],
                  lang: str = "zh") -> list[SheetPlan]:  # fmt: skip
    """The cover, then a sheet per category of the submission, in the pack's order, each under the sheet
    name it gets in the workbook."""
    numbered = {f.key: f for f in figures(pack, submission.values, lang=lang)}
    plans = [plan_cover(pack, submission, lang)]
    taken = {COVER, MACHINE_SHEET}
    for category in pack.categories:
        if category.key in submission.values:
            plan = _CategoryPlan(pack, submission, category, notes, numbered, lang).plan()
            plan.name = sheet_name(plan.name, taken)
            plans.append(plan)
    return plans


def plan_cover(pack: FormPack, submission: Submission, lang: str = "zh") -> SheetPlan:
    full = fingerprint_of(pack, submission)  # the sealed submission's own
    sign = submission.signatories
    status = Text(*STATUS_LABELS[submission.status]).get(lang)
    if submission.is_draft:
        status += EXPORTER_WORDS.text("xlsx.cover.draft", lang)
    reported = periods.official_date(sign.reported_on) if sign.reported_on else ""
    shown = {  # source → the text shown (its label: view.COVER_LABELS)
        "school_name": submission.school_name, "school_code": submission.school_code,
        "period": submission.reporting_period.name(lang), "status": status,
        "revision": EXPORTER_WORDS.text("xlsx.cover.revision", lang, revision=submission.revision),
        "fingerprint.short": short_fingerprint(full), "fingerprint": full, "sign.head": sign.head,
        "sign.statistician": sign.statistician, "sign.preparer": sign.preparer, "sign.phone": sign.phone,
        "sign.reported_on": reported, "pack": f"{pack.title.get(lang)}（{pack.id} {pack.version}）",
    }  # fmt: skip
    rows = [(COVER_LABELS[source].get(lang), text, source) for source, text in shown.items()]
    note = EXPORTER_WORDS.text("xlsx.cover.note", lang)
    label, value = Need(), Need()
    for name, text, _ in rows:
        label.see(name, 24)
        value.see(text, 72)
    widths = (label.natural, max(value.natural, 94.0 - label.natural))
    plan = SheetPlan(COVER, None, widths=widths, title_rows="", freeze=None)
    title = f"{pack.title.get(lang)}　{submission.reporting_period.name(lang)}"
    plan.puts.append(Put(1, 1, title, "title", last_column=2))
    for number, (name, text, source) in enumerate(rows, start=FIRST_ROW):
        plan.puts += [Put(number, 1, name, "cover_label"), Put(number, 2, text, "wrap")]
        plan.view.append(Shown(number, 2, source, text))
        plan.heights[number] = LINE_HEIGHT * max(lines(name, widths[0]), lines(text, widths[1]))
    last = len(rows) + FIRST_ROW + 1
    plan.puts.append(Put(last, 1, note, "note", last_column=2))
    plan.heights[last] = LINE_HEIGHT * lines(note, sum(widths))
    return plan


class _CategoryPlan:
    def __init__(self, pack: FormPack, submission: Submission, category: Category,
                 notes: Mapping[tuple[str, str], list[str]], numbered: Mapping[tuple[str, str, int, str], Figure],
                 lang: str) -> None:  # fmt: skip
        self.pack, self.submission, self.category, self.lang = pack, submission, category, lang
        self.notes, self.numbered = notes, numbered
        self.values = submission.values.get(category.key, {})
        self.main = [Need() for _ in range(4)]
        self.sub: list[Need] = []
        self.rows: list[Any] = []  # ("section", label) | ("field", field, value) | ("table", field, rows)

    def plan(self) -> SheetPlan:
        self._collect()
        grid = plan_grid(self.main, self.sub)
        plan = SheetPlan(f"{self.category.number} {self.category.label.get(self.lang)}", self.category.key,
                         widths=grid.widths, landscape=grid.landscape)  # fmt: skip
        self._title(plan, grid)
        row = FIRST_ROW
        for item in self.rows:
            row = getattr(self, f"_put_{item[0]}")(plan, grid, row, *item[1:])
        return plan

    # What the sheet shows, and what each column needs.
    def _collect(self) -> None:
        for need, text in zip(self.main, HEADINGS.get(self.lang, HEADINGS["zh"]), strict=True):
            need.see(text, 40)
        self.main[3].see("　" * 8, 40)  # room for a short note even when there is none
        derived = self._derived()
        section: str | None = None
        for item in self.category.fields:
            if item.is_input and item.key not in self.values:
                continue  # not relevant to this school: neither validated nor exported
            if not item.is_input and item.key not in derived:
                continue
            if item.section and item.section != section:
                section = item.section
                label = next((s.label.get(self.lang) for s in self.category.sections if s.key == section), section)
                self.rows.append(("section", label))
            value = derived[item.key] if not item.is_input else self.values[item.key]
            self.main[0].see(item.label.get(self.lang), CAPS[0])
            self.main[2].see(item.unit.get(self.lang) if item.unit else "", CAPS[2])
            # Notes (说明) wrap in whatever room is left: they never move a value (positions depend
            # on the pack and the values alone, so a reader can lay the sheet out again from _data).
            if item.type is FieldType.TABLE:
                self.rows.append(("table", item, value or []))
                self._see_table(item, value or [])
            else:
                self.rows.append(("field", item, value))
                form = excel_form(item, value, self.pack, self.lang)
                self.main[1].see(form.shown, CAPS[1], wraps=isinstance(form.value, str))

    def _see_table(self, table: Field, rows: list[dict[str, Any]]) -> None:
        self.main[1].see(self._table_summary(table, rows), CAPS[1])
        if not rows:
            return
        while len(self.sub) < len(table.columns):
            self.sub.append(Need())
        for need, header in zip(self.sub, self._headers(table), strict=False):
            need.see(header, 12)  # headings wrap onto two lines
        for index, row in enumerate(rows, start=1):
            for need, column in zip(self.sub, table.columns, strict=False):
                form = self._cell_form(table, column, row, index)
                need.see(form.shown, TABLE_CAP, wraps=isinstance(form.value, str))

    def _derived(self) -> dict[str, Any]:
        # The readers compute the same values to check these cells (view_check.py).
        return shown_derived(self.pack, self.category, self.submission.values)

    def _note(self, item: Field) -> str:
        return "\n".join(self.notes.get((self.category.key, item.key), []))

    def _table_summary(self, table: Field, rows: list[dict[str, Any]]) -> str:
        if not rows:
            return self.pack.blank_for(table).get(self.lang)
        return EXPORTER_WORDS.text("xlsx.see_below", self.lang)

    def _cell_form(self, table: Field, column: Field, row: Mapping[str, Any], index: int) -> Any:
        figure = self.numbered.get((self.category.key, table.key, index, column.key))
        shown = None
        if figure is not None:
            # The caption is beside it when the table has a caption column; else it goes with the number.
            beside = any("caption" in c.key and c.type in (FieldType.TEXT, FieldType.LONGTEXT) for c in table.columns)
            shown = figure.label(self.lang) if beside else f"{figure.label(self.lang)}　{figure.caption}"
        return excel_form(column, row.get(column.key), self.pack, self.lang, shown)

    def _headers(self, table: Field) -> list[str]:
        """Column headings with their units; Excel requires them unique within a table."""
        seen: set[str] = set()
        headers = []
        for spec in table.columns:
            text = spec.label.get(self.lang)
            if spec.unit:
                text += f"（{spec.unit.get(self.lang)}）"
            base, counter = text, 2
            while text in seen:
                text, counter = f"{base}{counter}", counter + 1
            seen.add(text)
            headers.append(text)
        return headers

    # Putting it on the grid.
    def _title(self, plan: SheetPlan, grid: Grid) -> None:
        title = (f"{self.category.numbered_label(self.lang)}　{self.submission.school_name}　"
                 f"{self.submission.reporting_period.name(self.lang)}")  # fmt: skip
        plan.puts.append(Put(1, 1, title, "title", last_column=plan.columns))
        plan.heights[1] = TITLE_LINE_HEIGHT * lines(title, grid.total, scale=14 / 11)
        for (first, last), text in zip(grid.spans, HEADINGS.get(self.lang, HEADINGS["zh"]), strict=True):
            plan.puts.append(Put(2, first, text, "header", last_column=last if last > first else None))

    def _main_row(self, plan: SheetPlan, grid: Grid, row: int, cells: Sequence[tuple[Any, str, str | None]]) -> None:
        """A row of the main table: (value, style, number format) for 项目, 填报值, 单位, 说明."""
        height = 1
        for (first, last), (value, style, fmt) in zip(grid.spans, cells, strict=True):
            plan.puts.append(Put(row, first, value, style, fmt, last if last > first else None))
            if isinstance(value, str) and style in ("wrap", "label", "table_label", "note"):
                height = max(height, lines(value, grid.room(first, last)))
        if height > 1:
            plan.heights[row] = LINE_HEIGHT * height

    def _put_section(self, plan: SheetPlan, grid: Grid, row: int, label: str) -> int:
        plan.puts.append(Put(row, 1, label, "section", last_column=plan.columns))
        return row + 1

    def _label_cells(self, item: Field, style: str) -> tuple[tuple[Any, str, None], ...]:
        unit = item.unit.get(self.lang) if item.unit else ""
        return (item.label.get(self.lang), style, None), (unit, "cell", None), (self._note(item), "wrap", None)

    def _put_field(self, plan: SheetPlan, grid: Grid, row: int, item: Field, value: Any) -> int:
        form = excel_form(item, value, self.pack, self.lang)
        label, unit, note = self._label_cells(item, "label")
        self._main_row(plan, grid, row, (label, (form.value, form.style, form.number_format), unit, note))
        _value(plan, ValueCell(row, grid.spans[1][0], self.category.key, item.key, item, value, form.value,
                               form.shown))  # fmt: skip
        self._record_note(plan, grid, row, item, note[0])
        return row + 1

    def _record_note(self, plan: SheetPlan, grid: Grid, row: int, item: Field, note: str) -> None:
        if note:  # the clerk's 说明 is data: the notes cell is compared as written
            plan.view.append(Shown(row, grid.spans[3][0], f"notes.{self.category.key}.{item.key}", note))

    def _put_table(self, plan: SheetPlan, grid: Grid, row: int, table: Field, rows: list[dict[str, Any]]) -> int:
        label, unit, note = self._label_cells(table, "table_label")
        summary = self._table_summary(table, rows)
        self._main_row(plan, grid, row, (label, (summary, "wrap", None), unit, note))
        plan.view.append(Shown(row, grid.spans[1][0], f"rows.{self.category.key}.{table.key}", summary))
        self._record_note(plan, grid, row, table, note[0])
        if not rows:
            return row + 1
        top = row + 1
        headers = self._headers(table)
        for column, text in enumerate(headers, start=1):
            plan.puts.append(Put(top, column, text, "header"))
        plan.heights[top] = LINE_HEIGHT * max(2, *(lines(t, grid.widths[c]) for c, t in enumerate(headers)))
        for index, values in enumerate(rows, start=1):
            at, height = top + index, 1
            for column, spec in enumerate(table.columns, start=1):
                form = self._cell_form(table, spec, values, index)
                plan.puts.append(Put(at, column, form.value, form.style, form.number_format))
                _value(plan, ValueCell(at, column, self.category.key, table.key, spec, values.get(spec.key),
                                       form.value, form.shown, index, spec.key))  # fmt: skip
                if isinstance(form.value, str):
                    height = max(height, lines(form.shown, grid.widths[column - 1]))
            if height > 1:
                plan.heights[at] = LINE_HEIGHT * height
        bottom = top + len(rows)
        for column in range(1, len(headers) + 1):  # a row typed under the table is not in _data
            plan.view.append(Shown(bottom + 1, column, f"below.{self.category.key}.{table.key}"))
        plan.tables.append((table.key, top, 1, bottom, len(headers)))
        return bottom + 2  # a blank row before what follows


def _value(plan: SheetPlan, cell: ValueCell) -> None:
    """A value on the sheet, for the writer and the readers; a photo's label cannot be parsed back into
    the photo, so it is compared as the text written."""
    plan.values.append(cell)
    text = cell.shown if cell.spec.type is FieldType.IMAGE and cell.shown else None
    plan.view.append(Shown(cell.row, cell.column, cell.key, text))


def page_setup(ws: Any, title_rows: str, columns: int, landscape: bool | None = None) -> None:
    """A4, fit to the page width (a plan's widths fit at full size), header rows repeated on each page,
    "第 n 页 共 m 页" in the footer."""
    from openpyxl.utils import get_column_letter

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    wide = columns > 5 if landscape is None else landscape
    ws.page_setup.orientation = "landscape" if wide else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = MARGIN_INCHES
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    if title_rows:
        ws.print_title_rows = title_rows
    ws.print_area = f"A1:{get_column_letter(columns)}{max(ws.max_row, 1)}"
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 9
    ws.evenFooter.center.text = FOOTER
