"""The clerk's guide (使用说明) as a printable A4 PDF, from the same source the window shows
(resources/guide/guide.yaml): the title, the introduction, then each step with where it happens."""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer

from desktop_app.domain.guide import Guide
from desktop_app.exporters.pdf.cells import teach_line_breaking
from desktop_app.exporters.pdf.fonts import Role, font_set

NUMERALS = "一二三四五六七八九十"


def _number(index: int, lang: str) -> str:
    if lang == "en":
        return f"{index + 1}. "
    return (NUMERALS[index] if index < len(NUMERALS) else str(index + 1)) + "、"


def render_guide(guide: Guide, lang: str = "zh") -> bytes:
    teach_line_breaking()  # no line starts with ；or ）
    fonts = font_set()
    title_font, hei, kai, fang, song = (
        fonts.font(role).name for role in (Role.TITLE, Role.HEI, Role.KAI, Role.FANG, Role.SONG)
    )

    def style(name: str, font: str, size: float, **extra: Any) -> ParagraphStyle:
        return ParagraphStyle(name, fontName=font, fontSize=size, leading=size * 1.5, wordWrap="CJK", **extra)

    title = style("title", title_font, 22, alignment=TA_CENTER, spaceAfter=18)
    heading = style("heading", hei, 16, spaceBefore=12, spaceAfter=4)
    body = style("body", fang, 14, firstLineIndent=28 if lang != "en" else 0, spaceAfter=4)
    where = style("where", kai, 12, spaceAfter=6, textColor="#333333")
    story: list[Any] = [Paragraph(escape(guide.title.get(lang)), title), Paragraph(escape(guide.intro.get(lang)), body)]
    for index, step in enumerate(guide.steps):
        parts: list[Any] = [Paragraph(escape(_number(index, lang) + step.title.get(lang)), heading)]
        parts += [Paragraph(escape(paragraph), body) for paragraph in step.paragraphs(lang)]
        if step.link.get(lang):
            label = "在窗口中：" if lang != "en" else "In the window: "
            parts.append(Paragraph(escape(label + step.link.get(lang)), where))
        story.append(KeepTogether(parts))
    story.append(Spacer(1, 6 * mm))

    def page_number(canvas: Any, document: Any) -> None:
        canvas.saveState()
        canvas.setFont(song, 14)
        canvas.drawCentredString(A4[0] / 2, 20 * mm, f"— {document.page} —")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=37 * mm,
        bottomMargin=35 * mm,
        leftMargin=28 * mm,
        rightMargin=26 * mm,
        title=guide.title.get(lang),
        author="学校工作报送",
    )
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
