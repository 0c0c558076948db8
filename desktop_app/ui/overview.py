"""总览: for the period, each category's state and its problems, the deadline, and key figures."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.pack import FieldType
from desktop_app.domain.periods import Period, official_date
from desktop_app.services.changes import CategoryProgress
from desktop_app.ui.category_list import state_label
from desktop_app.ui.chart import FiguresChart, Series
from desktop_app.ui.first_look import FirstLook
from desktop_app.ui.forms.binding import FormSession, Lock
from desktop_app.ui.i18n import tr
from desktop_app.ui.period_calendar import OVERDUE_COLOUR, PeriodCalendar

# The key figures charted, by (category, field); those missing from the pack are left out.
KEY_FIGURES: tuple[tuple[str, str], ...] = (
    ("teaching", "students"),
    ("staff", "staff_total"),
    ("safety", "hazards_found"),
    ("safety", "hazards_rectified"),
    ("aid", "aid_amount_total"),
)


class OverviewPage(QScrollArea):
    period_chosen = Signal(str)  # a period of the calendar was clicked

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        page = QWidget()
        layout = QVBoxLayout(page)
        self.title = QLabel()
        self.title.setObjectName("formTitle")
        self.title.setWordWrap(True)
        self.deadline = QLabel()
        self.deadline.setWordWrap(True)
        self.left = QLabel()  # 还差 N 项可上报: the same count the list and the 上报 dialog show
        self.left.setObjectName("leftToSubmit")
        self.left.setWordWrap(True)
        self.calendar = PeriodCalendar()
        self.calendar.period_chosen.connect(self.period_chosen)
        self.table = QTableWidget(0, 5)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.chart_title = QLabel(tr("overview.chart"))
        self.chart_title.setObjectName("panelTitle")
        self.chart = FiguresChart()
        self.no_data = QLabel(tr("overview.no_data"))
        for widget in (
            self.title,
            self.deadline,
            self.left,
            self.calendar,
            self.table,
            self.chart_title,
            self.no_data,
            self.chart,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.setWidget(page)

    def show_period(
        self, session: FormSession, statuses: Mapping[str, CategoryProgress], lock: Lock | None = None
    ) -> None:
        lang = session.lang
        self.title.setText(f"{tr('overview.title')} · {session.reporting_period.name(lang)}")
        deadline = session.reporting_period.deadline
        if deadline is None:
            self.deadline.setText(tr("overview.no_deadline"))
        else:
            shown = official_date(deadline) if lang == "zh" else deadline.isoformat()
            self.deadline.setText(tr("overview.deadline", date=shown))
        dues = session.due_periods()
        here = next((due for due in dues if due.period == session.period), None)
        self.deadline.setStyleSheet(f"color: {OVERDUE_COLOUR};" if here is not None and here.overdue else "")
        if here is not None and here.overdue:  # said beside the deadline, not only in the list below
            self.deadline.setText(tr("overview.overdue", deadline=self.deadline.text(), state=here.state_text(lang)))
        self.calendar.show_periods(dues, session.period, lang)
        self.show_progress(session, statuses, lock)
        opening = isinstance(session, FirstLook)  # the figures are read once the service is attached
        series = [] if opening else key_figures(session)
        self.chart.set_series(series)
        self.chart_title.setVisible(not opening)
        self.no_data.setVisible(not series and not opening)
        self.chart.setVisible(bool(series))

    def show_progress(
        self, session: FormSession, statuses: Mapping[str, CategoryProgress], lock: Lock | None = None
    ) -> None:
        """Each category's state and what is left of it, and 还差 N 项可上报 (after every edit too)."""
        self._fill_table(session, statuses)
        categories = session.categories()
        if not categories or any(c.key not in statuses for c in categories):
            self.left.setText(tr("overview.checking"))
            self.left.setStyleSheet("")
            return
        shown = [statuses[c.key] for c in categories]
        left = sum(progress.left for progress in shown)
        lock = lock if lock is not None else session.lock()
        if lock.reason == "submitted":
            text, colour = tr("overview.submitted", revision=lock.revision), "#1565c0"
        elif left:
            text, colour = tr("overview.left", count=left), "#c62828"
        else:
            text, colour = tr("overview.ready"), "#2e7d32"
        to_confirm = [p for p in shown if p.needs_confirmation and p.category != session.pack.profile.key]
        if to_confirm and lock.reason != "submitted":
            text += " " + tr("overview.to_confirm", count=len(to_confirm))
        self.left.setText(text)
        self.left.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _fill_table(self, session: FormSession, statuses: Mapping[str, CategoryProgress]) -> None:
        headers = ("overview.category", "overview.state", "overview.errors", "overview.required", "overview.warnings")
        self.table.setHorizontalHeaderLabels([tr(key) for key in headers])
        categories = session.categories()
        self.table.setRowCount(len(categories))
        for row, category in enumerate(categories):
            progress = statuses.get(category.key)
            label = category.numbered_label(session.lang)
            if progress is None:  # not checked yet (the first check runs just after the window is ready)
                cells: tuple[str, ...] = (label, tr("overview.checking"), "", "", "")
            else:
                cells = (
                    label,
                    state_label(progress.key),
                    str(progress.errors),
                    str(progress.missing_required),
                    str(progress.unexplained),
                )
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    self.table.setItem(row, column, QTableWidgetItem(text))
                elif item.text() != text:
                    item.setText(text)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + sum(
            self.table.rowHeight(r) for r in range(self.table.rowCount())
        )
        self.table.setMinimumHeight(height + 4)


def chart_label(period: str, lang: str) -> str:
    """A period under a bar: short enough for a narrow bar ("2022–23 sem. 1", "2022年度")."""
    parts = period.split("-")
    if lang == "en" and len(parts) == 3:
        return f"{parts[0]}–{parts[1][-2:]} sem. {parts[2]}"
    return Period.parse(period).name(lang)


def key_figures(session: FormSession) -> list[Series]:
    """Each key figure's value in every period the database holds (periods of its kind)."""
    pack = session.pack
    series: list[Series] = []
    periods = sorted(session.periods())
    for category_key, field_key in KEY_FIGURES:
        if not pack.has_category(category_key) or not pack.category(category_key).has_field(field_key):
            continue
        category = pack.category(category_key)
        field = category.field(field_key)
        points: list[tuple[str, Decimal | int | None]] = []
        for period in periods:
            try:
                if Period.parse(period).kind is not category.period_kind:  # a key the store holds
                    continue
                reader = session.service.derived if field.type is FieldType.DERIVED else session.service.values
                value = reader(category_key, period).get(field_key)
            except (KeyError, ValueError):
                continue
            if isinstance(value, int | Decimal) and not isinstance(value, bool):
                points.append((chart_label(period, session.lang), value))
        if points:
            title = field.label.get(session.lang)
            if field.unit:
                unit = field.unit.get(session.lang)
                title += tr("overview.unit", unit=unit)
            series.append(Series(title, tuple(points)))
    return series
