"""The paper code (domain.paper) as a QR code: a flowable for the cover, a stamp for each page foot.

reportlab's own QR encoder (reportlab.graphics.barcode.qrencoder) makes the matrix; the modules are
drawn as plain filled rectangles straight onto the page (no drawing renderer, so no font is pulled in).
Error correction level M (15 %), so a seal's edge, a fold or a speck of toner over the code still reads;
a white quiet zone of four modules around it, as the QR standard asks, so a scan finds it beside ruled
lines.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from reportlab.graphics.barcode import qrencoder
from reportlab.lib.units import mm
from reportlab.platypus import Flowable

QUIET = 4  # modules of white around the code
COVER_SIZE = 20 * mm  # in the cover's identity grid (with its quiet zone)
FOOT_SIZE = 17 * mm  # in the foot of every page


@lru_cache(maxsize=8)
def matrix(text: str) -> tuple[tuple[bool, ...], ...]:
    """The code's modules, row by row (True is dark), at error correction level M."""
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(text)
    code.make()
    count = code.getModuleCount()
    return tuple(tuple(bool(code.isDark(row, column)) for column in range(count)) for row in range(count))


def draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """Stamp the code (white ground, quiet zone, dark modules) with its lower-left corner at (x, y)."""
    modules = matrix(text)
    unit = size / (len(modules) + 2 * QUIET)
    canvas.saveState()
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(x, y, size, size, stroke=0, fill=1)
    canvas.setFillColorRGB(0, 0, 0)
    top = y + size - QUIET * unit
    for row, line in enumerate(modules):
        column = 0
        while column < len(line):  # one rectangle per run of dark modules in a row
            if not line[column]:
                column += 1
                continue
            start = column
            while column < len(line) and line[column]:
                column += 1
            canvas.rect(x + (QUIET + start) * unit, top - (row + 1) * unit, (column - start) * unit, unit,
                        stroke=0, fill=1)  # fmt: skip
    canvas.restoreState()


class QrFlowable(Flowable):  # type: ignore[misc]
    """The code as a square flowable `size` wide (for the cover's grid)."""

    def __init__(self, text: str, size: float) -> None:
        super().__init__()
        self.text, self.size = text, size
        self.width = self.height = size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.size, self.size

    def draw(self) -> None:
        draw_qr(self.canv, self.text, 0, 0, self.size)
