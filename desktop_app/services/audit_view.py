"""The audit trail as a person reads it: when, what (field, row, column), old value, new value, revision.

Shared by `school-report audit` and the window's audit viewer so both say the same thing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.values import display, from_json
from desktop_app.services.submissions import STATUS_FIELD

if TYPE_CHECKING:
    from desktop_app.domain.pack import Category, Field, FormPack
    from desktop_app.storage.store import AuditRecord

EXPLANATION_PREFIX = "说明:"
POSITION_COLUMN = "#position"
_STATUS = {"draft": ("草稿", "Draft"), "submitted": ("已提交", "Submitted")}
_SOURCES = {
    "gui": ("窗口", "window"), "cli": ("命令行", "command line"), "undo": ("撤销", "undo"),
    "redo": ("重做", "redo"), "import": ("导入", "import"), "demo": ("演示数据", "demo"),
    "submit": ("上报", "submit"), "reopen": ("退回修改", "reopen"), "carry": ("上年数据带入", "carried over"),
    "confirm": ("核对确认", "checked"), "load": ("批量导入", "bulk load"),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class AuditLine:
    at: str
    what: str
    old: str
    new: str
    revision: int
    source: str


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def _shown(target: Field | None, data: Any, pack: FormPack, lang: str) -> str:
    if data is None:
        return "（空）" if lang != "en" else "(empty)"
    if target is not None:
        try:
            shown = display(target, from_json(target, data, pack), pack, lang)
            return shown or ("（空）" if lang != "en" else "(empty)")
        except (ValueProblem, TypeError, ValueError, KeyError, AttributeError):
            pass
    return data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)


def _status(data: Any, lang: str) -> str:
    if isinstance(data, dict):
        status = _pick(_STATUS.get(str(data.get("status")), (str(data.get("status")),) * 2), lang)
        reason = str(data.get("reason") or "")
        if not reason:
            return status
        return f"{status} (reason: {reason})" if lang == "en" else f"{status}（原因：{reason}）"
    return _pick(_STATUS.get(str(data), (str(data), str(data))), lang)


def _row_summary(target: Field, data: Any, pack: FormPack, lang: str) -> str:
    """An added or removed row: its position and the cells it held."""
    if not isinstance(data, dict):
        return _shown(None, data, pack, lang)
    cells = data.get("cells") or {}
    parts = []
    for column in target.columns:
        if cells.get(column.key) is not None:
            parts.append(f"{column.label.get(lang)} {_shown(column, cells[column.key], pack, lang)}")
    head = f"第{int(data.get('position', 0)) + 1}行" if lang != "en" else f"row {int(data.get('position', 0)) + 1}"
    return head + ("：" + "；".join(parts) if parts else "")


def rule_text(pack: FormPack, category: Category, rule_id: str, lang: str = "zh") -> str:
    """The words of the check a 说明 answers (its message), not its id; the id if the pack lost it."""
    for candidate in (category, *pack.categories):
        for rule in candidate.rules:
            if rule.id == rule_id:
                return rule.message.get(lang)
    return rule_id


def describe(
    pack: FormPack, category: Category, record: AuditRecord, lang: str = "zh", row_numbers: dict[str, int] | None = None
) -> AuditLine:
    """One entry in words; `row_numbers` maps a row's id to its current 1-based number, if known."""
    source = _pick(_SOURCES.get(record.source, (record.source, record.source)), lang)
    if record.field == STATUS_FIELD:
        what = "报送状态" if lang != "en" else "Status"
        return AuditLine(record.at, what, _status(record.old, lang), _status(record.new, lang), record.revision, source)
    if record.field.startswith(EXPLANATION_PREFIX):
        rule = rule_text(pack, category, record.field[len(EXPLANATION_PREFIX) :], lang)
        what = ("说明：" if lang != "en" else "Explanation: ") + rule
        return AuditLine(
            record.at,
            what,
            _shown(None, record.old, pack, lang),
            _shown(None, record.new, pack, lang),
            record.revision,
            source,
        )
    target = category.field(record.field) if category.has_field(record.field) else None
    what = target.label.get(lang) if target is not None else record.field
    cell: Field | None = target
    if record.row is not None and target is not None:
        number = (row_numbers or {}).get(record.row)
        where = (
            (f"第{number}行" if lang != "en" else f"row {number}")
            if number
            else ("已删除的行" if lang != "en" else "a removed row")
        )
        if record.column == POSITION_COLUMN:
            moved = "移动" if lang != "en" else "moved"
            return AuditLine(
                record.at,
                f"{what} {where} {moved}",
                str(int(record.old) + 1),
                str(int(record.new) + 1),
                record.revision,
                source,
            )
        if record.column is None:  # a row added or removed
            old = _row_summary(target, record.old, pack, lang) if record.old is not None else "—"
            new = _row_summary(target, record.new, pack, lang) if record.new is not None else "—"
            return AuditLine(record.at, f"{what} {where}", old, new, record.revision, source)
        column = next((c for c in target.columns if c.key == record.column), None)
        cell = column
        what = f"{what} {where} {column.label.get(lang) if column else record.column}"
    return AuditLine(
        record.at,
        what,
        _shown(cell, record.old, pack, lang),
        _shown(cell, record.new, pack, lang),
        record.revision,
        source,
    )
