"""Start the window: QApplication, translations, the window shown at once; after the first paint the
data file is checked off the UI thread through services.startup (the instance lock, the integrity
check within its time budget, a damaged file answered, the daily backup), the first look is painted
from the file's summary (ui/first_look.py), and the service, opened on a worker meanwhile, is attached:
only then can anything be changed.

A second start on the same database asks the running window to come forward and quits; if no
window answers it says why it cannot open. It never opens a second writer.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.services.settings import Settings, SettingsError, load_settings
from desktop_app.ui import unexpected
from desktop_app.ui.boxes import EXIT_WHEN_ENV, exit_after_ms, window_box
from desktop_app.ui.i18n import install_qt_translations, set_language, tr
from desktop_app.ui.main_window import MainWindow


@dataclass
class Opening:
    """What the start-up work gave: the started database, or the error that stopped it; or, for a first
    look, the checked file (its lock held), the pack and the file's summary."""

    started: Any = None  # services.startup.Started
    error: BaseException | None = None
    lock: Any = None  # the instance lock kept after a damaged file was set aside (restore opens it)
    prepared: Any = None  # services.startup.Prepared: checked and locked, the service still to open
    pack: Any = None  # the form pack (services/pack_cache.py)
    summary: Any = None  # storage.summary.FileSummary: what the first look shows


class DamageQuestion(QObject):
    """The damaged-file dialog, asked from the start-up work: the worker waits for the answer while
    holding the lock, so no other start can take the file while the clerk decides."""

    _asked = Signal(object)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.answer = "later"
        self._asked.connect(self._ask, Qt.ConnectionType.BlockingQueuedConnection)

    def __call__(self, damage: Any) -> str:  # on the worker thread: "restore", "empty" or "later"
        self._asked.emit(damage)
        return self.answer

    def _ask(self, damage: Any) -> None:  # on the UI thread
        from desktop_app.ui.lifecycle.damaged_dialog import ask_restore

        self.answer = ask_restore(self.window, self.window.lang)(damage)


def _prepare(db: str | None, lang: str, ask: Callable[[Any], str]) -> Opening:
    """Off the UI thread, with the standard library alone: lock → check → back up (services.startup.
    prepare), then the pack and the file's summary for the first look. A file with no summary (a new
    one, one to upgrade) is opened here at once: the window waits for the service."""
    from desktop_app.services.damage import DamagedAtStart
    from desktop_app.services.startup import prepare

    try:
        prepared = prepare(db, lang, on_damage=ask)
    except DamagedAtStart as damaged:
        # The file was set aside; hold its lock so that a restore from the menu is this window's.
        from desktop_app.storage.instance_lock import DatabaseInUse, InstanceLock

        try:
            return Opening(error=damaged, lock=InstanceLock(damaged.damage.path).acquire())
        except DatabaseInUse:
            return Opening(error=damaged)
    except Exception as error:  # shown to the clerk with its own message
        return Opening(error=error)
    pack = summary = None
    try:
        if prepared.database is not None and prepared.database.exists():
            from desktop_app.services.startup import active_pack
            from desktop_app.storage.summary import read_summary

            pack = active_pack(prepared.database)  # the service opens with this very pack
            summary = read_summary(prepared.database, pack.profile.key)
    except Exception as error:  # the pack cannot be read: said as before, the lock let go
        prepared.release()
        return Opening(error=error)
    opening = Opening(prepared=prepared, pack=pack, summary=summary)
    return opening if summary is not None else _finish(opening, lang)


def _finish(opening: Opening, lang: str) -> Opening:
    """Off the UI thread: open the service over the prepared file (services.startup.finish: SQLAlchemy,
    a migration after its verified backup, files owed by a crash during 上报)."""
    from desktop_app.services.startup import finish

    try:
        # Kept in `opening` at once: a window closed meanwhile still closes it (close_store).
        opening.started = finish(opening.prepared, opening.pack, lang)
    except Exception as error:  # shown to the clerk with its own message (the lock was let go)
        return Opening(error=error)
    return Opening(opening.started)


