"""退回修改意见 at the school: the bureau's questions imported, shown until answered, carried back.

Importing a 退回意见 file checks that it is for this school and refers to a revision this school
submitted (same revision, same fingerprint), then, in ONE transaction, stores its questions and reopens
the period with the bureau's reason if it was submitted. A question is answered by a changed value of
its target, a written reply, or both; 上报 is refused while one is not. The answers travel in the next
revision (Submission.answers: the workbook's `answer.<uid>` rows, the PDF's 答复 section) and the
questions are stamped with that revision in the transaction that freezes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_app.domain.messages import Refusal
from desktop_app.domain.questions import Answer, Target, changed, target_label, target_value
from desktop_app.domain.submission import canonical_values
from desktop_app.domain.text import Text
from desktop_app.domain.values import now_iso
from desktop_app.services import period_data as data
from desktop_app.storage.models import Question

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.services.edit_context import EditContext
    from desktop_app.services.refusals_lifecycle import Blocker
    from desktop_app.storage.store import Store

MESSAGES: dict[str, Text] = {
    "other_school": Text(
        "该退回意见是发给{other}（{code}）的，不是本校（{ours}）的，未导入。",
        "These questions are for {other} ({code}), not this school ({ours}); not imported.",
    ),
    "unknown_period": Text(
        "该退回意见所指的报送期“{period}”不在本程序的表单包中，未导入。",
        "The questions refer to period “{period}”, which the form pack does not have; not imported.",
    ),
    "never_submitted": Text(
        "该退回意见针对{period}第{revision}版，本校没有上报过该版（已上报：{known}），未导入。",
        "The questions refer to {period}, revision {revision}, which this school never "
        "submitted (submitted: {known}); not imported.",
    ),
    "other_fingerprint": Text(
        "该退回意见针对{period}第{revision}版（校验码 {theirs}），"
        "与本校上报的该版（校验码 {ours}）"
        "不符，未导入。请与区教体局核实。",
        "The questions refer to {period}, revision {revision} (fingerprint {theirs}), but this "
        "school's revision {revision} has fingerprint {ours}; not imported. Check with the "
        "bureau.",
    ),
    "no_question": Text("没有编号为 {uid} 的退回意见。", "No question {uid}."),
    "already_answered": Text(
        "意见 {uid} 的答复已随第{revision}版上报，不能再修改。",
        "The answer to {uid} went with revision {revision}; it cannot be changed.",
    ),
}


class QuestionsRefused(Refusal):
    """A question file not imported, or a reply refused; nothing was changed."""

    messages = MESSAGES


@dataclass(frozen=True, slots=True)
class SchoolQuestion:
    """One question as the clerk sees it: where, what, and whether it is answered yet."""

    uid: str
    period: str
    revision: int
    target: Target
    text: str
    reason: str
    old: Any  # the value asked about (JSON form)
    now: Any  # the value now (JSON form)
    reply: str
    answered_revision: int | None

    @property
    def value_changed(self) -> bool:
        return changed(self.old, self.now)

    @property
    def answered(self) -> bool:
        return bool(self.reply.strip()) or self.value_changed

    @property
    def pending(self) -> bool:
        """Not yet carried to the bureau by a submitted revision."""
        return self.answered_revision is None

    def as_json(self, pack: FormPack) -> dict[str, Any]:
        return {"uid": self.uid, "period": self.period, "revision": self.revision, **self.target.as_json(),
                "where": target_label(pack, self.target), "text": self.text, "old": self.old, "now": self.now,
                "value_changed": self.value_changed, "reply": self.reply, "answered": self.answered,
                "answered_revision": self.answered_revision}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Imported:
    period: str
    revision: int
    added: int
    already: int
    reopened: bool
    reason: str


def uids(store: Store) -> list[str]:
    session = store.read()
    try:
        return list(session.scalars(select(Question.uid)))
    finally:
        store.end_read()


def _rows(store: Store, period: str | None) -> list[Question]:
    session = store.read()
    try:
        query = select(Question).order_by(Question.imported_at, Question.uid)
        if period is not None:
            query = query.where(Question.period_key == period)
        rows = list(session.scalars(query))
        for row in rows:
            session.expunge(row)
        return rows
    finally:
        store.end_read()


def questions(service: EditContext, period: str | None = None, pending_only: bool = False,
              category: str | None = None) -> list[SchoolQuestion]:  # fmt: skip
    """The period's questions (all periods with None), each with the value now and whether it is answered."""
    # read once per change of the questions (each is a wide write), so the window may ask after every edit
    rows = data.cached(service.store, ("questions", period or "*"), lambda: _rows(service.store, period), ())
    current: dict[str, dict[str, dict[str, Any]]] = {}
    found = []
    for row in rows:
        if pending_only and row.answered_revision is not None:
            continue
        if category is not None and row.category != category:
            continue
        if row.period_key not in current:
            saved = data.shared_period_values(service.store, service.pack, row.period_key)
            current[row.period_key] = canonical_values(service.pack, saved)
        target = Target(row.category, row.field, row.row)
        now = target_value(current[row.period_key], target)
        found.append(SchoolQuestion(row.uid, row.period_key, row.revision, target, row.text, row.reason,
                                    json.loads(row.value_json) if row.value_json else None, now, row.reply,
                                    row.answered_revision))  # fmt: skip
    return found


