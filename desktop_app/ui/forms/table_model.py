"""The item model of a table field: rows from the service, edits as text back to the service.

A cell whose text the service refused keeps showing that text (in red, the reason as its tooltip, and
in the editor when reopened) until the clerk corrects it: a refused cell is never shown blank.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from desktop_app.domain.pack import Field, FieldType, FormPack
from desktop_app.domain.values import Value, display
from desktop_app.ui.forms.photo_cell import PhotoThumbnails, photo_label
from desktop_app.ui.i18n import tr

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
    refusals_changed = Signal()  # a cell's text was refused, or a refused cell was corrected

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
            self.rows = fresh
            last = self.index(len(fresh) - 1, len(self.field.columns) - 1)
            self.dataChanged.emit(self.index(0, 0), last)
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

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        column = self.field.columns[section]
        label = column.label.get(self.lang)
        if column.unit:
            label += f"（{column.unit.get(self.lang)}）" if self.lang == "zh" else f" ({column.unit.en})"
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
        # Typing the stored value back over a refused cell needs no save: it just ends the refusal.
        message = "" if stored else self.save(index.row(), column.key, text)
        if message:
            self.refused[key] = (text, message)
        else:
            self.refused.pop(key, None)
        self.dataChanged.emit(index, index)
        self.refusals_changed.emit()
        return not message

    # --- refused cells follow their rows --------------------------------------------------------
    def first_refusal(self) -> tuple[int, str] | None:
        """(row, message) of the first refused cell, in reading order."""
        order = {column.key: number for number, column in enumerate(self.field.columns)}
        if not self.refused:
            return None
        (row, _key), (_text, message) = min(self.refused.items(), key=lambda item: (item[0][0], order[item[0][1]]))
        return row, message

    def row_removed(self, removed: int) -> None:
        self._renumber(lambda row: None if row == removed else row - (row > removed))

    def rows_swapped(self, first: int, second: int) -> None:
        self._renumber(lambda row: second if row == first else first if row == second else row)

    def forget_refused(self) -> None:
        if self.refused:
            self.refused.clear()
            self._changed_all()

    def _renumber(self, move: Callable[[int], int | None]) -> None:
        if not self.refused:
            return
        moved = {}
        for (row, key), refused in self.refused.items():
            target = move(row)
            if target is not None:
                moved[(target, key)] = refused
        self.refused = moved
        self._changed_all()

    def _changed_all(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.field.columns) - 1))
        self.refusals_changed.emit()
