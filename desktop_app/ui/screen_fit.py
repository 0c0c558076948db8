"""Windows and dialogs sized to the screen they open on, remembering their size and state.

A school's screen may be 1024×768 at 150 % (683×512 logical pixels): a window never opens bigger
than the screen's available area (less its frame), the main window opens maximized when its usual
size does not fit, and each window's last size, position and state (maximized, splitters) come back
next time from window.ini in the app's configuration folder (beside settings.json). A saved geometry
that no longer fits (another screen, another scaling) is clamped to the screen.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QFrame, QMainWindow, QScrollArea, QSplitter, QWidget

# What a title bar and borders take, before the window system tells us (Windows 10/11 at 100 %).
FRAME_ALLOWANCE = QSize(16, 40)
SETTINGS_NAME = "window.ini"


def window_settings() -> QSettings:
    """window.ini in the configuration folder of services.settings (SCHOOL_REPORT_CONFIG_DIR in tests)."""
    from desktop_app.services.settings import config_dir

    return QSettings(str(config_dir() / SETTINGS_NAME), QSettings.Format.IniFormat)


def screen_of(widget: QWidget) -> QScreen:
    parent = widget.parentWidget()
    screen = widget.screen() if widget.isVisible() or parent is None else parent.screen()
    return screen or QGuiApplication.primaryScreen()


def usable_area(widget: QWidget) -> QRect:
    """The screen's available area (without the taskbar) less room for the window's frame."""
    area = screen_of(widget).availableGeometry()
    return area.adjusted(
        FRAME_ALLOWANCE.width() // 2, FRAME_ALLOWANCE.height() - 8, -(FRAME_ALLOWANCE.width() // 2), -8
    )


def fitted_size(wanted: QSize, area: QRect) -> QSize:
    return QSize(min(wanted.width(), area.width()), min(wanted.height(), area.height()))


_LIVE: dict[int, ScreenFit] = {}  # every ScreenFit, until its window is destroyed


class ScreenFit(QObject):
    """Attached to a top-level window: sizes it before it is first shown, keeps it inside its
    screen once shown, and saves its geometry (and a main window's state, and its splitters) when
    it closes or hides."""

    def __init__(
        self,
        widget: QWidget,
        key: str,
        preferred: QSize,
        maximize_when_small: bool = False,
        splitters: Callable[[], list[QSplitter]] | None = None,
    ) -> None:
        # Not a Qt child of `widget`, but held in _LIVE until the window's C++ object is destroyed: as a
        # child, its Python side went with the dialog's wrapper when a garbage collection (on any thread)
        # freed the wrapper of a dialog Qt still kept (`Dialog(parent).exec()`), and the filter Qt still
        # called then had no attributes (tests/gui/test_quit.py).
        super().__init__()
        self.widget, self.key, self.preferred = widget, key, preferred
        self.maximize_when_small = maximize_when_small
        self.splitters = splitters or (lambda: [])
        self.restored = False
        self.place()
        handle = id(self)
        _LIVE[handle] = self
        widget.destroyed.connect(lambda *_args: _LIVE.pop(handle, None))
        widget.installEventFilter(self)

    # --- before the first show ------------------------------------------------------------------
    def place(self) -> None:
        widget, area = self.widget, usable_area(self.widget)
        settings = window_settings()
        saved = settings.value(f"{self.key}/geometry")
        if isinstance(saved, QByteArray | bytes) and widget.restoreGeometry(QByteArray(saved)):
            self.restored = True
            state = settings.value(f"{self.key}/state")
            if isinstance(widget, QMainWindow) and isinstance(state, QByteArray | bytes):
                widget.restoreState(QByteArray(state))
            if not widget.isMaximized() and not widget.isFullScreen():
                size = fitted_size(widget.size(), area)
                widget.resize(size)
                widget.move(self._inside(widget.pos(), size, area))
            return
        size = fitted_size(self.preferred, area)
        widget.resize(size)
        widget.move(area.center() - QPoint(size.width() // 2, size.height() // 2))
        if self.maximize_when_small and (
            size.width() < self.preferred.width() or size.height() < self.preferred.height()
        ):
            widget.setWindowState(widget.windowState() | Qt.WindowState.WindowMaximized)

    @staticmethod
    def _inside(pos: QPoint, size: QSize, area: QRect) -> QPoint:
        x = min(max(pos.x(), area.left()), area.right() - size.width() + 1)
        y = min(max(pos.y(), area.top()), area.bottom() - size.height() + 1)
        return QPoint(x, y)

    # --- once shown -----------------------------------------------------------------------------
    def keep_inside(self) -> None:
        """The real frame is known now: move (and if need be shrink) the window into the screen."""
        widget = self.widget
        if widget.isMaximized() or widget.isFullScreen() or not widget.isVisible():
            return
        available = screen_of(widget).availableGeometry()
        frame = widget.frameGeometry()
        extra = QSize(frame.width() - widget.width(), frame.height() - widget.height())
        size = fitted_size(widget.size(), available.adjusted(0, 0, -extra.width(), -extra.height()))
        if size != widget.size():
            widget.resize(size)
        frame = widget.frameGeometry()
        moved = self._inside(frame.topLeft(), frame.size(), available)
        if moved != frame.topLeft():
            widget.move(moved)

    def save(self) -> None:
        settings = window_settings()
        settings.setValue(f"{self.key}/geometry", self.widget.saveGeometry())
        if isinstance(self.widget, QMainWindow):
            settings.setValue(f"{self.key}/state", self.widget.saveState())
        for index, splitter in enumerate(self.splitters()):
            settings.setValue(f"{self.key}/splitter{index}", splitter.saveState())
        settings.sync()

    def restore_splitters(self) -> None:
        settings = window_settings()
        for index, splitter in enumerate(self.splitters()):
            saved = settings.value(f"{self.key}/splitter{index}")
            if isinstance(saved, QByteArray | bytes):
                splitter.restoreState(QByteArray(saved))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # While the garbage collector tears a closed dialog down, Qt may still send its last events here
        # after this object's attributes were cleared: nothing to do then.
        widget = self.__dict__.get("widget")
        if widget is not None and watched is widget:
            kind = event.type()
            if kind == QEvent.Type.Show:
                QTimer.singleShot(0, self.keep_inside)
            elif kind in (QEvent.Type.Close, QEvent.Type.Hide):
                self.save()
        return False


def fit_window(
    widget: QWidget,
    key: str,
    preferred: QSize,
    maximize_when_small: bool = False,
    splitters: Callable[[], list[QSplitter]] | None = None,
) -> ScreenFit:
    """Size `widget` (before its first show) to its screen and remember it under `key`."""
    return ScreenFit(widget, key, preferred, maximize_when_small, splitters)


def scrolling(body: QWidget) -> QScrollArea:
    """`body` in a frameless scroll area: a dialog's fields scroll on a small screen, while its
    buttons (kept outside) stay in view."""
    area = QScrollArea()
    area.setWidget(body)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
