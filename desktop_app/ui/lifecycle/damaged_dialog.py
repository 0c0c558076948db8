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

from desktop_app.ui.exports.common import t

if TYPE_CHECKING:
    from desktop_app.services.damage import Damage


def damaged_box(damage: Damage, lang: str = "zh", parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(t(lang, "数据库已损坏", "The database is damaged"))
    if damage.earlier:
        box.setText(
            t(
                lang,
                f"数据库此前因损坏已改名保存为“{damage.aside.name}”（未删除），尚未处理。"
                "在处理之前，程序不会新建或打开数据库。",
                f"The database was set aside as damaged earlier (kept as “{damage.aside.name}”) and this "
                "has not been answered; no database is made or opened until it is.",
            )
        )
    else:
        box.setText(
            t(
                lang,
                f"数据库文件已损坏（{damage.detail_text('zh')}）。为防止进一步损坏，程序没有打开它，"
                f"已将其改名保存为“{damage.aside.name}”（未删除）。",
                f"The database is damaged ({damage.detail_text('en')}). It was not opened; it was kept as "
                f"“{damage.aside.name}”.",
            )
        )
    if damage.offered is not None:
        box.setInformativeText(
            t(
                lang,
                f"可以恢复最近的完好备份：\n{damage.offered.summary()}",
                f"The newest good backup can be restored:\n{damage.offered.summary(lang='en')}",
            )
        )
        restore = box.addButton(t(lang, "从该备份恢复", "Restore this backup"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
        box.setProperty("restore_button", True)
    else:
        box.setInformativeText(
            t(
                lang,
                "没有找到完好的备份。请联系技术支持，不要删除改名后的文件。",
                "No good backup was found. Contact support; do not delete the renamed file.",
            )
        )
    box.addButton(
        t(lang, "不恢复，新建空白数据库", "Start with an empty database"), QMessageBox.ButtonRole.DestructiveRole
    )
    later = box.addButton(t(lang, "暂不处理", "Not now"), QMessageBox.ButtonRole.RejectRole)
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
