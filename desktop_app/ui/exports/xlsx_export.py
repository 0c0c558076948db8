"""导出 Excel…: choose a folder, build the workbook off the UI thread, save it atomically.

The database is read on the UI thread (the service's session belongs to it); only building the
workbook and writing the file run on a worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop_app.ui.exports.common import (
    AskLocked,
    ChooseSavePath,
    ask_locked,
    busy,
    choose_folder,
    choose_save_path,
    documents_folder,
    warn,
)
from desktop_app.ui.exports.saving import SaveFlow, when_done
from desktop_app.ui.i18n import tr


class XlsxExport:
    """One export from the main window; `path` is set once the file is written."""

    def __init__(self, window: Any, *, ask: AskLocked = ask_locked, choose: ChooseSavePath = choose_save_path) -> None:
        self.window = window
        self.ask, self.choose = ask, choose
        self.path: Path | None = None
        self.finished = False
        self.flow: SaveFlow | None = None
        self.draft = False

    def start(self, folder: Path) -> None:
        from desktop_app.services.sending import gather

        window = self.window
        try:
            gathered = gather(window.service, window.session.period)
        except (ValueError, OSError) as error:  # a refusal or a database problem, said in Chinese
            self.finished = True
            warn(window, tr("excel.failed_to_start", error=error))
            return
        self.draft = gathered.submission.is_draft
        self.progress = busy(window, tr("excel.building"))

        def work() -> tuple[bytes, str]:
            from desktop_app.exporters.xlsx import build_workbook_bytes
            from desktop_app.exporters.xlsx.names import submission_file_name

            data = build_workbook_bytes(gathered.pack, gathered.submission, gathered.issues)
            return data, submission_file_name(gathered.submission, "xlsx")

        window.tasks.run(work, lambda result: self._built(folder, *result), self._failed)

    def _built(self, folder: Path, data: bytes, name: str) -> None:
        self.progress.close()
        widget: QWidget = self.window
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self._failed(tr("excel.no_folder", folder=folder, error=error.strerror or error))  # fmt: skip
            return
        self.flow = SaveFlow(widget, self.window.tasks, tr("excel.filter"), ask=self.ask, choose=self.choose)
        when_done(self.flow, self._saved, self._ended)
        self.flow.save(data, folder / name)

    def _saved(self, path: Path) -> None:
        self.path = path
        if self.draft:  # named …_草稿.xlsx; said too, since a draft sent by mistake is refused
            self.window.show_message(tr("excel.saved_draft", path=path))
            return
        self.window.show_message(tr("excel.saved", path=path))

    def _ended(self) -> None:
        self.finished = True

    def _failed(self, message: str) -> None:
        self.progress.close()
        warn(self.window, tr("excel.failed", message=message))
        self.finished = True


def export_excel(window: Any, folder: Path | None = None, **options: Any) -> XlsxExport | None:
    """The menu action; `folder` skips the folder chooser (tests, and a later 'export again')."""
    if folder is None:
        folder = choose_folder(window, documents_folder())
        if folder is None:
            return None
    export = XlsxExport(window, **options)
    export.start(folder)
    return export
