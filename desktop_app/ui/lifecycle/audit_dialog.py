"""修改记录…: the audit trail of one category in one period — when, what, old value, new value, revision."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window


class AuditDialog(QDialog):
    def __init__(
        self, service: Any, period: str, category: str | None = None, lang: str = "zh", parent: QWidget | None = None
    ) -> None:
        from desktop_app.domain.periods import Period

        super().__init__(parent)
        if hasattr(service, "for_period"):  # an earlier year: under its own pack
            service = service.for_period(period)
        self.service, self.period, self.lang = service, period, lang
        named = Period.parse(period)
        self.setWindowTitle(tr("audit.title", period=named.name(lang)))
        fit_window(self, "audit_dialog", QSize(900, 480))
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("audit.category")))
        self.categories = QComboBox()
        for item in service.pack.categories_for(named.kind):
            self.categories.addItem(item.label.get(lang), item.key)
        top.addWidget(self.categories, 1)
        layout.addLayout(top)
        heads = [tr(f"audit.col.{name}") for name in ("when", "what", "old", "new", "revision", "source")]
        self.table = QTableWidget(0, len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.categories.currentIndexChanged.connect(lambda _index: self.show_category(self.categories.currentData()))
        start = self.categories.findData(category) if category else 0
        self.categories.setCurrentIndex(max(start, 0))
        self.show_category(self.categories.currentData())

    def show_category(self, key: str) -> None:
        from desktop_app.services.audit_view import describe

        category = self.service.pack.category(key)
        records = self.service.audit(key, self.period)
        rows = {}
        for field in {r.field for r in records if r.row}:
            if category.has_field(field):
                rows.update({uid: n for n, uid in enumerate(self.service.row_ids(key, field, self.period), start=1)})
        lines = [describe(self.service.pack, category, record, self.lang, rows) for record in reversed(records)]
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            for column, text in enumerate(
                (line.at.replace("T", " ")[:19], line.what, line.old, line.new, str(line.revision), line.source)
            ):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)

    def rows_shown(self) -> list[list[str]]:
        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(self.table.columnCount())] for r in range(self.table.rowCount())]
