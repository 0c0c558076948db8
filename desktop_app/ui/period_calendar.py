"""The year's reporting periods on the overview: each with its deadline and where it stands
(已上报 / 还有 N 天 / 已逾期 N 天); click one to switch to it. The dates and states are the service's."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import tr

OVERDUE_COLOUR = "#c62828"
SUBMITTED_COLOUR = "#1565c0"
PERIOD_ROLE = Qt.ItemDataRole.UserRole


class PeriodCalendar(QWidget):
    period_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel(tr("overview.periods"))
        self.title.setObjectName("panelTitle")
        self.table = QTableWidget(0, 3)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.cellClicked.connect(self._clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)

    def show_periods(self, dues: Sequence[Any], current: str, lang: str) -> None:
        """`dues`: services.schedule.PeriodDue, in deadline order."""
        heads = ("overview.period", "overview.period_deadline", "overview.period_state")
        self.table.setHorizontalHeaderLabels([tr(key) for key in heads])
        self.table.setRowCount(len(dues))
        for row, due in enumerate(dues):
            cells = (due.label(lang), due.deadline_text(lang), due.state_text(lang))
            colour = OVERDUE_COLOUR if due.overdue else SUBMITTED_COLOUR if due.submitted else ""
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(PERIOD_ROLE, due.period)
                if colour and column == 2:
                    item.setForeground(QBrush(QColor(colour)))
                if due.period == current:
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                else:
                    item.setToolTip(tr("overview.period_switch"))
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(self.table.rowHeight(r) for r in range(len(dues)))
        self.table.setFixedHeight(height + 4)

    def rows_shown(self) -> list[tuple[str, str, str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]

    def _clicked(self, row: int, _column: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            self.period_chosen.emit(str(item.data(PERIOD_ROLE)))
