"""The categories on the left: each with its state (未填 … 已提交) and its error / warning counts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from desktop_app.domain.pack import Category
from desktop_app.domain.periods import Period
from desktop_app.services.changes import CategoryProgress
from desktop_app.ui.i18n import tr

OVERVIEW_KEY = "__overview__"

# The service's state names (services.changes.STATE_LABELS) → the catalogue entry shown, and its colour.
STATE_LABELS = {
    "empty": "state.empty",
    "in_progress": "state.in_progress",
    "has_errors": "state.errors",
    "needs_explanation": "state.needs_explanation",
    "complete": "state.complete",
    "none_this_period": "state.none_this_period",
    "submitted": "state.submitted",
}
_STATE_COLOURS = {
    "state.errors": "#c62828",
    "state.needs_explanation": "#b26a00",
    "state.complete": "#2e7d32",
    "state.none_this_period": "#2e7d32",
    "state.submitted": "#1565c0",
    "state.empty": "#757575",
}


def state_label(state: str) -> str:
    return tr(STATE_LABELS.get(state, "state.in_progress"))


def progress_line(progress: CategoryProgress) -> str:
    """The state, and what is left of it: errors, empty required fields, warnings without a 说明."""
    line = state_label(progress.key)
    parts = [
        tr(key, count=count)
        for key, count in (
            ("left.errors", progress.errors),
            ("left.required", progress.missing_required),
            ("left.unexplained", progress.unexplained),
            ("left.questions", progress.questions),
        )
        if count
    ]
    return f"{line} · {' · '.join(parts)}" if parts else line


ELSEWHERE_ROLE = Qt.ItemDataRole.UserRole + 2  # the period a category of another kind is reported in
_ELSEWHERE_COLOUR = "#9e9e9e"


class CategoryList(QListWidget):
    selected = Signal(str)  # category key, or OVERVIEW_KEY
    elsewhere = Signal(str, str)  # period, category key: a category of another period was chosen

    def __init__(self) -> None:
        super().__init__()
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self.setMinimumWidth(150)
        self.setSpacing(2)
        self._items: dict[str, QListWidgetItem] = {}
        self._labels: dict[str, str] = {}
        self.currentItemChanged.connect(self._changed)

    def set_categories(
        self, categories: Sequence[Category], lang: str, elsewhere: Sequence[tuple[Category, str, str]] = ()
    ) -> None:
        """This period's categories, and in their place in the pack's order the year's others,
        greyed, each with how it is reported ("按学期填报 → 切换") and the period a click opens."""
        self.blockSignals(True)
        self.clear()
        self._items.clear()
        self._add(OVERVIEW_KEY, tr("overview.title"))
        others = {category.key: (category, period, how) for category, period, how in elsewhere}
        for category in sorted([*categories, *(c for c, _p, _h in elsewhere)], key=lambda c: c.number):
            label = category.numbered_label(lang)
            if category.key not in others:
                self._add(category.key, label)
                continue
            _category, period, how = others[category.key]
            item = QListWidgetItem(f"{label}\n    {how} → {tr('list.switch')}")
            item.setData(Qt.ItemDataRole.UserRole, category.key)
            item.setData(ELSEWHERE_ROLE, period)
            item.setForeground(QBrush(QColor(_ELSEWHERE_COLOUR)))
            item.setToolTip(tr("list.switch_tip", period=Period.parse(period).name(lang)))
            self.addItem(item)
            self._items[category.key] = item
        self.blockSignals(False)

    def elsewhere_keys(self) -> dict[str, str]:
        """Category → period of the greyed entries (categories reported in another period)."""
        found = {}
        for row in range(self.count()):
            item = self.item(row)
            if item.data(ELSEWHERE_ROLE):
                found[str(item.data(Qt.ItemDataRole.UserRole))] = str(item.data(ELSEWHERE_ROLE))
        return found

    def _add(self, key: str, label: str) -> None:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, key)
        self.addItem(item)
        self._items[key] = item
        self._labels[key] = label

    def set_status(self, key: str, progress: CategoryProgress) -> None:
        item = self._items.get(key)
        if item is None:
            return
        label_key = STATE_LABELS.get(progress.key, "state.in_progress")
        item.setText(f"{self._labels[key]}\n    {progress_line(progress)}")
        item.setData(Qt.ItemDataRole.UserRole + 1, progress.key)
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
        """Next / previous category of this period (Ctrl+PgDown / Ctrl+PgUp), wrapping around."""
        row = self.currentRow()
        for _ in range(self.count()):
            row = (row + delta) % self.count()
            if not self.item(row).data(ELSEWHERE_ROLE):
                self.setCurrentRow(row)
                return

    def current_key(self) -> str:
        item = self.currentItem()
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        period = current.data(ELSEWHERE_ROLE)
        if period:  # after this signal: the switch rebuilds this list
            key = str(current.data(Qt.ItemDataRole.UserRole))
            QTimer.singleShot(0, lambda: self.elsewhere.emit(str(period), key))
            return
        self.selected.emit(str(current.data(Qt.ItemDataRole.UserRole)))
