"""区教体局汇总 window: 学校名单, 导入, 报送情况, 汇总 tabs. Database work runs off the UI thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
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

from desktop_app.ui.bureau.import_panel import ImportPanel
from desktop_app.ui.bureau.views import StatusView, fill, read_only_table
from desktop_app.ui.tasks import TaskRunner


class BureauWindow(QMainWindow):
    def __init__(self, pack: Any, store_target: str | None = None) -> None:
        super().__init__()
        self.pack, self.store_target = pack, store_target
        self.runner = TaskRunner()
        self.setWindowTitle(f"{pack.title.zh} — 区教体局汇总")
        self.period = QComboBox()
        for spec in pack.periods:
            self.period.addItem(spec.label.zh, spec.key)
        self.period.setCurrentIndex(self.period.findData(pack.default_period.key))
        self.register_table = read_only_table()
        self.import_panel = ImportPanel(pack, store_target, self.runner, self.refresh)
        self.status = StatusView(pack)
        self.totals = read_only_table()
        self.tabs = QTabWidget()
        self.tabs.addTab(self._register_tab(), "学校名单")
        self.tabs.addTab(self.import_panel, "导入")
        self.tabs.addTab(self.status, "报送情况")
        self.tabs.addTab(self._totals_tab(), "汇总")
        top = QHBoxLayout()
        top.addWidget(QLabel("报送期："))
        top.addWidget(self.period)
        top.addStretch(1)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addLayout(top)
        layout.addWidget(self.tabs)
        self.setCentralWidget(body)
        self.period.currentIndexChanged.connect(self.refresh)
        self.status.town.currentIndexChanged.connect(self.refresh)
        self.status.school_type.currentIndexChanged.connect(self.refresh)
        self.resize(1100, 720)
        self.refresh()

    def _register_tab(self) -> QWidget:
        page = QWidget()
        button = QPushButton("导入学校名单（.xlsx）…")
        button.clicked.connect(self._import_register)
        layout = QVBoxLayout(page)
        layout.addWidget(button)
        layout.addWidget(self.register_table, 1)
        return page

    def _totals_tab(self) -> QWidget:
        page = QWidget()
        buttons = QHBoxLayout()
        for label, suffix in (("导出汇总表（Excel）…", ".xlsx"), ("导出汇总报告（PDF）…", ".pdf")):
            button = QPushButton(label)
            button.clicked.connect(lambda _=False, s=suffix: self._export(s))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addLayout(buttons)
        layout.addWidget(self.totals, 1)
        return page

    def refresh(self) -> None:
        """Reload every view for the chosen period (off the UI thread)."""
        pack, target = self.pack, self.store_target
        period, town = self.period.currentData(), self.status.town.currentData()
        kind = self.status.school_type.currentData()

        def work() -> Any:
            from desktop_app.bureau.completeness import completeness
            from desktop_app.bureau.consolidate import consolidate
            from desktop_app.bureau.store import BureauStore

            store = BureauStore.open(target)
            try:
                schools, received = store.schools(), store.current(pack, period)
                matrix = completeness(pack, period, schools, received, store.rejections(period),
                                      town=town, school_type=kind)  # fmt: skip
                register = {s.code: s for s in schools}
                totals = consolidate(pack, period, [r.submission for r in received], register).district
                return schools, matrix, totals
            finally:
                store.close()

        self.runner.run(work, finished=self._show, failed=self._error)

    def _show(self, result: Any) -> None:
        from desktop_app.bureau.figures import figure_text, reported_fields

        schools, matrix, totals = result
        types, towns = self.pack.choice_list("school_type"), self.pack.choice_list("town")
        fill(self.register_table, ["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"],
             [[s.code, s.name, _label(types, s.school_type), _label(towns, s.town), s.contact, s.phone]
              for s in schools])  # fmt: skip
        self.status.show_result(matrix)
        rows = [[c.label.zh, f.label.zh, figure_text(self.pack, f, totals.get(c.key, f.key))]
                for c, f in reported_fields(self.pack, self.period.currentData())]  # fmt: skip
        fill(self.totals, ["类别", "项目", f"全区合计（{totals.schools}所）"], rows)

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "区教体局汇总", message)

    def _import_register(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择学校名单", "", "Excel 工作簿 (*.xlsx)")
        if not path:
            return
        pack, target = self.pack, self.store_target

        def work() -> str:
            from desktop_app.bureau.register import RegisterRejected, import_register
            from desktop_app.bureau.store import BureauStore

            store = BureauStore.open(target)
            try:
                added, updated = import_register(store, Path(path), pack)
            except RegisterRejected as error:
                return "学校名单未导入：\n" + error.text("zh")
            finally:
                store.close()
            return f"学校名单已导入：新增 {added} 所，更新 {updated} 所。"

        self.runner.run(work, finished=self._register_imported, failed=self._error)

    def _register_imported(self, message: str) -> None:
        QMessageBox.information(self, "学校名单", message)
        self.refresh()

    def _export(self, suffix: str) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "导出汇总", f"汇总{suffix}", f"*{suffix}")
        if not path:
            return
        pack, target, period = self.pack, self.store_target, self.period.currentData()

        def work() -> str:
            from desktop_app.bureau.report import build_report
            from desktop_app.bureau.store import BureauStore

            store = BureauStore.open(target)
            try:
                report = build_report(pack, store, period)
            finally:
                store.close()
            if suffix == ".xlsx":
                from desktop_app.bureau.summary_xlsx import write_summary_xlsx

                write_summary_xlsx(report, Path(path))
            else:
                from desktop_app.bureau.summary_pdf import write_summary_pdf

                write_summary_pdf(report, Path(path))
            return f"汇总已导出：{path}"

        self.runner.run(work, finished=self._error, failed=self._error)


def _label(choices: Any, key: str) -> str:
    label = choices.label_of(key)
    return label.zh if label else key


def open_bureau_window(pack: Any, db: str | None = None) -> BureauWindow:
    window = BureauWindow(pack, db)
    window.show()
    return window
