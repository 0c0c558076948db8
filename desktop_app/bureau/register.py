"""The school register (学校名单): imported from an .xlsx or .csv list, checked row by row, saved whole or not at all.

Columns (found by their headings, in any order): 学校标识码, 学校名称, 办学类型, 镇街, 联系人, 联系电话.
办学类型 and 镇街 may be written as the labels clerks see (小学, 仁风镇) or as the pack's keys.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.identifiers import is_phone, is_school_code
from desktop_app.domain.pack import SCHOOL_TYPE_CHOICES, ChoiceList, FormPack
from desktop_app.domain.text import Text

TOWN_CHOICES = "town"
MAX_ROWS = 10_000
MAX_COLUMNS = 20
HEADINGS: dict[str, tuple[str, ...]] = {
    "code": ("学校标识码", "标识码", "school code"),
    "name": ("学校名称", "名称", "school name"),
    "school_type": ("办学类型", "学校类型", "school type"),
    "town": ("镇街", "所属镇（街道）", "所属镇(街道)", "镇（街道）", "town"),
    "contact": ("联系人", "contact"),
    "phone": ("联系电话", "电话", "phone"),
}
REQUIRED = ("code", "name", "school_type", "town")

MESSAGES: dict[str, Text] = {
    "no_heading": Text("第1行缺少列标题“{heading}”。", "Row 1 lacks the heading “{heading}”."),
    "bad_code": Text(
        "第{row}行：学校标识码“{value}”不是10位学校标识码。", "Row {row}: “{value}” is not a school code."
    ),
    "duplicate_code": Text("第{row}行：学校标识码“{value}”重复。", "Row {row}: school code “{value}” appears twice."),
    "no_name": Text("第{row}行：缺少学校名称。", "Row {row}: the school name is missing."),
    "bad_type": Text("第{row}行：办学类型“{value}”无法识别。", "Row {row}: unknown school type “{value}”."),
    "bad_town": Text("第{row}行：镇街“{value}”无法识别。", "Row {row}: unknown town “{value}”."),
    "bad_phone": Text("第{row}行：联系电话“{value}”格式不正确。", "Row {row}: the phone “{value}” is not valid."),
    "too_many_rows": Text("名单超过{limit}行。", "The list has more than {limit} rows."),
    "unreadable": Text("名单文件无法读取：{detail}", "The list cannot be read: {detail}"),
}


@dataclass(frozen=True, slots=True)
class RegisterProblem:
    code: str
    params: dict[str, object]

    def text(self, lang: str = "zh") -> str:
        return MESSAGES[self.code].format(lang, **self.params)


class RegisterRejected(ValueError):
    """The list was not imported; every problem found is listed (nothing was saved)."""

    def __init__(self, problems: list[RegisterProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(problem.text("zh") for problem in problems))

    def text(self, lang: str = "zh") -> str:
        return "\n".join(problem.text(lang) for problem in self.problems)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed into Excel as a number
    return str(value).strip()


def read_csv_rows(path: Path) -> list[tuple[Any, ...]]:
    """A CSV list (UTF-8, or GB18030 as Excel saves it on a Chinese Windows), bounded like a workbook."""
    import csv
    import io

    try:
        data = Path(path).read_bytes()
    except OSError as error:
        detail = error.strerror or type(error).__name__
        raise RegisterRejected([RegisterProblem("unreadable", {"detail": detail})]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("gb18030", errors="replace")
    rows: list[tuple[Any, ...]] = []
    for cells in csv.reader(io.StringIO(text)):
        rows.append(tuple(cells[:MAX_COLUMNS]))
        if len(rows) > MAX_ROWS + 1:
            raise RegisterRejected([RegisterProblem("too_many_rows", {"limit": MAX_ROWS})])
    while rows and all(value in (None, "") for value in rows[-1]):
        rows.pop()
    return rows


def read_rows(path: Path) -> list[tuple[Any, ...]]:
    """The first sheet, read-only and bounded, after the same pre-checks as a submission (or a CSV)."""
    if Path(path).suffix.lower() == ".csv":
        return read_csv_rows(path)
    import openpyxl

    from desktop_app.exporters.xlsx.errors import WorkbookRejected
    from desktop_app.exporters.xlsx.safety import precheck

    try:
        data = precheck(Path(path))  # a regular file, read once and bounded: the parser sees these bytes
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except WorkbookRejected as error:
        raise RegisterRejected([RegisterProblem("unreadable", {"detail": error.text("zh")})]) from None
    except Exception as error:  # any parser error on a damaged file
        raise RegisterRejected([RegisterProblem("unreadable", {"detail": type(error).__name__})]) from None
    try:
        sheet = book.worksheets[0]
        rows = [
            tuple(row)
            for row in sheet.iter_rows(min_row=1, max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True)
        ]
    finally:
        book.close()
    while rows and all(value in (None, "") for value in rows[-1]):
        rows.pop()
    if len(rows) > MAX_ROWS + 1:
        raise RegisterRejected([RegisterProblem("too_many_rows", {"limit": MAX_ROWS})])
    return rows


def parse_rows(rows: list[tuple[Any, ...]], pack: FormPack) -> list[SchoolEntry]:
    """Check every row; raise RegisterRejected listing every problem, or return the entries."""
    columns = _columns(rows)
    types, towns = pack.choice_list(SCHOOL_TYPE_CHOICES), pack.choice_list(TOWN_CHOICES)
    problems: list[RegisterProblem] = []
    entries: list[SchoolEntry] = []
    seen: set[str] = set()
    for number, row in enumerate(rows[1:], start=2):
        cells = {key: _cell_text(row[index]) if index < len(row) else "" for key, index in columns.items()}
        if not any(cells.values()):
            continue
        found, entry = _school(number, cells, seen, types, towns)
        problems += found
        if entry is not None:
            entries.append(entry)
    if problems:
        raise RegisterRejected(problems)
    return entries


def _columns(rows: list[tuple[Any, ...]]) -> dict[str, int]:
    """Where each heading is (its first column); RegisterRejected when a required one is missing."""
    if not rows:
        raise RegisterRejected([RegisterProblem("no_heading", {"heading": HEADINGS["code"][0]})])
    headings = [_cell_text(value).lower() for value in rows[0]]
    columns: dict[str, int] = {}
    for key, names in HEADINGS.items():
        for index, heading in enumerate(headings):
            if heading in {name.lower() for name in names}:
                columns[key] = index
                break
    problems = [RegisterProblem("no_heading", {"heading": HEADINGS[k][0]}) for k in REQUIRED if k not in columns]
    if problems:
        raise RegisterRejected(problems)
    return columns


def _school(number: int, cells: dict[str, str], seen: set[str], types: ChoiceList,
            towns: ChoiceList) -> tuple[list[RegisterProblem], SchoolEntry | None]:  # fmt: skip
    """Row `number`'s problems, and its school when it has none; its code joins `seen`."""
    problems: list[RegisterProblem] = []
    code = cells["code"]
    if not is_school_code(code):
        problems.append(RegisterProblem("bad_code", {"row": number, "value": code}))
    elif code in seen:
        problems.append(RegisterProblem("duplicate_code", {"row": number, "value": code}))
    seen.add(code)
    if not cells["name"]:
        problems.append(RegisterProblem("no_name", {"row": number}))
    school_type = types.key_of_label(cells["school_type"])
    if school_type is None:
        problems.append(RegisterProblem("bad_type", {"row": number, "value": cells["school_type"]}))
    town = towns.key_of_label(cells["town"])
    if town is None:
        problems.append(RegisterProblem("bad_town", {"row": number, "value": cells["town"]}))
    phone = cells.get("phone", "")
    if phone and not is_phone(phone):
        problems.append(RegisterProblem("bad_phone", {"row": number, "value": phone}))
    if problems or not school_type or not town:
        return problems, None
    return problems, SchoolEntry(code, cells["name"], school_type, town, cells.get("contact", ""), phone)


def import_register(store: Any, path: Path, pack: FormPack) -> tuple[int, int]:
    """Read, check and save the list in one transaction; returns (added, updated)."""
    entries = parse_rows(read_rows(path), pack)
    return store.save_schools(entries)  # type: ignore[no-any-return]


def register_workbook_bytes(entries: list[SchoolEntry], pack: FormPack) -> bytes:
    """The register as a list a clerk can edit in Excel and import again."""
    import io

    import openpyxl

    types, towns = pack.choice_list(SCHOOL_TYPE_CHOICES), pack.choice_list(TOWN_CHOICES)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "学校名单"
    sheet.append([names[0] for names in HEADINGS.values()])
    for entry in entries:
        type_label, town_label = types.label_of(entry.school_type), towns.label_of(entry.town)
        row = [entry.code, entry.name, type_label.zh if type_label else entry.school_type,
               town_label.zh if town_label else entry.town, entry.contact, entry.phone]  # fmt: skip
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # identifiers stay text; nothing becomes a formula (reliability-notes #12)
    for letter, width in zip("ABCDEF", (14, 36, 14, 12, 10, 16), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
