"""导入: files or folders chosen or dropped, imported off the UI thread with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.bureau.records import DECISIONS
from desktop_app.ui.bureau.file_drop import FileDropPanel, drop_hint
from desktop_app.ui.i18n import language, tr
from desktop_app.ui.tasks import TaskRunner


def decision_text(decision: str) -> str:
    return tr(f"ledger.{decision}") if decision in DECISIONS else decision


class ImportPanel(FileDropPanel):
    """Drop .xlsx files or folders here; each file gets a line with its decision and reason."""

    def __init__(self, pack: Any, store_target: str, runner: TaskRunner,  # pack: a FormPack or a PackSet
                 on_done: Callable[[], None]) -> None:  # fmt: skip
        super().__init__()
        self.pack, self.store_target, self.runner, self.on_done = pack, store_target, runner, on_done
        self.cancel_event: threading.Event | None = None
        self.hint = drop_hint(tr("import.hint"))
        self.choose_files = QPushButton(tr("import.files"))
        self.choose_folder = QPushButton(tr("import.folder"))
        self.cancel = QPushButton(tr("import.cancel"))
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("import.file"), tr("ledger.decision"), tr("ledger.reason")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QHBoxLayout()
        for button in (self.choose_files, self.choose_folder, self.cancel):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        self.choose_files.clicked.connect(self._pick_files)
        self.choose_folder.clicked.connect(self._pick_folder)
        self.cancel.clicked.connect(self._cancel)

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("import.files_title"), "", tr("register.filter"))
        if files:
            self.start(files)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, tr("import.folder_title"))
        if folder:
            self.start([folder])

    def _cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self.cancel.setEnabled(False)

    @property
    def busy(self) -> bool:
        return self.cancel_event is not None

    def start(self, paths: list[str]) -> None:
        if self.busy:
            return
        self.cancel_event = threading.Event()
        self.cancel.setEnabled(True)
        self.choose_files.setEnabled(False)
        self.choose_folder.setEnabled(False)
        self.table.setRowCount(0)
        self.progress.setValue(0)
        cancel, pack, target, lang = self.cancel_event, self.pack, self.store_target, language()

        def work(report: Callable[[int, str], None]) -> Any:
            from desktop_app.bureau.pipeline import Importer
            from desktop_app.bureau.store import BureauStore

            def progress(done: int, total: int, outcome: Any) -> None:
                reason = outcome.reason_en if lang == "en" else outcome.reason_zh
                line = "\t".join([str(total), Path(outcome.path).name, outcome.decision, reason])
                report(done, line)

            with Importer(pack) as importer:  # workers before the database (reliability-notes #11)
                store = BureauStore.open(target)
                try:
                    return importer.run(store, paths, progress=progress, cancel=cancel)
                finally:
                    store.close()

        self.runner.run(work, finished=self._finished, failed=self._failed, progress=self._progress)

    def _progress(self, done: int, line: str) -> None:
        total, name, decision, reason = line.split("\t", 3)
        self.progress.setMaximum(int(total))
        self.progress.setValue(done)
        row = self.table.rowCount()
        self.table.insertRow(row)
        for column, text in enumerate((name, decision_text(decision), reason)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _finished(self, outcomes: Any) -> None:
        self._reset()
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.decision] = counts.get(outcome.decision, 0) + 1
        text = tr("sep.comma").join(f"{decision_text(k)} {v}" for k, v in counts.items()) or tr("import.nothing")
        self.hint.setText(tr("import.done", count=len(outcomes), counts=text))
        self.on_done()

    def _failed(self, message: str) -> None:
        self._reset()
        self.hint.setText(tr("import.failed", error=message))

    def _reset(self) -> None:
        self.cancel_event = None
        self.cancel.setEnabled(False)
        self.choose_files.setEnabled(True)
        self.choose_folder.setEnabled(True)
