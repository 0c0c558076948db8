"""上报…: what blocks it (click one to go to that field), or the optional 审核 and the output folder.

The dialog asks the service; the rules stay in services/lifecycle.py. Submitting runs on the UI thread:
the service's one database connection belongs to it, and a submit is one short transaction and two files.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
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
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.exports.common import choose_folder, t
from desktop_app.ui.forms.wheel import guard_wheel

JUMP_ROLE = Qt.ItemDataRole.UserRole


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class SubmitDialog(QDialog):
    jump = Signal(str, str, object)  # category, field, row (or None)

    def __init__(self, service: Any, period: str, lang: str = "zh", parent: QWidget | None = None,
                 out_dir: Path | None = None) -> None:
        from desktop_app.domain.periods import label
        from desktop_app.services import lifecycle

        super().__init__(parent)
        self.service, self.period, self.lang = service, period, lang
        self.result_: Any = None
        self.error = ""
        self.out_dir = out_dir or lifecycle.default_output_dir(service)
        self.setWindowTitle(t(lang, f"上报 — {label(period)}", f"Submit — {label(period, 'en')}"))
        self.resize(560, 420)
        layout = QVBoxLayout(self)
        self.blockers = lifecycle.blockers(service, period)
        self.state = lifecycle.state(service, period)
        if self.state.submitted:
            layout.addWidget(_wrapped(t(lang, f"本期已上报（第{self.state.revision}版，{self.state.submitted_at}）。"
                                              "如需修改，请用“退回修改”。",
                                        f"Already submitted (revision {self.state.revision}); reopen to correct.")))
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        elif self.blockers:
            self._blocked(layout)
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        else:
            self._ready(layout)
            self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
            self.submit_button = self.buttons.addButton(t(lang, "上报", "Submit"),
                                                        QDialogButtonBox.ButtonRole.AcceptRole)
            self.submit_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # --- blocked: the list, click to jump ------------------------------------------------------
    def _blocked(self, layout: QVBoxLayout) -> None:
        lang = self.lang
        layout.addWidget(_wrapped(t(lang, f"还有 {len(self.blockers)} 个问题未解决，暂不能上报。点击一项转到该处：",
                                    f"{len(self.blockers)} problem(s) remain. Click one to go there:")))
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
        lang = self.lang
        layout.addWidget(_wrapped(t(lang, f"校验通过。上报后本期数据冻结为第{self.state.revision}版，不能再修改"
                                          "（可“退回修改”后作为新版次重新上报），并生成 PDF 和 Excel 报送文件。",
                                    "All checks pass. Submitting freezes the values as revision "
                                    f"{self.state.revision} and makes the PDF and Excel files.")))
        form = QFormLayout()
        self.review = QCheckBox(t(lang, "已经内部审核（审核人和日期印在 PDF 页脚）",
                                  "Internally reviewed (printed in the PDF)"))
        self.reviewer = QLineEdit()
        self.reviewer.setPlaceholderText(t(lang, "审核人姓名", "Reviewer's name"))
        self.reviewed_on = QDateEdit(QDate.currentDate())
        self.reviewed_on.setCalendarPopup(True)
        self.reviewed_on.setDisplayFormat("yyyy年M月d日" if lang != "en" else "yyyy-MM-dd")
        guard_wheel(self.reviewed_on)  # the wheel never changes the date unless it was clicked into
        for widget in (self.reviewer, self.reviewed_on):
            widget.setEnabled(False)
            self.review.toggled.connect(widget.setEnabled)
        form.addRow(self.review)
        form.addRow(t(lang, "审核人", "Reviewer"), self.reviewer)
        form.addRow(t(lang, "审核日期", "Reviewed on"), self.reviewed_on)
        folder_row = QHBoxLayout()
        self.folder = QLineEdit(str(self.out_dir))
        change = QPushButton(t(lang, "更改…", "Change…"))
        change.clicked.connect(self._choose_folder)
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(change)
        form.addRow(t(lang, "保存到", "Save to"), folder_row)
        layout.addLayout(form)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #c62828;")
        layout.addWidget(self.message)
        layout.addStretch(1)

    def _choose_folder(self) -> None:
        chosen = choose_folder(self, Path(self.folder.text()), self.lang)
        if chosen is not None:
            self.folder.setText(str(chosen))

    def submit(self) -> None:
        from desktop_app.services import lifecycle
        from desktop_app.services.faults import clerk_text

        if self.review.isChecked() and not self.reviewer.text().strip():
            self.message.setText(t(self.lang, "请填写审核人姓名，或取消“已经内部审核”。", "Enter the reviewer's name."))
            return
        reviewer = self.reviewer.text().strip() if self.review.isChecked() else None
        day = self.reviewed_on.date()
        reviewed_on = date(day.year(), day.month(), day.day()) if reviewer else None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.result_ = lifecycle.submit(self.service, self.period, reviewer=reviewer,
                                            reviewed_on=reviewed_on, out_dir=Path(self.folder.text()))
        except Exception as error:  # every refusal and fault has a clerk's message; nothing was submitted
            self.message.setText(clerk_text(error, self.lang))
            return
        finally:
            QApplication.restoreOverrideCursor()
        self.accept()
