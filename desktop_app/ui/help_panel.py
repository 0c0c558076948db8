"""The side panel that shows the help of the field being filled in (the same text as its tooltip)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain.pack import Category, Field
from desktop_app.ui.i18n import tr


class HelpPanel(QWidget):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang
        layout = QVBoxLayout(self)
        title = QLabel(tr("help.title"))
        title.setObjectName("panelTitle")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.body = QLabel(tr("help.none"))
        self.body.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(self.heading)
        layout.addWidget(self.body)
        layout.addStretch(1)

    def show_category(self, category: Category | None) -> None:
        """A new page: its own words (never the last category's field help) until a field is chosen."""
        if category is None:
            self.heading.clear()
        else:
            self.heading.setText(f"<b>{category.label.get(self.lang)}</b>")
        self.body.setText(tr("help.none"))

    def show_field(self, field: Field) -> None:
        self.heading.setText(f"<b>{field.label.get(self.lang)}</b>")
        self.body.setText(field.help.get(self.lang) if field.help else tr("help.no_text"))
