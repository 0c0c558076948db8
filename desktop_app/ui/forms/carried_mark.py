"""The mark beside a field filled from last year (上年数据，请核对) and its 确认 button: the form engine
shows it for any field the session says was carried; confirming goes through the session."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desktop_app.ui.forms.field_row import FieldRow
from desktop_app.ui.i18n import tr_in


class CarriedMark(QWidget):
    def __init__(self, lang: str, confirm: Callable[[], None]) -> None:
        super().__init__()
        mark, button_text, tip = tr_in("carried.mark", lang), tr_in("carried.confirm", lang), tr_in("carried.tip", lang)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(mark)
        self.label.setObjectName("carriedMark")
        self.label.setStyleSheet("color: #6a4f00; background: #fff4cc; padding: 1px 6px; border-radius: 3px;")
        self.button = QPushButton(button_text)
        self.button.setObjectName("confirmCarried")
        self.button.setToolTip(tip)
        self.button.clicked.connect(lambda _checked=False: confirm())
        layout.addWidget(self.label)
        layout.addWidget(self.button)
        layout.addStretch(1)


def show_mark(row: FieldRow, carried: bool, lang: str, confirm: Callable[[], None], read_only: bool) -> None:
    """Add, show or hide the row's mark (made once, on first need)."""
    mark = getattr(row, "carried_mark", None)
    if not carried:
        if mark is not None:
            mark.hide()
        return
    if mark is None:
        mark = CarriedMark(lang, confirm)
        layout = row.body.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(0, mark)
        row.carried_mark = mark  # type: ignore[attr-defined]
    mark.button.setVisible(not read_only)
    mark.show()
