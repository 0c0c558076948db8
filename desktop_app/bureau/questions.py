"""退回修改意见 at the bureau: questions asked, sent to the school, answered by its next revision, closed.

States: open (asked, not yet answered) → answered (a newer revision carried the school's answer: the
value from → to and the reply) → accepted (the officer closed it). An officer may ask again instead of
accepting: the question becomes `reasked` and a new open question (its `parent_uid` naming the old one)
is asked on the newest revision. A question may also be closed while open (withdrawn).
"""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, select, update

from desktop_app.bureau.models import Question, School, StoredSubmission, utcnow
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.pack import FormPack
from desktop_app.domain.questions import (
    THIN_NOTE,
    QuestionFile,
    QuestionItem,
    Target,
    changed,
    check_target,
    target_label,
    target_value,
)
from desktop_app.domain.text import Text

STATES = ("open", "answered", "accepted", "reasked")
STATE_LABELS = {"open": ("待答复", "open"), "answered": ("已答复", "answered"), "accepted": ("已认可", "accepted"),
                "reasked": ("已再次询问", "asked again")}  # fmt: skip
_QUESTIONS = cast(Table, Question.__table__)
_SUBMISSIONS = cast(Table, StoredSubmission.__table__)


class QuestionRefused(Exception):
    """A question that cannot be added, exported, closed or asked again; nothing was changed."""

    def __init__(self, zh: str, en: str) -> None:
        self.message = Text(zh, en)
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.message.get(lang)


@dataclass(frozen=True, slots=True)
class QuestionRecord:
    uid: str
    school_code: str
    period: str
    revision: int
    target: Target
    text: str
    origin: str
    state: str
    parent_uid: str
    created_at: datetime
    exported_at: datetime | None
    answered_revision: int | None
    old: Any
    new: Any
    reply: str
    answered_at: datetime | None
    closed_at: datetime | None

    @property
    def value_changed(self) -> bool:
        return self.answered_revision is not None and changed(self.old, self.new)

    def as_json(self, pack: FormPack | None = None) -> dict[str, Any]:
        return {
            "uid": self.uid, "school_code": self.school_code, "period": self.period, "revision": self.revision,
            **self.target.as_json(), "where": target_label(pack, self.target) if pack else None,
            "text": self.text, "origin": self.origin, "state": self.state, "parent_uid": self.parent_uid or None,
            "created_at": _iso(self.created_at), "exported_at": _iso(self.exported_at),
            "answered_revision": self.answered_revision, "old": self.old, "new": self.new,
            "value_changed": self.value_changed, "reply": self.reply, "answered_at": _iso(self.answered_at),
            "closed_at": _iso(self.closed_at),
        }  # fmt: skip


def _iso(value: datetime | None) -> str | None:
    return value.isoformat(timespec="seconds") if value else None


def _loads(text: str | None) -> Any:
    return json.loads(text) if text else None


def _record(row: Question) -> QuestionRecord:
    return QuestionRecord(
        row.uid, row.school_code, row.period, row.revision, Target(row.category, row.field, row.row), row.text,
        row.origin, row.state, row.parent_uid, row.created_at, row.exported_at, row.answered_revision,
        _loads(row.old_json), _loads(row.new_json), row.reply, row.answered_at, row.closed_at,
    )  # fmt: skip


def new_uid() -> str:
    return "Q" + secrets.token_hex(6).upper()


def _latest(session: Any, school: str, period: str) -> StoredSubmission | None:
    return session.scalars(  # type: ignore[no-any-return]
        select(StoredSubmission).where(StoredSubmission.school_code == school, StoredSubmission.period == period)
        .order_by(StoredSubmission.revision.desc()).limit(1)
    ).first()  # fmt: skip


def add(store: BureauStore, pack: FormPack, school: str, period: str, target: Target, text: str,
        origin: str = "hand", parent_uid: str = "") -> QuestionRecord:  # fmt: skip
    """Ask a question on the newest imported revision of the school's period."""
    text = text.strip()
    if not text:
        raise QuestionRefused("请填写意见内容。", "Write the question.")
    problem = check_target(pack, target)
    if problem is not None:
        raise QuestionRefused(problem.zh, problem.get("en"))
    with store.transaction() as session:
        if session.get(School, school) is None:
            raise QuestionRefused(f"学校标识码 {school} 不在学校名单中。", f"School {school} is not in the register.")
        latest = _latest(session, school, period)
        if latest is None:
            raise QuestionRefused(
                f"本局尚未导入 {school} 该期的报送文件，无从提出意见。",
                f"Nothing of {school} has been imported for the period; nothing to ask about.",
            )
        values = json.loads(latest.values_json)
        if target.category not in values:
            raise QuestionRefused(
                f"该校第{latest.revision}版未报送“{pack.category(target.category).label.zh}”。",
                f"Revision {latest.revision} does not hold that category.",
            )
        if target.row is not None and target_value(values, target) is None:
            raise QuestionRefused(
                f"该校第{latest.revision}版的“{target_label(pack, target)}”不存在（行数不足）。",
                f"Revision {latest.revision} has no such row.",
            )
        row = Question(
            uid=new_uid(), school_code=school, period=period, revision=latest.revision, category=target.category,
            field=target.field, row=target.row, text=text, origin=origin[:80], state="open", parent_uid=parent_uid,
            created_at=utcnow(), reply="",
        )  # fmt: skip
        session.add(row)
        session.flush()
        return _record(row)


