"""导入: files or folders chosen or dropped, imported off the UI thread with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.tasks import TaskRunner

DECISION_ZH = {"accepted": "已接收", "replaced": "已更新", "duplicate": "重复", "older": "旧版本",
               "conflict": "冲突", "rejected": "拒收"}  # fmt: skip


class ImportPanel(QWidget):
    """Drop .xlsx files or folders here; each file gets a line with its decision and reason."""

    def __init__(self, pack: Any, store_target: str | None, runner: TaskRunner,
                 on_done: Callable[[], None]) -> None:  # fmt: skip
        super().__init__()
        self.pack, self.store_target, self.runner, self.on_done = pack, store_target, runner, on_done
        self.cancel_event: threading.Event | None = None
        self.setAcceptDrops(True)
        self.hint = QLabel("将学校报送的 .xlsx 文件或文件夹拖到此处，或点击“选择文件”。")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setMinimumHeight(56)
        self.hint.setStyleSheet("border: 2px dashed #8a8a8a; border-radius: 6px; color: #444;")
        self.choose_files = QPushButton("选择文件…")
        self.choose_folder = QPushButton("选择文件夹…")
        self.cancel = QPushButton("取消")
        self.cancel.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m")
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels(["文件", "结果", "原因"])
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

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.start(paths)

    def _pick_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "选择报送文件", "", "Excel 工作簿 (*.xlsx)")
        if files:
            self.start(files)

    def _pick_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "选择文件夹")
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
        cancel, pack, target = self.cancel_event, self.pack, self.store_target

        def work(report: Callable[[int, str], None]) -> Any:
            from desktop_app.bureau.pipeline import Importer
            from desktop_app.bureau.store import BureauStore

            def progress(done: int, total: int, outcome: Any) -> None:
                line = "\t".join([str(total), Path(outcome.path).name, outcome.decision, outcome.reason_zh])
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
        for column, text in enumerate((name, DECISION_ZH.get(decision, decision), reason)):
            self.table.setItem(row, column, QTableWidgetItem(text))

    def _finished(self, outcomes: Any) -> None:
        self._reset()
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.decision] = counts.get(outcome.decision, 0) + 1
        text = "，".join(f"{DECISION_ZH[k]} {v}" for k, v in counts.items()) or "未导入任何文件"
        self.hint.setText(f"本次导入 {len(outcomes)} 个文件：{text}。可继续拖入文件。")
        self.on_done()

    def _failed(self, message: str) -> None:
        self._reset()
        self.hint.setText(f"导入中断：{message}")

    def _reset(self) -> None:
        self.cancel_event = None
        self.cancel.setEnabled(False)
        self.choose_files.setEnabled(True)
        self.choose_folder.setEnabled(True)
