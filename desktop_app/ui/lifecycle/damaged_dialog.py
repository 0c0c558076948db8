"""At start: the database is damaged (now, or at an earlier start and not answered since). It was set
aside (renamed, kept); the clerk answers before anything else happens: restore the newest good backup,
start with an empty database (only because the clerk says so), or neither for now.

Use `ask_restore(parent, lang)` as `on_damage` of services.startup.start: it returns "restore",
"empty" or "later".
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.i18n import tr

if TYPE_CHECKING:
    from desktop_app.services.damage import Damage


def damaged_box(damage: Damage, lang: str = "zh", parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(tr("damaged.title"))
    if damage.earlier:
        box.setText(tr("damaged.still_aside", name=damage.aside.name))
    else:
        box.setText(tr("damaged.text", detail=damage.detail_text(lang), name=damage.aside.name))
    if damage.offered is not None:
        box.setInformativeText(tr("damaged.offer", backup=damage.offered.summary(lang=lang)))
        restore = box.addButton(tr("damaged.restore"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
        box.setProperty("restore_button", True)
    else:
        box.setInformativeText(tr("damaged.no_backup"))
    box.addButton(tr("damaged.start_empty"), QMessageBox.ButtonRole.DestructiveRole)
    later = box.addButton(tr("damaged.not_now"), QMessageBox.ButtonRole.RejectRole)
    if damage.offered is None:
        box.setDefaultButton(later)  # an empty database only when the clerk clicks for it
    return box


ANSWERS = {QMessageBox.ButtonRole.AcceptRole: "restore", QMessageBox.ButtonRole.DestructiveRole: "empty"}


def ask_restore(parent: QWidget | None = None, lang: str = "zh") -> Callable[[Damage], str]:
    def ask(damage: Damage) -> str:
        box = damaged_box(damage, lang, parent)
        box.exec()
        return ANSWERS.get(box.buttonRole(box.clickedButton()), "later")

    return ask
