"""退回修改意见: the bureau's questions on a school's submitted figures, and the school's answers.

A question names a school, a period, the revision it was asked about, and a target: a field, a row of
a table field, or the whole category. It travels to the school in a 退回意见 workbook (format in
docs/questions.md), fingerprinted like a submission; the answers come back in the school's next
revision (`answer.<uid>` rows of its workbook, docs/xlsx-format.md). An answer is a changed value, a
written reply, or both; the fingerprint of the answering revision covers each reply.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.text import Text

FORMAT = "school-report.questions/1"
SCHEME = "sha256-canonical-json-v1"
THIN_NOTE = 5  # a 说明 shorter than this many characters is proposed as a question


@dataclass(frozen=True, slots=True)
class Target:
    category: str
    field: str = ""  # "" for the whole category
    row: int | None = None  # 1-based row of a table field

    def as_json(self) -> dict[str, Any]:
        return {"category": self.category, "field": self.field, "row": self.row}


@dataclass(frozen=True, slots=True)
class QuestionItem:
    """One question as the 退回意见 file carries it."""

    uid: str
    target: Target
    text: str
    value: Any = None  # the value asked about, in the JSON form of domain.values (None when none)

    def as_json(self) -> dict[str, Any]:
        return {"uid": self.uid, **self.target.as_json(), "text": self.text, "value": self.value}


@dataclass(frozen=True, slots=True)
class QuestionFile:
    """The 退回意见 document: which school, period and revision it refers to, the reason, the questions."""

    school_code: str
    school_name: str
    period: str
    revision: int
    fingerprint: str  # of the revision the questions refer to
    reason: str
    issued_at: str
    questions: tuple[QuestionItem, ...] = field(default_factory=tuple)

    def document(self) -> dict[str, Any]:
        return {
            "scheme": SCHEME, "format": FORMAT, "school_code": self.school_code, "school_name": self.school_name,
            "period": self.period, "revision": self.revision, "fingerprint": self.fingerprint,
            "reason": self.reason, "issued_at": self.issued_at,
            "questions": [item.as_json() for item in self.questions],
        }  # fmt: skip


def canonical(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def file_fingerprint(question_file: QuestionFile) -> str:
    """SHA-256 over the canonical document (as a submission's): a changed question no longer verifies."""
    return hashlib.sha256(canonical(question_file.document())).hexdigest()


@dataclass(frozen=True, slots=True)
class Answer:
    """The school's answer to one question, as its next revision carries it.

    Only `question` (the uid) and `reply` are covered by the fingerprint; the rest is for reading and
    printing (the bureau keeps its own question and compares the revisions itself)."""

    question: str  # the question's uid
    reply: str
    target: Target
    asked: str = ""  # the bureau's text
    asked_revision: int = 0
    old: Any = None  # the value asked about (JSON form), from the asked revision

    def as_json(self) -> dict[str, Any]:
        return {"reply": self.reply, **self.target.as_json(), "asked": self.asked,
                "asked_revision": self.asked_revision, "old": self.old}  # fmt: skip


def answers_document(answers: Sequence[Answer]) -> dict[str, str]:
    """What the fingerprint covers of the answers: uid → reply."""
    return {answer.question: answer.reply for answer in answers}


def answer_from_json(uid: str, data: Mapping[str, Any]) -> Answer:
    row = data.get("row")
    return Answer(
        uid, str(data.get("reply") or ""),
        Target(str(data.get("category") or ""), str(data.get("field") or ""), int(row) if row is not None else None),
        str(data.get("asked") or ""), int(data.get("asked_revision") or 0), data.get("old"),
    )  # fmt: skip


def target_value(values: Mapping[str, Mapping[str, Any]], target: Target) -> Any:
    """The JSON value a target points at in a submission's canonical values (category → field → JSON)."""
    fields = values.get(target.category)
    if fields is None:
        return None
    if not target.field:
        return dict(fields)
    value = fields.get(target.field)
    if target.row is None:
        return value
    if isinstance(value, list) and 1 <= target.row <= len(value):
        return value[target.row - 1]
    return None


def changed(old: Any, new: Any) -> bool:
    return canonical({"v": old}) != canonical({"v": new})


def target_label(pack: FormPack, target: Target, lang: str = "zh") -> str:
    """e.g. 安全工作 / 发现隐患数, 安全工作 / 演练记录 第2行, or 安全工作 (the whole category)."""
    try:
        category = pack.category(target.category)
    except KeyError:
        return target.category
    text = category.label.get(lang)
    if target.field and category.has_field(target.field):
        text += " / " + category.field(target.field).label.get(lang)
    elif target.field:
        text += " / " + target.field
    if target.row is not None:
        text += f" 第{target.row}行" if lang != "en" else f" row {target.row}"
    return text


def check_target(pack: FormPack, target: Target) -> Text | None:
    """Why a target does not exist in the pack (None when it does)."""
    from desktop_app.domain.pack import FieldType

    try:
        category = pack.category(target.category)
    except KeyError:
        return Text(f"表单包中没有类别“{target.category}”。", f"The pack has no category “{target.category}”.")
    if not target.field:
        if target.row is not None:
            return Text("指定行时须同时指定字段。", "A row needs a field.")
        return None
    if not category.has_field(target.field):
        return Text(
            f"类别“{category.label.zh}”中没有字段“{target.field}”。",
            f"Category “{category.label.get('en')}” has no field “{target.field}”.",
        )
    if target.row is not None:
        if category.field(target.field).type is not FieldType.TABLE:
            return Text(
                f"字段“{category.field(target.field).label.zh}”不是表格，不能指定行。",
                f"Field “{category.field(target.field).label.get('en')}” is not a table; it has no rows.",
            )
        if target.row < 1:
            return Text("行号从 1 开始。", "Rows are numbered from 1.")
    return None


def _shown(pack: FormPack, category: str, field_key: str, value: Any, lang: str) -> str:
    from desktop_app.domain.values import display, from_json

    empty = "（未填）" if lang != "en" else "(blank)"
    if value is None:
        return empty
    try:
        item = pack.category(category).field(field_key)
        return display(item, from_json(item, value, pack), pack, lang) or empty
    except (KeyError, ValueError, TypeError, ArithmeticError):
        return str(value)


def describe_change(pack: FormPack, target: Target, old: Any, new: Any, lang: str = "zh") -> str:
    """What changed at a target, for a person: 25 → 27; for a category or a row, each changed field."""
    if not changed(old, new):
        return "数值未改" if lang != "en" else "value unchanged"
    if target.field and target.row is None:
        return (
            f"{_shown(pack, target.category, target.field, old, lang)} → "
            f"{_shown(pack, target.category, target.field, new, lang)}"
        )
    old_map = old if isinstance(old, dict) else {}
    new_map = new if isinstance(new, dict) else {}
    parts = []
    for key in sorted(set(old_map) | set(new_map), key=lambda k: (k not in new_map, str(k))):
        if not changed(old_map.get(key), new_map.get(key)):
            continue
        if target.row is None:  # the whole category: its fields
            try:
                label = pack.category(target.category).field(key).label.get(lang)
            except KeyError:
                label = key
            before = _shown(pack, target.category, key, old_map.get(key), lang)
            after = _shown(pack, target.category, key, new_map.get(key), lang)
        else:  # a table row: its columns
            label, before, after = _column_change(pack, target, key, old_map.get(key), new_map.get(key), lang)
        parts.append(f"{label} {before} → {after}")
    if not parts:
        return "已删除该行" if lang != "en" else "row removed"
    return "；".join(parts) if lang != "en" else "; ".join(parts)


def _column_change(pack: FormPack, target: Target, key: str, old: Any, new: Any, lang: str) -> tuple[str, str, str]:
    from desktop_app.domain.values import display, from_json

    try:
        column = next(c for c in pack.category(target.category).field(target.field).columns if c.key == key)
    except (KeyError, StopIteration):
        return key, str(old), str(new)

    def shown(value: Any) -> str:
        if value is None:
            return "（未填）" if lang != "en" else "(blank)"
        try:
            return display(column, from_json(column, value, pack), pack, lang)
        except (KeyError, ValueError, TypeError, ArithmeticError):
            return str(value)

    return column.label.get(lang), shown(old), shown(new)
