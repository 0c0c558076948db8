"""The machine-readable part of the workbook: rows of key | value-as-JSON-text, and their parser.

The layout is documented in docs/xlsx-format.md (the bureau's import relies on it). This module is
pure (no openpyxl, no I/O) so that a faster reader can feed `parse_machine_rows` the same rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from desktop_app.domain import periods
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.submission import (
    FINGERPRINT_SCHEME,
    Signatories,
    Status,
    Submission,
    fingerprint,
)
from desktop_app.domain.values import from_json, to_json
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected, WorkbookWriteError

FORMAT = "school-report.submission/1"
HEADER = ("key", "value")
MAX_CELL_CHARS = 32_767  # Excel's limit; openpyxl would silently cut a longer string
SIGNATORY_KEYS = ("head", "statistician", "preparer", "phone", "reported_on", "reviewer", "reviewed_on")
IDENTITY_KEYS = (
    "format", "pack", "pack_version", "school_code", "school_name", "period", "revision", "status",
    "generated_at", "submitted_at",
)  # fmt: skip

Row = tuple[str, str]


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _photos(pack: FormPack, submission: Submission) -> list[dict[str, Any]]:
    """Every photo in an image column, with the row's first text column as its caption."""
    photos: list[dict[str, Any]] = []
    for category_key, fields in submission.values.items():
        category = pack.category(category_key)
        for field_key, value in fields.items():
            field = category.field(field_key)
            if field.type is not FieldType.TABLE or not value:
                continue
            texts = [c.key for c in field.columns if c.type in (FieldType.TEXT, FieldType.LONGTEXT)]
            for index, row in enumerate(value, start=1):
                for column in field.columns:
                    if column.type is FieldType.IMAGE and row.get(column.key):
                        caption = row.get(texts[0]) if texts else None
                        photos.append(
                            {"sha256": row[column.key], "caption": caption or "", "category": category_key,
                             "field": field_key, "row": index, "column": column.key}
                        )  # fmt: skip
    return photos


def digest(rows: Iterable[Sequence[Any]]) -> str:
    """SHA-256 over every row before the digest: also covers what the fingerprint does not (status, name)."""
    payload = _dump([[str(key), str(value)] for key, value in rows]).encode("utf-8")
    return hashlib.sha256(payload).hexdigest()


def build_rows(pack: FormPack, submission: Submission) -> list[Row]:
    """The machine part of one submission, header row first, `end` row last."""
    sign = submission.signatories
    pairs: list[tuple[str, Any]] = [
        ("format", FORMAT), ("pack", submission.pack_id), ("pack_version", submission.pack_version),
        ("school_code", submission.school_code), ("school_name", submission.school_name),
        ("period", submission.period), ("revision", submission.revision),
        ("status", submission.status.value), ("generated_at", _iso(submission.generated_at)),
        ("submitted_at", _iso(submission.submitted_at)),
    ]  # fmt: skip
    for key in SIGNATORY_KEYS:
        value = getattr(sign, key)
        pairs.append((f"sign.{key}", _iso(value) if isinstance(value, date) else value))
    for category_key, fields in submission.values.items():
        category = pack.category(category_key)
        for field_key, value in fields.items():
            field = category.field(field_key)
            if field.type is FieldType.TABLE:
                table = to_json(field, value or [])
                pairs.append((f"rows.{category_key}.{field_key}", len(table)))
                for index, row in enumerate(table, start=1):
                    pairs.extend(
                        (f"cell.{category_key}.{field_key}.{index}.{column}", cell) for column, cell in row.items()
                    )
            else:
                pairs.append((f"value.{category_key}.{field_key}", to_json(field, value)))
    for category_key, notes in submission.explanations.items():
        pairs.extend((f"note.{category_key}.{rule_id}", text) for rule_id, text in notes.items())
    pairs.extend((f"photo.{n}", photo) for n, photo in enumerate(_photos(pack, submission), start=1))
    pairs += [("fingerprint_scheme", FINGERPRINT_SCHEME), ("fingerprint", fingerprint(pack, submission))]
    rows: list[Row] = [(key, _dump(value)) for key, value in pairs]
    for key, text in rows:
        if len(text) > MAX_CELL_CHARS:
            raise WorkbookWriteError(f"“{key}”超过 Excel 单元格上限 {MAX_CELL_CHARS} 个字符。")
    rows.append(("digest", _dump(digest(rows))))
    rows.append(("end", _dump(len(rows))))
    return [HEADER, *rows]


