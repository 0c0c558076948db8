"""A scanned file's pages as images for the paper check (bureau/paper.py): QtPdf rasterises a PDF, an
image file is read as it is. Used by the bureau window and by `school-report bureau verify-paper`
(which has no window: an offscreen QGuiApplication is made for QtPdf when there is none).
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.bureau.paper import PageImage, ScanRefused, image_pages
from desktop_app.exporters.pdf.template import CREATOR
from desktop_app.ui.i18n import tr

DPI = 200  # what the paper check reads a PDF page at: the code's smallest modules are ~2.5 pixels
MAX_PAGES = 50  # a scan of one submission's paper; more is not a scan of one paper


def ensure_gui_application() -> None:
    """QtPdf renders only inside a QGuiApplication: make an offscreen one when none runs (the CLI)."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is None:
        global _APP
        _APP = QGuiApplication(["school-report", "-platform", "offscreen"])


_APP: object = None


def pdf_pages(path: str | Path, dpi: int = DPI) -> list[PageImage]:
    """Every page of a scanned PDF as a grey image; refuses a PDF this program made (not a scan)."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QImage
    from PySide6.QtPdf import QPdfDocument

    ensure_gui_application()
    document = QPdfDocument()
    try:
        error = document.load(str(path))
        if error != QPdfDocument.Error.None_ or document.pageCount() < 1:
            raise ScanRefused("unreadable", detail=str(getattr(error, "name", error)))
        creator = str(document.metaData(QPdfDocument.MetaDataField.Creator) or "")
        if creator.strip() == CREATOR:
            raise ScanRefused("not_a_scan")
        if document.pageCount() > MAX_PAGES:
            raise ScanRefused("unreadable", detail=tr("paper.pages", count=document.pageCount()))
        pages = []
        for index in range(document.pageCount()):
            points = document.pagePointSize(index)
            size = QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72)))
            image = document.render(index, size).convertToFormat(QImage.Format.Format_Grayscale8)
            if image.isNull():
                raise ScanRefused("unreadable", detail=f"page {index + 1}")
            pages.append(PageImage(index + 1, image))
        return pages
    finally:
        document.close()


def scan_pages(path: str | Path) -> list[PageImage]:
    """The pages of a scan: a PDF through QtPdf, anything else as an image file."""
    target = Path(path)
    if not target.is_file():
        raise ScanRefused("missing")
    with open(target, "rb") as handle:
        head = handle.read(5)
    if head == b"%PDF-":
        return pdf_pages(target)
    return image_pages(target)
