"""One reporting category as PDF flowables: its fields, its tables, its warnings with their 说明.

Fields not relevant to this school are left out (the submission carries only relevant fields, and
derived fields are shown when relevant): the printed form is what this school answers, nothing else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
)

from desktop_app.domain.evaluation import compute_derived, is_relevant
from desktop_app.domain.pack import Category, Field, FieldType
from desktop_app.domain.values import Value, display, is_empty
from desktop_app.exporters.pdf.context import RenderContext
from desktop_app.exporters.pdf.grid import CellText, column_widths, ruled_table
from desktop_app.exporters.pdf.keep import SHORT_TABLE
from desktop_app.exporters.pdf.template import LANDSCAPE, PORTRAIT, frame_width

NUMERALS = "一二三四五六七八九十"
_NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
_NO_WRAP = (*_NUMERIC, FieldType.DATE, FieldType.IMAGE)


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (section numbers 一、二、…)."""
    if n <= 10:
        return NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    head = "十" if tens == 1 else NUMERALS[tens - 1] + "十"
    return head + (NUMERALS[ones - 1] if ones else "")


def field_label(context: RenderContext, field: Field) -> str:
    label = field.label.get(context.lang)
    if field.unit is not None:
        unit = field.unit.get(context.lang)
        return f"{label}（{unit}）" if context.lang == "zh" else f"{label} ({unit})"
    return label


def shown_value(context: RenderContext, field: Field, value: Value) -> str:
    """The printed value; an empty one as the pack's blank ("—" or "无"), never an empty cell."""
    if is_empty(value):
        return context.pack.blank_for(field).get(context.lang)
    if field.identifier:
        return str(value)  # digits kept exactly as typed (学校标识码, phone numbers)
    return display(field, value, context.pack, context.lang)


def category_values(context: RenderContext, category: Category) -> dict[str, Value]:
    """Relevant input values plus relevant derived values, in the category's field order."""
    values = context.submission.values
    own: Mapping[str, Value] = values.get(category.key, {})
    try:
        derived = compute_derived(context.pack, category.key, values)
    except (ArithmeticError, ValueError, KeyError, TypeError):
        derived = {}  # a broken formula must not stop the export; the field prints empty
    result: dict[str, Value] = {}
    for field in category.fields:
        if field.is_input and field.key in own:
            result[field.key] = own[field.key]
        elif not field.is_input and _relevant(context, category, field):
            result[field.key] = derived.get(field.key, own.get(field.key))
    return result


def _relevant(context: RenderContext, category: Category, field: Field) -> bool:
    try:
        return is_relevant(context.pack, category, field, context.submission.values)
    except (ArithmeticError, ValueError, KeyError, TypeError):
        return True


def category_flowables(context: RenderContext, category: Category) -> list[Flowable]:
    """The category under its pack number ("4. 教育教学", as in the window and the workbook)."""
    styles = context.styles
    title = category.numbered_label(context.lang)
    story: list[Flowable] = [CondPageBreak(60), context.para(title, styles.heading1)]
    values = category_values(context, category)
    if not values:
        story.append(context.para(context.tr("category.not_applicable"), styles.cell))
    sections = {s.key: s for s in category.sections}
    current: object = object()
    pending: list[Field] = []
    sub_number = 0
    for field in category.fields:
        if field.key not in values:
            continue
        if field.section != current:
            story += _field_table(context, pending, values)
            pending = []
            current = field.section
            if field.section in sections:
                sub_number += 1
                heading = f"（{chinese_number(sub_number)}）{sections[field.section].label.get(context.lang)}"
                story.append(context.para(heading, styles.heading2))
        if field.type is FieldType.TABLE:
            story += _field_table(context, pending, values)
            pending = []
            grid, orientation = _table_grid(context, category, field, values[field.key] or [])
            story = _on_landscape(story, grid) if orientation == LANDSCAPE else story + grid
        else:
            pending.append(field)
    story += _field_table(context, pending, values)
    story += issue_flowables(context, category)
    return story


def _on_landscape(story: list[Flowable], grid: list[Flowable]) -> list[Flowable]:
    """The grid on landscape pages of its own; the headings just above it go along with it."""
    cut = len(story)
    while cut and (isinstance(story[cut - 1], CondPageBreak) or _is_heading(story[cut - 1])):
        cut -= 1
    return [*story[:cut], NextPageTemplate(LANDSCAPE), PageBreak(), *story[cut:], *grid,
            NextPageTemplate(PORTRAIT), PageBreak()]  # fmt: skip


def join_page_breaks(story: list[Flowable]) -> list[Flowable]:
    """Where one landscape table follows another, or a category begins with one, the switch back to
    portrait and the switch to landscape would meet and leave a blank page: keep only the last."""
    result: list[Flowable] = []
    for flowable in story:
        if isinstance(flowable, PageBreak) and len(result) >= 3 and isinstance(result[-1], NextPageTemplate) \
                and isinstance(result[-2], PageBreak) and isinstance(result[-3], NextPageTemplate):  # fmt: skip
            del result[-3:-1]
        result.append(flowable)
    return result


