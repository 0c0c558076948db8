"""Do the visible sheets show what `_data` holds? Compared by meaning, cell by cell (view.py says where).

A shown value is parsed back the way the clerk's typing is (values.parse_text) or taken as the number,
date or boolean the spreadsheet holds, then compared with the value in `_data`: 1234.5 and "1,234.50"
are the same amount, 2022年6月6日 typed as text is the same date, "是" is true. Numbers agree to the
15 significant digits a spreadsheet keeps. What a re-save may change (styles, widths, fonts, print
settings, inline versus shared strings, number formats) changes no meaning and is never compared.
Pure: the readers (openpyxl in reader.py, python-calamine in the bureau) hand in the cells.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence, Set
from datetime import date, datetime, time, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.evaluation import compute_derived, is_relevant
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import Category, DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import Text
from desktop_app.domain.values import display, is_empty, parse_text
from desktop_app.exporters.words import EXPORTER_WORDS
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected
from desktop_app.exporters.xlsx.view import COVER_LABELS, ViewMap, cell_ref

# sheet name, last row, last column → the sheet's values from A1 (rows may be short), or None if missing
SheetReader = Callable[[str, int, int], Sequence[Sequence[Any]] | None]

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # what openpyxl cannot store; written as U+FFFD
_ROWS = re.compile(r"(\d+)\s*(?:行|rows?)")
_NONE_ROWS = ("（无）", "(无)", "无", "(none)", "none")
_EXCEL_EPOCH = date(1899, 12, 30)


def shown_derived(pack: FormPack, category: Category, values: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """The derived values a category sheet shows: computed, and only where relevant (writer and readers)."""
    if not any(f.type is FieldType.DERIVED for f in category.fields):
        return {}
    try:
        computed = compute_derived(pack, category.key, values)
    except ValueError:  # ExpressionError: a broken formula shows nothing rather than stop the export
        return {}
    return {
        key: value for key, value in computed.items()
        if is_relevant(pack, category, category.field(key), values)
    }  # fmt: skip


def check_view(pack: FormPack, submission: Submission, view: ViewMap, read: SheetReader,
               unchanged: Set[str] = frozenset()) -> None:  # fmt: skip
    """Raise WorkbookRejected at the first visible cell whose meaning differs from `_data`.

    `unchanged`: sheets byte for byte as the app wrote them (parts.unchanged_sheets), not read at all.
    """
    sources = _Sources(pack, submission)
    for sheet, cells in view.sheets.items():
        if not cells.rows or sheet in unchanged:
            continue
        grid = read(sheet, max(cells.rows), max(cells.columns))
        if grid is None:
            raise WorkbookRejected("view_sheet_missing", sheet=sheet)
        height, texts = len(grid), cells.texts
        for index, (row, column, source) in enumerate(zip(cells.rows, cells.columns, cells.sources, strict=True)):
            line = grid[row - 1] if row <= height else ()
            shown = line[column - 1] if column <= len(line) else None
            if shown.__class__ is str and not shown.strip():
                shown = None  # calamine pads with ""; a cell of spaces shows nothing
            text = texts.get(index) if texts else None
            if not (sources.same_text(text, shown) if text is not None else sources.same(source, shown)):
                raise sources.differs(sheet, row, column, source, text, shown)


class _Sources:
    """The value behind each recorded cell, and the comparison by its field's type."""

    def __init__(self, pack: FormPack, submission: Submission) -> None:
        self.pack, self.submission, self.values = pack, submission, submission.values
        self._derived: dict[str, dict[str, Any]] = {}

    @staticmethod
    def same_text(text: str, shown: Any) -> bool:
        return _same_text(text, shown)

    def same(self, source: str, shown: Any) -> bool:
        kind, field, value = self.resolve(source)
        if shown == value and shown.__class__ is not bool:
            return True  # as written: most cells (numbers, text, empty cells, calamine's dates)
        if kind == "below":
            return shown is None
        if kind == "rows":
            return _row_count(shown) == len(value or [])
        return _same(field, value, shown, self.pack)

    def resolve(self, source: str) -> tuple[str, Field, Any]:
        """(kind, field, value) of a source; bad_view if it names nothing in the pack or in `_data`."""
        kind, _, rest = source.partition(".")
        parts = rest.split(".")
        try:
            if kind == "cell" and len(parts) == 4:
                row = int(parts[2])
                if row < 1:
                    raise IndexError(row)
                field = self.pack.category(parts[0]).field(parts[1]).column(parts[3])
                return kind, field, self.values[parts[0]][parts[1]][row - 1][parts[3]]
            if len(parts) == 2 and kind in ("value", "derived", "rows", "below"):
                category = self.pack.category(parts[0])
                field = category.field(parts[1])
                if kind == "derived":
                    return kind, field, self._derived_of(category).get(parts[1])
                if kind == "below":
                    return kind, field, None
                return kind, field, self.values[parts[0]][parts[1]]
        except (KeyError, IndexError, ValueError, TypeError):
            pass
        raise WorkbookRejected("bad_view", sheet=MACHINE_SHEET, key=source[:80], detail="指向不存在的数据")

    def _derived_of(self, category: Category) -> dict[str, Any]:
        if category.key not in self._derived:
            self._derived[category.key] = shown_derived(self.pack, category, self.values)
        return self._derived[category.key]

    def differs(self, sheet: str, row: int, column: int, source: str, text: str | None,
                shown: Any) -> WorkbookRejected:  # fmt: skip
        """The rejection naming the sheet, the cell, the field and both values."""
        label, expected, expected_en = self._described(source, text)
        return WorkbookRejected(
            "view_differs", sheet=sheet, key=source, cell=cell_ref(row, column), field=label.zh,
            field_en=label.get("en"), shown=_quoted(shown, "zh"), shown_en=_quoted(shown, "en"),
            expected=_shown_text(expected, "zh"), expected_en=_shown_text(expected_en, "en"),
        )  # fmt: skip

    def _described(self, source: str, text: str | None) -> tuple[Text, str, str]:
        kind, _, rest = source.partition(".")
        if kind == "notes":
            category_key, _, field_key = rest.partition(".")
            try:
                field = self.pack.category(category_key).field(field_key)
                label = Text(f"“{field.label.zh}”的说明栏", f"the notes on “{field.label.get('en')}”")
            except KeyError:
                label = Text(source, source)
            return label, text or "", text or ""
        if text is not None and kind not in ("cell", "rows"):
            return COVER_LABELS.get(source, Text(source, source)), text, text
        kind, field, value = self.resolve(source)
        en = field.label.get("en")
        if kind == "cell":
            parts = source.split(".")
            table = self.pack.category(parts[1]).field(parts[2])
            label = Text(f"{table.label.zh}第{parts[3]}行“{field.label.zh}”",
                         f"{table.label.get('en')} row {parts[3]}, {en}")  # fmt: skip
        elif kind == "rows":
            label = Text(f"{field.label.zh}（行数）", f"{en} (rows)")
        elif kind == "below":
            label = Text(f"表格“{field.label.zh}”下方新增的内容", f"content added below the table “{en}”")
        else:
            label = field.label
        if text is not None:
            return label, text, text
        if kind == "below":
            return label, "", ""
        value = (value or []) if kind == "rows" else value
        return label, display(field, value, self.pack), display(field, value, self.pack, "en")


