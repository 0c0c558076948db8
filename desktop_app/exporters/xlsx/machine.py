"""The machine-readable part of the workbook: rows of key | value-as-JSON-text, and their parser.

The layout is documented in docs/xlsx-format.md (the bureau's import relies on it). This module is
pure (no openpyxl, no I/O) so that a faster reader can feed `parse_machine_rows` the same rows.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from desktop_app.domain import periods
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.pack_set import PackSet, choose_pack
from desktop_app.domain.questions import Answer, answer_from_json
from desktop_app.domain.submission import (
    FINGERPRINT_SCHEME,
    Signatories,
    Status,
    Submission,
    canonical_bytes,
    canonical_document,
    fingerprint_of,
    seal,
)
from desktop_app.domain.values import to_json
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected, WorkbookWriteError
from desktop_app.exporters.xlsx.rows import HEADER, MachineRows, notes_of, values_of
from desktop_app.exporters.xlsx.view import VIEW_KEY, ViewMap, parse_view

FORMAT = "school-report.submission/2"  # /2: `view.<n>` rows say where the visible sheets show each value
OLD_FORMATS = ("school-report.submission/1",)
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


def build_rows(pack: FormPack, submission: Submission, view: ViewMap | None = None) -> list[Row]:
    """The machine part of one submission, header row first, `end` row last.

    `view`: where the writer put each value on the visible sheets (view.py); the writer always passes it.
    """
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
    pairs.extend((f"answer.{answer.question}", answer.as_json()) for answer in submission.answers)
    if view is not None:
        pairs.extend(view.rows())
    pairs += [("fingerprint_scheme", FINGERPRINT_SCHEME), ("fingerprint", fingerprint_of(pack, submission))]
    rows: list[Row] = [(key, _dump(value)) for key, value in pairs]
    for key, text in rows:
        if len(text) > MAX_CELL_CHARS:
            raise WorkbookWriteError(
                f"“{key}”超过 Excel 单元格上限 {MAX_CELL_CHARS} 个字符。",
                f"“{key}” is longer than an Excel cell can hold ({MAX_CELL_CHARS} characters).",
            )
    rows.append(("digest", _dump(digest(rows))))
    rows.append(("end", _dump(len(rows))))
    return [HEADER, *rows]


@dataclass(frozen=True, slots=True)
class MachinePart:
    """What `_data` holds once checked: the submission, its verified fingerprint, and where the visible
    sheets show each value."""

    submission: Submission
    fingerprint: str
    view: ViewMap
    canonical_values: dict[str, dict[str, Any]]  # as hashed by the fingerprint (the bureau stores them)


def parse_machine_rows(rows: Sequence[Sequence[Any]], pack: FormPack | PackSet) -> Submission:
    """Check the machine rows against the pack (of a set: the version the file names) and the fingerprint."""
    return _parse(rows, pack).submission


def read_machine(rows: Sequence[Sequence[Any]], pack: FormPack | PackSet) -> MachinePart:
    """Check the machine rows against the pack and the fingerprint; the submission and the view map,
    which a workbook must have (the readers check the visible sheets with it: view_check.check_view)."""
    part = _parse(rows, pack)
    if not part.view.sheets:
        raise WorkbookRejected("missing_key", sheet=MACHINE_SHEET, key=f"{VIEW_KEY}1")
    return part


def _parse(rows: Sequence[Sequence[Any]], pack: FormPack | PackSet) -> MachinePart:
    data = MachineRows(rows)
    found = data.get("format", str)
    if found in OLD_FORMATS:
        raise WorkbookRejected("format_old", sheet=MACHINE_SHEET, key="format", found=found)
    if found != FORMAT:
        raise WorkbookRejected("format_version", sheet=MACHINE_SHEET, key="format", found=found, expected=FORMAT)
    pack = choose_pack(pack, data.get("pack", str), data.get("pack_version", str))  # the version the file names
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
        raise WorkbookRejected(
            "format_version",
            sheet=MACHINE_SHEET,
            key="fingerprint_scheme",
            found=data.data["fingerprint_scheme"],
            expected=FINGERPRINT_SCHEME,
        )
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
        values=values_of(data, pack),
        explanations=notes_of(data, pack),
        signatories=_signatories(data),
        generated_at=_datetime(data, "generated_at"),
        submitted_at=_datetime(data, "submitted_at"),
        answers=_answers(data),
    )
    if end != len(data.ordered) - 1:  # rows added or removed by hand
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="end")
    stated = data.get("fingerprint", str)
    document = canonical_document(pack, submission)
    if stated != hashlib.sha256(canonical_bytes(document)).hexdigest():  # computed anew: a received file
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="fingerprint")
    submission = seal(pack, submission, verified=stated)  # verified: the submission carries it
    stored_digest = data.get("digest", str)
    before = data.ordered[: [key for key, _ in data.ordered].index("digest")]
    if stored_digest != digest(before):
        raise WorkbookRejected("modified", sheet=MACHINE_SHEET, key="digest")
    return MachinePart(submission, stated, parse_view(data.data, data.ordered), document["values"])


def _known_key(key: str) -> bool:
    if key in IDENTITY_KEYS or key in ("fingerprint_scheme", "fingerprint", "digest", "end"):
        return True
    if key.startswith("sign."):
        return key[len("sign.") :] in SIGNATORY_KEYS
    return key.partition(".")[0] in ("value", "rows", "cell", "note", "photo", "answer") or key.startswith(VIEW_KEY)


def _answers(data: MachineRows) -> tuple[Answer, ...]:
    """The answers to the bureau's questions (`answer.<uid>` rows; none in a file that answers nothing)."""
    found = []
    for key, _value in data.ordered:
        if not key.startswith("answer."):
            continue
        item = data.get(key, dict)
        if not isinstance(item.get("reply", ""), str):
            raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail="答复须为文字。")
        found.append(answer_from_json(key[len("answer.") :], item))
    return tuple(found)


def _period(data: MachineRows) -> str:
    key = data.get("period", str)
    try:
        periods.Period.parse(key)  # a key that names no period is refused here, where the file enters
    except periods.PeriodKeyError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key="period", detail="报送期无效。") from None
    return key  # type: ignore[no-any-return]


def _status(data: MachineRows) -> Status:
    try:
        return Status(data.get("status", str))
    except ValueError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key="status", detail="状态无效。") from None


def _datetime(data: MachineRows, key: str) -> datetime | None:
    text = data.get(key, str, optional=True)
    try:
        return datetime.fromisoformat(text) if text is not None else None
    except ValueError:
        raise WorkbookRejected("wrong_type", sheet=MACHINE_SHEET, key=key, detail="时间无效。") from None


def _signatories(data: MachineRows) -> Signatories:
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
