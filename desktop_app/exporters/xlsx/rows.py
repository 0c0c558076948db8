"""The machine rows as a checked key → JSON mapping, and the values they carry, typed by the pack.

Pure (no I/O): `machine.parse_machine_rows` builds on it; see docs/xlsx-format.md for the keys.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.values import from_json
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected

HEADER = ("key", "value")


class MachineRows:
    """The machine rows as a checked key → JSON value mapping, remembering each key's position."""

    def __init__(self, rows: Sequence[Sequence[Any]]) -> None:
        self.data: dict[str, Any] = {}
        self.ordered: list[tuple[str, str]] = []
        if not rows or tuple(rows[0][:2]) != HEADER:
            raise WorkbookRejected("bad_row", sheet=MACHINE_SHEET, row=1, detail="表头应为 key | value")
        for number, row in enumerate(rows[1:], start=2):
            key, text = (*tuple(row), None, None)[:2]
            if key in (None, "") and text in (None, ""):
                continue  # readers pad empty rows (openpyxl with None, calamine with "")
            for cell in (key, text):
                if isinstance(cell, str) and cell.startswith("="):
                    raise WorkbookRejected("formula", sheet=MACHINE_SHEET, key=str(key))
            if not isinstance(key, str) or not isinstance(text, str):
                raise WorkbookRejected("bad_row", sheet=MACHINE_SHEET, row=number, detail="键和值都应为文本")
            if key in self.data:
                raise WorkbookRejected("duplicate_key", sheet=MACHINE_SHEET, key=key)
            try:
                self.data[key] = _DECODER.decode(text)
            except ValueError:
                raise WorkbookRejected(
                    "bad_row", sheet=MACHINE_SHEET, row=number, detail=f"“{key}”的值不是有效的 JSON"
                ) from None
            self.ordered.append((key, text))

    def get(self, key: str, kind: type | tuple[type, ...], optional: bool = False) -> Any:
        if key not in self.data:
            raise WorkbookRejected("missing_key", sheet=MACHINE_SHEET, key=key)
        value = self.data[key]
        if (value is None and optional) or (isinstance(value, kind) and not isinstance(value, bool)):
            return value
        if kind is bool and isinstance(value, bool):
            return value
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail="类型不符。")


def _no_float(text: str) -> Any:
    raise ValueError(f"floats are never written: {text}")


_DECODER = json.JSONDecoder(parse_float=_no_float, parse_constant=_no_float)  # built once, used per row


def values_of(data: MachineRows, pack: FormPack) -> dict[str, dict[str, Any]]:
    """Every value and table, typed by the pack (unknown keys and wrong types rejected)."""
    values: dict[str, dict[str, Any]] = {}
    tables: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, _ in data.ordered:
        kind, _, rest = key.partition(".")
        if kind not in ("value", "rows", "cell"):
            continue
        parts = rest.split(".")
        field = _field(pack, key, parts[:2])
        category_key, field_key = parts[0], parts[1]
        is_table = field.type is FieldType.TABLE
        if (kind == "value") == is_table or len(parts) != (4 if kind == "cell" else 2):
            raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="键的形式与字段类型不符")
        raw = data.data[key]
        if kind == "value":
            values.setdefault(category_key, {})[field_key] = _typed(field, raw, pack, key)
        elif kind == "rows":
            if not isinstance(raw, int) or isinstance(raw, bool) or raw < 0:
                raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail="行数无效。")
            table = [{column.key: None for column in field.columns} for _ in range(raw)]
            tables[(category_key, field_key)] = table
            values.setdefault(category_key, {})[field_key] = table
        else:
            _cell(field, tables.get((category_key, field_key)), parts[2], parts[3], raw, pack, key)
    return values


def _field(pack: FormPack, key: str, parts: list[str]) -> Any:
    if len(parts) != 2 or not pack.has_category(parts[0]):
        raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="没有这一报送类别")
    category = pack.category(parts[0])
    if not category.has_field(parts[1]):
        raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="该类别中没有这一项")
    return category.field(parts[1])


def _typed(field: Any, raw: Any, pack: FormPack, key: str) -> Any:
    try:
        return from_json(field, raw, pack)
    except ValueProblem as problem:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail=problem.text("zh")) from None


def _cell(
    field: Any, table: list[dict[str, Any]] | None, row: str, column: str, raw: Any, pack: FormPack, key: str
) -> None:
    if table is None or not row.isdigit() or not 1 <= int(row) <= len(table):
        raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="行号超出表格行数")
    if column not in {c.key for c in field.columns}:
        raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="表格中没有这一列")
    table[int(row) - 1][column] = _typed(field.column(column), raw, pack, key)


def notes_of(data: MachineRows, pack: FormPack) -> dict[str, dict[str, str]]:
    notes: dict[str, dict[str, str]] = {}
    for key, _ in data.ordered:
        if not key.startswith("note."):
            continue
        category_key, _, rule_id = key[len("note.") :].partition(".")
        if not pack.has_category(category_key):
            raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="没有这一报送类别")
        notes.setdefault(category_key, {})[rule_id] = data.get(key, str)
    return notes
