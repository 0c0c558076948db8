"""Places in the window that the guide (and other help) can send the clerk to: each opens the
dialog where a step happens, or puts the focus on the widget and outlines it for a moment."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPoint, Qt, QTimer, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from desktop_app.ui.i18n import tr

FLASH_MS = 1600
FLASH_STYLE = "border: 3px solid #e65100; border-radius: 4px; background: transparent;"


def flash(window: QWidget, target: QWidget) -> QWidget:
    """Outline `target` for a moment (an overlay that takes no clicks), and give it the focus."""
    overlay = QWidget(window)
    overlay.setObjectName("placeFlash")
    overlay.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    overlay.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
    overlay.setStyleSheet(FLASH_STYLE)

    def follow() -> None:  # the layout may still be settling (a dialog just closed, a list refilled)
        top_left = target.mapTo(window, QPoint(0, 0))
        overlay.setGeometry(top_left.x() - 3, top_left.y() - 3, target.width() + 6, target.height() + 6)

    follow()
    tracker = QTimer(overlay)
    tracker.timeout.connect(follow)
    tracker.start(40)
    overlay.show()
    overlay.raise_()
    target.setFocus(Qt.FocusReason.OtherFocusReason)
    QTimer.singleShot(FLASH_MS, overlay.deleteLater)
    return overlay


def _period_selector(window: Any) -> QWidget | None:
    return window.top.periods  # type: ignore[no-any-return]


def _categories(window: Any) -> QWidget | None:
    return window.workspace.categories if window.workspace is not None else None


def _problems(window: Any) -> QWidget | None:
    workspace = window.workspace
    if workspace is None:
        return None
    if workspace.current_form() is None and window.session is not None:  # the panel lists a category's
        keys = [c.key for c in window.session.categories()]
        workspace.categories.select(keys[1] if len(keys) > 1 else keys[0])
    return workspace.problems  # type: ignore[no-any-return]


def _files(window: Any) -> None:
    from desktop_app.services.lifecycle import default_output_dir

    if window.service is None or window.session is None:
        return
    folder = default_output_dir(window.service, window.session.period)
    if folder.is_dir():
        open_url(QUrl.fromLocalFile(str(folder)))
    else:
        window.show_message(tr("place.no_files", folder=str(folder)))


def _settings(window: Any) -> None:
    from desktop_app.ui.settings_dialog import open_settings

    open_settings(window)


# place → a widget to outline, or None when the place is a dialog (opened by the function itself)
PLACES: dict[str, Callable[[Any], QWidget | None]] = {
    "period_selector": _period_selector,
    "categories": _categories,
    "problems": _problems,
    "overview": lambda window: (window.show_overview(), _categories(window))[1],
    "preview": lambda window: window.trigger("export_pdf"),
    "submit": lambda window: window.trigger("submit"),
    "files": _files,
    "send": lambda window: window.trigger("send"),
    "reopen": lambda window: window.trigger("reopen"),
    "backup": lambda window: window.trigger("backup_now"),
    "settings": lambda window: _settings(window),
}


def go_to(window: Any, place: str) -> bool:
    """Open or show `place` in the main window; False for a place the window does not know."""
    found = PLACES.get(place)
    if found is None:
        return False
    window.raise_()
    window.activateWindow()
    target = found(window)
    if isinstance(target, QWidget):
        flash(window, target)
    return True


def open_url(url: QUrl) -> bool:
    return bool(QDesktopServices.openUrl(url))
