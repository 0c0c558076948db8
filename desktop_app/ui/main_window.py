"""The main window: composes the top bar, the workspace, the menus and the status bar.

It holds no business rules: edits go through FormSession to ReportingService.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QLabel, QMainWindow, QVBoxLayout, QWidget

from desktop_app.services.settings import Settings
from desktop_app.ui.i18n import tr
from desktop_app.ui.menus import build_menus
from desktop_app.ui.screen_fit import fit_window
from desktop_app.ui.tasks import TaskRunner
from desktop_app.ui.top_bar import TopBar

if TYPE_CHECKING:
    from desktop_app.services.changes import Changes
    from desktop_app.ui.forms.binding import FormSession
    from desktop_app.ui.workspace import Workspace

OVERVIEW_KEY = "__overview__"  # the same key as category_list.OVERVIEW_KEY (not imported: start-up)


class MainWindow(QMainWindow):
    looked = Signal()  # the first look: the categories and the overview shown from the file's summary
    attached = Signal()  # the service is attached: the data file is open for editing
    checked = Signal()  # the period's first check is shown (states, problems)

    def __init__(
        self, lang: str, settings: Settings, settings_file: Path | None = None, defer_actions: bool = False
    ) -> None:
        super().__init__()
        self.lang = lang
        self.settings = settings
        self.settings_file = settings_file
        self.service: Any = None
        self.session: FormSession | None = None
        self.tasks = TaskRunner()
        self.setWindowTitle(tr("app.title"))
        self.top = TopBar(lang)
        # The workspace (forms, lists, panels) is built once the window is on screen: its imports
        # would otherwise delay the first paint.
        self.workspace: Workspace | None = None
        self._placeholder = QLabel(tr("status.opening"))
        self._placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        central = QWidget()
        self._layout = QVBoxLayout(central)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.top)
        self._layout.addWidget(self._placeholder, 1)
        self.setCentralWidget(central)
        self.saved_label = QLabel()
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().showMessage(tr("status.opening"))
        self.menus, self.actions_by_key = build_menus(self, with_registered=not defer_actions)
        self._enable_store_actions(False)
        self.started: Any = None  # services.startup.Started, once the data file is open
        self.opening: Any = None  # ui.app.Opening while the service opens behind a first look
        self.after_look: Any = None  # ui.first_paint.AfterPaint: emits `looked` once the first look is painted
        self.instance_lock: Any = None  # storage.instance_lock.InstanceLock, released at exit
        self.instance_server: Any = None  # answers a second start (brings this window forward)
        self.busy = False  # a worker uses the data file (see set_busy)
        self.top.period_chosen.connect(self.switch_period)
        # The screen decides the first size (maximized where 1280×800 does not fit); then the last one.
        self.screen_fit = fit_window(
            self,
            "main",
            QSize(1280, 800),
            maximize_when_small=True,
            splitters=lambda: self.workspace.splitters() if self.workspace else [],
        )

    def add_registered_actions(self) -> None:
        """Once ready: the export, send, submit and backup actions (see menus.py); once only."""
        from desktop_app.ui.menus import registered_actions

        if "submit" in self.actions_by_key:
            return
        added = registered_actions(self, self.menus)
        self.actions_by_key.update(added)
        self._enable_store_actions(self.service is not None)

    def ensure_workspace(self) -> Workspace:
        if self.workspace is None:
            from desktop_app.ui.workspace import Workspace

            self.workspace = Workspace(self.lang)
            self.workspace.saved.connect(self.mark_saved)
            self.workspace.refused.connect(self.show_message)
            self.workspace.school_named.connect(self.top.set_school)
            self.workspace.period_wanted.connect(self.switch_period)
            self.workspace.reopen_wanted.connect(lambda: self.trigger("reopen"))
            self.workspace.checked.connect(self.checked)
            self._layout.replaceWidget(self._placeholder, self.workspace)
            self._placeholder.deleteLater()
            self.workspace.show()  # at once, not when the event loop next runs
            self.workspace.fit_columns(self.width())
            self.screen_fit.restore_splitters()
        return self.workspace

    # --- the data file -------------------------------------------------------------------------
    def show_first_look(self, pack: Any, summary: Any) -> None:
        """While the service opens: the school, the periods and the categories from the file's summary
        (storage/summary.py), read-only; `attach` then opens the period and the category shown here."""
        from desktop_app.ui.first_look import FirstLook

        look = FirstLook(pack, summary, pack.default_period.key, self.lang)
        self.ensure_workspace().set_session(look, pack.profile.key if self._first_run(look) else None)
        self._show_identity(look)
        # "looked" (ready; the service then opens) once the list and the page shown are painted.
        from desktop_app.ui.first_paint import after_paint

        workspace = self.ensure_workspace()
        page = workspace.stack.currentWidget()
        shown = workspace.overview.table.viewport() if page is workspace.overview else page
        watched = [widget for widget in (workspace.categories.viewport(), shown) if widget is not None]
        self.after_look = after_paint(watched, self.looked.emit)

    def _first_run(self, session: Any) -> bool:
        """The guide and the profile first are for a school not yet filled in: a file that already names
        its school (made by the CLI's demo, or brought from another PC) is past the first step."""
        return not self.settings.first_run_done and not session.school_name()

    def first_look(self) -> Any:
        """The first look shown while the service opens (ui/first_look.py), or None."""
        from desktop_app.ui.first_look import FirstLook

        session = self.workspace.session if self.workspace is not None else None
        return session if isinstance(session, FirstLook) else None

    def attach(self, service: Any, period: str | None = None) -> None:
        """Show an opened ReportingService: the school, the periods, the categories. After a first look,
        its period and the category chosen in it."""
        from desktop_app.ui.forms.binding import FormSession

        look = self.first_look()
        self.service = service
        period = period or (look.period if look is not None else service.pack.default_period.key)
        self.session = FormSession(service, period, self.lang)
        first_run = self._first_run(self.session)
        workspace = self.ensure_workspace()
        if look is not None:
            first: str | None = workspace.categories.current_key() or None
        else:
            first = service.pack.profile.key if first_run else None
        workspace.set_session(self.session, first)
        self._show_identity()
        self._enable_store_actions(True)
        self.statusBar().clearMessage()
        if first_run:
            from desktop_app.ui.first_run import show_first_run

            show_first_run(self)
        self.attached.emit()
        if not workspace.checks_prepared:  # the fonts the checks need: on a worker, once ready
            QTimer.singleShot(
                0,
                lambda: self.tasks.run(
                    service.prepare_checks, lambda _none: workspace.prepared(), lambda _error: workspace.prepared()
                ),
            )

    def switch_period(self, period: str, category: str = "") -> None:
        """Show another period (the selector, or a greyed category of the year: then that category).
        During the first look the summary shows it, and the service opens it once attached."""
        look = self.first_look()
        shown = self.session or look
        if shown is None or not period or period == shown.period:
            return
        from desktop_app.ui.forms.binding import FormSession

        assert self.workspace is not None
        self.flush()
        current = category or self.workspace.categories.current_key() or OVERVIEW_KEY
        if self.session is not None:
            self.session = session = FormSession(self.service, period, self.lang)
        else:
            session = look.for_period(period)
        keys = {c.key for c in session.categories()}
        self.workspace.set_session(session, current if current in keys else OVERVIEW_KEY)
        self._show_identity(session)

    def _show_identity(self, session: FormSession | None = None) -> None:
        session = session or self.session
        assert session is not None
        self.top.set_school(session.school_name())
        lock = session.lock()
        note = (
            tr("status.submitted", revision=lock.revision)
            if lock.reason == "submitted"
            else (tr("status.read_only") if lock.reason else "")
        )
        self.top.set_periods(session.periods(), session.period, note)

    def trigger(self, key: str) -> None:
        """Run a menu action by its key (buttons elsewhere in the window reuse the menu's)."""
        action = self.actions_by_key.get(key)
        if action is not None and action.isEnabled():
            action.trigger()

    def _enable_store_actions(self, enabled: bool) -> None:
        for key, action in self.actions_by_key.items():
            if key in ("save", "undo", "redo") or action.property("needs_store"):
                action.setEnabled(enabled)

    def set_busy(self, busy: bool) -> None:
        """While a worker uses the data file (上报): no checks, no edits, no other action on it."""
        self.busy = busy
        if self.workspace is not None:
            self.workspace.set_paused(busy)
        self._enable_store_actions(not busy and self.service is not None)
        if "restore" in self.actions_by_key:
            self.actions_by_key["restore"].setEnabled(not busy)

    # --- actions -------------------------------------------------------------------------------
    def mark_saved(self) -> None:
        self.saved_label.setText(tr("status.saved", time=time.strftime("%H:%M:%S")))

    def flush(self) -> None:
        if self.workspace is not None:
            self.workspace.flush()

    def step_category(self, delta: int) -> None:
        if self.workspace is not None:
            self.workspace.step(delta)

    def save_now(self) -> None:
        """Ctrl+S: every edit is already saved; flush text still being typed and say so."""
        self.flush()
        self.mark_saved()
        self.statusBar().showMessage(tr("status.saved_now"), 3000)

    def undo(self) -> None:
        self._undo_redo(lambda session: session.undo())

    def redo(self) -> None:
        self._undo_redo(lambda session: session.redo())

    def _undo_redo(self, step: Callable[[FormSession], Changes]) -> None:
        """Undo or redo in the database; the answer says what to show again (or why not)."""
        if self.session is None or self.workspace is None:
            return
        self.workspace.flush()
        self.workspace.apply(step(self.session))

    def show_overview(self) -> None:
        if self.workspace is None:
            return
        self.workspace.categories.select(OVERVIEW_KEY)
        self.workspace.select(OVERVIEW_KEY)  # redraw even when it was already shown

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def run_task(self, work: Callable[..., Any], finished: Callable[[Any], None]) -> None:
        """For actions: run `work` off the UI thread, then `finished(result)` on it."""
        self.tasks.run(work, finished, lambda error: self.show_message(tr("task.failed", error=error)))

    def closeEvent(self, event: QCloseEvent) -> None:
        # Text typed in the last second is saved before the window goes.
        self.flush()
        super().closeEvent(event)
