"""The bureau's questions (退回修改意见) in the clerk's window: beside their fields, in the problems list
with a reply box, and 文件 → 导入退回意见…. The rules are the service's (services/questions.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop_app.ui.actions import ActionSpec, register_action
from desktop_app.ui.i18n import tr

SEVERITY = "question"


@dataclass(frozen=True, slots=True)
class QuestionIssue:
    """One open question shown like a problem (IssueLike): where it points and what the bureau asks."""

    uid: str
    category: str
    field: str | None
    row: int | None  # 0-based, as the form engine counts rows
    asked: str
    reply: str
    answered: bool
    change: str  # what changed since the question (from → to), or ""
    severity: str = SEVERITY
    code: str = SEVERITY

    @property
    def rule_id(self) -> str:
        return f"question:{self.uid}"

    def text(self, lang: str = "zh") -> str:
        state = tr("questions.answered") if self.answered else tr("questions.open")
        head = tr("questions.bureau_said", state=state) + self.asked
        return head + (tr("questions.changed", change=self.change) if self.change else "")


def questions_for(session: Any, category: str) -> list[QuestionIssue]:
    """The category's questions not yet carried to the bureau by a submitted revision."""
    service = getattr(session, "service", None)
    if service is None or not hasattr(service, "store"):
        return []  # a test double of the service has no questions
    from desktop_app.domain.questions import describe_change
    from desktop_app.services.questions import questions

    found = []
    for item in questions(service, session.period, pending_only=True, category=category):
        row = item.target.row - 1 if item.target.row is not None else None
        change = (
            describe_change(service.pack, item.target, item.old, item.now, session.lang) if item.value_changed else ""
        )
        found.append(QuestionIssue(item.uid, item.target.category, item.target.field or None, row, item.text,
                                   item.reply, item.answered, change))  # fmt: skip
    return found


def save_reply(session: Any, uid: str, text: str) -> str:
    """Store the clerk's reply; returns the refusal's text ("" when saved)."""
    from desktop_app.services.questions import QuestionsRefused, set_reply

    try:
        set_reply(session.service, uid, text)
    except QuestionsRefused as error:
        return error.text(session.lang)
    except Exception as error:  # a read-only place, a full disk: said, never a crash
        text_of = getattr(error, "text", None)
        return text_of(session.lang) if callable(text_of) else str(error)
    return ""


def import_questions(window: Any, path: str | None = None) -> str:
    """文件 → 导入退回意见…: choose the file, check and import it, show what happened; returns the message."""
    from desktop_app.exporters.xlsx.questions import QuestionFileRejected
    from desktop_app.services.questions_import import QuestionsRefused, import_file
    from desktop_app.services.refusals_lifecycle import LifecycleError
    from desktop_app.ui.lifecycle.actions import refresh

    lang = window.lang
    title = tr("questions.import_title")
    if path is None:
        kinds = tr("questions.filter")
        path, _filter = QFileDialog.getOpenFileName(window, title, "", kinds)
        if not path:
            return ""
    window.flush()
    try:
        result = import_file(window.service, Path(path))
    except (QuestionFileRejected, QuestionsRefused, LifecycleError) as error:
        message = error.text(lang)
        _tell(window, title, message, warning=True)
        return message
    if not result.added:
        message = tr("questions.already")
    else:
        message = tr("questions.imported", added=result.added)
        if result.reopened:
            message += tr("questions.reopened", reason=result.reason)
        message += tr("questions.next")
    refresh(window)
    _tell(window, title, message)
    return message


def _tell(window: Any, title: str, message: str, warning: bool = False) -> None:
    if getattr(window, "quiet_dialogs", False):  # tests drive the action without a modal box
        window.show_message(message)
        return
    (QMessageBox.warning if warning else QMessageBox.information)(window, title, message)


def _import_action(window: Any) -> None:
    import_questions(window)


register_action(ActionSpec("import_questions", "file", _import_action, order=58))