def set_reply(service: EditContext, uid: str, text: str) -> None:
    with service.store.write() as session:
        row = session.get(Question, uid)
        if row is None:
            raise QuestionsRefused("no_question", uid=uid)
        if row.answered_revision is not None:
            raise QuestionsRefused("already_answered", uid=uid, revision=row.answered_revision)
        row.reply, row.replied_at = text.strip(), now_iso()


def blockers(service: EditContext, period: str) -> list[Blocker]:
    """Each question of the period not yet answered: 上报 waits for it."""
    from desktop_app.services.refusals_lifecycle import Blocker

    found = []
    for item in questions(service, period, pending_only=True):
        if item.answered:
            continue
        where = Text(target_label(service.pack, item.target), target_label(service.pack, item.target, "en"))
        message = Text(
            f"区教体局意见：{item.text}（请修改数值或填写答复）",
            f"The bureau asks: {item.text} (change the value or write a reply)",
        )
        row = item.target.row - 1 if item.target.row is not None else None
        found.append(Blocker(item.target.category, item.target.field or None, row, None, "question",
                             f"question:{item.uid}", where, message))  # fmt: skip
    return found


def pending_answers(service: EditContext, period: str) -> tuple[Answer, ...]:
    """The answers the next revision of the period carries (questions not yet carried by one)."""
    return tuple(
        Answer(item.uid, item.reply, item.target, item.text, item.revision, item.old)
        for item in questions(service, period, pending_only=True)
    )


def stamp(store: Store, period: str, revision: int, uids: list[str]) -> None:
    """In the transaction that freezes `revision`: these answers went with it."""
    if not uids:
        return
    with store.write() as session:
        for row in session.scalars(select(Question).where(Question.period_key == period, Question.uid.in_(uids))):
            row.answered_revision = revision


def open_count(service: EditContext, category: str, period: str) -> int:
    """How many of the category's questions in the period wait for an answer (neither the value changed
    nor a reply written): part of the one count of what is left (services.answers). The questions are
    read once per change of them (each is a wide write); the values are the category's cached read."""
    rows = data.cached(service.store, ("questions", period), lambda: _rows(service.store, period), ())
    mine = [row for row in rows if row.category == category and row.answered_revision is None
            and not row.reply.strip()]  # fmt: skip
    if not mine:
        return 0
    target = service.pack.category(category)
    values = canonical_values(service.pack, {category: data.category_values(service.store, service.pack, target,
                                                                            period)})  # fmt: skip
    old_of = [json.loads(row.value_json) if row.value_json else None for row in mine]
    return sum(
        1
        for row, old in zip(mine, old_of, strict=True)
        if not changed(old, target_value(values, Target(row.category, row.field, row.row)))
    )
