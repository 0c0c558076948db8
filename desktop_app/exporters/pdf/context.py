"""What every part of one PDF export shares: the submission, the fonts, the styles, safe paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from desktop_app.domain.figures import Figure
from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission
from desktop_app.exporters.pdf.cells import HangingParagraph, TextCell, teach_line_breaking
from desktop_app.exporters.pdf.fonts import FontSet, LoadedFont, Role
from desktop_app.exporters.pdf.markup import Coverage, plain_for_canvas, text_markup
from desktop_app.exporters.pdf.words import PDF_WORDS

# 字号 in points (conventions §1.1): 2号 22, 3号 16, 4号 14, 小四 12, 五号 10.5.
SIZE_2, SIZE_3, SIZE_4, SIZE_S4, SIZE_5 = 22.0, 16.0, 14.0, 12.0, 10.5


@dataclass
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading1: ParagraphStyle  # 一、 黑体
    heading2: ParagraphStyle  # （一） 楷体
    caption: ParagraphStyle  # a table's name above its grid
    cell: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    header_cell: ParagraphStyle
    note: ParagraphStyle
    authority: ParagraphStyle
    unit: ParagraphStyle  # 填报单位（盖章）：… above the title block's grid


def build_styles(fonts: FontSet) -> Styles:
    teach_line_breaking()
    hei, kai, fang, title = (fonts.font(r).name for r in (Role.HEI, Role.KAI, Role.FANG, Role.TITLE))

    def style(name: str, font: str, size: float, **extra: Any) -> ParagraphStyle:
        # wordWrap="CJK" lets Chinese break between any two characters, as Word does.
        options: dict[str, Any] = {"leading": size * 1.35, "wordWrap": "CJK"}
        options.update(extra)
        return ParagraphStyle(name, fontName=font, fontSize=size, **options)

    cell = style("cell", fang, SIZE_S4, alignment=TA_LEFT)
    return Styles(
        title=style("title", title, SIZE_2, alignment=TA_CENTER, spaceAfter=4),
        subtitle=style("subtitle", fang, SIZE_3, alignment=TA_CENTER, spaceAfter=10),
        heading1=style("h1", hei, SIZE_3, spaceBefore=14, spaceAfter=6, keepWithNext=1),
        heading2=style("h2", kai, SIZE_4, spaceBefore=8, spaceAfter=4, keepWithNext=1),
        caption=style("caption", kai, SIZE_S4, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        cell=cell,
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        header_cell=style("header_cell", hei, SIZE_5, alignment=TA_CENTER),
        note=style("note", fang, SIZE_5, spaceBefore=2, spaceAfter=2),
        authority=style("authority", fang, SIZE_5, alignment=TA_RIGHT, leading=SIZE_5 * 1.4),
        # Room above and below for the seal, which half covers the unit's name (as on the bureau's forms).
        unit=style("unit", fang, SIZE_S4, spaceBefore=6, spaceAfter=10),
    )


@dataclass
class RenderContext:
    pack: FormPack
    submission: Submission
    issues: Sequence[Any]
    lang: str
    fonts: FontSet
    styles: Styles
    coverage: Coverage = field(default_factory=Coverage)
    short_fingerprint: str = ""
    figures: list[Figure] = field(default_factory=list)  # the photos, numbered as the workbook numbers them
    paper_code: str = ""  # the QR code's text (domain.paper) of a submitted revision; "" for a draft

    def figure(self, key: tuple[str, str, int, str]) -> Figure | None:
        return next((f for f in self.figures if f.key == key), None)

    def para(self, text: str, style: ParagraphStyle, *, prefix: str = "") -> Paragraph:
        """A Paragraph of user (or pack) text: always escaped; `prefix` is trusted markup."""
        primary = self._font_named(style.fontName)
        return HangingParagraph(prefix + text_markup(text, primary, self.fonts, self.coverage), style)

    def cell(self, text: str, style: ParagraphStyle) -> Paragraph | TextCell:
        """A table cell: drawn directly when it fits on one line, else a wrapping Paragraph."""
        if "\n" in text or len(text) > 120:
            return self.para(text, style)
        primary = self._font_named(style.fontName)
        runs = plain_for_canvas(text, primary, self.fonts, self.coverage)
        return TextCell(runs, style, lambda: self.para(text, style))

    def _font_named(self, name: str) -> LoadedFont:
        for font in self.fonts.used():
            if font.name == name:
                return font
        raise KeyError(name)

    @property
    def period_text(self) -> str:
        return self.submission.reporting_period.name(self.lang)

    def tr(self, key: str, /, **values: object) -> str:
        """The PDF's word `key` (exporters/pdf/words.py) in the document's language, filled with `values`."""
        return PDF_WORDS.text(key, self.lang, **values)
