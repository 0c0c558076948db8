"""The 汇总 as a PDF in the official layout of the schools' submissions (GB/T 9704 page, fonts and
ruled tables of desktop_app.exporters.pdf): 报送情况 with the missing schools' contacts, totals by
category (ratios with their parts, named schools), the breakdowns by 镇街 and by school type, the policy
targets, data quality and the call-back list."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path
from typing import Any

from desktop_app.bureau.completeness import RECEIVED, REJECTED
from desktop_app.bureau.consolidate import consolidation_json
from desktop_app.bureau.figures import breakdown_rows, figure_text, incomplete_text, named_lists, reported_fields
from desktop_app.bureau.report import BureauReport
from desktop_app.bureau.summary_pdf_sections import chinese_number, heading, quality_section, targets_section
from desktop_app.bureau.words import tr
from desktop_app.domain.periods import official_date
from desktop_app.domain.submission import Status, Submission, short_fingerprint
from desktop_app.exporters.atomic import write_atomic


def _context(report: BureauReport, lang: str) -> Any:
    from desktop_app.exporters.pdf.context import RenderContext, build_styles
    from desktop_app.exporters.pdf.fonts import Role, font_set

    fonts = font_set()
    for role in Role:
        fonts.font(role)
    pack = report.pack
    # The page furniture of the submissions' template reads a Submission: the bureau is the "school".
    bureau = Submission(pack.id, pack.version, report.period, "", pack.authority.get(lang), 1,
                        Status.SUBMITTED, {})  # fmt: skip
    digest = hashlib.sha256(json.dumps(consolidation_json(report.consolidation), sort_keys=True).encode()).hexdigest()
    return RenderContext(pack=pack, submission=bureau, issues=[], lang=lang, fonts=fonts,
                         styles=build_styles(fonts), short_fingerprint=short_fingerprint(digest))  # fmt: skip


def _table(context: Any, rows: list[list[str]], wraps: list[bool]) -> Any:
    """A ruled table sized by its content (the submissions' own rules): numbers never wrap."""
    from desktop_app.exporters.pdf.context import SIZE_S4
    from desktop_app.exporters.pdf.grid import CellText, column_widths, ruled_table

    styles = context.styles
    columns = [[CellText(row[i], wraps[i]) for row in rows] for i in range(len(rows[0]))]
    widths, _orientation = column_widths(columns, styles.cell.fontName, SIZE_S4)
    cells = [[context.cell(text, styles.header_cell) for text in rows[0]]]
    for row in rows[1:]:
        cells.append([context.cell(text, styles.cell) for text in row])
    return ruled_table(cells, widths, header=True, font=styles.cell.fontName)


def _breakdown_table(context: Any, rows: list[list[str]]) -> Any:
    """Figures by 镇街 on a landscape page: a fixed label column, the groups sharing the rest, 五号 type."""
    from desktop_app.exporters.pdf.grid import ruled_table
    from desktop_app.exporters.pdf.template import LANDSCAPE, frame_width

    styles, width = context.styles, frame_width(LANDSCAPE)
    label, share = 0.2, 0.8 / (len(rows[0]) - 1)
    cells = [[context.cell(text, styles.header_cell) for text in rows[0]]]
    for row in rows[1:]:
        cells.append([context.cell(row[0], styles.note), *(context.cell(t, styles.note) for t in row[1:])])
    widths = [width * label, *([width * share] * (len(rows[0]) - 1))]
    return ruled_table(cells, widths, header=True, font=styles.cell.fontName)


def render_summary_pdf(report: BureauReport, lang: str = "zh") -> bytes:
    from reportlab.platypus import NextPageTemplate, PageBreak

    from desktop_app.exporters.pdf.template import LANDSCAPE, PORTRAIT, build_doc

    context = _context(report, lang)
    styles, pack, district = context.styles, report.pack, report.consolidation.district
    story: list[Any] = [
        context.para(tr(lang, "summary.authority", authority=pack.authority.get(lang)), styles.authority),
        context.para(tr(lang, "summary.title", title=pack.title.get(lang)), styles.title),
        context.para(
            tr(lang, "summary.subtitle", period=report.period_label, schools=district.schools), styles.subtitle
        ),
    ]
    story += _completeness(context, report)
    story.append(heading(context, 2, "summary.totals"))
    current = None
    number = 0
    rows: list[list[str]] = []
    named: list[str] = []
    for category, item in reported_fields(pack, report.period):
        if category.key != current:
            story += _flush(context, rows, named)
            rows, named = [[tr(lang, "summary.col.item"), tr(lang, "summary.totals.col.total")]], []
            current = category.key
            number += 1
            story.append(context.para(f"（{chinese_number(number)}）{category.label.get(lang)}", styles.heading2))
        entry = district.get(category.key, item.key)
        rows.append([item.label.get(lang), figure_text(pack, item, entry, lang) or "—"])
        for answer, names in named_lists(pack, item, entry, lang):
            named.append(tr(lang, "summary.named.answer", item=item.label.get(lang), answer=answer, count=len(names),
                            names="、".join(names)))  # fmt: skip
        blank = incomplete_text(pack, item, entry, lang)
        if blank:
            named.append(tr(lang, "summary.named.blank", item=item.label.get(lang), count=len(blank),
                            names="；".join(blank)))  # fmt: skip
    story += _flush(context, rows, named)
    section = 3
    for groups, list_key, title in (
        (report.consolidation.by_town, "town", "summary.by_town"),
        (report.consolidation.by_type, "school_type", "summary.by_type"),
    ):
        breakdown = breakdown_rows(pack, report.period, groups, lang)
        if breakdown and groups:
            story += [NextPageTemplate(LANDSCAPE), PageBreak()]
            story.append(heading(context, section, title))
            head = [tr(lang, "summary.col.item"), *(report.choice_label(list_key, g, lang) for g in groups)]
            story.append(_breakdown_table(context, [head, *breakdown]))
            story += [NextPageTemplate(PORTRAIT), PageBreak()]
            section += 1
    story += [NextPageTemplate(LANDSCAPE), PageBreak(), *targets_section(context, report, section)]
    story += quality_section(context, report, section + 1)
    story += [NextPageTemplate(PORTRAIT), PageBreak(), *_call_backs(context, report, section + 2)]
    day = official_date(report.generated_at.date())
    story.append(context.para(tr(lang, "summary.prepared_on", date=day), styles.authority))
    # Not a school's 第N版 校验码: the foot says whose summary it is and fingerprints the consolidation.
    foot = tr(lang, "summary.foot", fingerprint=context.short_fingerprint)
    buffer = io.BytesIO()
    build_doc(buffer, context, foot_line=foot).build(story)
    return buffer.getvalue()


def _flush(context: Any, rows: list[list[str]], named: list[str]) -> list[Any]:
    if len(rows) <= 1:
        return []
    flowables = [_table(context, rows, [True, True])]
    flowables += [context.para(text, context.styles.note) for text in named]
    return flowables


def _completeness(context: Any, report: BureauReport) -> list[Any]:
    styles, result, lang = context.styles, report.completeness, context.lang
    counts = result.counts()
    story = [
        heading(context, 1, "summary.returns"),
        context.para(tr(lang, "summary.returns.counts", schools=len(result.rows), received=counts[RECEIVED],
                        rejected=counts[REJECTED], missing=counts["missing"]), styles.note),
    ]  # fmt: skip
    rows = [[tr(lang, f"summary.col.{column}") for column in ("school", "town", "state", "contact", "phone")]]
    for row in result.rows:
        states = [cell for cell in row.cells.values() if cell.state != "n/a"]
        if row.complete:
            revision = max((cell.revision or 0) for cell in states) if states else 0
            state = tr(lang, "summary.returns.complete", revision=revision)
        elif any(cell.state == REJECTED for cell in states):
            reason = next(cell.reason for cell in states if cell.state == REJECTED)
            state = tr(lang, "summary.returns.rejected", reason=reason)
        else:
            state = tr(lang, "summary.returns.missing")
        rows.append([row.school.name, report.choice_label("town", row.school.town, context.lang), state,
                     row.school.contact, row.school.phone])  # fmt: skip
    story.append(_table(context, rows, [True, True, True, False, False]))
    return story


def _call_backs(context: Any, report: BureauReport, section: int = 4) -> list[Any]:
    styles, lang = context.styles, context.lang
    story = [heading(context, section, "summary.call_backs")]
    if not report.call_backs:
        return [*story, context.para(tr(lang, "summary.none"), styles.note)]
    rows = [[tr(lang, key) for key in ("summary.col.school", "summary.call_backs.issue", "summary.col.note",
                                       "summary.col.phone")]]  # fmt: skip
    for item in report.call_backs:
        message = item.message(lang)
        rows.append([item.school_name, message, item.explanation, item.phone])
    story.append(_table(context, rows, [True, True, True, False]))
    return story


def write_summary_pdf(report: BureauReport, path: Path, lang: str = "zh") -> Path:
    return write_atomic(path, render_summary_pdf(report, lang))