def listed(store: BureauStore, school: str | None = None, period: str | None = None,
           state: str | None = None) -> list[QuestionRecord]:  # fmt: skip
    query = select(Question).order_by(Question.school_code, Question.period, Question.created_at, Question.id)
    if school:
        query = query.where(Question.school_code == school)
    if period:
        query = query.where(Question.period == period)
    if state:
        query = query.where(Question.state == state)
    with store.transaction() as session:
        return [_record(row) for row in session.scalars(query)]


def counts(store: BureauStore, period: str) -> dict[str, dict[str, int]]:
    """school code → state → number of questions (报送情况 and the window's per-school view)."""
    found: dict[str, dict[str, int]] = {}
    for record in listed(store, period=period):
        found.setdefault(record.school_code, {}).setdefault(record.state, 0)
        found[record.school_code][record.state] += 1
    return found


def _get(session: Any, uid: str) -> Question:
    row = session.scalars(select(Question).where(Question.uid == uid)).first()
    if row is None:
        raise QuestionRefused(f"没有编号为 {uid} 的意见。", f"No question {uid}.")
    return cast(Question, row)


def close(store: BureauStore, uid: str) -> QuestionRecord:
    """认可 (accept) an answered question, or withdraw an open one."""
    with store.transaction() as session:
        row = _get(session, uid)
        if row.state not in ("open", "answered"):
            label = STATE_LABELS[row.state]
            raise QuestionRefused(f"意见 {uid} 已{label[0]}，无需关闭。", f"Question {uid} is already {label[1]}.")
        row.state, row.closed_at = "accepted", utcnow()
        return _record(row)


def reask(store: BureauStore, pack: FormPack, uid: str, text: str) -> QuestionRecord:
    """Ask again: the old question is kept as `reasked`, a new open one asks on the newest revision."""
    with store.transaction() as session:
        row = _get(session, uid)
        if row.state not in ("open", "answered"):
            raise QuestionRefused(
                f"意见 {uid} 已关闭，不能再次询问；请新建意见。",
                f"Question {uid} is closed; ask a new question instead.",
            )
        school, period, target = row.school_code, row.period, Target(row.category, row.field, row.row)
    asked = add(store, pack, school, period, target, text, origin="reask", parent_uid=uid)
    with store.transaction() as session:
        old = _get(session, uid)
        old.state, old.closed_at = "reasked", utcnow()
    return asked


@dataclass(frozen=True, slots=True)
class Exported:
    path: Path
    revision: int
    questions: int


def export(store: BureauStore, pack: FormPack, school: str, period: str, out: Path,
           reason: str = "") -> Exported:  # fmt: skip
    """The 退回意见 workbook of the school's open questions for the period, on its newest revision."""
    from desktop_app.bureau.figures import value_text
    from desktop_app.domain.values import from_json
    from desktop_app.exporters.xlsx.questions import write_questions

    with store.transaction() as session:
        entry = session.get(School, school)
        if entry is None:
            raise QuestionRefused(f"学校标识码 {school} 不在学校名单中。", f"School {school} is not in the register.")
        latest = _latest(session, school, period)
        rows = list(session.scalars(
            select(Question).where(Question.school_code == school, Question.period == period, Question.state == "open")
            .order_by(Question.created_at, Question.id)
        ))  # fmt: skip
        if latest is None or not rows:
            raise QuestionRefused(
                f"{entry.name}（{school}）该期没有待答复的意见，未导出。",
                f"{school} has no open question for the period; nothing exported.",
            )
        values = json.loads(latest.values_json)
        items, shown = [], []
        for row in rows:
            target = Target(row.category, row.field, row.row)
            value = target_value(values, target)
            items.append(QuestionItem(row.uid, target, row.text, value))
            text = ""
            if target.field and target.row is None and pack.has_category(target.category):
                category = pack.category(target.category)
                if category.has_field(target.field):
                    item = category.field(target.field)
                    text = value_text(pack, item, from_json(item, value, pack)) if value is not None else "（未填）"
            shown.append(text)
        now = datetime.now().astimezone().replace(microsecond=0)
        said = reason.strip() or f"区教体局退回修改意见（{len(items)} 条），请逐条修改或答复后重新上报。"
        question_file = QuestionFile(school, latest.school_name, period, latest.revision, latest.fingerprint, said,
                                     now.isoformat(), tuple(items))  # fmt: skip
        path = write_questions(question_file, pack, out, shown)
        for row in rows:
            row.exported_at = utcnow()
        return Exported(path, latest.revision, len(items))


