"""汇总 tab of the bureau window: 全区合计, 政策目标 and 数据质量 as read-only tables (the rows are the
bureau's own; this module only lays them out)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from desktop_app.ui.bureau.views import fill, read_only_table
from desktop_app.ui.i18n import label, language, tr

DOUBT_COLOURS = {"error": "#f8d7da", "outlier": "#fde2c8", "jump": "#fde2c8", "warning": "#fff3cd",
                 "missing_part": "#eeeeee", "no_baseline": "#eeeeee"}  # fmt: skip


class FiguresView(QTabWidget):
    """全区合计 | 政策目标 | 数据质量."""

    def __init__(self, pack: Any) -> None:
        super().__init__()
        self.pack = pack
        self.totals = read_only_table()
        self.targets = read_only_table()
        self.quality = read_only_table()
        self.quality_notes = QLabel()
        self.quality_notes.setWordWrap(True)
        quality_page = QWidget()
        layout = QVBoxLayout(quality_page)
        layout.addWidget(self.quality_notes)
        layout.addWidget(self.quality, 1)
        self.addTab(self.totals, tr("bureau.figures.totals"))
        self.addTab(self.targets, tr("bureau.figures.targets"))
        self.addTab(quality_page, tr("bureau.figures.quality"))
        self.quality_page = quality_page

    def show_totals(self, period: str, totals: Any, pack: Any = None) -> None:
        """`pack`: the version the period is consolidated under (the window's when not given)."""
        from desktop_app.bureau.figures import answered_text, figure_text, reported_fields
        from desktop_app.domain.describe import aggregation_text

        lang, pack = language(), pack or self.pack
        rows = [[label(c.label), label(f.label), figure_text(pack, f, totals.get(c.key, f.key), lang),
                 answered_text(totals.get(c.key, f.key), lang), aggregation_text(pack, f, lang)]
                for c, f in reported_fields(pack, period)]  # fmt: skip
        heads = [tr("bureau.totals.category"), tr("bureau.totals.field"),
                 tr("bureau.totals.district", count=totals.schools), tr("bureau.figures.answered"),
                 tr("bureau.figures.aggregation")]  # fmt: skip
        fill(self.totals, heads, rows)

    def show_targets(self, report: Any, pack: Any = None) -> None:
        from desktop_app.bureau.summary_sheets import target_rows

        lang, pack = language(), pack or self.pack
        heads = [tr(f"bureau.targets.{key}") for key in ("id", "period", "policy", "source", "schools", "applicable",
                                                         "met", "not_met", "not_reported", "no_baseline", "exempt",
                                                         "share", "goal", "not_met_schools", "not_reported_schools",
                                                         "no_baseline_schools")]  # fmt: skip
        rows = [[str(cell) for cell in row] for row in target_rows(pack, report, lang)]
        fill(self.targets, heads, rows)

    def show_quality(self, report: Any, pack: Any = None) -> None:
        from desktop_app.bureau.summary_sheets import quality_rows

        lang, pack = language(), pack or self.pack
        heads = [tr(f"bureau.quality.{key}") for key in ("rank", "code", "school", "town", "type", "score", "kind",
                                                         "field", "value", "comparison", "why", "note")]  # fmt: skip
        rows, colours = [], []
        kinds = [line.kind for school in report.schools for line in school.lines]
        for row, kind in zip(quality_rows(pack, report, lang), kinds, strict=True):
            rows.append([str(cell) for cell in row])
            colours.append([DOUBT_COLOURS.get(kind)] * len(row))
        fill(self.quality, heads, rows, colours)
        summary = tr("bureau.quality.summary", checked=report.checked, doubtful=len(report.schools))
        self.quality_notes.setText("\n".join([summary, *report.notes]))
