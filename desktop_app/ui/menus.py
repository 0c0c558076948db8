"""The menu bar (文件/编辑/查看/报送/工具/帮助): the window's own actions and the registry's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMessageBox

from desktop_app import __version__
from desktop_app.ui.actions import MENUS, ActionSpec, actions_for, load_action_modules
from desktop_app.ui.i18n import language, tr

_MENU_TITLES = {menu: f"menu.{menu}" for menu in MENUS}


def builtin_actions(window: Any) -> list[tuple[str, str, Callable[[], None], Any]]:
    """(menu, catalogue key, slot, shortcut) of the window's own actions."""
    keys = QKeySequence.StandardKey
    return [
        ("file", "action.save", window.save_now, keys.Save),
        ("file", "action.quit", window.close, keys.Quit),
        ("edit", "action.undo", window.undo, keys.Undo),
        ("edit", "action.redo", window.redo, "Ctrl+Y"),
        ("view", "action.overview", window.show_overview, "Ctrl+Home"),
        ("view", "action.next_category", lambda: window.step_category(1), "Ctrl+PgDown"),
        ("view", "action.prev_category", lambda: window.step_category(-1), "Ctrl+PgUp"),
        ("tools", "action.settings", lambda: _open_settings(window), "Ctrl+,"),
        ("help", "action.guide", lambda: _show_guide(window), "F1"),
        (
            "help",
            "action.about",
            lambda: QMessageBox.about(window, tr("app.title"), tr("about.text", version=__version__)),
            "",
        ),
    ]


def _open_settings(window: Any) -> None:
    from desktop_app.ui.settings_dialog import open_settings

    open_settings(window)


def _show_guide(window: Any) -> None:
    from desktop_app.ui.guide_window import show_guide

    show_guide(window)


def build_menus(window: QMainWindow, with_registered: bool = True) -> tuple[dict[str, QMenu], dict[str, QAction]]:
    """Fill the menu bar: (the menus by name, every action by key, which tests and other parts use).

    Without `with_registered`, only the window's own actions: the start adds the others after the
    first paint (`registered_actions`), since importing their modules delays the window.
    """
    bar = window.menuBar()
    menus = {menu: bar.addMenu(tr(title)) for menu, title in _MENU_TITLES.items()}
    found: dict[str, QAction] = {}
    for menu, key, slot, shortcut in builtin_actions(window):
        action = QAction(tr(key), window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menus[menu].addAction(action)
        found[key.removeprefix("action.")] = action
    if with_registered:
        found.update(registered_actions(window, menus))
    return menus, found


def registered_actions(window: QMainWindow, menus: dict[str, QMenu]) -> dict[str, QAction]:
    """The registry's actions (export, send, submit, backups…), each added to its menu."""
    load_action_modules()
    return {spec.key: _registered(window, menus[menu], spec) for menu in MENUS for spec in actions_for(menu)}


def _registered(window: Any, menu: Any, spec: ActionSpec) -> QAction:
    action = QAction(spec.label(language()), window)
    if spec.shortcut:
        action.setShortcut(QKeySequence(spec.shortcut))
    action.setProperty("needs_store", spec.needs_store)

    def run(_checked: bool = False) -> None:
        if spec.handler is None:
            QMessageBox.information(window, tr("app.title"), tr("action.not_ready"))
            return
        window.flush()  # exports and submission see every keystroke
        spec.handler(window)

    action.triggered.connect(run)
    menu.addAction(action)
    return action
