"""The title block, the signature foot (《教育统计管理规定》第二十七条) and the photo appendix."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, KeepTogether, PageBreak, Spacer, Table

from desktop_app.domain.periods import official_date
from desktop_app.exporters.pdf.context import RenderContext
from desktop_app.exporters.pdf.grid import grid_style
from desktop_app.exporters.pdf.template import PORTRAIT, frame_width

PHOTO_MAX_HEIGHT = 95 * mm  # two photos with captions per page


def title_block(context: RenderContext, category_label: str | None) -> list[Flowable]:
    """制表机关, the title, the period, 填报单位（盖章）, and the submission's identity in a ruled grid.
    A submitted revision has its paper code (QR, docs/paper-code.md) in the grid's last column, beside
    the identity rows (the school's name still runs across the whole grid).

    The school's name has a row of its own across the grid (a 60-character name takes two lines);
    the last row is filled across when the pairs are odd, so no cell is left empty.
    """
    submission, styles, pack = context.submission, context.styles, context.pack
    authority = context.tr("cover.authority") + pack.authority.get(context.lang)
    subtitle = context.period_text + (f"　{category_label}" if category_label else "")
    if submission.is_draft:
        status = context.tr("cover.draft")
    else:
        day = submission.submitted_at.date() if submission.submitted_at else None
        shown = (day.isoformat() if context.lang == "en" else official_date(day)) if day else ""
        status = context.tr("cover.submitted") + (context.tr("cover.submitted_on", date=shown) if day else "")
    pairs = [
        (context.tr("cover.school_code"), submission.school_code),
        (context.tr("cover.period"), context.period_text),
        (context.tr("cover.pack_version"), submission.pack_version),
        (context.tr("cover.revision"), context.tr("cover.revision_value", revision=submission.revision)),
        (context.tr("cover.status"), status),
    ]
    if not submission.is_draft:
        pairs.append((context.tr("cover.fingerprint"), context.short_fingerprint))

    def label(text: str) -> Any:
        return context.cell(text, styles.header_cell)

    def value(text: str) -> Any:
        return context.cell(text, styles.cell)

    rows: list[list[Any]] = [[label(context.tr("cover.school")), value(submission.school_name), "", ""]]
    spans = [0]
    for i in range(0, len(pairs), 2):
        row: list[Any] = []
        for name, text in pairs[i : i + 2]:
            row += [label(name), value(text)]
        if len(row) == 2:
            spans.append(len(rows))
            row += ["", ""]
        rows.append(row)
    width = frame_width(PORTRAIT)
    if context.paper_code:
        table = _grid_with_code(context, rows, spans, width)
    else:
        table = Table(rows, colWidths=[width * f for f in (0.15, 0.35, 0.15, 0.35)], hAlign="LEFT")
        style = grid_style(header=False, font=styles.cell.fontName)
        for row_index in spans:
            style.add("SPAN", (1, row_index), (3, row_index))
        table.setStyle(style)
    unit = context.tr("cover.unit") + submission.school_name
    return [
        context.para(authority, styles.authority),
        Spacer(1, 4 * mm),
        context.para(pack.title.get(context.lang), styles.title),
        context.para(subtitle, styles.subtitle),
        context.para(unit, styles.unit),
        table,
    ]


def _grid_with_code(context: RenderContext, rows: list[list[Any]], spans: list[int], width: float) -> Table:
    """The identity grid with a fifth column holding the QR code across every row below the name."""
    from desktop_app.exporters.pdf.qr import COVER_SIZE, QrFlowable

    side = COVER_SIZE + 2 * mm
    rest = width - side
    rows = [[*row, ""] for row in rows]
    rows[1][4] = QrFlowable(context.paper_code, COVER_SIZE)
    widths = [*(rest * f for f in (0.165, 0.335, 0.165, 0.335)), side]  # 校验码 on one line
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = grid_style(header=False, font=context.styles.cell.fontName)
    for row_index in spans:
        style.add("SPAN", (1, row_index), (4 if row_index == 0 else 3, row_index))
    style.add("SPAN", (4, 1), (4, len(rows) - 1))
    style.add("ALIGN", (4, 1), (4, len(rows) - 1), "CENTER")
    style.add("VALIGN", (4, 1), (4, len(rows) - 1), "MIDDLE")
    table.setStyle(style)
    return table


def signature_foot(context: RenderContext) -> list[Flowable]:
    """单位负责人 / 统计负责人（审核人）/ 填表人 / 联系电话 / 报出日期, and the place for the seal."""
    people, styles = context.submission.signatories, context.styles

    def label(key: str) -> Any:
        return context.cell(context.tr(f"signatures.{key}"), styles.header_cell)

    def value(text: str) -> Any:
        return context.cell(text, styles.cell)

    reported = official_date(people.reported_on) if people.reported_on else context.tr("signatures.date_blank")
    rows: list[list[Any]] = [
        [label("head"), value(people.head), label("statistician"), value(people.statistician)],
        [label("preparer"), value(people.preparer), label("phone"), value(people.phone)],
        [label("reported_on"), value(reported), "", ""],
    ]  # fmt: skip
    if people.reviewer:
        on = official_date(people.reviewed_on) if people.reviewed_on else ""
        rows[2][2:] = [label("reviewer"), value(f"{people.reviewer}　{on}".strip())]
    rows.append([label("seal"), "", "", ""])
    width = frame_width(PORTRAIT)
    heights = [12 * mm] * (len(rows) - 1) + [42 * mm]
    table = Table(rows, colWidths=[width * f for f in (0.22, 0.26, 0.26, 0.26)],
                  rowHeights=heights, hAlign="LEFT")  # fmt: skip
    style = grid_style(header=False, font=styles.cell.fontName)
    style.add("SPAN", (1, len(rows) - 1), (3, len(rows) - 1))
    if not people.reviewer:
        style.add("SPAN", (1, 2), (3, 2))
    table.setStyle(style)
    heading = context.para(context.tr("signatures.title"), styles.caption)
    return [Spacer(1, 8 * mm), KeepTogether([heading, table])]


def photo_appendix(context: RenderContext) -> list[Flowable]:
    if not context.figures:
        return []
    styles = context.styles
    story: list[Flowable] = [PageBreak(), context.para(context.tr("photos.title"),
                                                      styles.heading1)]  # fmt: skip
    width = frame_width(PORTRAIT)
    for figure in context.figures:
        number, caption = figure.number, figure.caption
        data = context.submission.attachments.get(figure.digest)
        image = _image(data, width, PHOTO_MAX_HEIGHT) if data else None
        parts: list[Flowable] = []
        if image is None:
            parts.append(context.para(context.tr("photos.missing"),
                                      styles.cell_center))  # fmt: skip
        else:
            parts.append(image)
        parts.append(context.para(context.tr("photos.caption", number=number) + caption,
                                  styles.cell_center))  # fmt: skip
        story.append(KeepTogether([*parts, Spacer(1, 6 * mm)]))
    return story


def _image(data: bytes, max_width: float, max_height: float) -> Image | None:
    from reportlab.lib.utils import ImageReader

    try:
        reader = ImageReader(io.BytesIO(data))
        pixel_width, pixel_height = reader.getSize()
    except Exception:  # any undecodable upload: show a note instead of failing the export
        return None
    scale = min(max_width / pixel_width, max_height / pixel_height)
    return Image(io.BytesIO(data), width=pixel_width * scale, height=pixel_height * scale)
