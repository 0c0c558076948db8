"""The bureau window's menus (文件 / 工具 / 帮助) and its first hint: import the school register
before the schools' files, since each file is checked against it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QMessageBox, QPushButton

from desktop_app.ui.i18n import tr

HINT_STYLE = "QFrame#registerHint { background: #fff4ce; border: 1px solid #e0b000; border-radius: 3px; }"


def build_bureau_menus(window: Any) -> dict[str, QAction]:
    """文件: 导入学校名单… 导入报送文件… 退出; 工具: 设置…; 帮助: 使用说明 关于. Returns the actions by key."""
    bar = window.menuBar()
    keys = QKeySequence.StandardKey
    entries: list[tuple[str, str, str, Any, Any]] = [
        ("menu.file", "import_register", "bureau.menu.import_register", window.import_register, ""),
        ("menu.file", "import_files", "bureau.menu.import_files", window.show_import, ""),
        ("menu.file", "quit", "action.quit", window.close, keys.Quit),
        ("menu.tools", "settings", "action.settings", window.open_settings, "Ctrl+,"),
        ("menu.help", "guide", "bureau.menu.guide", window.show_help, "F1"),
        ("menu.help", "about", "action.about", window.show_about, ""),
    ]
    menus: dict[str, Any] = {}
    found: dict[str, QAction] = {}
    for menu, key, label, slot, shortcut in entries:
        if menu not in menus:
            menus[menu] = bar.addMenu(tr(menu))
        action = QAction(tr(label), window)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
        menus[menu].addAction(action)
        found[key] = action
    return found


def show_bureau_help(window: Any) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        tr("bureau.menu.guide").rstrip("…"),
        tr("bureau.help"),
        QMessageBox.StandardButton.Close,
        window,
    )
    box.open()
    return box


class RegisterHint(QFrame):
    """Shown while the register is empty: what to do first, with the button that does it."""

    import_wanted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("registerHint")
        self.setStyleSheet(HINT_STYLE)
        text = QLabel(tr("bureau.hint.register"))
        text.setWordWrap(True)
        button = QPushButton(tr("bureau.menu.import_register"))
        button.clicked.connect(self.import_wanted)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(text, 1)
        layout.addWidget(button)
        self.hide()

    def show_count(self, schools: int) -> None:
        self.setVisible(schools == 0)
