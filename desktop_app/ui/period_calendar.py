"""The year's reporting periods on the overview: each with its deadline and where it stands
(已上报 / 还有 N 天 / 已逾期 N 天); click a period to switch to it. The dates and states are the
service's. Labels in a grid, so that on a narrow screen the words wrap instead of being cut."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.ui.i18n import tr

OVERDUE_COLOUR = "#c62828"
SUBMITTED_COLOUR = "#1565c0"
LINK_SCHEME = "period:"


class PeriodCalendar(QWidget):
    period_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.title = QLabel(tr("overview.periods"))
        self.title.setObjectName("panelTitle")
        self.grid_frame = QFrame()
        self.grid_frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.grid = QGridLayout(self.grid_frame)
        self.grid.setHorizontalSpacing(16)
        self.grid.setColumnStretch(0, 1)
        self.grid.setColumnStretch(2, 1)
        self.cells: list[list[QLabel]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.grid_frame)

    def show_periods(self, dues: Sequence[Any], current: str, lang: str) -> None:
        """`dues`: services.schedule.PeriodDue, in deadline order."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells = []
        for column, key in enumerate(("overview.period", "overview.period_deadline", "overview.period_state")):
            self.grid.addWidget(self._label(f"<b>{escape(tr(key))}</b>"), 0, column)
        for row, due in enumerate(dues, start=1):
            name = escape(due.label(lang))
            period = self._label(
                f"<b>{name}</b>" if due.period == current else f'<a href="{LINK_SCHEME}{escape(due.period)}">{name}</a>'
            )
            period.setToolTip("" if due.period == current else tr("overview.period_switch"))
            period.linkActivated.connect(self._chosen)
            deadline = self._label(escape(due.deadline_text(lang)))
            state = self._label(escape(due.state_text(lang)))
            colour = OVERDUE_COLOUR if due.overdue else SUBMITTED_COLOUR if due.submitted else ""
            state.setProperty("colour", colour)
            if colour:
                state.setStyleSheet(f"color: {colour};")
            for column, label in enumerate((period, deadline, state)):
                self.grid.addWidget(label, row, column)
            self.cells.append([period, deadline, state])

    @staticmethod
    def _label(html: str) -> QLabel:
        label = QLabel(html)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setWordWrap(True)
        return label

    def rows_shown(self) -> list[tuple[str, str, str]]:
        return [(_plain(period), _plain(deadline), _plain(state)) for period, deadline, state in self.cells]

    def choose(self, row: int) -> None:
        """As a click on the row's period."""
        link = self.cells[row][0].text()
        if LINK_SCHEME in link:
            self._chosen(link.split('"')[1])

    def _chosen(self, link: str) -> None:
        self.period_chosen.emit(link.removeprefix(LINK_SCHEME))


def _plain(label: QLabel) -> str:
    from PySide6.QtGui import QTextDocumentFragment

    return QTextDocumentFragment.fromHtml(label.text()).toPlainText()
