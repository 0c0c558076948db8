"""区教体局汇总 window: 学校名单, 导入, 导入记录, 报送情况 and 汇总 (全区合计, 政策目标, 数据质量; the exports and
生成年度总结草稿) tabs.
Database work runs off the UI thread.

One store is opened for the window's lifetime. Register edits go through a one-thread pool so they
reach the database in the order they were made; the views read on the shared pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, QThreadPool, QTimer
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.pack_set import PackSet, PeriodChoice, period_choices
from desktop_app.ui.bureau.draft_action import DraftAction
from desktop_app.ui.bureau.figures_view import FiguresView
from desktop_app.ui.bureau.import_panel import ImportPanel
from desktop_app.ui.bureau.ledger_view import LedgerView
from desktop_app.ui.bureau.menu import RegisterHint, build_bureau_menus, show_bureau_help
from desktop_app.ui.bureau.paper_panel import PaperPanel
from desktop_app.ui.bureau.period_box import PeriodBox
from desktop_app.ui.bureau.questions_panel import QuestionsPanel
from desktop_app.ui.bureau.register_data import StoreAccess
from desktop_app.ui.bureau.register_view import RegisterView
from desktop_app.ui.bureau.views import StatusView
from desktop_app.ui.i18n import label, tr
from desktop_app.ui.screen_fit import fit_window
from desktop_app.ui.tasks import TaskRunner


class BureauWindow(QMainWindow):
    def __init__(self, pack: Any, store_target: str | None = None, packs: Any = None) -> None:
        """`packs`: every installed pack version (a PackSet) the import reads files under; `pack` alone
        when not given."""
        super().__init__()
        from desktop_app.services.settings import database_target

        target = database_target("bureau", store_target)  # --db, else the bureau's file in the data folder
        self.pack, self.store_target = pack, target
        self.access = StoreAccess(target)
        self.runner = TaskRunner()
        self.serial_pool = QThreadPool(self)
        self.serial_pool.setMaxThreadCount(1)
        self.edits = TaskRunner(self.serial_pool)
        self.setWindowTitle(tr("bureau.title", title=label(pack.title)))
        self.packs = packs if isinstance(packs, PackSet) else PackSet.of(pack, [])
        self.shown_period: str | None = None  # the period 报送情况 and 汇总 show now
        self.period = PeriodBox(pack)
        self.period.fill(period_choices(self.packs))
        self.register = RegisterView(pack, self.access, self.edits)
        self.register_table = self.register.table
        self.import_panel = ImportPanel(packs or pack, target, self.runner, self._imported)
        self.ledger = LedgerView(self.packs, self.access, self.runner)
        self.status = StatusView(pack)
        self.figures = FiguresView(pack)
        self.totals = self.figures.totals
        self.draft = DraftAction(self, pack, self.access, self.runner, lambda: self.period.currentData())
        self.hint = RegisterHint()
        self.hint.import_wanted.connect(self.import_register)
        self.register.counted.connect(self.hint.show_count)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.register, tr("bureau.tab.register"))
        self.tabs.addTab(self.import_panel, tr("bureau.tab.import"))
        self.tabs.addTab(self.ledger, tr("bureau.tab.ledger"))
        self.tabs.addTab(self.status, tr("bureau.tab.status"))
        self.tabs.addTab(self._totals_tab(), tr("bureau.tab.totals"))
        # The sealed papers (核验纸质件) and the questions sent back to schools (退回意见).
        self.papers = PaperPanel(target, self.runner, self._papers_checked)
        self.questions = QuestionsPanel(pack, target, lambda: self.period.currentData())
        self.tabs.insertTab(self.tabs.indexOf(self.ledger), self.papers, tr("bureau.tab.papers"))
        self.tabs.insertTab(self.tabs.count() - 1, self.questions, tr("bureau.tab.questions"))  # 汇总 stays last
        top = QHBoxLayout()
        top.addWidget(QLabel(tr("bureau.period")))
        top.addWidget(self.period)
        top.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.tabs)
        self.setCentralWidget(body)
        self.actions_by_key = build_bureau_menus(self)
        # Many quick register edits make one refresh of the views, not one each.
        self._refresh_soon = QTimer(self)
        self._refresh_soon.setSingleShot(True)
        self._refresh_soon.setInterval(800)
        self._refresh_soon.timeout.connect(self.refresh)
        self.register.changed.connect(self._refresh_soon.start)
        self.period.currentIndexChanged.connect(self._use_period)
        self.period.currentIndexChanged.connect(self.refresh)
        self.period.currentIndexChanged.connect(lambda _index: self.questions.load())
        self.status.town.currentIndexChanged.connect(self.refresh)
        self.status.school_type.currentIndexChanged.connect(self.refresh)
        fit_window(self, "bureau", QSize(1100, 720), maximize_when_small=True)
        self._use_period()
        self.register.load()
        self.ledger.load()
        self.questions.load()
        self.refresh()
        self.load_periods()

    def _totals_tab(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        for key, suffix in (("bureau.export_xlsx", ".xlsx"), ("bureau.export_pdf", ".pdf")):
            button = QPushButton(tr(key))
            button.clicked.connect(lambda _=False, s=suffix: self._export(s))
            buttons.addWidget(button)
        buttons.addWidget(self.draft.button)  # 生成年度总结草稿…
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.figures, 1)
        return page

    # --- 报送期 ----------------------------------------------------------------------------------
    def load_periods(self) -> None:
        """Add the periods files were imported for (off the UI thread)."""
        access, packs = self.access, self.packs

        def work() -> list[PeriodChoice]:
            return period_choices(packs, access.get().periods())

        self.runner.run(work, finished=self.period.fill, failed=self._error)

    def pack_for(self, period: str | None) -> Any:
        """The form version the period is consolidated under."""
        return self.period.pack_for(period)

    def _use_period(self, _index: int = 0) -> None:
        pack = self.pack_for(self.period.currentData())
        self.questions.pack = self.draft.pack = pack  # their questions and drafts speak the period's version

    def _papers_checked(self) -> None:
        self.ledger.load()  # each decided paper is a line of 导入记录
        self.refresh()

    def _imported(self) -> None:
        self.load_periods()
        self.ledger.load()
        self.refresh()
        self.questions.load()  # a new revision may have answered questions

    def refresh(self) -> None:
        """Reload 报送情况 and 汇总 for the chosen period, under the version declaring it (off the UI thread)."""
        access, period, town = self.access, self.period.currentData(), self.status.town.currentData()
        pack = self.pack_for(period)
        kind = self.status.school_type.currentData()

        def work() -> Any:
            from desktop_app.bureau.completeness import completeness
            from desktop_app.bureau.consolidate import consolidate_facts
            from desktop_app.bureau.report import build_quality, build_targets, targets_for
            from desktop_app.bureau.schools import school_facts

            store = access.get()
            schools, received = store.schools(), store.current(pack, period)
            matrix = completeness(pack, period, schools, received, store.rejections(period),
                                  town=town, school_type=kind)  # fmt: skip
            register = {s.code: s for s in schools}
            facts = school_facts(pack, period, [r.submission for r in received], register)
            targets = build_targets(pack, store, targets_for(pack, period), register, {period: facts})
            quality = build_quality(pack, store, period, register, facts)
            return pack, period, matrix, consolidate_facts(pack, period, facts).district, targets, quality

        self.runner.run(work, finished=self._show, failed=self._error)

    def _show(self, result: Any) -> None:
        pack, period, matrix, totals, targets, quality = result
        if period != self.period.currentData():
            return  # the officer chose another period meanwhile: its own refresh is on the way
        self.status.show_result(matrix, pack)
        self.figures.show_totals(period, totals, pack)
        self.figures.show_targets(targets, pack)
        self.figures.show_quality(quality, pack)
        self.shown_period = period

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, tr("bureau.tab.totals"), tr("register.failed", error=message))

    def _export(self, suffix: str) -> None:
        name = tr("bureau.export_name") + suffix
        path, _ = QFileDialog.getSaveFileName(self, tr("bureau.tab.totals"), name, f"*{suffix}")
        if not path:
            return
        access, period = self.access, self.period.currentData()
        pack = self.pack_for(period)

        def work() -> str:
            from desktop_app.bureau.report import build_report

            report = build_report(pack, access.get(), period)
            if suffix == ".xlsx":
                from desktop_app.bureau.summary_xlsx import write_summary_xlsx

                write_summary_xlsx(report, Path(path))
            else:
                from desktop_app.bureau.summary_pdf import write_summary_pdf

                write_summary_pdf(report, Path(path))
            return tr("bureau.exported", path=path)

        def done(text: str) -> None:
            QMessageBox.information(self, tr("bureau.tab.totals"), text)

        self.runner.run(work, finished=done, failed=self._error)

    # --- the menus ------------------------------------------------------------------------------
    def import_register(self) -> None:
        self.tabs.setCurrentWidget(self.register)
        self.register._pick_import()

    def show_import(self) -> None:
        self.tabs.setCurrentWidget(self.import_panel)

    def open_settings(self) -> None:
        from desktop_app.services.settings import load_settings
        from desktop_app.ui.settings_dialog import SettingsDialog

        try:
            settings = load_settings()
        except ValueError:  # a broken file was set aside: start from the defaults
            from desktop_app.services.settings import Settings

            settings = Settings()
        SettingsDialog(settings, self).exec()

    def show_help(self) -> None:
        show_bureau_help(self)

    def show_about(self) -> None:
        from desktop_app import __version__

        QMessageBox.about(self, tr("app.title"), tr("about.text", version=__version__))

    def wait(self) -> None:
        """Let running database work end (tests, and closing the window)."""
        self.serial_pool.waitForDone(30000)
        self.runner.wait()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.wait()
        self.access.close()
        super().closeEvent(event)


def open_bureau_window(pack: Any = None, db: str | None = None) -> BureauWindow:
    """The bureau's window; without `pack`, as the program opens it: the newest pack installed beside the
    bureau's database (forms install), and every installed version for the files it imports (a late 2022
    revision after the 2023 pack arrived is read under 2022.1, as `bureau import` reads it)."""
    packs = None
    if pack is None:
        from desktop_app.services.packs import PackShelf
        from desktop_app.services.settings import database_target

        shelf = PackShelf.for_database(database_target("bureau", db))
        pack = shelf.active()
        packs = PackSet.of(pack, shelf.packs())
    window = BureauWindow(pack, db, packs)
    window.show()
    return window
