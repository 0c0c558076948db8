"""The read-only views of bureau mode: 报送情况 (matrix with filters) and the table filler of 汇总."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import label, language, tr

STATE_COLOURS = {"received": "#dff0d8", "rejected": "#f8d7da", "missing": "#fff3cd", "n/a": "#eeeeee"}


def fill(table: QTableWidget, headers: list[str], rows: list[list[str]],
         colours: list[list[str | None]] | None = None) -> None:  # fmt: skip
    table.clear()
    table.setColumnCount(len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if colours and colours[r][c]:
                item.setBackground(QColor(colours[r][c]))
            table.setItem(r, c, item)
    table.resizeColumnsToContents()


def read_only_table() -> QTableWidget:
    table = QTableWidget()
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class StatusView(QWidget):
    """报送情况: schools × categories, filterable by 镇街 and school type."""

    def __init__(self, pack: Any) -> None:
        super().__init__()
        self.pack = pack
        self.town = QComboBox()
        self.school_type = QComboBox()
        for combo, list_key in ((self.town, "town"), (self.school_type, "school_type")):
            combo.addItem(tr("bureau.all"), None)
            for choice in pack.choice_list(list_key).choices:
                combo.addItem(label(choice.label), choice.key)
        self.summary = QLabel()
        self.table = read_only_table()
        filters = QHBoxLayout()
        filters.addWidget(QLabel(tr("bureau.status.town")))
        filters.addWidget(self.town)
        filters.addWidget(QLabel(tr("bureau.status.type")))
        filters.addWidget(self.school_type)
        filters.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)

    def show_result(self, result: Any, pack: Any = None) -> None:
        """`pack`: the version the period is kept under (its categories head the columns)."""
        lang, pack = language(), pack or self.pack
        heads = [tr("bureau.status.school"), *(label(pack.category(k).label) for k in result.categories)]
        rows, colours = [], []
        for row in result.rows:
            cells = [row.cells[k] for k in result.categories]
            rows.append(
                [
                    row.school.name,
                    *(
                        (tr("sep.colon", label=c.label(lang), text=c.reason) if c.reason else c.label(lang))
                        for c in cells
                    ),
                ]
            )
            colours.append([None, *(STATE_COLOURS[c.state] for c in cells)])
        fill(self.table, heads, rows, colours)
        counts = result.counts()
        missing = tr("sep.semicolon").join(
            s.name + tr("sep.paren", text=f"{s.contact} {s.phone}") for s in result.missing_schools()[:20]
        )
        text = tr("bureau.status.counts", **counts)
        self.summary.setText(text + ("\n" + tr("bureau.status.missing", schools=missing) if missing else ""))
        self.summary.setWordWrap(True)