def _same_text(expected: str, shown: Any) -> bool:
    if shown is None:
        return not expected.strip()
    return _text_of(shown).strip() == _lines(_ILLEGAL.sub("\ufffd", expected)).strip()


def _lines(text: str) -> str:
    """Line ends as an XML parser reads them back (CR LF and a lone CR become LF)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _text_of(shown: Any) -> str:
    if isinstance(shown, float) and shown.is_integer():
        return str(int(shown))
    if isinstance(shown, str):
        return _lines(shown)
    return str(shown)


def _row_count(shown: Any) -> int | None:
    if shown is None:
        return 0
    if isinstance(shown, int | float) and not isinstance(shown, bool):
        return int(shown) if float(shown).is_integer() else None
    text = str(shown).strip()
    if text in _NONE_ROWS:
        return 0
    match = _ROWS.fullmatch(text)
    return int(match.group(1)) if match else None


def _same(field: Field, value: Any, shown: Any, pack: FormPack) -> bool:
    if is_empty(value):
        return shown is None
    if shown is None:
        return False
    kind = field.type
    if kind in (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED):
        number = _number(field, shown)
        return number is not None and _close(Decimal(value), number)
    if kind is FieldType.DATE:
        return bool(_date(field, shown, pack) == value)
    if kind in (FieldType.TEXT, FieldType.LONGTEXT, FieldType.IMAGE):
        text = _text_of(shown)
        text = text.strip() if kind is FieldType.TEXT else text.rstrip()
        return text == _lines(_ILLEGAL.sub("\ufffd", str(value)))
    if kind is FieldType.BOOLEAN and isinstance(shown, bool):
        return shown is value
    return bool(_parsed(field, _text_of(shown), pack) == value)  # boolean, choice, multichoice: labels or keys


def _parsed(field: Field, text: str, pack: FormPack) -> Any:
    try:
        return parse_text(field, text, pack)
    except ValueProblem:
        return _NOT_A_VALUE


_NOT_A_VALUE = object()


def _number(field: Field, shown: Any) -> Decimal | None:
    if isinstance(shown, bool):
        return None
    if isinstance(shown, int):
        return Decimal(shown)
    if isinstance(shown, float):
        return Decimal(repr(shown)) if shown == shown and abs(shown) != float("inf") else None
    if not isinstance(shown, str):
        return None
    text = shown.strip().replace(",", "").replace("，", "").replace(" ", "")
    percent = text.endswith(("%", "％"))
    if percent:
        text = text[:-1]
    if len(text) > 400:  # far beyond any field's range: never handed to Decimal
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    if percent and field.type is FieldType.DERIVED and field.derived_format is DerivedFormat.PERCENT:
        return number / 100
    return None if percent else number


def _close(expected: Decimal, shown: Decimal) -> bool:
    """Equal, or equal to the 15 significant digits that a spreadsheet keeps."""
    if expected == shown:
        return True
    try:
        return f"{float(expected):.15g}" == f"{float(shown):.15g}"
    except OverflowError:
        return False


def _date(field: Field, shown: Any, pack: FormPack) -> Any:
    if isinstance(shown, datetime):
        return shown.date() if shown.time() == time(0) else None
    if isinstance(shown, date):
        return shown
    if isinstance(shown, int | float) and not isinstance(shown, bool):
        # A date cell whose format a re-save replaced (a locale's own date format): the serial number.
        if float(shown).is_integer() and 1 <= shown <= 2_958_465:
            return _EXCEL_EPOCH + timedelta(days=int(shown))
        return None
    return _parsed(field, str(shown), pack)


def _quoted(shown: Any, lang: str) -> str:
    if shown is None:
        return _shown_text("", lang)
    if isinstance(shown, datetime) and shown.time() == time(0):
        shown = shown.date()
    if isinstance(shown, bool):
        return "TRUE" if shown else "FALSE"
    if isinstance(shown, float) and not shown.is_integer():
        return f"{shown:.15g}"
    return _shown_text(_text_of(shown), lang)


def _shown_text(text: str, lang: str) -> str:
    if not text.strip():
        return EXPORTER_WORDS.text("xlsx.empty", lang)
    return text if len(text) <= 60 else text[:57] + "…"
