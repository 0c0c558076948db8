"""The window's edits as plain values (what `services.operations.apply` runs): typed text, row operations,
a 说明, the answer 本期无此项, undo and redo. Standard library and domain only, so the window's form engine
(and its first look, painted before SQLAlchemy is imported) can name them without loading the store.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from desktop_app.domain.values import Value


@dataclass(frozen=True, slots=True)
class SetText:
    """Text typed into a field, or into a table's cell (row index and column)."""

    category: str
    field: str
    text: str
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True, slots=True)
class AddRow:
    category: str
    field: str
    values: Mapping[str, Value] = dataclasses.field(default_factory=dict)
    position: int | None = None


@dataclass(frozen=True, slots=True)
class RemoveRow:
    category: str
    field: str
    row: int


@dataclass(frozen=True, slots=True)
class MoveRow:
    category: str
    field: str
    row: int
    to: int


@dataclass(frozen=True, slots=True)
class Explain:
    """The 说明 of a warning (empty text takes it back)."""

    category: str
    rule_id: str
    text: str


@dataclass(frozen=True, slots=True)
class ConfirmEmpty:
    """本期无此项: an empty category answered once, before 上报 (False takes the answer back)."""

    category: str
    confirmed: bool = True


@dataclass(frozen=True, slots=True)
class ConfirmCarried:
    """The clerk checked a value carried from last year (上年数据，请核对): its mark goes, the value stays."""

    category: str
    field: str


@dataclass(frozen=True, slots=True)
class Undo:
    pass


@dataclass(frozen=True, slots=True)
class Redo:
    pass


Edit = SetText | AddRow | RemoveRow | MoveRow | Explain | ConfirmEmpty | ConfirmCarried | Undo | Redo

OP_NAMES: dict[type, str] = {
    SetText: "text", AddRow: "add_row", RemoveRow: "remove_row", MoveRow: "move_row", Explain: "explanation",
    ConfirmEmpty: "confirm_empty", ConfirmCarried: "confirm_carried", Undo: "undo", Redo: "redo",
}  # fmt: skip