def open_store(window: MainWindow, db: str | None, lang: str, quit_app: Callable[[int], None] | None = None) -> None:
    """Open the data file for the window; `quit_app(code)` ends the program (a second start)."""
    ask = DamageQuestion(window)
    end = quit_app or (lambda code: QApplication.exit(code))
    window.tasks.run(
        lambda: _prepare(db, lang, ask),
        lambda opening: _prepared(window, opening, lang, end),
        lambda error: _failed(window, error),
    )


def _prepared(window: MainWindow, opening: Opening, lang: str, end: Callable[[int], None]) -> None:
    if opening.summary is None:  # opened at once, or refused
        _opened(window, opening, end)
        return
    # The first look: read-only until the service is attached. The lock is the window's from now on
    # (released at exit even if the service never comes).
    window.opening, window.instance_lock = opening, opening.prepared.lock
    # The service opens once the first look is painted (`looked`): its import holds Python's lock,
    # which would hold the paint back.
    started: list[bool] = []

    def open_service() -> None:
        if not started:
            started.append(True)
            window.tasks.run(
                lambda: _finish(opening, lang),
                lambda opened: _opened(window, opened, end),
                lambda error: _failed(window, error),
            )

    window.looked.connect(open_service)
    window.show_first_look(opening.pack, opening.summary)


def _opened(window: MainWindow, opening: Opening, end: Callable[[int], None]) -> None:
    window.opening = None
    if opening.error is not None:
        window.instance_lock = opening.lock
        _refused(window, opening.error, end)
        return
    started = opening.started
    window.started, window.instance_lock = started, started.lock

    def later() -> None:
        """What the first usable paint does not need: the other menu actions, and the answer to a
        second start (QtNetwork). Queued once the window is ready (after benchmarks/run.py's marker)."""
        QTimer.singleShot(0, window.add_registered_actions)
        QTimer.singleShot(0, lambda: _listen(window, started.database))

    def use() -> None:
        window.attach(started.service)
        if started.restored_from is not None:
            window.show_message(tr("start.restored", name=started.restored_from.name))
        elif started.started_empty and started.damage is not None:
            window.show_message(tr("start.empty", name=started.damage.aside.name))

    if not started.warnings:
        use()
        later()
        return
    later()
    # A network drive or a synced folder (or a failed daily backup): said once, before any edit.
    box = window_box(window, QMessageBox.Icon.Warning, "\n\n".join(started.warnings))
    box.finished.connect(lambda _result: use())
    box.open()


def _listen(window: MainWindow, database: Any) -> None:
    """Answer a second start on this database (it brings this window forward). QtNetwork is imported
    on a worker: the window stays responsive meanwhile."""
    if database is None:
        return

    def load() -> Any:
        from desktop_app.ui.lifecycle import single_instance

        return single_instance

    def listen(module: Any) -> None:
        if window.instance_lock is not None:  # still this window's file (not closed meanwhile)
            window.instance_server = module.listen(window, database)

    window.tasks.run(load, listen)


def _refused(window: MainWindow, error: BaseException, end: Callable[[int], None]) -> None:
    from desktop_app.services.damage import DamagedAtStart
    from desktop_app.storage.instance_lock import DatabaseInUse

    window.add_registered_actions()  # 从备份恢复… among them
    lang = window.lang
    if isinstance(error, DatabaseInUse):
        from desktop_app.ui.lifecycle.single_instance import bring_forward

        if bring_forward(error.database):
            window.hide()
            end(0)  # the running window has come forward: this start has nothing to do
            return
        box = window_box(window, QMessageBox.Icon.Critical, error.text(lang))

        def close(_result: int) -> None:
            window.close()
            end(1)

        box.finished.connect(close)
        box.open()
        return
    text = getattr(error, "text", None)
    message = str(text(lang)) if callable(text) else str(error)
    window.statusBar().showMessage(tr("status.open_failed", error=message))
    if window.first_look() is not None and window.workspace is not None:  # no form will open
        window.workspace.placeholder.setText(tr("status.open_failed", error=message))
    if isinstance(error, DamagedAtStart):
        return  # the clerk was asked and chose "not now": the window stays without a database
    window_box(window, QMessageBox.Icon.Critical, tr("status.open_failed", error=message)).open()


