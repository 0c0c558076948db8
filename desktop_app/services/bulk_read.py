"""Reading a file of values for `load`: the JSON `show --json` prints, a CSV, or our own workbook.

Each value becomes an Item naming where it came from (a JSON path, a CSV line, a workbook key), so a
refusal can say exactly which one. Nothing is stored here; a file that cannot be read as a whole is
refused with its reason (BulkRefused) before any value is looked at.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from desktop_app.services.reporting import ReportingService

MAX_FILE_BYTES = 50 * 1024 * 1024
CSV_COLUMNS = ("category", "field", "value", "row", "column")

REFUSALS: dict[str, Text] = {
    "unreadable": Text("无法读取“{path}”：{detail}", "Cannot read “{path}”: {detail}"),
    "too_large": Text("“{path}”太大，不是数据文件。", "“{path}” is too large for a file of values."),
    "kind": Text(
        "“{path}”不是可导入的文件：须为 show --json 输出的 JSON、CSV（category, field, value, row, column）"
        "或本程序导出的 Excel 报送文件。",
        "“{path}” cannot be loaded: give the JSON of show --json, a CSV (category, field, value, row, "
        "column) or a workbook exported by this program.",
    ),
    "json": Text(
        "JSON 格式错误（第{line}行第{column}列）：{detail}",
        "The JSON is malformed (line {line}, column {column}): {detail}",
    ),
    "json_shape": Text(
        "JSON 中缺少“{key}”或其格式不对（应为 show --json 的输出）。",
        "The JSON lacks “{key}” or it has the wrong shape (expected the output of show --json).",
    ),
    "csv_line": Text("CSV 第{line}行：{detail}", "CSV line {line}: {detail}"),
    "workbook": Text("Excel 文件未通过核验：{detail}", "The workbook did not verify: {detail}"),
    "period_mismatch": Text(
        "文件属于报送期“{found}”，与 --period {given} 不符；未导入。",
        "The file is of the period “{found}”, not --period {given}; nothing was loaded.",
    ),
    "unknown": Text("{where}：{detail}未导入任何数据。", "{where}: {detail} Nothing was loaded."),
}


class BulkRefused(ValueError):
    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        params = {k: (v.get(lang) if isinstance(v, Text) else v) for k, v in self.params.items()}
        return REFUSALS[self.code].format(lang, **params)


@dataclass(frozen=True, slots=True)
class Item:
    """One value to load: typed text (CSV) or a JSON value (show --json, a workbook)."""

    where: str  # "第12行" / "by_period.2022.staff.staff_total" / "value.staff.staff_total"
    period: str | None  # None: the --period option, else the pack's period of the category's kind
    category: str
    field: str
    value: Any
    text: bool = False  # True: `value` is typed text, parsed as the window parses it
    row: int | None = None  # 1-based, for one cell of a table (CSV)
    column: str | None = None
    explanation: bool = False  # a 说明: `field` is the rule id, `value` its text


def read_items(path: Path, service: ReportingService, period: str | None) -> list[Item]:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise BulkRefused("too_large", path=str(path))
        with open(path, "rb") as handle:
            head = handle.read(4)
    except OSError as error:
        raise BulkRefused("unreadable", path=str(path), detail=error.strerror or type(error).__name__) from None
    if head.startswith(b"PK"):
        return _workbook_items(path, service, period)
    data = path.read_bytes()
    text = _decode(data)
    if path.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        return _json_items(text, period)
    if path.suffix.lower() in (".csv", ".txt") or "," in text.partition("\n")[0]:
        return _csv_items(text, period)
    raise BulkRefused("kind", path=str(path))


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM); a CSV saved by Excel on a Chinese Windows is GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _json_items(text: str, period: str | None) -> list[Item]:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BulkRefused("json", line=error.lineno, column=error.colno, detail=error.msg) from None
    if not isinstance(document, dict):
        raise BulkRefused("json_shape", key="values")
    items: list[Item] = []
    by_period = document.get("by_period")
    if isinstance(by_period, dict):
        for key, categories in by_period.items():
            items += _json_values(f"by_period.{key}", categories, None if key == "" else str(key), period)
    else:
        values = document.get("values")
        periods = document.get("periods") or []
        if not isinstance(values, dict) or not isinstance(periods, list):
            raise BulkRefused("json_shape", key="values")
        only = str(periods[0]) if len(periods) == 1 else None
        items += _json_values("values", values, only, period)
    notes = document.get("explanations") or {}
    if not isinstance(notes, dict):
        raise BulkRefused("json_shape", key="explanations")
    for key, categories in notes.items():
        if not isinstance(categories, dict):
            raise BulkRefused("json_shape", key=f"explanations.{key}")
        for category, rules in categories.items():
            if not isinstance(rules, dict):
                raise BulkRefused("json_shape", key=f"explanations.{key}.{category}")
            for rule_id, note in rules.items():
                items.append(Item(f"explanations.{key}.{category}.{rule_id}", None if key == "" else str(key),
                                  str(category), str(rule_id), str(note), explanation=True))  # fmt: skip
    return items


def _json_values(where: str, categories: Any, period: str | None, option: str | None) -> list[Item]:
    if not isinstance(categories, dict):
        raise BulkRefused("json_shape", key=where)
    items = []
    for category, fields in categories.items():
        if not isinstance(fields, dict):
            raise BulkRefused("json_shape", key=f"{where}.{category}")
        for key, value in fields.items():
            items.append(Item(f"{where}.{category}.{key}", period or option, str(category), str(key), value))
    return items


def _csv_items(text: str, period: str | None) -> list[Item]:
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return []
    header = [cell.strip().lower() for cell in rows[0]]
    start = 1 if "category" in header and "field" in header else 0
    names = header if start else [*CSV_COLUMNS, "period"][: max(len(rows[0]), 3)]
    if start and "value" not in header:
        raise BulkRefused(
            "csv_line",
            line=1,
            detail=Text("表头须有 category、field、value 三列", "the header needs category, field and value"),
        )
    items = []
    for number, cells in enumerate(rows[start:], start=start + 1):
        if not any(cell.strip() for cell in cells):
            continue
        record = dict(zip(names, cells, strict=False))
        category, field = (record.get("category") or "").strip(), (record.get("field") or "").strip()
        if not category or not field:
            missing = Text("缺少 category 或 field", "category or field missing")
            raise BulkRefused("csv_line", line=number, detail=missing)
        row_text, column = (record.get("row") or "").strip(), (record.get("column") or "").strip() or None
        row = None
        if row_text:
            if not row_text.isdigit() or int(row_text) < 1:
                wrong = Text(f"行号“{row_text}”应为从 1 起的整数", f"row “{row_text}” should be a whole number from 1")
                raise BulkRefused("csv_line", line=number, detail=wrong)
            row = int(row_text)
        if (row is None) != (column is None):
            raise BulkRefused(
                "csv_line",
                line=number,
                detail=Text("表格单元格须同时给出 row 与 column", "a table cell needs both row and column"),
            )
        line_period = (record.get("period") or "").strip() or period
        items.append(Item(f"第{number}行", line_period, category, field, record.get("value") or "", text=True,
                          row=row, column=column))  # fmt: skip
    return items


def _workbook_items(path: Path, service: ReportingService, period: str | None) -> list[Item]:
    """A submission workbook of this program: verified (fingerprint), read under its own pack version."""
    from desktop_app.domain.values import to_json
    from desktop_app.exporters.xlsx.errors import WorkbookRejected
    from desktop_app.exporters.xlsx.reader import read_submission

    packs = service.shelf.packs() if service.shelf is not None else []
    candidates = [service.pack, *reversed([p for p in packs if p.version != service.pack.version])]
    rejection: WorkbookRejected | None = None
    for pack in candidates:
        try:
            submission = read_submission(path, pack)
        except WorkbookRejected as error:
            rejection = error
            if error.code == "wrong_pack_version":
                continue
            break
        if period and submission.period != period:
            raise BulkRefused("period_mismatch", found=submission.period, given=period)
        items = []
        for category, fields in submission.values.items():
            owner = pack.category(category)
            key = None if category == "profile" else submission.period
            for field, value in fields.items():
                data = to_json(owner.field(field), value)
                items.append(Item(f"value.{category}.{field}", key, category, field, data))
        for category, notes in submission.explanations.items():
            for rule_id, note in notes.items():
                items.append(Item(f"note.{category}.{rule_id}", submission.period, category, rule_id, note,
                                  explanation=True))  # fmt: skip
        return items
    assert rejection is not None
    raise BulkRefused("workbook", detail=Text(rejection.text("zh"), rejection.text("en"))) from None
