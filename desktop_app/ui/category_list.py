"""The categories on the left: each with its state (未填 … 已提交) and its error / warning counts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop_app.domain.pack import Category
from desktop_app.ui.i18n import tr

OVERVIEW_KEY = "__overview__"

# The service's state names (and a few spellings of them) → the catalogue entry shown.
STATE_LABELS = {
    "empty": "state.empty",
    "not_started": "state.empty",
    "in_progress": "state.in_progress",
    "errors": "state.errors",
    "has_errors": "state.errors",
    "error": "state.errors",
    "needs_explanation": "state.needs_explanation",
    "warnings": "state.needs_explanation",
    "complete": "state.complete",
    "completed": "state.complete",
    "done": "state.complete",
    "submitted": "state.submitted",
}
_STATE_COLOURS = {
    "state.errors": "#c62828",
    "state.needs_explanation": "#b26a00",
    "state.complete": "#2e7d32",
    "state.submitted": "#1565c0",
    "state.empty": "#757575",
}


@dataclass(frozen=True, slots=True)
class CategoryStatus:
    state: str  # the service's state name
    errors: int = 0
    warnings: int = 0  # warnings still needing a 说明


def state_label(state: str) -> str:
    return tr(STATE_LABELS.get(state, "state.in_progress"))


class CategoryList(QListWidget):
    selected = Signal(str)  # category key, or OVERVIEW_KEY

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setMinimumWidth(200)
        self.setSpacing(2)
        self._items: dict[str, QListWidgetItem] = {}
        self._labels: dict[str, str] = {}
        self.currentItemChanged.connect(self._changed)

    def set_categories(self, categories: list[Category], lang: str) -> None:
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        self._add(OVERVIEW_KEY, tr("overview.title"))
        for category in categories:
            self._add(category.key, category.numbered_label(lang))
        self.blockSignals(False)

    def _add(self, key: str, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.addItem(item)
        self._items[key] = item
        self._labels[key] = label

    def set_status(self, key: str, status: CategoryStatus) -> None:
        item = self._items.get(key)
        if item is None:
            return
        label_key = STATE_LABELS.get(status.state, "state.in_progress")
        line = tr(label_key)
        if status.errors or status.warnings:
            line += " · " + tr("counts", errors=status.errors, warnings=status.warnings)
        item.setText(f"{self._labels[key]}\n    {line}")
        item.setData(Qt.ItemDataRole.UserRole + 1, status.state)
        colour = _STATE_COLOURS.get(label_key)
        item.setForeground(QBrush(QColor(colour)) if colour else QBrush())

    def state_of(self, key: str) -> str:
        item = self._items.get(key)
        return str(item.data(Qt.ItemDataRole.UserRole + 1) or "") if item else ""

    def select(self, key: str) -> None:
        item = self._items.get(key)
        if item is not None:
            self.setCurrentItem(item)

    def step(self, delta: int) -> None:
        """Next / previous category (Ctrl+PgDown / Ctrl+PgUp), wrapping around."""
        if self.count():
            self.setCurrentRow((self.currentRow() + delta) % self.count())

    def current_key(self) -> str:
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is not None:
            self.selected.emit(str(current.data(Qt.ItemDataRole.UserRole)))
