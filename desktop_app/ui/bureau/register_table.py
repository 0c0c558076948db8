"""The editable register table: every cell change is checked at once and, when right, saved at once.

A wrong cell turns red, says why in the row's 状态 column (and through `message`), and is not saved:
the database keeps the last good values. Saves run one after another on the window's serial worker,
and a row edited while its save runs is checked again afterwards, so edits never overtake each other.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QWidget

from desktop_app.bureau.records import SchoolEntry
from desktop_app.ui.bureau.choice_delegate import KEY_ROLE, ChoiceDelegate
from desktop_app.ui.bureau.register_data import COLUMNS, Refused, StoreAccess, check_entry, save_entry
from desktop_app.ui.i18n import tr
from desktop_app.ui.tasks import TaskRunner

HEADINGS = ("register.code", "register.name", "register.type", "register.town", "register.contact",
            "register.phone", "register.state")  # fmt: skip
STATE = len(COLUMNS)
TOKEN_ROLE = Qt.ItemDataRole.UserRole + 1
BAD, CLEAR, SAVED, ERROR_TEXT = QColor("#f8d7da"), QColor(0, 0, 0, 0), QColor("#2e7d32"), QColor("#b00020")


@dataclass
class RowState:
    original: str | None  # the code saved in the database; None while the school is new and unsaved
    saving: bool = False
    again: bool = False  # edited while its save ran: check again when the save ends


class RegisterTable(QTableWidget):
    changed = Signal()  # the register in the database changed
    message = Signal(str, bool)  # text for the status line, is it an error

    def __init__(self, pack: Any, access: StoreAccess, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(0, len(HEADINGS), parent)
        self.access, self.runner = access, runner
        self.states: dict[int, RowState] = {}
        self._tokens = itertools.count(1)
        self._pending: set[int] = set()
        self._filling = False
        self.setHorizontalHeaderLabels([tr(key) for key in HEADINGS])
        # 状态 takes the spare width: its messages are the long ones. One cell is selected at a time,
        # so the selection never hides the red cells of the row being typed in.
        self.horizontalHeader().setStretchLastSection(True)
        self.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.verticalHeader().setDefaultSectionSize(26)
        self.delegates = [ChoiceDelegate(pack.choice_list(k), self) for k in ("school_type", "town")]
        self.setItemDelegateForColumn(2, self.delegates[0])
        self.setItemDelegateForColumn(3, self.delegates[1])
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check_pending)
        self.itemChanged.connect(self._item_changed)

    # Rows ----------------------------------------------------------------------------------------
    def show_schools(self, schools: list[SchoolEntry]) -> None:
        self.states.clear()
        self.setRowCount(0)
        for entry in schools:
            self.append(entry, entry.code)
        self.resizeColumnsToContents()
        for column, least in ((0, 110), (1, 280), (2, 110), (3, 100)):  # room to type in an empty register
            self.setColumnWidth(column, max(self.columnWidth(column), least))

    def append(self, entry: SchoolEntry, original: str | None) -> int:
        token, row = next(self._tokens), self.rowCount()
        self.states[token] = RowState(original)
        self._filling = True
        try:
            self.insertRow(row)
            for column, key in enumerate(COLUMNS):
                value = getattr(entry, key)
                item = QTableWidgetItem(value)
                if column in (2, 3):
                    item.setData(KEY_ROLE, value or None)
                    item.setText(self.delegates[column - 2].label_of(value) if value else "")
                self.setItem(row, column, item)
            state = QTableWidgetItem("")
            state.setFlags(state.flags() & ~Qt.ItemFlag.ItemIsEditable)
            state.setData(TOKEN_ROLE, token)
            self.setItem(row, STATE, state)
        finally:
            self._filling = False
        return row

    def add_new(self) -> None:
        row = self.append(SchoolEntry("", "", "", ""), None)
        self.mark(row, {}, tr("register.new_row"))
        self.setCurrentCell(row, 0)
        self.editItem(self.cell(row, 0))

    def entry_at(self, row: int) -> SchoolEntry:
        def text(column: int) -> str:
            item = self.item(row, column)
            return item.text().strip() if item else ""

        def key(column: int) -> str:
            item = self.item(row, column)
            return str(item.data(KEY_ROLE) or "") if item else ""

        return SchoolEntry(text(0), text(1), key(2), key(3), text(4), text(5))

    def token_at(self, row: int) -> int:
        return int(self.cell(row, STATE).data(TOKEN_ROLE))

    def cell(self, row: int, column: int) -> QTableWidgetItem:
        item = self.item(row, column)
        assert item is not None  # every row is filled whole by append()
        return item

    def row_of(self, token: int) -> int | None:
        for row in range(self.rowCount()):
            item = self.item(row, STATE)
            if item is not None and item.data(TOKEN_ROLE) == token:
                return row
        return None

    def drop(self, token: int) -> None:
        row = self.row_of(token)
        if row is not None:
            self.removeRow(row)
        self.states.pop(token, None)

    # Checking and saving -------------------------------------------------------------------------
    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == STATE:
            return
        self._pending.add(self.token_at(item.row()))
        self._timer.start()  # a choice cell changes key, then label: check the row once, after both

    def _check_pending(self) -> None:
        pending, self._pending = self._pending, set()
        for token in pending:
            row, state = self.row_of(token), self.states.get(token)
            if row is None or state is None:
                continue
            if state.saving:
                state.again = True
                continue
            entry = self.entry_at(row)
            others = {self.entry_at(r).code: self.entry_at(r).name for r in range(self.rowCount()) if r != row}
            problems = check_entry(entry, others)
            if problems:
                self.mark(row, problems)
            else:
                self._save(token, entry, state)

    def _save(self, token: int, entry: SchoolEntry, state: RowState) -> None:
        state.saving = True
        access, original = self.access, state.original

        def work() -> tuple[str, str] | None:
            try:
                save_entry(access.get(), entry, original)
            except Refused as refused:
                return refused.column, str(refused)
            return None

        def failed(error: str) -> None:
            state.saving = False
            self.message.emit(tr("register.failed", error=error), True)

        self.runner.run(work, finished=lambda result: self._saved(token, entry, result), failed=failed)

    def _saved(self, token: int, entry: SchoolEntry, refused: tuple[str, str] | None) -> None:
        state, row = self.states.get(token), self.row_of(token)
        if state is None:
            return
        state.saving = False
        if refused is None:
            state.original = entry.code
            self.changed.emit()
        if row is not None and refused is not None:
            self.mark(row, {refused[0]: refused[1]})
        elif row is not None:
            time = datetime.now().strftime("%H:%M:%S")
            self.mark(row, {}, tr("register.saved", time=time))
            self.message.emit(tr("register.saved_school", name=entry.name, time=time), False)
        if state.again:
            state.again = False
            self._pending.add(token)
            self._timer.start()

    def mark(self, row: int, problems: dict[str, str], note: str = "") -> None:
        """Red cells with their reasons as tooltips; the first reason (or the note) in 状态."""
        self._filling = True
        try:
            for column, key in enumerate(COLUMNS):
                item = self.cell(row, column)
                item.setBackground(BAD if key in problems else CLEAR)
                item.setToolTip(problems.get(key, ""))
            state = self.cell(row, STATE)
            first = next(iter(problems.values()), "")
            state.setText(tr("register.not_saved", reason=first) if problems else note)
            state.setToolTip("\n".join(problems.values()))
            state.setForeground(ERROR_TEXT if problems else SAVED)
        finally:
            self._filling = False
        if problems:
            self.message.emit(" ".join(problems.values()), True)
