"""答复: the answers this revision gives to the bureau's questions (退回修改意见), after the categories.

One ruled table: 序号 | 项目 | 区教体局意见 | 修改情况 (from → to) | 答复. Only a submission carrying answers has it.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus import CondPageBreak, Flowable, Table

from desktop_app.domain.questions import describe_change, target_label, target_value
from desktop_app.domain.submission import canonical_values
from desktop_app.exporters.pdf.context import RenderContext
from desktop_app.exporters.pdf.grid import grid_style
from desktop_app.exporters.pdf.template import PORTRAIT, frame_width


def answers_section(context: RenderContext) -> list[Flowable]:
    submission, styles, pack = context.submission, context.styles, context.pack
    if not submission.answers:
        return []
    now = canonical_values(pack, submission.values)
    heads = [context.tr(f"answers.col.{name}") for name in ("number", "item", "question", "change", "reply")]
    rows: list[list[Any]] = [[context.cell(text, styles.header_cell) for text in heads]]
    for number, answer in enumerate(submission.answers, start=1):
        change = describe_change(pack, answer.target, answer.old, target_value(now, answer.target), context.lang)
        cells = [
            str(number),
            target_label(pack, answer.target, context.lang),
            answer.asked,
            change,
            answer.reply or context.tr("answers.no_reply"),
        ]
        rows.append(
            [context.cell(cells[0], styles.cell_center), *(context.para(text, styles.cell) for text in cells[1:])]
        )
    width = frame_width(PORTRAIT)
    table = Table(rows, colWidths=[width * f for f in (0.07, 0.19, 0.26, 0.22, 0.26)], repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_style(header=True, font=styles.cell.fontName))
    title = context.tr("answers.title", revisions=answer_revisions(context))
    return [CondPageBreak(60), context.para(title, styles.heading1), table]


def answer_revisions(context: RenderContext) -> str:
    found = sorted({answer.asked_revision for answer in context.submission.answers if answer.asked_revision})
    return "、".join(str(n) for n in found) if context.lang != "en" else ", ".join(str(n) for n in found)
