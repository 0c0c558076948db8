"""汇总 → 生成年度总结草稿…: where to save it, then the draft built and written off the UI thread, with
the steps shown in a progress dialog; the result (or the reason it failed) in a message that does not
block the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QPushButton, QWidget

from desktop_app.ui.i18n import language, tr
from desktop_app.ui.tasks import TaskRunner


class DraftAction:
    def __init__(self, parent: QWidget, pack: Any, access: Any, runner: TaskRunner, period: Any) -> None:
        """`period()` gives the period chosen in the window."""
        self.parent, self.pack, self.access, self.runner, self.period = parent, pack, access, runner, period
        self.button = QPushButton(tr("bureau.draft"))
        self.button.clicked.connect(lambda _=False: self.ask())
        self.progress: QProgressDialog | None = None
        self.message: QMessageBox | None = None  # the last result shown (kept for tests)
        self.busy = False

    def annual_period(self, current: str | None) -> str:
        """The window's period when it is a year; otherwise the pack's year."""
        annual = {spec.key for spec in self.pack.periods if spec.kind.value == "annual"}
        return current if current is not None and current in annual else str(self.pack.default_period.key)

    def ask(self) -> None:
        if self.pack.report is None:
            self._show(QMessageBox.Icon.Warning, tr("bureau.draft_none"))
            return
        period = self.annual_period(self.period())
        name = tr("bureau.draft_name", year=period) + ".docx"
        path, _ = QFileDialog.getSaveFileName(self.parent, tr("bureau.draft"), name, tr("bureau.draft_filter"))
        if path:
            self.start(path, period)

    def start(self, path: str, period: str) -> None:
        """Build and write the draft off the UI thread (the file's extension says Word or Markdown)."""
        pack, access, lang = self.pack, self.access, language()
        target = Path(path)
        if target.suffix.lower() not in (".docx", ".md"):
            target = target.with_suffix(".docx")

        def work(progress: Any) -> str:
            from desktop_app.bureau.draft import build_draft, summary_text

            draft = build_draft(pack, access.get(), period, progress)
            progress(92, tr("bureau.draft.writing"))
            if target.suffix.lower() == ".md":
                from desktop_app.bureau.draft_md import write_draft_md

                write_draft_md(draft, target)
            else:
                from desktop_app.bureau.draft_docx import write_draft_docx

                write_draft_docx(draft, target)
            return tr("bureau.drafted", path=str(target), summary=summary_text(draft, lang))

        self.busy = True
        self.button.setEnabled(False)
        self.progress = QProgressDialog(tr("bureau.draft_busy"), "", 0, 100, self.parent)
        self.progress.setCancelButton(None)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(0)
        self.progress.setValue(0)
        self.runner.run(work, finished=self._done, failed=self._failed, progress=self._step)

    def _step(self, percent: int, text: str) -> None:
        if self.progress is not None:
            self.progress.setLabelText(text or tr("bureau.draft_busy"))
            self.progress.setValue(percent)

    def _finish(self) -> None:
        self.busy = False
        self.button.setEnabled(True)
        if self.progress is not None:
            self.progress.reset()
            self.progress.close()
            self.progress = None

    def _done(self, text: str) -> None:
        self._finish()
        self._show(QMessageBox.Icon.Information, text)

    def _failed(self, error: str) -> None:
        self._finish()
        self._show(QMessageBox.Icon.Warning, tr("register.failed", error=error))

    def _show(self, icon: QMessageBox.Icon, text: str) -> None:
        self.message = QMessageBox(icon, tr("bureau.tab.totals"), text, QMessageBox.StandardButton.Ok, self.parent)
        self.message.open()
