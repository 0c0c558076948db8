"""A table cell that draws one line of text directly, and becomes a Paragraph only when it must wrap.

Most cells of a submission are short (a number, a name, a date). Parsing and wrapping each as a
Paragraph was most of the build time; drawing the text runs straight onto the canvas is many times
cheaper. The text is never parsed as markup here, and the Paragraph made for wrapping is built from
escaped markup, so user text stays literal either way.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Paragraph


class TextCell(Flowable):  # type: ignore[misc]
    def __init__(self, runs: list[tuple[str, str]], style: ParagraphStyle,
                 make_paragraph: Callable[[], Paragraph]) -> None:  # fmt: skip
        super().__init__()
        self.runs = runs
        self.style = style
        self._make_paragraph = make_paragraph
        self._paragraph: Paragraph | None = None
        self.text_width = sum(stringWidth(text, font, style.fontSize) for font, text in runs)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.text_width <= avail_width:
            self._paragraph = None
            self.width, self.height = avail_width, self.style.leading
            return avail_width, self.style.leading
        if self._paragraph is None:
            self._paragraph = self._make_paragraph()
        self.width, self.height = self._paragraph.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        return []  # a cell never splits; the table splits between rows

    def draw(self) -> None:
        if self._paragraph is not None:
            self._paragraph.drawOn(self.canv, 0, 0)
            return
        size = self.style.fontSize
        x = 0.0
        if self.style.alignment == TA_RIGHT:
            x = self.width - self.text_width
        elif self.style.alignment == TA_CENTER:
            x = (self.width - self.text_width) / 2
        baseline = self.height - size  # where Paragraph puts its first baseline
        for font, text in self.runs:
            self.canv.setFont(font, size)
            self.canv.drawString(x, baseline, text)
            x += stringWidth(text, font, size)


class HangingParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph whose hanging punctuation stays inside its width.

    reportlab's CJK wrapping hangs a mark that must not begin a line (）。，) past the right edge of
    the line before; in a table cell its ink then crosses the rule. When a line hangs, the paragraph
    is wrapped again half an em narrower: full-width marks carry their ink in their first half.
    """

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        width, height = super().wrap(avail_width, avail_height)
        lines = getattr(getattr(self, "blPara", None), "lines", None) or []
        if any(_extra_space(line) < -0.01 for line in lines):
            width, height = super().wrap(avail_width - self.style.fontSize / 2, avail_height)
        return width, height


def _extra_space(line: Any) -> float:
    # Simple paragraphs keep (extraSpace, words) tuples; mixed-font ones keep line objects.
    return float(line[0] if isinstance(line, tuple) else getattr(line, "extraSpace", 0))


# Chinese punctuation that must not begin a line (reportlab's list is Japanese-centred and lacks
# the full-width comma, semicolon, colon and closing quotes). Paragraph reads the module global.
CANNOT_START = "，；：！？”’）》」』】〕〗〙〛．"


def teach_line_breaking() -> None:
    from reportlab.platypus import paragraph

    missing = "".join(c for c in CANNOT_START if c not in paragraph.ALL_CANNOT_START)
    if missing:
        paragraph.ALL_CANNOT_START += missing
