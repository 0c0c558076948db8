"""Start the window: QApplication, translations, the window shown at once, the data file opened
right after the first paint (the pack and the storage layer load off the UI thread).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app.services.settings import Settings, SettingsError, load_settings
from desktop_app.ui.i18n import install_qt_translations, set_language, tr
from desktop_app.ui.main_window import MainWindow

# Benchmarks and smoke tests set this to "shown" or "ready" to quit once that point is reached.
EXIT_WHEN_ENV = "SCHOOL_REPORT_EXIT_WHEN"


def _prepare_store() -> Any:
    """Off the UI thread: read the pack and import the storage layer (the slow imports)."""
    from desktop_app.domain.loader import load_pack
    from desktop_app.services import reporting  # noqa: F401  (import only: SQLAlchemy, models)

    return load_pack()


def open_store(window: MainWindow, db: str | None, lang: str) -> None:
    def attach(pack: Any) -> None:
        from desktop_app.services.reporting import ReportingService

        try:
            service = ReportingService.open(db, pack, lang)
        except Exception as error:
            failed(str(error))
            return
        window.attach(service)

    def failed(error: str) -> None:
        window.statusBar().showMessage(tr("status.open_failed", error=error))
        QMessageBox.critical(window, tr("app.title"), tr("status.open_failed", error=error))

    window.tasks.run(_prepare_store, attach, failed)


def create_application() -> QApplication:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app
    created = QApplication(sys.argv[:1])
    created.setApplicationName("school-report")
    return created


def run_gui(db: str | None = None, lang: str | None = None) -> int:
    app = create_application()
    settings_error = ""
    try:
        settings = load_settings()
    except SettingsError as error:
        settings, settings_error = Settings(), str(error)
    language = lang or settings.language
    set_language(language)
    translators = install_qt_translations(app, language)  # kept alive with the app
    window = MainWindow(language, settings)
    window.resize(1280, 800)
    window.show()
    if settings_error:
        window.show_message(settings_error)
    exit_when = os.environ.get(EXIT_WHEN_ENV, "")
    if exit_when == "shown":
        QTimer.singleShot(0, lambda: _report_and_quit(app, "shown"))
    elif exit_when == "ready":
        window.attached.connect(lambda: QTimer.singleShot(0, lambda: _report_and_quit(app, "ready")))
    QTimer.singleShot(0, lambda: open_store(window, db or settings.database_path or None, language))
    status = app.exec()
    window.tasks.wait()
    if window.service is not None:
        window.service.close()
    del translators
    return int(status)


def _report_and_quit(app: QApplication, point: str) -> None:
    print(f"school-report:{point}", flush=True)
    app.quit()
