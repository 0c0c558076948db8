"""Tables: an editable grid (QTableView over TableModel) with add / remove / move rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.cell_delegate import ChoiceDelegate
from desktop_app.ui.forms.photo_cell import THUMBNAIL, PhotoCellEditor, PhotoRefused, PhotoThumbnails
from desktop_app.ui.forms.registry import register
from desktop_app.ui.forms.table_model import TableModel
from desktop_app.ui.i18n import tr

MAX_SHOWN_ROWS = 8


class TableEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.model = TableModel(field, context.pack, context.lang, self._save_cell, context.read_only)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.thumbnails: PhotoThumbnails | None = None
        photos = any(column.type is FieldType.IMAGE for column in field.columns)
        self.view.setItemDelegate(ChoiceDelegate(self.view, self.model, self._photo_editor if photos else None))
        if photos:
            self._show_photos()
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.view.setTabKeyNavigation(False)  # Tab leaves the grid; arrows move inside it
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        # A long name in one row must not push the other columns out of sight: it is cut with "…"
        # (the whole text is in the cell's editor); the limit follows the font, so scaling keeps it.
        header.setMaximumSectionSize(self.view.fontMetrics().horizontalAdvance("中") * 11)
        self.buttons = QWidget()
        row = QHBoxLayout(self.buttons)
        row.setContentsMargins(0, 0, 0, 0)
        self.add_button = self._button(row, "table.add", self.add_row)
        self.remove_button = self._button(row, "table.remove", self.remove_row)
        self.up_button = self._button(row, "table.up", lambda: self.move_row(-1))
        self.down_button = self._button(row, "table.down", lambda: self.move_row(1))
        self.count = QLabel()
        row.addStretch(1)
        row.addWidget(self.count)
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.view)
        layout.addWidget(self.buttons)
        self.input = box
        self.set_read_only(context.read_only)
        self._fit_height()

    def _show_photos(self) -> None:
        session = self.context.session
        fetch = session.attachment if session is not None else (lambda _digest: None)
        self.thumbnails = PhotoThumbnails(fetch, self.view)
        self.model.show_photos(self.thumbnails)
        self.view.setIconSize(THUMBNAIL)
        line = self.view.fontMetrics().height()
        self.view.verticalHeader().setDefaultSectionSize(THUMBNAIL.height() + line + 10)

    def _photo_editor(self, parent: QWidget) -> PhotoCellEditor:
        session = self.context.session
        row = self.current_row()

        def record(content: bytes) -> str:
            if session is None:
                raise PhotoRefused(tr("action.not_ready"))
            return session.record_attachment(content)

        assert self.thumbnails is not None
        return PhotoCellEditor(parent, record, self.thumbnails, lambda text: self.report(text, row))

    def report(self, message: str, row: int | None = None) -> None:
        """A photo refused before it reached the service (too large, not a photo); the form replaces this
        with saying it beside the grid and in the problems list."""

    def _button(self, layout: QHBoxLayout, key: str, slot: Any) -> QPushButton:
        button = QPushButton(tr(key))
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # --- the service does the work; the grid shows the result -----------------------------------
    def _session_call(self, name: str, *args: Any) -> bool:
        session = self.context.session
        if session is None or self.context.read_only:
            return False
        changes = getattr(session, name)(self.context.category, self.field.key, *args)
        self.context.changed(changes)  # the form shows the rows as the service has them now
        return bool(changes.ok)

    def _save_cell(self, row: int, column: str, text: str) -> str:
        """Save a cell's text; the refusal's message ("" when saved). The model keeps refused text."""
        session = self.context.session
        if session is None or self.context.read_only:
            return tr("action.not_ready")
        changes = session.set_text(self.context.category, self.field.key, text, row=row, column=column)
        self.context.changed(changes)
        return changes.refused

    def current_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() else -1

    def add_row(self) -> None:
        self._session_call("add_row")
        last = self.model.rowCount() - 1
        if last >= 0:
            self.view.setCurrentIndex(self.model.index(last, 0))
            self.view.setFocus()

    def remove_row(self) -> None:
        row = self.current_row()
        if row >= 0:
            self._session_call("remove_row", row)

    def move_row(self, step: int) -> None:
        row, column = self.current_row(), max(self.view.currentIndex().column(), 0)
        target = row + step
        if row < 0 or not 0 <= target < self.model.rowCount():
            return
        self._session_call("move_row", row, target)
        self.view.setCurrentIndex(self.model.index(target, column))

    # --- FieldEditor ---------------------------------------------------------------------------
    def focus_widget(self) -> QWidget:
        return self.view

    def show_rows(self, value: Value, refused: dict[tuple[int, str], tuple[str, str]]) -> None:
        """The rows as stored, and over them the cells whose text was refused ((row, column) → (text, why))."""
        self.model.set_refused(refused)
        self.set_value(value)

    def set_value(self, value: Value) -> None:
        current = self.view.currentIndex()
        reset = self.model.set_rows(list(value or []))
        self.count.setText(tr("table.rows", count=len(self.model.rows)))
        self._fit_height()
        if reset and current.isValid() and current.row() < self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(current.row(), current.column()))

    def _fit_height(self) -> None:
        """Tall enough for the rows (up to MAX_SHOWN_ROWS, then it scrolls) and the empty line."""
        shown = min(max(self.model.rowCount() + 1, 3), MAX_SHOWN_ROWS)
        view = self.view
        height = (
            view.horizontalHeader().sizeHint().height()
            + view.verticalHeader().defaultSectionSize() * shown
            + view.horizontalScrollBar().sizeHint().height()
            + 2 * view.frameWidth()
        )
        if height == view.minimumHeight():
            return
        view.setMinimumHeight(height)
        # A form laid out while hidden keeps stale row heights (QFormLayout caches them and Qt
        # stops the invalidation at the first layout not yet activated): invalidate every level.
        widget: QWidget | None = view
        while widget is not None:
            widget.updateGeometry()  # drops the cached size hint of its layout item
            layout = widget.layout()
            if layout is not None:
                layout.invalidate()
            widget = widget.parentWidget()

    def text(self) -> str:
        return ""

    def pending(self) -> bool:
        return False

    def submit(self) -> None:
        return None

    def set_read_only(self, read_only: bool) -> None:
        self.model.read_only = read_only
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setEnabled(not read_only)


@register(FieldType.TABLE)
def table_editor(field: Field, context: EditorContext) -> FieldEditor:
    return TableEditor(field, context)
