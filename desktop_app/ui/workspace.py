"""The working area: categories on the left, the form (or the overview) in the centre, problems and
help on the right. It keeps the panes in step after each edit; the rules stay in the service."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QStackedWidget, QWidget

from desktop_app.ui.category_list import OVERVIEW_KEY, CategoryList, CategoryStatus
from desktop_app.ui.forms.binding import FormSession, IssueLike
from desktop_app.ui.forms.form_view import CategoryForm
from desktop_app.ui.help_panel import HelpPanel
from desktop_app.ui.i18n import tr
from desktop_app.ui.overview import OverviewPage
from desktop_app.ui.problems_panel import ProblemsPanel
from desktop_app.ui.questions_view import questions_for, save_reply


def status_of(session: FormSession, key: str) -> CategoryStatus:
    state = session.state(key)
    return CategoryStatus(str(state.key), int(state.errors), int(state.unexplained))


class Workspace(QSplitter):
    saved = Signal()  # an edit reached the database
    refused = Signal(str)  # an edit was refused (the message)

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
        self.check_timer.timeout.connect(self.check_now)
        self._status_pending: set[str] = set()
        self.statuses: dict[str, CategoryStatus] = {}
        self.categories = CategoryList()
        self.stack = QStackedWidget()
        self.placeholder = QLabel(tr("status.opening"))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack.addWidget(self.placeholder)
        self.overview = OverviewPage()
        self.stack.addWidget(self.overview)
        side = QSplitter(Qt.Orientation.Vertical)
        self.problems = ProblemsPanel(lang)
        self.help = HelpPanel(lang)
        side.addWidget(self.problems)
        side.addWidget(self.help)
        side.setStretchFactor(0, 3)
        side.setStretchFactor(1, 2)
        self.addWidget(self.categories)
        self.addWidget(self.stack)
        self.addWidget(side)
        self.setStretchFactor(1, 1)
        self.setSizes([240, 760, 280])
        self.categories.selected.connect(self.select)
        self.problems.jump.connect(self.jump)
        self.problems.explained.connect(self._explained)
        self.problems.replied.connect(self._replied)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)

    # --- session -------------------------------------------------------------------------------
    def set_session(self, session: FormSession, first: str | None = None) -> None:
        self.flush()
        for form in self.forms.values():
            self.stack.removeWidget(form)
            form.deleteLater()
        self.forms.clear()
        self.session = session
        self.categories.set_categories(session.categories(), self.lang)
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
        return widget if isinstance(widget, CategoryForm) else None

    def select(self, key: str) -> None:
        if self.session is None:
            return
        self.flush()
        if key == OVERVIEW_KEY:
            self.overview.show_period(self.session, self.statuses)
            self.stack.setCurrentWidget(self.overview)
            self.problems.show_issues("", [], {})
            self.schedule_check()
            return
        form = self.forms.get(key) or self._build(key)
        if form.generation != self.generation:
            form.load()
            form.generation = self.generation
        self.stack.setCurrentWidget(form)
        self.schedule_check()
        if self.categories.current_key() != key:
            self.categories.select(key)

    def _build(self, key: str) -> CategoryForm:
        assert self.session is not None
        category = self.session.pack.category(key)
        form = CategoryForm(category, self.session, self.session.is_read_only())
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

    def check_now(self) -> None:
        """Show the current category's issues and refresh the states that may have changed."""
        self.check_timer.stop()
        form = self.current_form()
        if self.session is None:
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
        if self.session is None or self.session.is_read_only():
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