def _failed(window: MainWindow, error: str) -> None:
    window.add_registered_actions()
    window.statusBar().showMessage(tr("status.open_failed", error=error))
    window_box(window, QMessageBox.Icon.Critical, tr("status.open_failed", error=error)).open()


def create_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    from desktop_app.ui.qt_workarounds import keep_none_alive

    keep_none_alive()
    created = QApplication(sys.argv[:1])
    created.setApplicationName("school-report")
    return created


def run_gui(db: str | None = None, lang: str | None = None, bureau: bool | None = None) -> int:
    app = create_application()
    settings_error: SettingsError | None = None
    try:
        settings = load_settings()
    except SettingsError as error:
        settings, settings_error = Settings(), error
    language = lang or settings.language
    set_language(language)
    translators = install_qt_translations(app, language)  # kept alive with the app
    if settings.mode == "bureau" if bureau is None else bureau:
        # Not settings.database_path: that is the school's file, never to be opened as the bureau's.
        return _run_bureau(app, db)
    window = MainWindow(language, settings, defer_actions=True)  # sized to the screen (ui/screen_fit.py)
    window.show()
    unexpected.install(window)
    if settings_error is not None:
        window.show_message(settings_error.text(language))
    exit_when = os.environ.get(EXIT_WHEN_ENV, "")
    if exit_when == "shown":
        QTimer.singleShot(0, lambda: _report_and_quit(app, "shown"))
    elif exit_when == "ready":
        _report_ready(app, window)
    elif exit_when == "checked":
        window.checked.connect(lambda: QTimer.singleShot(0, lambda: _report_and_quit(app, "checked")))
    QTimer.singleShot(0, lambda: open_store(window, db or settings.database_path or None, language))
    status = app.exec()
    window.tasks.wait()
    close_store(window)
    from desktop_app.ui.shutdown import wind_down

    wind_down(app)  # every window deleted while Qt and Python are whole (see ui/shutdown.py)
    del translators
    return int(status)


def close_store(window: MainWindow) -> None:
    """At exit: the open database (the window's, which a restore may have replaced), then the lock."""
    if window.service is not None:
        window.service.close()
    elif window.started is not None:  # quit before it was attached (a warning still open)
        window.started.service.close()
    elif window.opening is not None and window.opening.started is not None:  # quit during the first look
        window.opening.started.service.close()
    if window.instance_lock is not None:
        window.instance_lock.release()


def _run_bureau(app: QApplication, db: str | None) -> int:
    """区教体局汇总 mode: the bureau's own window instead of the clerk's desk."""
    from desktop_app.ui.bureau.window import open_bureau_window

    window = open_bureau_window(None, db)  # the packs installed beside the bureau's database
    unexpected.install(window)
    if os.environ.get(EXIT_WHEN_ENV, "") in ("shown", "ready"):
        QTimer.singleShot(0, lambda: _report_and_quit(app, "bureau"))
    status = app.exec()
    window.runner.wait()
    from desktop_app.ui.shutdown import wind_down

    wind_down(app)
    return int(status)


def _report_ready(app: QApplication, window: MainWindow) -> None:
    """Say "ready" once the categories and the overview are shown (the first look, or the attached
    service when there is none), then "editable" once the service is attached, and quit: a smoke run
    still fails (a box, status 1) when the service cannot open after a first look."""
    said: list[str] = []

    def ready() -> None:
        if not said:
            said.append("ready")
            print(f"school-report:{_ready(window)}", flush=True)

    def editable() -> None:
        ready()
        _report_and_quit(app, "editable")

    window.looked.connect(ready)  # emitted once the first look is painted
    window.attached.connect(lambda: QTimer.singleShot(0, editable))


def _ready(window: MainWindow) -> str:
    """The "ready" line with what a smoke run checks: the platform plugin, the rows listed beside the
    forms (the overview and each category), the visible top-level windows (a message box shows here)."""
    listed = window.workspace.categories.count() if window.workspace is not None else 0
    shown = sorted({type(w).__name__ for w in QApplication.topLevelWidgets() if w.isVisible()})
    return f"ready platform={QApplication.platformName()} listed={listed} windows={','.join(shown)}"


def _report_and_quit(app: QApplication, point: str) -> None:
    print(f"school-report:{point}", flush=True)
    QTimer.singleShot(exit_after_ms(), app.quit)
