"""How a table's cells are edited: choices from a list (never typed), photos from a file, the rest
as text. The grid (editors_table.TableEditor) sets one delegate per table."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from desktop_app.domain.pack import Field, FieldType
from desktop_app.ui.forms.photo_cell import PhotoCellEditor
from desktop_app.ui.forms.table_model import TableModel
from desktop_app.ui.forms.wheel import guard_wheel
from desktop_app.ui.i18n import tr

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    """Choice and yes/no columns are picked from a list, never typed; photos are picked from files."""

    def __init__(
        self, view: QTableView, model: TableModel, photo_editor: Callable[[QWidget], PhotoCellEditor] | None = None
    ) -> None:
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
        editor = self._create(parent, option, index)
        guard_wheel(editor)  # an open drop-down in a cell changes with the wheel only once clicked
        return editor

    def _create(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
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

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        if self.model.column_field(index.column()).type is FieldType.IMAGE:
            # The thumbnail above its name: the column stays narrow and the name is not cut.
            option.decorationPosition = QStyleOptionViewItem.Position.Top
            option.displayAlignment = Qt.AlignmentFlag.AlignCenter

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if self.model.column_field(index.column()).type is FieldType.IMAGE:  # room for the editor's buttons
            hint.setWidth(max(hint.width(), option.fontMetrics.horizontalAdvance(tr("photo.choose")) + 24))
        return hint

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: Index) -> None:
        if isinstance(editor, PhotoCellEditor):  # the whole cell, not just its text's place
            rect = option.rect
            editor.setGeometry(rect.x(), rect.y(), max(rect.width(), editor.sizeHint().width()), rect.height())
            return
        super().updateEditorGeometry(editor, option, index)

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
