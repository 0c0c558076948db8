"""导出 PDF…: a preview window (QtPdf) with 打印, 另存为… and 用系统程序打开.

The PDF is rendered off the UI thread while a progress bar runs; characters that no font could
print are listed above the pages, so nothing vanishes silently. The window stays open beside the
main window: 重新生成 picks up edits made since.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from desktop_app.exporters.atomic import write_atomic
from desktop_app.ui.exports.common import ask_locked, choose_save_path, documents_folder, warn
from desktop_app.ui.exports.pdf_job import PdfResult, prepare, scopes
from desktop_app.ui.exports.pdf_print import print_with_dialog
from desktop_app.ui.exports.saving import SaveFlow, when_done
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window

WARNING_STYLE = "background:#fff4ce; border:1px solid #e0b000; padding:6px; color:#5c4400;"


class PdfPreview(QDialog):
    def __init__(self, window: Any) -> None:
        super().__init__(window, Qt.WindowType.Window)
        self.window_ = window
        self.lang: str = getattr(window, "lang", "zh")
        self.generated: PdfResult | None = None
        self.token = 0  # results of an older generation are dropped
        self.shown = 0  # the generation on screen
        # Replaceable by tests (and by a future 'export to folder' setting).
        self.ask, self.choose = ask_locked, choose_save_path
        self.open_url: Callable[[QUrl], bool] = QDesktopServices.openUrl
        self.opened_path: Path | None = None
        self.setWindowTitle(tr("pdf.title"))
        fit_window(self, "pdf_preview", QSize(900, 1000))
        self.document = QPdfDocument(self)
        self.buffer = QBuffer(self)
        self._build()

    def _build(self) -> None:
        self.scope = QComboBox()
        self.refresh_button = QPushButton(tr("pdf.regenerate"))
        self.print_button = QPushButton(tr("pdf.print"))
        self.save_button = QPushButton(tr("pdf.save_as"))
        self.open_button = QPushButton(tr("pdf.open_external"))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("pdf.scope")))
        bar.addWidget(self.scope, 1)
        for button in (self.refresh_button, self.print_button, self.save_button, self.open_button):
            bar.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # reportlab reports no steps: a busy bar
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(10)
        self.status = QLabel()
        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet(WARNING_STYLE)
        self.warnings.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.warnings.hide()
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.warnings)
        layout.addWidget(self.view, 1)
        self.refresh_button.clicked.connect(self.generate)
        self.scope.activated.connect(lambda _index: self.generate())
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.open_button.clicked.connect(self.open_external)

    # --- generation ---------------------------------------------------------------------------
    def set_scopes(self, choices: list[tuple[str | None, str]], selected: str | None = None) -> None:
        self.scope.clear()
        for key, label in choices:
            self.scope.addItem(label, key)
        index = self.scope.findData(selected) if selected else 0
        self.scope.setCurrentIndex(max(index, 0))

    def category(self) -> str | None:
        data = self.scope.currentData()
        return str(data) if data else None

    def generate(self) -> None:
        window = self.window_
        self.token += 1
        token = self.token
        self._busy(True, tr("pdf.reading"))
        try:
            work = prepare(window.service, window.session.period, self.category(), self.lang)
        except Exception as error:  # a refusal from the service: say it, keep the old preview
            self._failed(token, str(error))
            return
        window.tasks.run(work, lambda result: self._rendered(token, result),
                         lambda message: self._failed(token, message),
                         self._progress)  # fmt: skip

    def _progress(self, _percent: int, text: str) -> None:
        if text:
            self.status.setText(text)

    def _busy(self, busy: bool, text: str = "") -> None:
        self.progress.setVisible(busy)
        self.status.setText(text)
        for button in (self.refresh_button, self.print_button, self.save_button, self.open_button):
            button.setEnabled(not busy)
        self.scope.setEnabled(not busy)

    def _rendered(self, token: int, result: PdfResult) -> None:
        if token != self.token:
            return
        self.generated, self.shown = result, token
        self.document.close()
        self.buffer.close()
        self.buffer.setData(QByteArray(result.data))
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self.buffer)
        self._busy(False, tr("pdf.ready", name=result.name))
        self.warnings.setText("\n".join(result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self.setWindowTitle(tr("pdf.title_named", name=result.name))

    def is_ready(self) -> bool:
        """The latest generation is loaded and shown."""
        return self.shown == self.token and self.document.status() == QPdfDocument.Status.Ready

    def _failed(self, token: int, message: str) -> None:
        if token != self.token:
            return
        self.shown = token
        self._busy(False, "")
        for button in (self.print_button, self.save_button, self.open_button):
            button.setEnabled(self.generated is not None)  # nothing to print before a first success
        warn(self, tr("pdf.failed", message=message))

    # --- actions ------------------------------------------------------------------------------
    def print_document(self) -> int:
        return print_with_dialog(self.document, self) if self.generated else 0

    def save_as(self) -> SaveFlow | None:
        if self.generated is None:
            return None
        flow = SaveFlow(self, self.window_.tasks, tr("pdf.filter"), ask=self.ask, choose=self.choose)
        when_done(flow, self._saved)
        flow.save_as(self.generated.data, documents_folder() / self.generated.name)
        return flow

    def _saved(self, path: Path) -> None:
        self.status.setText(tr("pdf.saved", path=path))
        self.window_.show_message(tr("pdf.saved_message", path=path))

    def open_external(self) -> Path | None:
        """Write a copy into a fresh temporary folder (a viewer may hold an older copy open)."""
        if self.generated is None:
            return None
        folder = Path(tempfile.mkdtemp(prefix="school-report-pdf-"))
        path = write_atomic(folder / self.generated.name, self.generated.data)
        self.opened_path = path
        if not self.open_url(QUrl.fromLocalFile(str(path))):
            warn(self, tr("pdf.no_viewer", path=path))  # fmt: skip
        return path


def open_pdf_preview(window: Any) -> PdfPreview:
    """The menu action: show (or bring back) the preview and generate for the category on screen."""
    preview = window.findChild(PdfPreview)
    if not isinstance(preview, PdfPreview):
        preview = PdfPreview(window)
    choices = scopes(window)
    preview.set_scopes(choices, preview.category())
    preview.show()
    preview.raise_()
    preview.activateWindow()
    preview.generate()
    return preview
