"""上报…: what blocks it (click one to go to that field), or the optional 审核 and the output folder.

The dialog asks the service; the rules stay in services/lifecycle.py. Submitting runs on a worker
thread with a progress bar, so the window keeps painting; the service's one writing connection is the
worker's meanwhile: `busy_changed(True)` tells the main window to keep off it (no checks, no edits,
no second 上报) until `busy_changed(False)`. The dialog cannot be closed while it runs.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QSize, Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.exports.common import choose_folder
from desktop_app.ui.forms.wheel import guard_wheel
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window
from desktop_app.ui.tasks import TaskRunner

JUMP_ROLE = Qt.ItemDataRole.UserRole


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SubmitDialog(QDialog):
    jump = Signal(str, str, object)  # category, field, row (or None)
    busy_changed = Signal(bool)  # True while the submission runs on its worker thread

    def __init__(
        self,
        service: Any,
        period: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        out_dir: Path | None = None,
        runner: TaskRunner | None = None,
    ) -> None:
        from desktop_app.domain.periods import Period
        from desktop_app.services import lifecycle

        super().__init__(parent)
        self.service, self.period, self.lang = service, period, lang
        self.result_: Any = None
        self.error = ""
        self.running = False
        self.runner = runner or getattr(parent, "tasks", None) or TaskRunner()
        pause = getattr(parent, "set_busy", None)  # the main window keeps off the data file meanwhile
        if callable(pause):
            self.busy_changed.connect(pause)
        self.out_dir = out_dir or lifecycle.default_output_dir(service, period)
        self.setWindowTitle(tr("submit.title", period=Period.parse(period).name(lang)))
        fit_window(self, "submit_dialog", QSize(560, 420))
        layout = QVBoxLayout(self)
        self.blockers = lifecycle.blockers(service, period)
        self.state = lifecycle.state(service, period)
        if self.state.submitted:
            layout.addWidget(
                _wrapped(tr("submit.already", revision=self.state.revision, submitted_at=self.state.submitted_at))
            )
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        elif self.blockers:
            self._blocked(layout)
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        else:
            self._ready(layout)
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.submit_button = self.buttons.addButton(tr("submit.confirm"), QDialogButtonBox.ButtonRole.AcceptRole)
            self.submit_button.clicked.connect(self.submit)
            self._answered()
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # --- blocked: the list, click to jump ------------------------------------------------------
    def _blocked(self, layout: QVBoxLayout) -> None:
        lang = self.lang
        layout.addWidget(_wrapped(tr("submit.blocked", count=len(self.blockers))))
        self.list = QListWidget()
        self.list.setWordWrap(True)  # long Chinese messages stay readable without scrolling sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setSpacing(2)
        for item in self.blockers:
            row = QListWidgetItem(item.text(lang))
            row.setData(JUMP_ROLE, (item.category, item.field or "", item.row))
            row.setForeground(Qt.GlobalColor.darkRed if item.severity == "error" else Qt.GlobalColor.darkYellow)
            self.list.addItem(row)
        self.list.itemClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        layout.addWidget(self.list, 1)

    def _jump(self, item: QListWidgetItem) -> None:
        category, field, row = item.data(JUMP_ROLE)
        self.jump.emit(category, field, row)
        self.reject()

    # --- ready: 审核 and the folder ------------------------------------------------------------
    def _ready(self, layout: QVBoxLayout) -> None:
        layout.addWidget(_wrapped(tr("submit.ready", revision=self.state.revision)))
        self._ask_empty(layout)
        form = QFormLayout()
        self.review = QCheckBox(tr("submit.reviewed"))
        self.reviewer = QLineEdit()
        self.reviewer.setPlaceholderText(tr("submit.reviewer_hint"))
        self.reviewed_on = QDateEdit(QDate.currentDate())
        self.reviewed_on.setCalendarPopup(True)
        self.reviewed_on.setDisplayFormat(tr("submit.date_format"))
        guard_wheel(self.reviewed_on)  # the wheel never changes the date unless it was clicked into
        for widget in (self.reviewer, self.reviewed_on):
            widget.setEnabled(False)
            self.review.toggled.connect(widget.setEnabled)
        form.addRow(self.review)
        form.addRow(tr("submit.reviewer"), self.reviewer)
        form.addRow(tr("submit.reviewed_on"), self.reviewed_on)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(self.out_dir))
        change = QPushButton(tr("submit.change_folder"))
        change.clicked.connect(self._choose_folder)
        self._inputs: list[QWidget] = [
            self.review,
            self.reviewer,
            self.reviewed_on,
            self.folder,
            change,
            *self.empty_boxes.values(),
        ]
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(change)
        form.addRow(tr("submit.save_to"), folder_row)
        layout.addLayout(form)
        self.progress = QProgressBar()
        self.progress.setRange(0, 100)
        self.progress.hide()
        self.step = QLabel()
        self.step.setWordWrap(True)
        layout.addWidget(self.progress)
        layout.addWidget(self.step)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _ask_empty(self, layout: QVBoxLayout) -> None:
        """Before 上报, each category left entirely empty is named and confirmed as 本期无此项 (kept,
        asked once), and the blank fields of the others are named: the PDF prints them as “—”."""
        from desktop_app.services.answers import blank_labels

        lang = self.lang
        progress = self.service.progress(self.period)
        self.empty_boxes: dict[str, QCheckBox] = {}
        if progress.to_confirm:
            layout.addWidget(_wrapped(tr("submit.empty_categories")))
        for key in progress.to_confirm:
            label = self.service.pack.category(key).label.get(lang)
            box = QCheckBox(tr("submit.confirm_empty", label=label))
            box.toggled.connect(self._answered)
            self.empty_boxes[key] = box
            layout.addWidget(box)
        blanks = [(key, blank_labels(self.service, state, lang)) for key, state in progress.categories.items()
                  if state.blank_fields and state.applies]  # fmt: skip
        if blanks:
            lines = [tr("submit.blank_line", category=self.service.pack.category(key).label.get(lang),
                        fields=tr("sep.list").join(labels)) for key, labels in blanks]  # fmt: skip
            note = _wrapped(tr("submit.blanks") + "\n".join(lines))
            note.setObjectName("blankFields")
            layout.addWidget(note)

    def _answered(self) -> None:
        """上报 waits until every empty category is confirmed."""
        boxes = getattr(self, "empty_boxes", {})
        self.submit_button.setEnabled(all(box.isChecked() for box in boxes.values()))

    def confirm_empty(self) -> None:
        """The empty categories ticked are kept as 本期无此项 (the window's answer shows it)."""
        from desktop_app.services.edits import ConfirmEmpty

        for key, box in self.empty_boxes.items():
            if box.isChecked():
                self.service.apply(ConfirmEmpty(key), self.period)

    def _choose_folder(self) -> None:
        chosen = choose_folder(self, Path(self.folder.text()))
        if chosen is not None:
            self.folder.setText(str(chosen))

    def submit(self) -> None:
        """Start the submission on a worker; the dialog shows each step and stays until it ends."""
        from desktop_app.services import lifecycle

        if self.running:
            return  # a second press while it runs does nothing
        if self.review.isChecked() and not self.reviewer.text().strip():
            self.message.setText(tr("submit.no_reviewer"))
            return
        reviewer = self.reviewer.text().strip() if self.review.isChecked() else None
        day = self.reviewed_on.date()
        reviewed_on = date(day.year(), day.month(), day.day()) if reviewer else None
        self.confirm_empty()  # before the worker takes the connection
        service, period, folder = self.service, self.period, Path(self.folder.text())

        def work(report: Any) -> Any:
            try:
                return lifecycle.submit(
                    service, period, reviewer=reviewer, reviewed_on=reviewed_on, out_dir=folder, progress=report
                )
            except Exception as error:  # every refusal and fault has a clerk's message; nothing was submitted
                return error

        self._set_running(True)
        self.runner.run(work, self._finished, self._crashed, self._progress)

    def _progress(self, percent: int, text: str) -> None:
        self.progress.setValue(percent)
        if text:
            self.step.setText(text)

    def _finished(self, outcome: Any) -> None:
        from desktop_app.services.faults import clerk_text

        self._set_running(False)
        if isinstance(outcome, Exception):
            self.message.setText(clerk_text(outcome, self.lang))
            return
        self.result_ = outcome
        self.accept()

    def _crashed(self, message: str) -> None:
        self._set_running(False)
        self.message.setText(message)

    def _set_running(self, running: bool) -> None:
        self.running = running
        self.progress.setVisible(running)
        if running:
            self.progress.setValue(0)
            self.message.clear()
        else:
            self.step.clear()
        for widget in [*self._inputs, *self.buttons.buttons()]:
            widget.setEnabled(
                not running and (widget not in (self.reviewer, self.reviewed_on) or self.review.isChecked())
            )
        self.busy_changed.emit(running)

    def reject(self) -> None:
        if not self.running:  # Esc and the close button wait for the submission to end
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running:
            event.ignore()
            return
        super().closeEvent(event)
