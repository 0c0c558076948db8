"""At start: the database is damaged. It was set aside (renamed, kept); offer the newest good backup.

Use `ask_restore(parent, lang)` as `on_damage` of services.startup.start: it returns True to restore.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from desktop_app.ui.exports.common import t

if TYPE_CHECKING:
    from desktop_app.services.startup import Damage


def damaged_box(damage: Damage, lang: str = "zh", parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(t(lang, "数据库已损坏", "The database is damaged"))
    box.setText(t(lang, f"数据库文件已损坏（{damage.report.detail}）。为防止进一步损坏，程序没有打开它，"
                        f"已将其改名保存为“{damage.aside.name}”（未删除）。",
                  f"The database is damaged ({damage.report.detail}). It was not opened; it was kept as "
                  f"“{damage.aside.name}”."))
    if damage.offered is not None:
        box.setInformativeText(t(lang, f"可以恢复最近的完好备份：\n{damage.offered.summary()}",
                                 f"The newest good backup can be restored:\n{damage.offered.summary()}"))
        restore = box.addButton(t(lang, "从该备份恢复", "Restore this backup"), QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(restore)
        box.setProperty("restore_button", True)
    else:
        box.setInformativeText(t(lang, "没有找到完好的备份。请联系技术支持，不要删除改名后的文件。",
                                 "No good backup was found. Contact support; do not delete the renamed file."))
    box.addButton(t(lang, "暂不恢复", "Not now"), QMessageBox.ButtonRole.RejectRole)
    return box


def ask_restore(parent: QWidget | None = None, lang: str = "zh") -> Callable[[Damage], bool]:
    def ask(damage: Damage) -> bool:
        box = damaged_box(damage, lang, parent)
        box.exec()
        return box.buttonRole(box.clickedButton()) == QMessageBox.ButtonRole.AcceptRole

    return ask
