"""The selected category's problems: click one to jump to its field; each warning has a 说明 box.

It lists what the service's answer lists (services.answers: text refused first, then errors, warnings,
and required fields still empty), the same items the 上报 dialog names. A new answer with the same
problems keeps the panel (and the 说明 box being typed in) as it is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.explain_box import ExplainBox
from desktop_app.ui.forms.binding import IssueLike, severity_of
from desktop_app.ui.i18n import tr
from desktop_app.ui.issue_link import IssueLink

_COLOURS = {"error": "#c62828", "warning": "#b26a00", "question": "#1565c0"}


class ProblemsPanel(QScrollArea):
    jump = Signal(str, object)  # field key, row (or None)
    explained = Signal(str, str, str)  # category, rule id, text
    replied = Signal(str, str)  # question uid, the clerk's reply (退回修改意见)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.setWidgetResizable(True)
        self.setMinimumWidth(170)
        self.buttons: list[IssueLink] = []
        self.explain_boxes: dict[str, ExplainBox] = {}
        self.read_only = False  # a submitted period: the 说明 are shown, not edited
        self.reply_boxes: dict[str, QLineEdit] = {}
        self._layout = QVBoxLayout()
        self._shown: tuple[object, ...] | None = None
        self.show_issues("", [], {})

    def show_issues(self, category: str, issues: Sequence[IssueLike], notes: Mapping[str, str]) -> None:
        shown = (category, self.read_only, *((i.rule_id, severity_of(i), i.text(self.lang), i.field, i.row)
                                             for i in issues))  # fmt: skip
        if shown == self._shown:  # the same problems: only the 说明 not being typed in are brought up to date
            for rule_id, box in self.explain_boxes.items():
                if not box.hasFocus() and box.text() != notes.get(rule_id, ""):
                    box.setText(notes.get(rule_id, ""))
            return
        self._shown = shown
        self._clear()
        title = QLabel(tr("problems.title"))
        title.setObjectName("panelTitle")
        self._layout.addWidget(title)
        if not issues:
            self._layout.addWidget(QLabel(tr("problems.none")))
        for issue in issues:
            self._add_issue(category, issue, notes)
        self._layout.addStretch(1)

    def _clear(self) -> None:
        """A new page each time: the scroll area deletes the old one with everything on it."""
        self.buttons.clear()
        self.explain_boxes.clear()
        self.reply_boxes.clear()
        page = QWidget()
        self._layout = QVBoxLayout(page)
        self.setWidget(page)

    def _add_issue(self, category: str, issue: IssueLike, notes: Mapping[str, str]) -> None:
        severity = severity_of(issue)
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(frame)
        layout.setContentsMargins(6, 4, 6, 4)
        code = getattr(issue, "code", "")
        if severity == "question":  # the bureau's question says what it is itself
            line = issue.text(self.lang)
        else:
            kind = (
                tr("problems.required")
                if code == "required"
                else (tr("problems.error") if severity == "error" else tr("problems.warning"))
            )
            line = tr("problems.line", kind=kind, text=issue.text(self.lang))
        button = IssueLink(line, _COLOURS.get(severity, "#000"))
        button.setProperty("issue_text", issue.text(self.lang))
        field, row = issue.field, issue.row
        button.clicked.connect(lambda: self.jump.emit(field or "", row))
        layout.addWidget(button)
        self.buttons.append(button)
        if severity == "question":
            self._reply_box(layout, issue)
        if severity == "warning":
            box = ExplainBox(notes.get(issue.rule_id, ""))
            box.setPlaceholderText(tr("problems.explain_hint"))
            box.setReadOnly(self.read_only)
            rule_id = issue.rule_id
            timer = QTimer(box)
            timer.setSingleShot(True)
            timer.setInterval(700)

            def save(box: ExplainBox = box) -> None:
                timer.stop()
                self.explained.emit(category, rule_id, box.text())

            timer.timeout.connect(save)
            box.textEdited.connect(lambda _t: timer.start())
            box.editingFinished.connect(save)
            layout.addWidget(QLabel(tr("problems.explain")))
            layout.addWidget(box)
            self.explain_boxes[rule_id] = box
        self._layout.addWidget(frame)

    def _reply_box(self, layout: QVBoxLayout, issue: IssueLike) -> None:
        """答复: saved when the clerk pauses or leaves the box, like a 说明."""
        uid = issue.rule_id.removeprefix("question:")
        box = QLineEdit(str(getattr(issue, "reply", "")))
        box.setPlaceholderText(tr("problems.reply_hint"))
        timer = QTimer(box)
        timer.setSingleShot(True)
        timer.setInterval(700)

        def save(box: QLineEdit = box) -> None:
            timer.stop()
            self.replied.emit(uid, box.text())

        timer.timeout.connect(save)
        box.textEdited.connect(lambda _t: timer.start())
        box.editingFinished.connect(save)
        layout.addWidget(QLabel(tr("problems.reply")))
        layout.addWidget(box)
        self.reply_boxes[uid] = box

    def issue_texts(self) -> list[str]:
        return [str(button.property("issue_text")) for button in self.buttons]