def record_answers(connection: Connection, school: str, period: str, revision: int, values_json: str,
                   answers_json: str) -> int:  # fmt: skip
    """In the import's transaction of a new revision: mark each question it answers (from → to, reply).

    Returns how many questions were marked answered."""
    answers = json.loads(answers_json or "{}")
    if not answers:
        return 0
    rows = connection.execute(
        select(_QUESTIONS.c.id, _QUESTIONS.c.uid, _QUESTIONS.c.revision, _QUESTIONS.c.category, _QUESTIONS.c.field,
               _QUESTIONS.c.row, _QUESTIONS.c.state)
        .where(_QUESTIONS.c.school_code == school, _QUESTIONS.c.period == period,
               _QUESTIONS.c.uid.in_(list(answers)))
    ).all()  # fmt: skip
    if not rows:
        return 0
    old_values = {
        revision_: json.loads(text) for text, revision_ in connection.execute(
            select(_SUBMISSIONS.c.values_json, _SUBMISSIONS.c.revision)
            .where(_SUBMISSIONS.c.school_code == school, _SUBMISSIONS.c.period == period,
                   _SUBMISSIONS.c.revision.in_(sorted({row.revision for row in rows})))
        ).all()
    }  # fmt: skip
    new_values = json.loads(values_json)
    marked = 0
    now = utcnow()
    for row in rows:
        if row.state not in ("open", "answered") or revision <= row.revision:
            continue
        target = Target(row.category, row.field, row.row)
        old = target_value(old_values.get(row.revision, {}), target)
        new = target_value(new_values, target)
        reply = str(answers[row.uid].get("reply") or "") if isinstance(answers[row.uid], dict) else ""
        connection.execute(update(_QUESTIONS).where(_QUESTIONS.c.id == row.id).values(
            state="answered", answered_revision=revision, old_json=json.dumps(old, ensure_ascii=False),
            new_json=json.dumps(new, ensure_ascii=False), reply=reply, answered_at=now,
        ))  # fmt: skip
        marked += 1
    return marked


@dataclass(frozen=True, slots=True)
class Proposal:
    """A question the data-quality view or a thin 说明 suggests (not yet asked)."""

    school_code: str
    school_name: str
    target: Target
    text: str
    origin: str

    def as_json(self, pack: FormPack) -> dict[str, Any]:
        return {"school_code": self.school_code, "school_name": self.school_name, **self.target.as_json(),
                "where": target_label(pack, self.target), "text": self.text, "origin": self.origin}  # fmt: skip


PROPOSED_KINDS = ("error", "outlier", "jump", "warning", "missing_part")


def propose(store: BureauStore, pack: FormPack, period: str, school: str | None = None) -> list[Proposal]:
    """Questions worth asking: the data-quality view's lines (not the bureau's own missing baselines) and the
    warnings whose 说明 is missing or thinner than THIN_NOTE characters; not those already asked (open)."""
    from desktop_app.bureau.report import build_quality, register_of

    report = build_quality(pack, store, period, register_of(store))
    asked = {(q.school_code, q.target.category, q.target.field) for q in listed(store, school, period, "open")}
    found: list[Proposal] = []
    seen: set[tuple[str, str, str]] = set()
    for entry in report.schools:
        if school and entry.code != school:
            continue
        for line in entry.lines:
            if line.kind not in PROPOSED_KINDS:
                continue
            explanation = line.explanation.strip()
            if line.kind == "warning" and len(explanation) >= THIN_NOTE:
                continue
            key = (entry.code, line.category, line.field_key)
            if key in asked or key in seen:
                continue
            seen.add(key)
            found.append(Proposal(entry.code, entry.name, Target(line.category, line.field_key),
                                  _proposal_text(line), f"quality:{line.kind}"))  # fmt: skip
    return found


def _proposal_text(line: Any) -> str:
    value = f"所报“{line.value}”" if line.value else ""
    if line.kind == "warning":
        note = line.explanation.strip()
        said = f"所填说明“{note}”过于简略" if note else "未填写说明"
        return f"{line.field}{value}：{line.comparison}，{said}。请核实数据并补充说明。"
    return f"{line.field}{value}：{line.why}（{line.comparison}）。请核实，如有误请更正，无误请说明原因。"