def _is_heading(flowable: Flowable) -> bool:
    return isinstance(flowable, Paragraph) and bool(flowable.getKeepWithNext())


def _field_table(context: RenderContext, fields: list[Field], values: Mapping[str, Value]) -> list[Flowable]:
    """Label | value rows; a long text gets the full width under its label."""
    if not fields:
        return []
    styles = context.styles
    rows: list[list[Any]] = []
    spans: list[int] = []
    for field in fields:
        text = shown_value(context, field, values.get(field.key))
        label = context.cell(field_label(context, field), styles.cell)
        if field.type is FieldType.LONGTEXT:
            spans += [len(rows), len(rows) + 1]
            rows += [[label, ""], [context.para(text, styles.cell), ""]]
            continue
        style = styles.cell_right if field.type in _NUMERIC else styles.cell
        rows.append([label, context.cell(text, style)])
    width = frame_width(PORTRAIT)
    # A few rows are not worth splitting: one stranded on the next page reads as a separate table.
    table = ruled_table(rows, [width * 0.42, width * 0.58], header=False, font=styles.cell.fontName,
                        whole=len(rows) <= SHORT_TABLE)  # fmt: skip
    table.setStyle([("SPAN", (0, row), (1, row)) for row in spans])
    return [table]


def _table_grid(context: RenderContext, category: Category, field: Field,
                rows: list[dict[str, Any]]) -> tuple[list[Flowable], str]:  # fmt: skip
    """The table's caption and grid, and the orientation the grid needs."""
    styles = context.styles
    story: list[Flowable] = [context.para(field_label(context, field), styles.caption)]
    if not rows:
        story.append(context.para(context.pack.blank_for(field).get(context.lang), styles.cell))
        return story, PORTRAIT
    columns = list(field.columns)
    header = [context.tr("table.number"), *(field_label(context, c) for c in columns)]
    body = [[str(i), *(_cell_text(context, category, field, c, row, i) for c in columns)]
            for i, row in enumerate(rows, start=1)]  # fmt: skip
    kinds = [True, *(c.type not in _NO_WRAP for c in columns)]
    texts = [[CellText(header[j], True)] + [CellText(r[j], kinds[j]) for r in body]
             for j in range(len(header))]  # fmt: skip
    widths, orientation = column_widths(texts, styles.cell.fontName, styles.cell.fontSize)
    aligns = [styles.cell_center, *(styles.cell_right if c.type in _NUMERIC else styles.cell
                                    for c in columns)]  # fmt: skip
    grid = [[context.cell(h, styles.header_cell) for h in header]]
    grid += [[context.cell(text, aligns[j]) for j, text in enumerate(r)] for r in body]
    table = ruled_table(grid, widths, header=True, font=styles.cell.fontName)
    return [*story, table], orientation


def _cell_text(context: RenderContext, category: Category, table: Field, column: Field,
               row: Mapping[str, Any], index: int) -> str:  # fmt: skip
    value = row.get(column.key)
    if column.type is FieldType.IMAGE and not is_empty(value):
        figure = context.figure((category.key, table.key, index, column.key))
        if figure is not None:
            return context.tr("table.see_figure", number=figure.number)
    return shown_value(context, column, value)


def issue_flowables(context: RenderContext, category: Category) -> list[Flowable]:
    """Each check result of the category, a warning with its 说明 (or a note that it is missing)."""
    issues = [i for i in context.issues if getattr(i, "category", None) == category.key]
    if not issues:
        return []
    styles = context.styles
    notes = context.submission.explanations.get(category.key, {})
    story: list[Flowable] = []
    heading = [context.para(context.tr("checks.title"), styles.caption)]
    for issue in issues:
        error = str(getattr(issue, "severity", "")) == "error"
        kind = context.tr("checks.error") if error else context.tr("checks.warning")
        where = _where(context, category, issue)
        lines = [context.para(f"【{kind}】{where}{issue.text(context.lang)}", styles.note)]
        if not error:
            note = notes.get(issue.rule_id) or getattr(issue, "explanation", "") or ""
            shown = note.strip() or context.tr("checks.no_note")
            lines.append(context.para(context.tr("checks.note") + shown, styles.note))
        story.append(KeepTogether(heading + lines))  # a warning never parts from its 说明
        heading = []
    return story


def _where(context: RenderContext, category: Category, issue: Any) -> str:
    # Messages of field checks already name the field (and row); a pack rule's message may not.
    key = getattr(issue, "field", None)
    if getattr(issue, "code", "rule") != "rule" or not key or not category.has_field(key):
        return ""
    return f"[{category.field(key).label.get(context.lang)}] "
