"""Page templates: the GB/T 9704 type area, running header, page number, foot line, draft watermark.

Portrait A4 with 天头 37 mm, 订口 28 mm, right 26 mm, bottom 35 mm (a 156 × 225 mm type area). The page
number is "— N —" in 4号 宋体, 7 mm below the type area: odd pages flush right less one character,
even pages flush left plus one character (GB/T 9704 7.5).

Wide tables go on landscape pages (a landscape media box, so viewers show them upright). Such a page
is the portrait sheet turned clockwise, the table's head towards the 订口 of an odd page (GB/T 9704
§8): landscape top = portrait left, landscape left = portrait bottom. Its margins are the portrait
ones turned with it, and its page number is drawn in portrait terms (rotated, along the landscape
page's left edge) so that on the printed, bound sheet it sits exactly where every other page has it.
The running header and the foot line belong to the content and stay upright with the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from desktop_app.exporters.pdf.context import SIZE_4, SIZE_5, RenderContext
from desktop_app.exporters.pdf.fonts import Role
from desktop_app.exporters.pdf.markup import plain_for_canvas

PORTRAIT = "portrait"
LANDSCAPE = "landscape"
CREATOR = "学校工作报送"  # the Creator of every PDF this program makes; the paper check refuses such a file
HEADER_MIN = 6.5  # points (小六): the smallest the running header's school name is set in


@dataclass(frozen=True)
class Margins:
    top: float
    left: float
    right: float
    bottom: float


PORTRAIT_MARGINS = Margins(top=37 * mm, left=28 * mm, right=26 * mm, bottom=35 * mm)
# Portrait left (订口) → top, bottom → left, top (天头) → right, right → bottom.
LANDSCAPE_MARGINS = Margins(top=28 * mm, left=35 * mm, right=37 * mm, bottom=26 * mm)


def frame_width(orientation: str) -> float:
    page, margins = _geometry(orientation)
    return page[0] - margins.left - margins.right


def _geometry(orientation: str) -> tuple[tuple[float, float], Margins]:
    if orientation == LANDSCAPE:
        return landscape(A4), LANDSCAPE_MARGINS
    return A4, PORTRAIT_MARGINS


class PageDecorations:
    """Draws everything that repeats on each page, from the export's context."""

    def __init__(self, context: RenderContext, foot_line: str | None = None) -> None:
        self.context = context
        submission = context.submission
        self.header_left = submission.school_name
        self.header_right = context.period_text
        if foot_line is not None:
            self.foot_line = foot_line  # e.g. the bureau's summary prints its own
        elif submission.is_draft:
            self.foot_line = context.tr("page.foot_draft", revision=submission.revision)
        else:
            self.foot_line = context.tr(
                "page.foot", revision=submission.revision, fingerprint=context.short_fingerprint
            )

    def __call__(self, canvas: Any, doc: Any) -> None:
        page_size = (canvas._pagesize[0], canvas._pagesize[1])
        margins = LANDSCAPE_MARGINS if page_size[0] > page_size[1] else PORTRAIT_MARGINS
        canvas.saveState()
        self._header(canvas, page_size, margins)
        if page_size[0] > page_size[1]:
            canvas.saveState()
            # Portrait coordinates on the turned sheet: portrait (x, y) → landscape (y, height − x).
            canvas.translate(0, page_size[1])
            canvas.rotate(-90)
            self._page_number(canvas, doc.page, (page_size[1], page_size[0]), PORTRAIT_MARGINS)
            self._paper_code(canvas, doc.page, (page_size[1], page_size[0]))
            canvas.restoreState()
        else:
            self._page_number(canvas, doc.page, page_size, margins)
            self._paper_code(canvas, doc.page, page_size)
        self._foot_line(canvas, page_size)
        if self.context.submission.is_draft:
            self._watermark(canvas, page_size)
        canvas.restoreState()

    def _runs(self, text: str, role: Role) -> list[tuple[str, str]]:
        fonts = self.context.fonts
        return plain_for_canvas(text, fonts.font(role), fonts, self.context.coverage)

    def _draw(self, canvas: Any, x: float, y: float, text: str, role: Role, size: float,
              align: str = "left") -> None:  # fmt: skip
        runs = self._runs(text, role)
        width = sum(stringWidth(run, name, size) for name, run in runs)
        if align == "right":
            x -= width
        elif align == "center":
            x -= width / 2
        for name, run in runs:
            canvas.setFont(name, size)
            canvas.drawString(x, y, run)
            x += stringWidth(run, name, size)

    def _width(self, text: str, role: Role, size: float) -> float:
        return float(sum(stringWidth(run, name, size) for name, run in self._runs(text, role)))

    def fit_header(self, room: float) -> tuple[str, float]:
        """The school's name and the size it is set in beside the period: smaller when long, down to
        HEADER_MIN, and shortened with "…" only past that (the cover always gives it whole)."""
        room -= self._width(self.header_right, Role.SONG, SIZE_5) + SIZE_5  # one character apart
        text, size = self.header_left, SIZE_5
        width = self._width(text, Role.SONG, size)
        if width > room:
            size = max(HEADER_MIN, size * room / width)
        while len(text) > 1 and self._width(text, Role.SONG, size) > room:
            text = text[:-2] + "…"
        return text, size

    def _header(self, canvas: Any, page: tuple[float, float], margins: Margins) -> None:
        left, right = margins.left, page[0] - margins.right
        y = page[1] - margins.top + 6 * mm
        text, size = self.fit_header(right - left)
        self._draw(canvas, left, y, text, Role.SONG, size)
        self._draw(canvas, right, y, self.header_right, Role.SONG, SIZE_5, align="right")
        canvas.setLineWidth(0.5)
        canvas.line(left, y - 2 * mm, right, y - 2 * mm)

    def _page_number(self, canvas: Any, number: int, page: tuple[float, float],
                     margins: Margins) -> None:  # fmt: skip
        # The 一字线 sits 7 mm below the type area; the baseline is a little lower.
        y = margins.bottom - 7 * mm - SIZE_4 * 0.4
        text = f"— {number} —"
        if number % 2:
            self._draw(canvas, page[0] - margins.right - SIZE_4, y, text, Role.SONG, SIZE_4, "right")
        else:
            self._draw(canvas, margins.left + SIZE_4, y, text, Role.SONG, SIZE_4)

    def _paper_code(self, canvas: Any, number: int, page: tuple[float, float]) -> None:
        """The small QR code in the foot, opposite the page number (portrait terms, like the number):
        at the 订口 side of an odd page, the outer side of an even one; a draft has none."""
        text = self.context.paper_code
        if not text:
            return
        from desktop_app.exporters.pdf.qr import FOOT_SIZE, draw_qr

        margins = PORTRAIT_MARGINS
        x = margins.left - 4 * mm if number % 2 else page[0] - margins.right - FOOT_SIZE + 4 * mm
        draw_qr(canvas, text, x, 6 * mm, FOOT_SIZE)

    def _foot_line(self, canvas: Any, page: tuple[float, float]) -> None:
        self._draw(canvas, page[0] / 2, 10 * mm, self.foot_line, Role.SONG, 9, align="center")

    def _watermark(self, canvas: Any, page: tuple[float, float]) -> None:
        canvas.setFillColorRGB(0.55, 0.55, 0.55)
        canvas.setFillAlpha(0.28)  # visible over tables without hiding the figures
        canvas.translate(page[0] / 2, page[1] / 2)
        canvas.rotate(45)
        label = self.context.tr("page.draft")
        self._draw(canvas, 0, -50, label, Role.HEI, 140, align="center")


