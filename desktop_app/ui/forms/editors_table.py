"""Tables: an editable grid (QTableView over TableModel) with add / remove / move rows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value
from desktop_app.ui.forms.base import EditorContext, FieldEditor
from desktop_app.ui.forms.photo_cell import THUMBNAIL, PhotoCellEditor, PhotoRefused, PhotoThumbnails
from desktop_app.ui.forms.registry import register
from desktop_app.ui.forms.table_model import TableModel
from desktop_app.ui.i18n import tr

Index = QModelIndex | QPersistentModelIndex
MAX_SHOWN_ROWS = 8


class ChoiceDelegate(QStyledItemDelegate):
    """Choice and yes/no columns are picked from a list, never typed; photos are picked from files."""

    def __init__(self, view: QTableView, model: TableModel,
                 photo_editor: Callable[[QWidget], PhotoCellEditor] | None = None) -> None:
        super().__init__(view)
        self.model = model
        self.photo_editor = photo_editor
        self.open_editor: QWidget | None = None  # the cell editor last opened (keyboard tests)

    def _items(self, column: Field) -> list[tuple[str, str]] | None:
        lang = self.model.lang
        if column.type is FieldType.CHOICE:
            choices = self.model.pack.choice_list(column.choices or "").choices
            return [(c.key, c.label.get(lang)) for c in choices]
        if column.type is FieldType.BOOLEAN:
            return [("true", tr("form.yes")), ("false", tr("form.no"))]
        return None

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        column = self.model.column_field(index.column())
        if column.type is FieldType.IMAGE and self.photo_editor is not None:
            photo = self.photo_editor(parent)
            photo.done.connect(lambda: self._photo_done(photo))
            self.open_editor = photo
            return photo
        items = self._items(column)
        if items is None:
            self.open_editor = super().createEditor(parent, option, index)
            return self.open_editor
        combo = QComboBox(parent)
        combo.addItem(tr("form.unset"), "")
        for key, label in items:
            combo.addItem(label, key)
        self.open_editor = combo
        return combo

    def _photo_done(self, editor: PhotoCellEditor) -> None:
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, PhotoCellEditor):
            return
        if isinstance(editor, QComboBox):
            editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, PhotoCellEditor):
            if editor.value is not None:  # None: the clerk chose nothing
                model.setData(index, editor.value, Qt.ItemDataRole.EditRole)
            return
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData() or "", Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)


class TableEditor(FieldEditor):
    def __init__(self, field: Field, context: EditorContext) -> None:
        super().__init__(field, context)
        self.model = TableModel(field, context.pack, context.lang, self._save_cell, context.read_only)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.thumbnails: PhotoThumbnails | None = None
        photos = any(column.type is FieldType.IMAGE for column in field.columns)
        self.view.setItemDelegate(
            ChoiceDelegate(self.view, self.model, self._photo_editor if photos else None)
        )
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
        self.view.verticalHeader().setDefaultSectionSize(THUMBNAIL.height() + 8)

    def _photo_editor(self, parent: QWidget) -> PhotoCellEditor:
        session = self.context.session
        row = self.current_row()

        def record(content: bytes) -> str:
            if session is None:
                raise PhotoRefused(tr("action.not_ready"))
            return session.record_attachment(content)

        assert self.thumbnails is not None
        return PhotoCellEditor(parent, record, self.thumbnails, lambda text: self.report(text, row))

    def _button(self, layout: QHBoxLayout, key: str, slot: Any) -> QPushButton:
        button = QPushButton(tr(key))
        button.clicked.connect(slot)
        layout.addWidget(button)
        return button

    # --- the service does the work; the grid shows the result -----------------------------------
    def _session_call(self, name: str, *args: Any) -> None:
        session = self.context.session
        if session is None or self.context.read_only:
            return
        getattr(session, name)(self.context.category, self.field.key, *args)
        self.context.changed()

    def _save_cell(self, row: int, column: str, text: str) -> bool:
        session = self.context.session
        if session is None or self.context.read_only:
            return False
        outcome = session.set_text(self.context.category, self.field.key, text, row=row, column=column)
        self.report(outcome.message, row)
        self.context.changed()
        return outcome.ok

    def report(self, message: str, row: int | None = None) -> None:
        """Replaced by the form with its message label (a refused cell says why beside the grid)."""

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
        height = (view.horizontalHeader().sizeHint().height()
                  + view.verticalHeader().defaultSectionSize() * shown
                  + view.horizontalScrollBar().sizeHint().height() + 2 * view.frameWidth())
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
