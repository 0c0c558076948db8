"""The strip above a page that cannot be edited, saying why and what to do:
"已上报（第N版），如需修改请先退回修改" with the 退回修改 button, or "往期数据，只读"."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desktop_app.ui.forms.binding import PAST, SUBMITTED, Lock
from desktop_app.ui.i18n import tr

LOCKED_STYLE = "QFrame#lockBanner { background: #e3eefa; border: 1px solid #90b4dc; border-radius: 3px; }"
NOTE_STYLE = "QFrame#lockBanner { background: #f5f5f5; border: 1px solid #d0d0d0; border-radius: 3px; }"


class LockBanner(QFrame):
    reopen = Signal()  # the clerk asked for 退回修改

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("lockBanner")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.button = QPushButton(tr("lock.reopen"))
        self.button.clicked.connect(self.reopen)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.button)
        self.hide()

    def show_lock(self, lock: Lock, shared: bool = False) -> None:
        """`shared`: the page is the school profile, which a submission never locks."""
        if lock.reason == SUBMITTED and shared:
            self._say(tr("lock.profile", revision=lock.revision), NOTE_STYLE, button=False)
        elif lock.reason == SUBMITTED:
            self._say(tr("lock.submitted", revision=lock.revision), LOCKED_STYLE, button=True)
        elif lock.reason == PAST:
            self._say(tr("lock.past"), NOTE_STYLE, button=False)
        else:
            self.hide()

    def _say(self, text: str, style: str, button: bool) -> None:
        self.text.setText(text)
        self.setStyleSheet(style)
        self.button.setVisible(button)
        self.show()
