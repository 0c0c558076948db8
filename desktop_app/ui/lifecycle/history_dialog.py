"""上报记录…: every submitted revision with its time, fingerprint, 审核 and reasons; any revision's PDF
and Excel can be made again from its snapshot (same values, same fingerprint)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.exports.common import ChooseFolder, choose_folder, documents_folder
from desktop_app.ui.i18n import tr
from desktop_app.ui.screen_fit import fit_window


def _when(iso: str) -> str:
    """2026-11-25T19:09:23+08:00 → 2026-11-25 19:09 (the clerk's own clock)."""
    return iso.replace("T", " ")[:16]


class HistoryDialog(QDialog):
    def __init__(
        self,
        service: Any,
        period: str,
        lang: str = "zh",
        parent: QWidget | None = None,
        choose: ChooseFolder = choose_folder,
        inform: Callable[[str, bool], None] | None = None,
    ) -> None:
        from desktop_app.domain.periods import Period
        from desktop_app.domain.submission import short_fingerprint
        from desktop_app.services import lifecycle

        super().__init__(parent)
        self.service, self.period, self.lang, self.choose = service, period, lang, choose
        self.inform = inform or self._message_box
        self.made: tuple[Path, Path] | None = None
        self.setWindowTitle(tr("history.title", period=Period.parse(period).name(lang)))
        fit_window(self, "history_dialog", QSize(860, 360))
        layout = QVBoxLayout(self)
        self.entries = lifecycle.history(service, period)
        state = lifecycle.state(service, period)
        now = tr("history.state.submitted") if state.submitted else tr("history.state.draft")
        layout.addWidget(QLabel(tr("history.now", now=now, revision=state.revision)))
        heads = [
            tr(f"history.col.{name}")
            for name in ("revision", "submitted", "fingerprint", "reason", "reviewed", "reopened")
        ]
        self.table = QTableWidget(len(self.entries), len(heads))
        self.table.setHorizontalHeaderLabels(heads)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        for row, entry in enumerate(self.entries):
            reopened = f"{_when(entry.reopened_at)}  {entry.reopen_reason}".strip()
            cells = [
                str(entry.revision),
                _when(entry.submitted_at),
                short_fingerprint(entry.fingerprint),
                entry.reason,
                f"{entry.reviewer} {entry.reviewed_on}".strip(),
                reopened,
            ]
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().setVisible(False)
        if self.entries:
            self.table.selectRow(len(self.entries) - 1)
        layout.addWidget(self.table, 1)
        if not self.entries:
            layout.addWidget(QLabel(tr("history.none")))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.regenerate_button = buttons.addButton(tr("history.regenerate"), QDialogButtonBox.ButtonRole.ActionRole)
        self.regenerate_button.setEnabled(bool(self.entries))
        self.regenerate_button.clicked.connect(self.regenerate)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def selected_revision(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.entries[rows[0].row()].revision if rows else None

    def regenerate(self) -> None:
        from desktop_app.services import lifecycle
        from desktop_app.services.faults import clerk_text

        revision = self.selected_revision()
        if revision is None:
            return
        folder = self.choose(self, documents_folder())
        if folder is None:
            return
        try:
            self.made = lifecycle.regenerate(self.service, revision, folder, self.period)
        except Exception as error:  # the snapshot is kept whatever happens to the files
            self.inform(clerk_text(error, self.lang), False)
            return
        self.inform("\n".join(str(p) for p in self.made), True)

    def _message_box(self, text: str, ok: bool) -> None:
        (QMessageBox.information if ok else QMessageBox.warning)(self, self.windowTitle(), text)