def build_doc(buffer: Any, context: RenderContext, foot_line: str | None = None) -> BaseDocTemplate:
    """The document with portrait and landscape templates; `foot_line` replaces 第N版 校验码 …"""
    from desktop_app.exporters.pdf.keep import install

    decorations = PageDecorations(context, foot_line)
    templates = []
    for orientation in (PORTRAIT, LANDSCAPE):
        page, margins = _geometry(orientation)
        frame = Frame(
            margins.left, margins.bottom, page[0] - margins.left - margins.right,
            page[1] - margins.top - margins.bottom, leftPadding=0, rightPadding=0,
            topPadding=0, bottomPadding=0, id=orientation,
        )  # fmt: skip
        templates.append(PageTemplate(id=orientation, frames=[frame], pagesize=page, onPageEnd=decorations))
    submission = context.submission
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=f"{submission.school_name} {context.period_text}",
        author=submission.school_name,
        subject=context.pack.title.get(context.lang),
        creator=CREATOR,
        invariant=1,  # same input, same bytes: no creation date or random document id
        # Otherwise every page references Helvetica, a font that is not embedded.
        initialFontName=context.fonts.font(Role.FANG).name,
    )
    doc.addPageTemplates(templates)
    install(doc)  # headings keep with a table's first rows, not the whole table
    return doc
