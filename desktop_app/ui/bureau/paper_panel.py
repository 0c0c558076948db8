"""核验纸质件: scans dropped or chosen, each checked (off the UI thread) against the imported revisions."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from desktop_app.ui.bureau.file_drop import FileDropPanel, drop_hint
from desktop_app.ui.i18n import language, tr
from desktop_app.ui.tasks import TaskRunner


class PaperPanel(FileDropPanel):
    """Drop scans of sealed papers here; each file gets a line: its outcome and what it means."""

    def __init__(self, store_target: str, runner: TaskRunner, on_done: Callable[[], None]) -> None:
        super().__init__()
        self.store_target, self.runner, self.on_done = store_target, runner, on_done
        self.lang = language()
        self.busy = False
        self.hint = drop_hint(tr("bureau.paper.drop_hint"))
        self.hint.setWordWrap(True)
        self.choose = QPushButton(tr("bureau.paper.choose"))
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([tr("bureau.paper.col_file"), tr("bureau.paper.col_outcome"),
                                              tr("bureau.paper.col_details")])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        layout.addLayout(buttons)
        layout.addWidget(self.table, 1)
        self.choose.clicked.connect(self._pick)

    def _pick(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, tr("bureau.paper.choose_title"), "", tr("bureau.paper.filter"))
        if files:
            self.start(files)

    def start(self, paths: list[str]) -> None:
        if self.busy:
            return
        self.busy = True
        self.choose.setEnabled(False)
        self.table.setRowCount(0)
        target = self.store_target
        files = [p for p in paths if Path(p).is_file()]

        def work(report: Callable[[int, str], None]) -> list[Any]:
            from desktop_app.bureau.paper import verify_file
            from desktop_app.bureau.store import BureauStore
            from desktop_app.ui.paper_pages import scan_pages

            store = BureauStore.open(target)
            try:
                verdicts = []
                for number, path in enumerate(files, start=1):
                    verdict = verify_file(store, path, scan_pages)
                    report(number, json.dumps(verdict.as_json(), ensure_ascii=False))
                    verdicts.append(verdict)
                return verdicts
            finally:
                store.close()

        self.runner.run(work, finished=self._finished, failed=self._failed, progress=self._line)

    def _line(self, _number: int, line: str) -> None:
        from desktop_app.bureau.paper import OUTCOME_LABELS

        verdict = json.loads(line)
        row = self.table.rowCount()
        self.table.insertRow(row)
        label = OUTCOME_LABELS[verdict["outcome"]][0 if self.lang != "en" else 1]
        message = verdict["message_en"] if self.lang == "en" else verdict["message"]
        for column, text in enumerate((Path(verdict["file"]).name, label, message)):
            item = QTableWidgetItem(text)
            if column == 1:
                ok = verdict["outcome"] == "match"
                item.setForeground(Qt.GlobalColor.darkGreen if ok else Qt.GlobalColor.red)
            self.table.setItem(row, column, item)
        self.table.resizeRowToContents(row)

    def _finished(self, verdicts: Any) -> None:
        self.busy = False
        self.choose.setEnabled(True)
        matched = sum(1 for v in verdicts if v.ok)
        self.hint.setText(tr("bureau.paper.checked", count=len(verdicts), matched=matched))  # fmt: skip
        self.on_done()

    def _failed(self, message: str) -> None:
        self.busy = False
        self.choose.setEnabled(True)
        self.hint.setText(tr("bureau.paper.failed", message=message))
