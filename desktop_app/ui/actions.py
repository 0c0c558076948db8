"""Menu actions as a registry, so other parts (export, send, submit) add theirs without editing the
main window. A module listed in ACTION_MODULES calls `register_action` when imported.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MENUS = ("file", "edit", "view", "report", "tools", "help")

# Add a module here when it brings actions (one line per module; missing modules are skipped).
ACTION_MODULES: tuple[str, ...] = (
    "desktop_app.ui.export_actions",
    "desktop_app.ui.send_actions",
    "desktop_app.ui.submit_actions",
    "desktop_app.ui.lifecycle.actions",
    "desktop_app.ui.questions_view",
    "desktop_app.ui.pack_import",
)

# A handler gets the main window (its public API: session, period, run_task, show_message).
Handler = Callable[[Any], None]


@dataclass(frozen=True, slots=True)
class ActionSpec:
    key: str
    menu: str  # one of MENUS
    zh: str
    en: str
    handler: Handler | None = None  # None: shown, says it is not available yet
    shortcut: str = ""  # a QKeySequence string, e.g. "Ctrl+E"
    order: int = 100
    needs_store: bool = True  # disabled until the data file is open

    def label(self, lang: str) -> str:
        return self.en if lang == "en" else self.zh


_REGISTRY: dict[str, ActionSpec] = {}


def register_action(spec: ActionSpec) -> None:
    """Add an action, or replace a placeholder of the same key."""
    if spec.menu not in MENUS:
        raise ValueError(f"unknown menu {spec.menu!r}")
    _REGISTRY[spec.key] = spec


def actions_for(menu: str) -> list[ActionSpec]:
    return sorted((a for a in _REGISTRY.values() if a.menu == menu), key=lambda a: a.order)


def load_action_modules() -> None:
    for name in ACTION_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as error:
            if error.name != name:
                raise


# Placeholders for the report menu, replaced by the export / send / submit modules.
for _spec in (
    ActionSpec("export_pdf", "report", "导出 PDF…", "Export PDF…", shortcut="Ctrl+P", order=10),
    ActionSpec("export_excel", "report", "导出 Excel…", "Export Excel…", shortcut="Ctrl+E", order=20),
    ActionSpec("send", "report", "发送至区教体局…", "Send to the bureau…", order=30),
    ActionSpec("submit", "report", "提交…", "Submit…", order=40),
):
    register_action(_spec)
