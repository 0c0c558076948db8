"""导入记录: every imported file with its time, SHA-256, school, period, revision, decision and reason, and
every sealed paper verified (核验纸质件, `bureau verify-paper`) with its outcome (纸质件一致、不一致…).

Read off the store's ledger and papers on a worker; filtered by decision (or by the papers' outcome) in
SQL. Rows are coloured by decision so a rejected or conflicting file, or a paper that differs, stands out
in a long list.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.bureau.paper import RECORDED
from desktop_app.bureau.records import DECISIONS
from desktop_app.ui.bureau.register_data import PAPERS, LedgerLine, StoreAccess, ledger_lines
from desktop_app.ui.i18n import label, language, tr
from desktop_app.ui.tasks import TaskRunner

HEADINGS = ("ledger.time", "ledger.file", "ledger.sha", "ledger.school", "ledger.period", "ledger.revision",
            "ledger.decision", "ledger.reason")  # fmt: skip
COLOURS = {"accepted": "#dff0d8", "replaced": "#d9edf7", "duplicate": "#eeeeee", "older": "#eeeeee",
           "conflict": "#fff3cd", "rejected": "#f8d7da",
           "paper:match": "#dff0d8", "paper:older": "#eeeeee", "paper:not_imported": "#fff3cd",
           "paper:differs": "#f8d7da", "paper:not_in_register": "#f8d7da"}  # fmt: skip
SHA_SHOWN = 12


class LedgerView(QWidget):
    def __init__(self, pack: Any, access: StoreAccess, runner: TaskRunner) -> None:
        super().__init__()
        self.pack, self.access, self.runner = pack, access, runner
        self.decision = QComboBox()
        self.decision.addItem(tr("bureau.all"), None)
        for decision in DECISIONS:
            self.decision.addItem(tr(f"ledger.{decision}"), decision)
        self.decision.insertSeparator(self.decision.count())
        self.decision.addItem(tr("ledger.papers"), PAPERS)
        for outcome in RECORDED:
            self.decision.addItem(tr(f"ledger.paper.{outcome}"), f"{PAPERS}:{outcome}")
        self.reload_button = QPushButton(tr("ledger.refresh"))
        self.summary = QLabel(tr("ledger.empty"))
        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setHorizontalHeaderLabels([tr(key) for key in HEADINGS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(tr("ledger.filter")))
        bar.addWidget(self.decision)
        bar.addWidget(self.reload_button)
        bar.addStretch(1)
        bar.addWidget(self.summary)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        self.decision.currentIndexChanged.connect(self.load)
        self.reload_button.clicked.connect(self.load)

    def load(self) -> None:
        access, decision, lang = self.access, self.decision.currentData(), language()

        def work() -> tuple[list[LedgerLine], int, dict[str, str]]:
            store = access.get()
            lines, total = ledger_lines(store, decision, lang)
            return lines, total, {school.code: school.name for school in store.schools()}

        self.runner.run(work, finished=self._show, failed=lambda error: self.summary.setText(error))

    def _show(self, result: tuple[list[LedgerLine], int, dict[str, str]]) -> None:
        lines, total, names = result
        self.table.setRowCount(len(lines))
        for row, line in enumerate(lines):
            code = line.school_code or ""
            school = names.get(code) or code or "—"  # a code not in the register is shown as it came
            cells = (line.at.strftime("%Y-%m-%d %H:%M:%S"), line.file_name, line.sha256[:SHA_SHOWN], school,
                     self._period(line.period), str(line.revision) if line.revision else "—",
                     _decision_text(line.decision), line.reason)  # fmt: skip
            colour = QColor(COLOURS.get(line.decision, "#ffffff"))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setBackground(colour)
                if column in (2, 3, 7):  # the whole hash, the school code and the whole reason on hover
                    item.setToolTip({2: line.sha256, 3: code, 7: line.reason}[column])
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.summary.setText(tr("ledger.count", shown=len(lines), total=total) if total else tr("ledger.empty"))

    def _period(self, key: str | None) -> str:
        if not key:
            return "—"
        try:
            text = self.pack.period(key).label
        except KeyError:
            return key
        return label(text)


def _decision_text(decision: str) -> str:
    """已接收、拒收… for a file; 纸质件一致、纸质件不一致… for a paper; an unknown one as stored."""
    if decision in DECISIONS:
        return tr(f"ledger.{decision}")
    kind, _, outcome = decision.partition(":")
    return tr(f"ledger.paper.{outcome}") if kind == PAPERS and outcome in RECORDED else decision
