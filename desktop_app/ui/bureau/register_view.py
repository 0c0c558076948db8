"""学校名单 tab: the editable table, add / remove, import from and export to .xlsx, and a status line.

Removing a school that has already sent submissions asks first; its submissions stay in history.
Typing errors never open a dialog: they show in the row and in the status line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.bureau.records import SchoolEntry
from desktop_app.ui.bureau.register_data import StoreAccess, submission_count
from desktop_app.ui.bureau.register_table import ERROR_TEXT, RegisterTable
from desktop_app.ui.i18n import language, tr
from desktop_app.ui.tasks import TaskRunner


class RegisterView(QWidget):
    counted = Signal(int)  # how many schools the register holds, after each load

    def __init__(self, pack: Any, access: StoreAccess, runner: TaskRunner) -> None:
        super().__init__()
        self.pack, self.access, self.runner = pack, access, runner
        self.table = RegisterTable(pack, access, runner, self)
        self.changed = self.table.changed
        self.status = QLabel(tr("register.loading"))
        self.status.setWordWrap(True)
        self.buttons: dict[str, QPushButton] = {}
        bar = QHBoxLayout()
        for key, slot in (("add", self.table.add_new), ("remove", self.remove_selected), ("", None),
                          ("import", self._pick_import), ("export", self._pick_export)):  # fmt: skip
            if slot is None:
                bar.addStretch(1)
                continue
            self.buttons[key] = button = QPushButton(tr(f"register.{key}"))
            button.clicked.connect(slot)
            bar.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        self.table.message.connect(self.say)

    def load(self, note: str = "") -> None:
        """Read the register again (unsaved new rows are dropped); `note` leads the status line."""
        access = self.access
        self.runner.run(lambda: access.get().schools(), finished=lambda schools: self._show(schools, note),
                        failed=self._failed)  # fmt: skip

    def _show(self, schools: list[SchoolEntry], note: str) -> None:
        self.table.show_schools(schools)
        self.counted.emit(len(schools))
        self.say(" ".join(filter(None, [note, tr("register.count", count=len(schools))])))

    # Removing ------------------------------------------------------------------------------------
    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            self.say(tr("register.pick_row"), error=True)
            return
        token, entry = self.table.token_at(row), self.table.entry_at(row)
        original = self.table.states[token].original
        if original is None:  # never saved: nothing in the database to remove
            self.table.drop(token)
            return
        self._remove(token, original, entry.name or original, force=False)

    def _remove(self, token: int, code: str, name: str, force: bool) -> None:
        access = self.access

        def work() -> int:
            count = 0 if force else submission_count(access.get(), code)
            if count == 0:
                access.get().remove_school(code)
            return count

        def done(count: int) -> None:
            if count == 0:
                self.table.drop(token)
                self.say(tr("register.removed", name=name))
                self.changed.emit()
            elif self.confirm(tr("register.confirm", name=name, code=code, count=count)):
                self._remove(token, code, name, force=True)
            else:
                self.say(tr("register.kept", name=name))

        self.runner.run(work, finished=done, failed=self._failed)

    def confirm(self, text: str) -> bool:
        buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
        answer = QMessageBox.question(self, tr("register.confirm_title"), text, buttons,
                                      QMessageBox.StandardButton.No)  # fmt: skip
        return answer == QMessageBox.StandardButton.Yes

    # Importing and exporting ---------------------------------------------------------------------
    def _pick_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, tr("register.import"), "", tr("register.filter"))
        if path:
            self.import_from(Path(path))

    def _pick_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, tr("register.export"), tr("register.export_name"),
                                              tr("register.filter"))  # fmt: skip
        if path:
            self.export_to(Path(path if path.lower().endswith(".xlsx") else path + ".xlsx"))

    def import_from(self, path: Path) -> None:
        pack, access = self.pack, self.access

        def work() -> tuple[bool, str]:
            from desktop_app.bureau.register import RegisterRejected, import_register

            try:
                added, updated = import_register(access.get(), path, pack)
            except RegisterRejected as error:
                return False, tr("register.import_failed", problems=error.text(language()))
            return True, tr("register.imported", added=added, updated=updated)

        self._run(work, reload=True)

    def export_to(self, path: Path) -> None:
        pack, access = self.pack, self.access

        def work() -> tuple[bool, str]:
            from desktop_app.bureau.register import register_workbook_bytes

            data = register_workbook_bytes(access.get().schools(), pack)
            partial = path.with_name(path.name + ".part")
            partial.write_bytes(data)
            partial.replace(path)  # never a half-written list under the clerk's chosen name
            return True, tr("register.exported", path=str(path))

        self._run(work, reload=False)

    def _run(self, work: Callable[[], tuple[bool, str]], reload: bool) -> None:
        def done(result: tuple[bool, str]) -> None:
            ok, message = result
            if reload and ok:
                self.load(message)
                self.changed.emit()
            else:
                self.say(message, error=not ok)

        self.runner.run(work, finished=done, failed=self._failed)

    def _failed(self, message: str) -> None:
        self.say(tr("register.failed", error=message), error=True)

    def say(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {ERROR_TEXT.name()};" if error else "")
