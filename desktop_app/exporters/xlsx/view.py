"""Where the visible sheets show each value: recorded by the writer as it writes, kept in `_data`,
checked by every reader (docs/xlsx-format.md, "What the visible sheets show").

The writer's layout code records each cell that shows a value at the moment it writes it
(`layout.plan_workbook`: `SheetPlan.view`, the cover and the notes column too), so the positions have one source:
the code that places the cells. A layout change flows to the readers with no second description of
it, and a workbook written by an older layout still checks. Pure: no openpyxl, no I/O.

Each recorded cell names its *source*: a `_data` key (`value.…`, `cell.…`, `rows.…`),
`derived.<category>.<field>` (computed from the values), `below.<category>.<field>` (the row under a
table, which must stay empty), `notes.<category>.<field>` (the 说明 column) or an identity key of the
cover. Cells whose meaning cannot be parsed back from what they show (the cover, a photo's label, the
notes column) also carry the text written, compared as text.

In `_data` a sheet's cells are stored column-wise (`rows`, `columns`, `sources`, and `texts` as
[index, text] pairs): the bureau reads 2,000 of these per import, and lists of numbers check in C.
`view.parts` holds the CRC-32 and size of each visible sheet's part as written (saving.py): a sheet
found as written cannot show anything else, and is not compared cell by cell.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.submission import FINGERPRINT_NAME, FULL_FINGERPRINT_NAME
from desktop_app.domain.text import Text
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected

VIEW_KEY = "view."
DIGESTS_KEY = "view.parts"
CHUNK = 400  # cells per `_data` row: a few KB of JSON, far below Excel's 32,767 characters per cell
MAX_VIEW_ROWS = 20_000  # a visible sheet the app writes has a few hundred rows
MAX_VIEW_COLUMNS = 64  # the widest table of a pack has a handful of columns
MAX_VIEW_CELLS = 200_000
_PART_KEYS = {"sheet", "rows", "columns", "sources", "texts"}
# The cover's rows: source → label (writer.py writes them, view_check.py names them in a rejection).
COVER_LABELS = {
    "school_name": Text("学校名称", "School"), "school_code": Text("学校标识码", "School code"),
    "period": Text("报送期", "Period"), "status": Text("状态", "Status"), "revision": Text("版次", "Revision"),
    "fingerprint.short": FINGERPRINT_NAME, "fingerprint": FULL_FINGERPRINT_NAME,
    "sign.head": Text("单位负责人", "Head of unit"), "sign.statistician": Text("统计负责人", "Statistics officer"),
    "sign.preparer": Text("填表人", "Prepared by"), "sign.phone": Text("联系电话", "Telephone"),
    "sign.reported_on": Text("报出日期", "Reported on"), "pack": Text("表单", "Form pack"),
}  # fmt: skip


def column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (ord(letter) - 64)
    return number


def column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_ref(row: int, column: int) -> str:
    """(12, 2) → "B12"."""
    return f"{column_letters(column)}{row}"


@dataclass
class SheetView:
    """The cells of one visible sheet that show values, in the order written."""

    rows: list[int] = field(default_factory=list)
    columns: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    texts: dict[int, str] = field(default_factory=dict)  # index → the text written (cells compared as text)


class ViewMap:
    """Visible sheet name → the cells on it that show values."""

    def __init__(self) -> None:
        self.sheets: dict[str, SheetView] = {}
        self.digests: dict[str, list[int]] = {}  # sheet name → [CRC-32, size] of its part as saved

    def add(self, sheet: str, row: int, column: int, source: str, text: str | None = None) -> None:
        view = self.sheets.setdefault(sheet, SheetView())
        if text is not None:
            view.texts[len(view.rows)] = text
        view.rows.append(row)
        view.columns.append(column)
        view.sources.append(source)

    def __len__(self) -> int:
        return sum(len(view.rows) for view in self.sheets.values())

    def rows(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """The `_data` rows: `view.<n>` → {"sheet", "rows", "columns", "sources", "texts"}."""
        number = 0
        for sheet, view in self.sheets.items():
            for start in range(0, len(view.rows), CHUNK):
                end = start + CHUNK
                number += 1
                texts = [[index - start, text] for index, text in view.texts.items() if start <= index < end]
                yield f"{VIEW_KEY}{number}", {
                    "sheet": sheet, "rows": view.rows[start:end], "columns": view.columns[start:end],
                    "sources": view.sources[start:end], "texts": texts,
                }  # fmt: skip
        yield DIGESTS_KEY, dict(self.digests)


def parse_view(data: Mapping[str, Any], ordered: list[tuple[str, str]]) -> ViewMap:
    """The map from the checked `_data` rows (`rows.MachineRows`); shape and bounds checked here."""
    view = ViewMap()
    places: dict[str, set[tuple[int, int]]] = {}
    for key, _ in ordered:
        if key == DIGESTS_KEY:
            view.digests = _digests(data[key])
        elif key.startswith(VIEW_KEY):
            _take_part(view, places, key, data[key])
    if len(view) > MAX_VIEW_CELLS:
        raise WorkbookRejected("bad_view", sheet=MACHINE_SHEET, key=VIEW_KEY, detail="记录的单元格过多")
    return view


def _digests(raw: Any) -> dict[str, list[int]]:
    if not isinstance(raw, dict) or not all(
        isinstance(name, str) and isinstance(part, list) and len(part) == 2 and all(type(n) is int for n in part)
        for name, part in raw.items()
    ):
        raise WorkbookRejected("bad_view", sheet=MACHINE_SHEET, key=DIGESTS_KEY, detail="应为 {工作表: [CRC-32, 大小]}")
    return dict(raw)


def _take_part(view: ViewMap, places: dict[str, set[tuple[int, int]]], key: str, raw: Any) -> None:
    def bad(detail: str) -> WorkbookRejected:
        return WorkbookRejected("bad_view", sheet=MACHINE_SHEET, key=key, detail=detail)

    if not isinstance(raw, dict) or raw.keys() != _PART_KEYS:
        raise bad("应为 {sheet, rows, columns, sources, texts}")
    sheet, rows, columns, sources, texts = (raw[k] for k in ("sheet", "rows", "columns", "sources", "texts"))
    if not isinstance(sheet, str) or not 0 < len(sheet) <= 31 or sheet == MACHINE_SHEET:
        raise bad("工作表名称无效")
    if not all(isinstance(part, list) for part in (rows, columns, sources, texts)):
        raise bad("rows、columns、sources、texts 应为列表")
    count = len(rows)
    if len(columns) != count or len(sources) != count:
        raise bad("rows、columns、sources 的长度不一致")
    if count and not (set(map(type, rows)) | set(map(type, columns)) == {int} and set(map(type, sources)) == {str}):
        raise bad("位置应为整数，来源应为文字")
    if count and not (min(rows) > 0 and max(rows) <= MAX_VIEW_ROWS and min(columns) > 0
                      and max(columns) <= MAX_VIEW_COLUMNS):  # fmt: skip
        raise bad("单元格位置超出范围")
    seen = places.setdefault(sheet, set())
    here = set(zip(rows, columns, strict=True))
    if len(here) != count or not seen.isdisjoint(here):
        raise bad(f"工作表“{sheet}”中有单元格记录了两次")
    seen |= here
    target = view.sheets.setdefault(sheet, SheetView())
    offset = len(target.rows)
    for pair in texts:
        if not (isinstance(pair, list) and len(pair) == 2 and type(pair[0]) is int and 0 <= pair[0] < count
                and isinstance(pair[1], str)):  # fmt: skip
            raise bad("texts 应为 [序号, 文字]")
        target.texts[offset + pair[0]] = pair[1]
    target.rows.extend(rows)
    target.columns.extend(columns)
    target.sources.extend(sources)
