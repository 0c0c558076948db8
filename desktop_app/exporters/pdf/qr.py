"""The paper code (domain.paper) as a QR code: a flowable for the cover, a stamp for each page foot.

reportlab draws the code itself (reportlab.graphics.barcode.qr). Error correction level M (15 %), so a
seal's edge, a fold or a speck of toner over the code still reads; a white quiet zone of four modules
around it, as the QR standard asks, so a scan finds it next to a table's lines.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm

LEVEL = "M"
QUIET = 4  # modules of white around the code
COVER_SIZE = 30 * mm  # beside the title block (with its quiet zone)
FOOT_SIZE = 17 * mm  # in the foot of every page


def qr_drawing(text: str, size: float) -> Drawing:
    """A square Drawing `size` wide: white ground, the code with its quiet zone, black modules."""
    widget = QrCodeWidget(text, barLevel=LEVEL, barBorder=QUIET, barWidth=size, barHeight=size,
                          barFillColor=colors.black, barStrokeWidth=0)
    drawing = Drawing(size, size)
    drawing.add(Rect(0, 0, size, size, fillColor=colors.white, strokeColor=None))
    drawing.add(widget)
    return drawing


def draw_qr(canvas: Any, text: str, x: float, y: float, size: float) -> None:
    """Stamp the code with its lower-left corner at (x, y) on the current page."""
    from reportlab.graphics import renderPDF

    renderPDF.draw(qr_drawing(text, size), canvas, x, y)
