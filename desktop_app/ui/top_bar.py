"""The strip at the top: the school's name, the period switcher, and a note for past periods."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desktop_app.ui.i18n import tr


class TopBar(QWidget):
    period_chosen = Signal(str)

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        self.school = QLabel(tr("app.title"))
        self.school.setObjectName("schoolName")
        self.school.setWordWrap(True)
        self.periods = QComboBox()
        self.periods.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.periods.setEnabled(False)
        self.periods.activated.connect(lambda _i: self.period_chosen.emit(self.current_period()))
        self.note = QLabel()
        self.note.setStyleSheet("color: #b26a00;")
        period_caption = QLabel(tr("top.period"))
        period_caption.setBuddy(self.periods)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.school, 1)
        layout.addWidget(self.note)
        layout.addWidget(period_caption)
        layout.addWidget(self.periods)

    def set_school(self, name: str) -> None:
        self.school.setText(name or tr("top.no_school"))

    def set_periods(self, keys: list[str], current: str, note: str = "") -> None:
        """The periods to choose from, the current one, and why it is read-only ("" when it is not)."""
        from desktop_app.domain.periods import Period

        self.periods.blockSignals(True)
        self.periods.clear()
        for key in keys:
            try:
                shown = Period.parse(key).name(self.lang)
            except ValueError:
                shown = key
            self.periods.addItem(shown, key)
        self.periods.setCurrentIndex(max(self.periods.findData(current), 0))
        self.periods.setEnabled(True)
        self.periods.blockSignals(False)
        self.note.setText(note)

    def current_period(self) -> str:
        return str(self.periods.currentData() or "")