class _Rows:
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
                self.data[key] = json.loads(text, parse_float=_no_float, parse_constant=_no_float)
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


def parse_machine_rows(rows: Sequence[Sequence[Any]], pack: FormPack) -> Submission:
    """Check the machine rows against the pack and the fingerprint; return the submission."""
    data = _Rows(rows)
    found = data.get("format", str)
    if found != FORMAT:
        raise WorkbookRejected("format_version", sheet=MACHINE_SHEET, key="format", found=found, expected=FORMAT)
    found = data.get("pack", str)
    if found != pack.id:
        raise WorkbookRejected("wrong_pack", sheet=MACHINE_SHEET, key="pack", found=found, expected=pack.id)
    found = data.get("pack_version", str)
    if found != pack.version:
        raise WorkbookRejected(
            "wrong_pack_version", sheet=MACHINE_SHEET, key="pack_version", found=found, expected=pack.version
        )
    for key, _ in data.ordered:
        if not _known_key(key):
            raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="不是报送文件格式中的键")
    if data.get("fingerprint_scheme", str) != FINGERPRINT_SCHEME:
        raise WorkbookRejected("format_version", sheet=MACHINE_SHEET, key="fingerprint_scheme",
                               found=data.data["fingerprint_scheme"], expected=FINGERPRINT_SCHEME)
    end = data.get("end", int)
    if data.ordered[-1][0] != "end":  # the last row written: anything after it is not ours
        raise WorkbookRejected("missing_key", sheet=MACHINE_SHEET, key="end")
    submission = Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=_period(data),
        school_code=data.get("school_code", str),
        school_name=data.get("school_name", str),
        revision=data.get("revision", int),
        status=_status(data),
        values=_values(data, pack),
        explanations=_notes(data, pack),
        signatories=_signatories(data),
        generated_at=_datetime(data, "generated_at"),
        submitted_at=_datetime(data, "submitted_at"),
    )
    if end != len(data.ordered) - 1:  # rows added or removed by hand
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="end")
    if data.get("fingerprint", str) != fingerprint(pack, submission):
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="fingerprint")
    stored_digest = data.get("digest", str)
    before = data.ordered[: [key for key, _ in data.ordered].index("digest")]
    if stored_digest != digest(before):
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="digest")
    return submission


def _known_key(key: str) -> bool:
    if key in IDENTITY_KEYS or key in ("fingerprint_scheme", "fingerprint", "digest", "end"):
        return True
    if key.startswith("sign."):
        return key[len("sign.") :] in SIGNATORY_KEYS
    return key.partition(".")[0] in ("value", "rows", "cell", "note", "photo")


def _period(data: _Rows) -> str:
    key = data.get("period", str)
    try:
        periods.kind_of(key)
    except periods.PeriodKeyError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key="period", detail="报送期无效。") from None
    return key  # type: ignore[no-any-return]


def _status(data: _Rows) -> Status:
    try:
        return Status(data.get("status", str))
    except ValueError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key="status", detail="状态无效。") from None


def _datetime(data: _Rows, key: str) -> datetime | None:
    text = data.get(key, str, optional=True)
    try:
        return datetime.fromisoformat(text) if text is not None else None
    except ValueError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail="时间无效。") from None


def _signatories(data: _Rows) -> Signatories:
    fields: dict[str, Any] = {}
    for key in SIGNATORY_KEYS:
        name = f"sign.{key}"
        if key.endswith("_on"):
            text = data.get(name, str, optional=True)
            try:
                fields[key] = date.fromisoformat(text) if text is not None else None
            except ValueError:
                raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=name, detail="日期无效。") from None
        else:
            fields[key] = data.get(name, str)
    return Signatories(**fields)


def _values(data: _Rows, pack: FormPack) -> dict[str, dict[str, Any]]:
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


def _notes(data: _Rows, pack: FormPack) -> dict[str, dict[str, str]]:
    notes: dict[str, dict[str, str]] = {}
    for key, _ in data.ordered:
        if not key.startswith("note."):
            continue
        category_key, _, rule_id = key[len("note.") :].partition(".")
        if not pack.has_category(category_key):
            raise WorkbookRejected("unknown_key", sheet=MACHINE_SHEET, key=key, detail="没有这一报送类别")
        notes.setdefault(category_key, {})[rule_id] = data.get(key, str)
    return notes
