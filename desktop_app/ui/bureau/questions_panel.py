"""退回意见: the bureau's questions per school (open / answered / accepted), proposals from the data-quality
view, the 退回意见 workbook for a school, and closing or asking again. The rules are bureau/questions.py's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.ui.i18n import language, tr

UID_ROLE = Qt.ItemDataRole.UserRole


class QuestionsPanel(QWidget):
    def __init__(self, pack: Any, store_target: str, period_of: Any) -> None:
        super().__init__()
        self.pack, self.store_target, self.period_of = pack, store_target, period_of
        self.lang = language()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([tr(f"bureau.questions.col.{name}") for name in (
            "school", "revision", "item", "question", "state", "answer")])  # fmt: skip
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.propose = QPushButton(tr("bureau.questions.ask_by_quality"))
        self.export = QPushButton(tr("bureau.questions.export"))
        self.accept_ = QPushButton(tr("bureau.questions.close"))
        self.reask_ = QPushButton(tr("bureau.questions.ask_again"))
        self.message = QLabel()
        self.message.setWordWrap(True)
        buttons = QHBoxLayout()
        for button in (self.propose, self.export, self.accept_, self.reask_):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)
        self.propose.clicked.connect(self.ask_proposed)
        self.export.clicked.connect(lambda: self.export_selected())
        self.accept_.clicked.connect(self.close_selected)
        self.reask_.clicked.connect(lambda: self.reask_selected())

    def _store(self) -> Any:
        from desktop_app.bureau.store import BureauStore

        return BureauStore.open(self.store_target)

    def load(self) -> None:
        from desktop_app.bureau.questions import STATE_LABELS, listed
        from desktop_app.domain.questions import describe_change, target_label

        store = self._store()
        try:
            found = listed(store, period=self.period_of())
        finally:
            store.close()
        self.table.setRowCount(0)
        totals: dict[str, dict[str, int]] = {}
        for record in found:
            row = self.table.rowCount()
            self.table.insertRow(row)
            answer = ""
            if record.answered_revision is not None:
                answer = tr("bureau.questions.revision", revision=record.answered_revision) + describe_change(
                    self.pack, record.target, record.old, record.new, self.lang
                )
                if record.reply:
                    answer += tr("bureau.questions.reply", reply=record.reply)
            state = STATE_LABELS[record.state][0 if self.lang != "en" else 1]
            cells = (record.school_code, str(record.revision), target_label(self.pack, record.target, self.lang),
                     record.text, state, answer)  # fmt: skip
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(UID_ROLE, (record.uid, record.school_code))
                self.table.setItem(row, column, item)
            totals.setdefault(record.school_code, {}).setdefault(state, 0)
            totals[record.school_code][state] += 1
        self.table.resizeRowsToContents()
        lines = [tr("sep.colon", label=code, text=tr("sep.comma").join(f"{k} {v}" for k, v in counts.items()))
                 for code, counts in sorted(totals.items())]  # fmt: skip
        self.summary.setText(tr("sep.semicolon").join(lines) or tr("bureau.questions.none"))

    def selected(self) -> list[tuple[str, str]]:
        rows = sorted({index.row() for index in self.table.selectedIndexes()})
        items = [self.table.item(row, 0) for row in rows]
        return [item.data(UID_ROLE) for item in items if item is not None]

    def _say(self, text: str) -> None:
        self.message.setText(text)

    def ask_proposed(self) -> None:
        from desktop_app.bureau.questions import QuestionRefused, add, propose

        store = self._store()
        asked = 0
        try:
            for proposal in propose(store, self.pack, self.period_of()):
                try:
                    add(store, self.pack, proposal.school_code, self.period_of(), proposal.target, proposal.text,
                        proposal.origin)  # fmt: skip
                    asked += 1
                except QuestionRefused:
                    continue
        finally:
            store.close()
        self._say(tr("bureau.questions.asked", asked=asked))
        self.load()

    def export_selected(self, path: str | None = None) -> str:
        from desktop_app.bureau.questions import QuestionRefused, export

        chosen = self.selected()
        if not chosen:
            self._say(tr("bureau.questions.pick_school"))
            return ""
        school = chosen[0][1]
        if path is None:
            suggested = tr("bureau.questions.file_name", school=school)
            title = tr("bureau.questions.export_title")
            path, _ = QFileDialog.getSaveFileName(self, title, suggested, "Excel (*.xlsx)")
            if not path:
                return ""
        store = self._store()
        try:
            done = export(store, self.pack, school, self.period_of(), Path(path))
            said = tr("bureau.questions.exported", count=done.questions, path=done.path)  # fmt: skip
        except (QuestionRefused, OSError) as error:
            said = error.text(self.lang) if isinstance(error, QuestionRefused) else str(error)
        finally:
            store.close()
        self._say(said)
        self.load()
        return said

    def close_selected(self) -> None:
        from desktop_app.bureau.questions import QuestionRefused, close

        store = self._store()
        said = []
        try:
            for uid, _school in self.selected():
                try:
                    close(store, uid)
                except QuestionRefused as error:
                    said.append(error.text(self.lang))
        finally:
            store.close()
        self._say("\n".join(said))
        self.load()

    def reask_selected(self, text: str | None = None) -> None:
        from desktop_app.bureau.questions import QuestionRefused, reask

        chosen = self.selected()
        if not chosen:
            return
        if text is None:
            text, ok = QInputDialog.getText(self, tr("bureau.questions.ask_again_title"),
                                            tr("bureau.questions.ask_again_text"))  # fmt: skip
            if not ok:
                return
        store = self._store()
        try:
            reask(store, self.pack, chosen[0][0], text)
            self._say("")
        except QuestionRefused as error:
            self._say(error.text(self.lang))
        finally:
            store.close()
        self.load()
