"""An in-memory stand-in for ReportingService, for engine tests on tiny packs only.

It keeps values in dicts and uses the real domain (parse_text, validation, evaluation), so the
widgets are exercised against real parsing and rules; the database tests use the real service.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.evaluation import compute_derived
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.validation import ValidationContext, validate
from desktop_app.domain.values import canonical_row, parse_text


@dataclass
class Result:
    ok: bool
    problem: Any = None


class MemoryService:
    def __init__(self, pack: FormPack) -> None:
        self.pack = pack
        self.data: dict[str, dict[str, dict[str, Any]]] = {}
        self.notes: dict[str, dict[str, str]] = {}
        self._undo: list[dict[str, Any]] = []
        self._redo: list[dict[str, Any]] = []

    def _bucket(self, period: str) -> dict[str, dict[str, Any]]:
        return self.data.setdefault(period, {})

    def _all(self, period: str) -> dict[str, dict[str, Any]]:
        values = self._bucket(period)
        values.setdefault("profile", self._bucket("profile").get("profile", {}))
        return values

    def _save_point(self) -> None:
        self._undo.append(copy.deepcopy(self.data))
        self._redo.clear()

    def values(self, category: str, period: str) -> dict[str, Any]:
        period = "profile" if category == "profile" else period
        return dict(self._bucket(period).get(category, {}))

    def derived(self, category: str, period: str) -> dict[str, Any]:
        return compute_derived(self.pack, category, self._all(period))

    def set_text(self, category: str, field: str, text: str, period: str, row: int | None = None,
                 column: str | None = None, strict: bool = False, source: str = "gui") -> Result:
        period = "profile" if category == "profile" else period
        target = self.pack.category(category).field(field)
        try:
            parsed = parse_text(target.column(column) if column else target, text, self.pack)
        except ValueProblem as problem:
            return Result(False, problem)
        self._save_point()
        values = self._bucket(period).setdefault(category, {})
        if column is not None and row is not None:
            values[field][row][column] = parsed
        else:
            values[field] = parsed
        return Result(True)

    def add_row(self, category: str, field: str, period: str) -> None:
        self._save_point()
        target = self.pack.category(category).field(field)
        values = self._bucket(period).setdefault(category, {})
        values.setdefault(field, []).append(canonical_row(target, {}))

    def remove_row(self, category: str, field: str, row: int, period: str) -> None:
        self._save_point()
        del self._bucket(period)[category][field][row]

    def move_row(self, category: str, field: str, row: int, to: int, period: str) -> None:
        self._save_point()
        rows = self._bucket(period)[category][field]
        rows.insert(to, rows.pop(row))

    def set_explanation(self, category: str, rule_id: str, text: str, period: str) -> None:
        self.notes.setdefault(category, {})[rule_id] = text

    def explanations(self, category: str, period: str) -> dict[str, str]:
        return dict(self.notes.get(category, {}))

    def validate(self, period: str, category: str | None = None, for_submission: bool = False) -> list[Any]:
        context = ValidationContext(period, self._all(period), explanations=self.notes,
                                    categories=[category] if category else None)
        return validate(self.pack, context)

    def category_state(self, category: str, period: str) -> str:
        issues = self.validate(period, category)
        if any(i.severity.value == "error" for i in issues):
            return "errors"
        if any(i.needs_explanation for i in issues):
            return "needs_explanation"
        return "in_progress" if self.values(category, period) else "empty"

    def periods(self) -> list[str]:
        return [key for key in self.data if key != "profile"]

    def undo(self) -> bool:
        if not self._undo:
            return False
        self._redo.append(copy.deepcopy(self.data))
        self.data = self._undo.pop()
        return True

    def redo(self) -> bool:
        if not self._redo:
            return False
        self._undo.append(copy.deepcopy(self.data))
        self.data = self._redo.pop()
        return True

    def is_table(self, category: str, field: str) -> bool:
        return self.pack.category(category).field(field).type is FieldType.TABLE
