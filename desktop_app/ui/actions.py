"""Menu actions as a registry, so other parts (export, send, submit) add theirs without editing the
main window. A module listed in ACTION_MODULES calls `register_action` when imported; a name there that
is not a module is an error at once (a typo must not leave a menu silently short).

Every label is declared once, in the UI's string catalogue (ui/i18n.py, "action.<key>"): the menus, the
guide and the tests read it from there.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MENUS = ("file", "edit", "view", "report", "tools", "help")

# Add a module here when it brings actions (one line per module).
ACTION_MODULES: tuple[str, ...] = (
    "desktop_app.ui.export_actions",
    "desktop_app.ui.send_actions",
    "desktop_app.ui.lifecycle.actions",
    "desktop_app.ui.questions_view",
    "desktop_app.ui.pack_import",
)

# A handler gets the main window (its public API: session, period, run_task, show_message).
Handler = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    key: str  # its label is the catalogue's "action.<key>"
    menu: str  # one of MENUS
    handler: Handler | None = None  # None: shown, says it is not available yet
    shortcut: str = ""  # a QKeySequence string, e.g. "Ctrl+E"
    order: int = 100
    needs_store: bool = True  # disabled until the data file is open

    def label(self, lang: str) -> str:
        from desktop_app.ui.i18n import tr_in

        return tr_in(f"action.{self.key}", lang)


_REGISTRY: dict[str, ActionSpec] = {}


def register_action(spec: ActionSpec) -> None:
    """Add an action, or replace a placeholder of the same key."""
    from desktop_app.ui.i18n import CATALOGUE

    if spec.menu not in MENUS:
        raise ValueError(f"unknown menu {spec.menu!r}")
    if f"action.{spec.key}" not in CATALOGUE:
        raise ValueError(f"no label for action {spec.key!r}: add action.{spec.key} to ui/i18n.py")
    _REGISTRY[spec.key] = spec


def actions_for(menu: str) -> list[ActionSpec]:
    return sorted((a for a in _REGISTRY.values() if a.menu == menu), key=lambda a: a.order)


def load_action_modules(modules: tuple[str, ...] = ACTION_MODULES) -> None:
    """Import every module that brings actions; a name that is not a module raises ImportError."""
    for name in modules:
        importlib.import_module(name)
