"""A table cell that offers the pack's choice list (办学类型, 镇街): shows the label, keeps the key.

The key lives in the item's UserRole and the label is what the clerk sees; the key is written first,
so a handler reading the key never sees a new label with an old key.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from desktop_app.domain.pack import ChoiceList
from desktop_app.ui import i18n
from desktop_app.ui.forms.wheel import guard_wheel

KEY_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


class ChoiceDelegate(QStyledItemDelegate):
    def __init__(self, choices: ChoiceList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.options = [(c.key, i18n.label(c.label)) for c in choices.choices]  # in the window's language

    def label_of(self, key: str) -> str:
        return next((label for k, label in self.options if k == key), key)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QComboBox(parent)
        for key, label in self.options:
            editor.addItem(label, key)
        # One pick is one edit: commit and close as soon as a choice is made.
        editor.activated.connect(lambda _i: self.commitData.emit(editor))
        editor.activated.connect(lambda _i: self.closeEditor.emit(editor))
        QTimer.singleShot(0, editor.showPopup)  # after the editor is placed over the cell
        guard_wheel(editor)  # once the list closes, the wheel scrolls the register, not the choice
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(KEY_ROLE))))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        key = editor.currentData()
        if key is None or key == index.data(KEY_ROLE):
            return
        model.setData(index, key, KEY_ROLE)
        model.setData(index, self.label_of(str(key)), Qt.ItemDataRole.DisplayRole)
