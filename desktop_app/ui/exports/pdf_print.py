"""Print a QPdfDocument through the system print dialog: each page rendered to the printer.

Pages are rendered as images at the printer's resolution (capped: 300 dpi is sharp on paper and
keeps an A4 page around 35 MB of memory at most) and centred in the printable area, keeping their
proportions, so a landscape page on portrait paper shrinks instead of being cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget

MAX_DPI = 300


def page_numbers(printer: QPrinter, count: int) -> list[int]:
    """0-based pages to print: the range chosen in the dialog, else all."""
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = printer.fromPage(), printer.toPage() or count
        return list(range(max(first, 1) - 1, min(last, count)))
    return list(range(count))


def print_pages(document: QPdfDocument, printer: QPrinter) -> int:
    """Render the chosen pages onto `printer`; returns how many were printed."""
    pages = page_numbers(printer, document.pageCount())
    if not pages:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        dpi = min(printer.resolution(), MAX_DPI)
        area = painter.viewport()
        for index, page in enumerate(pages):
            if index:
                printer.newPage()
            points = document.pagePointSize(page)
            pixels = QSize(round(points.width() * dpi / 72), round(points.height() * dpi / 72))
            image = document.render(page, pixels)
            target = QSize(pixels)
            target.scale(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            x = area.x() + (area.width() - target.width()) // 2
            y = area.y() + (area.height() - target.height()) // 2
            painter.drawImage(QRect(x, y, target.width(), target.height()), image)
    finally:
        painter.end()
    return len(pages)


def print_with_dialog(document: QPdfDocument, parent: QWidget) -> int:
    """The system print dialog, then the pages; 0 when the clerk cancels."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(document.pageCount(), 1))
    dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    return print_pages(document, printer)
