"""The working area: categories on the left, the form (or the overview) in the centre, problems and
help on the right. Every edit answers with one `Changes` (services.changes); `apply` shows it in each
pane, so none of them reads the data again and they cannot disagree. The rules stay in the service."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from desktop_app.services.changes import CategoryProgress, CategoryView, Changes
from desktop_app.ui.category_list import OVERVIEW_KEY, CategoryList
from desktop_app.ui.first_look import FirstLook
from desktop_app.ui.forms.binding import FormSession, IssueLike, Lock
from desktop_app.ui.help_panel import HelpPanel
from desktop_app.ui.i18n import tr
from desktop_app.ui.lock_banner import LockBanner
from desktop_app.ui.overview import OverviewPage
from desktop_app.ui.problems_panel import ProblemsPanel
from desktop_app.ui.questions_view import questions_for, save_reply

if TYPE_CHECKING:  # the form engine is imported when a category is first opened, not at start
    from desktop_app.ui.forms.form_view import CategoryForm


class Workspace(QSplitter):
    saved = Signal()  # an edit reached the database
    refused = Signal(str)  # an edit was refused (the message)
    school_named = Signal(str)  # the profile's school name, after an edit of the profile
    period_wanted = Signal(str, str)  # period, category: open a category of another period there
    reopen_wanted = Signal()  # the lock banner's 退回修改 button
    checked = Signal()  # an answer of the service is shown (the states, the problems list)

    def __init__(self, lang: str) -> None:
        super().__init__(Qt.Orientation.Horizontal)
        self.lang = lang
        self.session: FormSession | None = None
        self.forms: dict[str, CategoryForm] = {}
        # Checking needs the PDF fonts' coverage (a character the PDF cannot print is an error): loaded
        # on a worker after the window is ready; the states are shown once it is, then after every edit.
        self.checks_prepared = False
        self.paused = False  # a worker uses the data file (上报): nothing is read until it is done
        self.statuses: dict[str, CategoryProgress] = {}
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
        self.categories.select(first or OVERVIEW_KEY)
        if self.checks_prepared:
            self.refresh_statuses()

    def refresh_statuses(self) -> None:
        """Every category's state afresh (a new period, the fonts loaded, edits made outside the window)."""
        if self.session is None or self.paused or isinstance(self.session, FirstLook):
            return  # the first look has no service to ask: the states come once it is attached
        progress = self.session.progress()
        self.statuses = dict(progress.categories)
        for key, state in self.statuses.items():
            self.categories.set_status(key, state)
        self.overview.show_progress(self.session, self.statuses, self.lock)
        form = self.current_form()
        if form is not None:
            self._show_view(form, self.session.view(form.category.key))
        self.checked.emit()

    # --- navigation ----------------------------------------------------------------------------
    def current_form(self) -> CategoryForm | None:
        widget = self.stack.currentWidget()
        return next((form for form in self.forms.values() if form is widget), None)

    def select(self, key: str) -> None:
        if self.session is None:
            return
        self.flush()
        if key == OVERVIEW_KEY:
            self.overview.show_period(self.session, self.statuses, self.lock)
            self.stack.setCurrentWidget(self.overview)
            self.problems.show_issues("", [], {})
            self.help.show_category(None)
            self.banner.show_lock(self.lock)
            return
        if isinstance(self.session, FirstLook):  # the service is still opening: the form opens when attached
            self._show_opening(key)
            return
        form = self.forms.get(key) or self._build(key)
        self.help.show_category(form.category)
        self.banner.show_lock(self.lock, shared=not form.read_only)
        self.problems.read_only = form.read_only
        self.stack.setCurrentWidget(form)
        if not self.paused:  # the service's view, read from its cache (nothing is read twice)
            self._show_view(form, self.session.view(key))
        if self.categories.current_key() != key:
            self.categories.select(key)

    def _show_opening(self, key: str) -> None:
        """A category chosen during the first look: "正在打开数据文件…" until the service is attached
        (no field exists to type into meanwhile); `set_session` then opens this category."""
        assert self.session is not None
        self.stack.setCurrentWidget(self.placeholder)
        self.help.show_category(self.session.pack.category(key))
        self.banner.show_lock(self.lock)
        self.problems.show_issues(key, [], {})
        if self.categories.current_key() != key:
            self.categories.select(key)

    def _build(self, key: str) -> CategoryForm:
        from desktop_app.ui.forms.form_view import CategoryForm

        assert self.session is not None
        category = self.session.pack.category(key)
        form = CategoryForm(category, self.session, self.session.is_read_only(key))
        form.edited.connect(self.apply)
        form.field_focused.connect(self.help.show_field)
        form.noted.connect(lambda: self._show_problems(form))
        self.stack.addWidget(form)
        self.forms[key] = form
        return form

    def jump(self, field: str, row: object) -> None:
        form = self.current_form()
        if form is not None and field:
            form.focus_field(field, row if isinstance(row, int) else None)

    def step(self, delta: int) -> None:
        self.categories.step(delta)

    # --- after edits: the answer shown in every pane -----------------------------------------------
    def apply(self, changes: Changes, field: str = "") -> None:
        """Show an edit's answer: the views it changed in their forms and the problems list, the
        states that moved in the list and the overview, the school's name, the refusal."""
        if self.session is None:
            return
        for key, view in changes.views.items():
            form = self.forms.get(key)
            if form is not None:
                self._show_view(form, view, field if form is self.current_form() else "")
        if changes.states:
            self.statuses.update(changes.states)
            for key, state in changes.states.items():
                self.categories.set_status(key, state)
        if changes.views or changes.states:
            self.overview.show_progress(self.session, self.statuses, self.lock)
        if changes.school_name is not None:
            self.school_named.emit(changes.school_name)
        if changes.ok:
            self.saved.emit()
        elif changes.refused:
            self.refused.emit(changes.refused)
        if changes.views or changes.states:
            self.checked.emit()

    def _show_view(self, form: CategoryForm, view: CategoryView, edited: str = "") -> None:
        form.apply(view, edited)
        if form is self.current_form():
            questions = self._questions(form)
            if questions:  # the bureau's questions (退回修改意见) stand beside their fields too
                form.show_issues([*view.issues, *questions])
            self._show_problems(form, questions)

    def _questions(self, form: CategoryForm) -> list[IssueLike]:
        return list(questions_for(self.session, form.category.key)) if self.session is not None else []

    def _show_problems(self, form: CategoryForm, questions: list[IssueLike] | None = None) -> None:
        view = form.view
        if view is None:
            return
        asked = self._questions(form) if questions is None else questions
        listed: list[IssueLike] = [*form.note_issues(), *view.issues, *asked]
        self.problems.show_issues(form.category.key, listed, view.explanations)

    def prepared(self) -> None:
        """What checking needs is loaded: the states and problems are shown now."""
        self.checks_prepared = True
        self.refresh_statuses()

    def set_paused(self, paused: bool) -> None:
        if paused:
            self.flush()  # what was typed is saved before the worker takes the connection
        self.paused = paused
        if self.session is not None:
            self.session.paused = paused
        if not paused and self.checks_prepared:
            self.refresh_statuses()

    def _explained(self, category: str, rule_id: str, text: str) -> None:
        if self.session is None or self.session.is_read_only(category):
            return
        form = self.forms.get(category)
        notes = form.view.explanations if form is not None and form.view is not None else {}
        if notes.get(rule_id, "") == text.strip():
            return
        self.apply(self.session.set_explanation(category, rule_id, text))

    def _replied(self, uid: str, text: str) -> None:
        if self.session is None or self.session.is_read_only():
            return
        refusal = save_reply(self.session, uid, text)
        if refusal:
            self.refused.emit(refusal)
            return
        self.refresh_statuses()  # answered now: the states, the list and the form say so
        self.saved.emit()

    def _focus_changed(self, old: QWidget | None, new: QWidget | None) -> None:
        form = self.current_form()
        if form is not None:
            form.focus_changed(old, new)

    # --- whole-store changes -------------------------------------------------------------------
    def flush(self) -> None:
        for form in self.forms.values():
            form.flush()
