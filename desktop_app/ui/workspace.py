"""The working area: categories on the left, the form (or the overview) in the centre, problems and
help on the right. It keeps the panes in step after each edit; the rules stay in the service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.ui.category_list import OVERVIEW_KEY, CategoryList, CategoryStatus
from desktop_app.ui.forms.binding import FormSession, IssueLike, Lock
from desktop_app.ui.help_panel import HelpPanel
from desktop_app.ui.i18n import tr
from desktop_app.ui.lock_banner import LockBanner
from desktop_app.ui.overview import OverviewPage
from desktop_app.ui.problems_panel import ProblemsPanel
from desktop_app.ui.questions_view import questions_for, save_reply

if TYPE_CHECKING:  # the form engine is imported when a category is first opened, not at start
    from desktop_app.ui.forms.form_view import CategoryForm


def status_of(session: FormSession, key: str) -> CategoryStatus:
    state = session.state(key)
    return CategoryStatus(str(state.key), int(state.errors), int(state.unexplained))


class Workspace(QSplitter):
    saved = Signal()  # an edit reached the database
    refused = Signal(str)  # an edit was refused (the message)
    period_wanted = Signal(str, str)  # period, category: open a category of another period there
    reopen_wanted = Signal()  # the lock banner's 退回修改 button
    checked = Signal()  # a check of the period was shown (the states and the problems list)

    def __init__(self, lang: str) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.lang = lang
        self.session: FormSession | None = None
        self.forms: dict[str, CategoryForm] = {}
        self.generation = 0  # counts edits and undos: a cached form older than this reloads
        # Checking a category reads the whole period: done once after a burst of edits.
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(150)
        self.check_timer.timeout.connect(self._timed_check)
        # Checking needs the PDF fonts' coverage (a character the PDF cannot print is an error): loaded
        # on a worker after the window is ready; the automatic checks wait for it, an explicit one not.
        self.checks_prepared = False
        self._status_pending: set[str] = set()
        self.paused = False  # a worker uses the data file (上报): no checks until it is done
        self.statuses: dict[str, CategoryStatus] = {}
        self.categories = CategoryList()
        self.stack = QStackedWidget()
        self.placeholder = QLabel(tr("status.opening"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.overview = OverviewPage()
        self.stack.addWidget(self.overview)
        self.banner = LockBanner()
        self.banner.reopen.connect(self.reopen_wanted)
        self.lock = Lock()
        centre = QWidget()
        centre_layout = QVBoxLayout(centre)
        centre_layout.setContentsMargins(0, 0, 0, 0)
        centre_layout.addWidget(self.banner)
        centre_layout.addWidget(self.stack, 1)
        self.side = side = QSplitter(Qt.Orientation.Vertical)
        self.problems = ProblemsPanel(lang)
        self.help = HelpPanel(lang)
        side.addWidget(self.problems)
        side.addWidget(self.help)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        self.addWidget(self.categories)
        self.addWidget(centre)
        self.addWidget(side)
        self.setStretchFactor(1, 1)
        self.setChildrenCollapsible(False)
        self.fit_columns(1280)
        self.categories.selected.connect(self.select)
        self.categories.elsewhere.connect(self.period_wanted)
        self.overview.period_chosen.connect(lambda period: self.period_wanted.emit(period, OVERVIEW_KEY))
        self.problems.jump.connect(self.jump)
        self.problems.explained.connect(self._explained)
        self.problems.replied.connect(self._replied)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    def fit_columns(self, width: int) -> None:
        """Column widths for a window `width` wide: the lists and panels narrower on a small screen."""
        categories = max(150, min(240, width * 19 // 100))
        side = max(170, min(280, width * 22 // 100))
        self.setSizes([categories, max(width - categories - side, 200), side])
        self.side.setSizes([650, 350])  # the problems (and their 说明 boxes) before the help text

    def splitters(self) -> list[QSplitter]:
        """What the window remembers of this area between starts."""
        return [self, self.side]

    # --- session -------------------------------------------------------------------------------
    def set_session(self, session: FormSession, first: str | None = None) -> None:
        self.flush()
        for form in self.forms.values():
            self.stack.removeWidget(form)
            form.deleteLater()
        self.forms.clear()
        self.session = session
        self.lock = session.lock()
        from desktop_app.services.schedule import kind_name

        elsewhere = [(c, period, kind_name(c, self.lang)) for c, period in session.other_categories()]
        self.categories.set_categories(session.categories(), self.lang, elsewhere)
        self.statuses.clear()
        # Every category's state needs a check of the period: done right after the first paint.
        self._status_pending.add("*")
        self.categories.select(first or OVERVIEW_KEY)

    def refresh_statuses(self, only: str | None = None) -> None:
        if self.session is None:
            return
        keys = [only] if only else [c.key for c in self.session.categories()]
        for key in keys:
            self.statuses[key] = status_of(self.session, key)
            self.categories.set_status(key, self.statuses[key])

    # --- navigation ----------------------------------------------------------------------------
    def current_form(self) -> CategoryForm | None:
        widget = self.stack.currentWidget()
        return next((form for form in self.forms.values() if form is widget), None)

    def select(self, key: str) -> None:
        if self.session is None:
            return
        self.flush()
        if key == OVERVIEW_KEY:
            self.overview.show_period(self.session, self.statuses)
            self.stack.setCurrentWidget(self.overview)
            self.problems.show_issues("", [], {})
            self.help.show_category(None)
            self.banner.show_lock(self.lock)
            self.schedule_check()
            return
        form = self.forms.get(key) or self._build(key)
        self.help.show_category(form.category)
        self.banner.show_lock(self.lock, shared=not form.read_only)
        self.problems.read_only = form.read_only
        if form.generation != self.generation:
            form.load()
            form.generation = self.generation
        self.stack.setCurrentWidget(form)
        self.schedule_check()
        if self.categories.current_key() != key:
            self.categories.select(key)

    def _build(self, key: str) -> CategoryForm:
        from desktop_app.ui.forms.form_view import CategoryForm

        assert self.session is not None
        category = self.session.pack.category(key)
        form = CategoryForm(category, self.session, self.session.is_read_only(key))
        form.edited.connect(self._edited)
        form.field_focused.connect(self.help.show_field)
        form.refusals_changed.connect(self.schedule_check)
        self.stack.addWidget(form)
        self.forms[key] = form
        return form

    def jump(self, field: str, row: object) -> None:
        form = self.current_form()
        if form is not None and field:
            form.focus_field(field, row if isinstance(row, int) else None)

    def step(self, delta: int) -> None:
        self.categories.step(delta)

    # --- after edits ---------------------------------------------------------------------------
    def _edited(self, field: str) -> None:
        form = self.current_form()
        if form is None or self.session is None:
            return
        self.generation += 1
        form.generation = self.generation
        # The profile decides which fields apply everywhere (the school type): recount them all.
        profile = self.session.pack.profile.key
        self._status_pending.add("*" if form.category.key == profile else form.category.key)
        self.schedule_check()
        if field:
            self.saved.emit()

    def schedule_check(self) -> None:
        self.check_timer.start()

    def _timed_check(self) -> None:
        if self.checks_prepared:
            self.check_now()

    def prepared(self) -> None:
        """What checking needs is loaded: the states and problems are shown now."""
        self.checks_prepared = True
        self.check_now()

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.flush()  # what was typed is saved before the worker takes the connection
            self.check_timer.stop()
        self.paused = paused
        if self.session is not None:
            self.session.paused = paused
        if not paused:
            self.schedule_check()

    def check_now(self) -> None:
        """Show the current category's issues and refresh the states that may have changed."""
        self.check_timer.stop()
        form = self.current_form()
        if self.session is None or self.paused:
            return
        if form is not None:
            self._show_issues(form)
        pending, self._status_pending = self._status_pending, set()
        if "*" in pending:
            self.refresh_statuses()
        else:
            for key in pending:
                self.refresh_statuses(key)
        if pending and self.stack.currentWidget() is self.overview:
            self.overview.show_period(self.session, self.statuses)
        self.checked.emit()

    def _show_issues(self, form: CategoryForm) -> None:
        assert self.session is not None
        key = form.category.key
        # The bureau's questions (退回修改意见) stand beside their fields like the checks' messages.
        issues: list[IssueLike] = [*self.session.issues(key), *questions_for(self.session, key)]
        form.show_issues(issues)
        # Refused text first: it is what the clerk just typed, and it was not saved.
        listed: list[IssueLike] = [*form.refused_issues(), *issues]
        self.problems.show_issues(key, listed, self.session.explanations(key))

    def _explained(self, category: str, rule_id: str, text: str) -> None:
        if self.session is None or self.session.is_read_only(category):
            return
        if self.session.explanations(category).get(rule_id, "") == text.strip():
            return
        outcome = self.session.set_explanation(category, rule_id, text)
        if outcome.ok:
            self._status_pending.add(category)
            self.schedule_check()
            self.saved.emit()
        else:
            self.refused.emit(outcome.message)

    def _replied(self, uid: str, text: str) -> None:
        if self.session is None or self.session.is_read_only():
            return
        refusal = save_reply(self.session, uid, text)
        if refusal:
            self.refused.emit(refusal)
            return
        self.schedule_check()
        self.saved.emit()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        form = self.current_form()
        if form is not None:
            form.focus_changed(old, new)

    # --- whole-store changes -------------------------------------------------------------------
    def flush(self) -> None:
        for form in self.forms.values():
            form.flush()

    def reload(self) -> None:
        """After undo / redo: every visible value and count may have changed."""
        self.generation += 1
        form = self.current_form()
        if form is not None:
            form.reload()
            form.generation = self.generation
        self._status_pending.add("*")
        self.check_now()  # other forms load afresh when selected
