"""报送期 of the bureau window: the periods of every form version installed beside its database, and those
files were imported for, newest first (domain.pack_set.period_choices); each labelled with the version it is
consolidated under when several are installed, a line between calendar years."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from desktop_app.domain.pack_set import PeriodChoice
from desktop_app.ui import i18n
from desktop_app.ui.i18n import tr


class PeriodBox(QComboBox):
    def __init__(self, default: Any) -> None:
        """`default`: the active pack (its year is chosen first; it serves a period no version declares)."""
        super().__init__()
        self.default = default
        self.choices: dict[str, PeriodChoice] = {}
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

    def fill(self, choices: list[PeriodChoice]) -> None:
        """Show these periods; the chosen one stays chosen (currentIndexChanged only when it could not)."""
        chosen = self.currentData() or self.default.default_period.key
        self.choices = {choice.key: choice for choice in choices}
        versions = len({choice.pack.version for choice in choices}) > 1
        self.blockSignals(True)
        self.clear()
        year = None
        for choice in choices:
            if year is not None and choice.year != year:
                self.insertSeparator(self.count())
            year = choice.year
            label = i18n.label(choice.spec.label)
            if versions:
                label = tr("bureau.period.item", period=label, version=choice.pack.version)
            self.addItem(label, choice.key)
        self.setCurrentIndex(max(self.findData(chosen), 0))
        self.blockSignals(False)
        if self.currentData() != chosen:
            self.currentIndexChanged.emit(self.currentIndex())

    def pack_for(self, period: str | None) -> Any:
        """The form version the period is consolidated under (the active one for a period none declares)."""
        choice = self.choices.get(period or "")
        return choice.pack if choice is not None else self.default
