"""The undo stack: each step is a group of changes that one action made, with how to reverse it.

Steps hold JSON values and row ids, never ORM objects, so they stay valid across transactions.
Undoing writes the old values back through the store (audited as source "undo"); redoing writes the
new ones again (source "redo"). A new edit clears what could be redone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from desktop_app.storage import writes
from desktop_app.storage.store import ReportKey, Store

Json = Any


@dataclass(frozen=True, slots=True)
class Step:
    """One reversible change of one report."""

    key: ReportKey
    kind: str  # the period kind, for creating the report when needed
    op: str  # field | cell | insert | delete | move | explanation
    field: str
    old: Json = None
    new: Json = None
    row: str | None = None
    column: str | None = None

    def apply(self, store: Store, reverse: bool, source: str) -> None:
        value = self.old if reverse else self.new
        if self.op == "field":
            writes.set_field(store, self.key, self.kind, self.field, value, source)
        elif self.op == "cell":
            assert self.row is not None and self.column is not None
            writes.set_cell(store, self.key, self.kind, self.field, self.row, self.column, value, source)
        elif self.op == "explanation":
            writes.set_explanation(store, self.key, self.kind, self.field, value or "", source)
        elif self.op == "move":
            assert self.row is not None
            writes.move_row(store, self.key, self.kind, self.field, self.row, int(value), source)
        else:
            assert self.row is not None
            removing = (self.op == "insert") == reverse
            if removing:
                writes.delete_row(store, self.key, self.kind, self.field, self.row, source)
            else:
                row = self.new if self.op == "insert" else self.old
                writes.insert_row(
                    store, self.key, self.kind, self.field, row["position"], self.row, row["cells"], source
                )


@dataclass
class UndoStack:
    limit: int = 200
    _done: list[list[Step]] = field(default_factory=list)
    _undone: list[list[Step]] = field(default_factory=list)

    def push(self, steps: list[Step]) -> None:
        if not steps:
            return
        self._done.append(steps)
        del self._done[: max(0, len(self._done) - self.limit)]
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def peek_undo(self) -> list[Step] | None:
        return self._done[-1] if self._done else None

    def peek_redo(self) -> list[Step] | None:
        return self._undone[-1] if self._undone else None

    def undo(self, store: Store, check: Callable[[Step], None]) -> list[Step]:
        steps = self._done[-1]
        for step in steps:
            check(step)
        for step in reversed(steps):
            step.apply(store, reverse=True, source="undo")
        self._undone.append(self._done.pop())
        return steps

    def redo(self, store: Store, check: Callable[[Step], None]) -> list[Step]:
        steps = self._undone[-1]
        for step in steps:
            check(step)
        for step in steps:
            step.apply(store, reverse=False, source="redo")
        self._done.append(self._undone.pop())
        return steps

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
