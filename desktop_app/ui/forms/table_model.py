"""The item model of a table field: rows from the service, edits as text back to the service.

A cell whose text the service refused keeps showing that text (in red, the reason as its tooltip, and
in the editor when reopened) until the clerk corrects it: a refused cell is never shown blank.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from desktop_app.domain.pack import Field, FieldType, FormPack
from desktop_app.domain.values import Value, display
from desktop_app.ui.forms.photo_cell import PhotoThumbnails, photo_label
from desktop_app.ui.i18n import tr, tr_in

Index = QModelIndex | QPersistentModelIndex
_DEFAULT = QModelIndex()
REFUSED_COLOUR = QColor("#c62828")


def edit_text(column: Field, value: Value) -> str:
    """A cell's value as the text a clerk would type to get it back."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return ",".join(value)
    return str(value)


class TableModel(QAbstractTableModel):
    def __init__(
        self,
        field: Field,
        pack: FormPack,
        lang: str,
        save: Callable[[int, str, str], str],
        read_only: bool,
    ) -> None:
        super().__init__()
        self.field = field
        self.pack = pack
        self.lang = lang
        self.save = save  # (row, column key, text) -> the refusal's message, "" when saved
        self.read_only = read_only
        self.rows: list[dict[str, Value]] = []
        self.refused: dict[tuple[int, str], tuple[str, str]] = {}  # (row, column key) -> (typed text, why)
        self.thumbnails: PhotoThumbnails | None = None  # set by the editor when a column holds photos

    def show_photos(self, thumbnails: PhotoThumbnails) -> None:
        self.thumbnails = thumbnails
        thumbnails.ready.connect(self._photo_ready)

    def _photo_ready(self, digest: str) -> None:
        for column_index, column in enumerate(self.field.columns):
            if column.type is not FieldType.IMAGE:
                continue
            for row_index, row in enumerate(self.rows):
                if row.get(column.key) == digest:
                    index = self.index(row_index, column_index)
                    self.dataChanged.emit(index, index)

    def set_rows(self, rows: list[dict[str, Value]]) -> bool:
        """Show these rows; returns True if the model was reset (row count changed).

        With the same row count the cells are updated in place, so that a cell editor the clerk
        has just opened stays open while the previous cell's save comes back.
        """
        fresh = [dict(row) for row in rows]
        if len(fresh) == len(self.rows) and self.rows:
            old, self.rows = self.rows, fresh
            keys = [column.key for column in self.field.columns]
            changed = [(r, c) for r, (before, now) in enumerate(zip(old, fresh, strict=True))
                       for c, key in enumerate(keys) if before.get(key) != now.get(key)]  # fmt: skip
            self._changed(changed)  # only those: a cell being typed in keeps what is typed
            return False
        self.beginResetModel()
        self.rows = fresh
        self.endResetModel()
        return True

    def rowCount(self, parent: Index = _DEFAULT) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = _DEFAULT) -> int:
        return 0 if parent.isValid() else len(self.field.columns)

    def column_field(self, index: int) -> Field:
        return self.field.columns[index]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.field.columns[index.column()]
        refused = self.refused.get((index.row(), column.key))
        if refused is not None:
            return self._refused_data(refused, role)
        value = self.rows[index.row()].get(column.key)
        if column.type is FieldType.IMAGE and role != Qt.ItemDataRole.EditRole:
            return self._photo_data(value, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return display(column, value, self.pack, self.lang)
        if role == Qt.ItemDataRole.EditRole:
            return edit_text(column, value)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.type in (
            FieldType.INTEGER,
            FieldType.DECIMAL,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.help:
            return column.help.get(self.lang)
        return None

    @staticmethod
    def _refused_data(refused: tuple[str, str], role: int) -> Any:
        text, message = refused
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return text
        if role == Qt.ItemDataRole.ForegroundRole:
            return REFUSED_COLOUR
        if role == Qt.ItemDataRole.ToolTipRole:
            return message
        return None

    def _photo_data(self, value: Value, role: int) -> Any:
        """An image cell shows a thumbnail and the file name (or 已附照片), never the hash."""
        if not isinstance(value, str) or not value:
            return tr("photo.tip") if role == Qt.ItemDataRole.ToolTipRole else None
        if role == Qt.ItemDataRole.DisplayRole:
            return photo_label(value)
        if role == Qt.ItemDataRole.DecorationRole and self.thumbnails is not None:
            return self.thumbnails.pixmap(value)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{photo_label(value)}\n{tr('photo.tip')}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        column = self.field.columns[section]
        label = column.label.get(self.lang)
        if column.unit:
            label += tr_in("sep.paren", self.lang, text=column.unit.get(self.lang))
        return label

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        column = self.field.columns[index.column()]
        if self.read_only or column.type is FieldType.DERIVED:
            return base
        return base | Qt.ItemFlag.ItemIsEditable

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        column = self.field.columns[index.column()]
        text = "" if value is None else str(value)
        key = (index.row(), column.key)
        stored = text == edit_text(column, self.rows[index.row()].get(column.key))
        if stored and key not in self.refused:
            return False
        # The service's answer comes back through the form (set_refused, set_rows) before `save` returns;
        # the typed text is shown meanwhile, and kept if it was refused.
        message = self.save(index.row(), column.key, text)
        if message:
            self.refused[key] = (text, message)
        else:
            self.refused.pop(key, None)
        self.dataChanged.emit(index, index)
        return not message

    # --- refused cells: as the service's answer says --------------------------------------------
    def set_refused(self, refused: dict[tuple[int, str], tuple[str, str]]) -> None:
        """The cells whose text the service refused ((row, column key) → (typed text, why))."""
        if refused == self.refused:
            return
        moved = {key for key in {*refused, *self.refused} if refused.get(key) != self.refused.get(key)}
        self.refused = dict(refused)
        keys = [column.key for column in self.field.columns]
        self._changed([(row, keys.index(key)) for row, key in moved if row < len(self.rows) and key in keys])

    def _changed(self, cells: list[tuple[int, int]]) -> None:
        for row, column in cells:
            index = self.index(row, column)
            self.dataChanged.emit(index, index)
