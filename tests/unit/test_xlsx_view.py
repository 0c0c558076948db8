"""What a person sees is what the bureau imports: every value shown on the visible sheets is compared
with `_data` by meaning (issue 12 item 3), on real workbooks edited with openpyxl and LibreOffice."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.exporters.xlsx import WorkbookRejected, build_workbook_bytes, read_submission
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from tests.unit.test_xlsx_support import full_submission

REDO = "请在软件中修改并重新导出"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def good(pack: FormPack, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("view") / "good.xlsx"
    path.write_bytes(build_workbook_bytes(pack, full_submission(pack), []))
    return path


def _copy(good: Path, tmp_path: Path, name: str = "copy.xlsx") -> Path:
    return Path(shutil.copy(good, tmp_path / name))


def _rejected(path: Path, pack: FormPack) -> WorkbookRejected:
    with pytest.raises(WorkbookRejected) as caught:
        read_submission(path, pack)
    return caught.value


def _view(path: Path) -> dict[str, dict[tuple[int, int], list[Any]]]:
    """The recorded cells (docs/xlsx-format.md): sheet → (row, column) → [row, column, source(, text)]."""
    workbook = openpyxl.load_workbook(path, read_only=True)
    rows = list(workbook[MACHINE_SHEET].iter_rows(values_only=True))
    workbook.close()
    view: dict[str, dict[tuple[int, int], list[Any]]] = {}
    for key, text in rows[1:]:
        if key and key.startswith("view.") and key != "view.parts":
            part = json.loads(text)
            texts = dict(part["texts"])
            cells = view.setdefault(part["sheet"], {})
            places = zip(part["rows"], part["columns"], part["sources"], strict=True)
            for index, (row, column, source) in enumerate(places):
                cells[(row, column)] = [row, column, source] + ([texts[index]] if index in texts else [])
    return view


def _where(view: dict[str, dict[tuple[int, int], list[Any]]], source: str) -> tuple[str, int, int]:
    for sheet, cells in view.items():
        for (row, column), cell in cells.items():
            if cell[2] == source:
                return sheet, row, column
    raise AssertionError(source)


def _edit(path: Path, sheet: str, row: int, column: int, value: Any, number_format: str | None = None) -> None:
    workbook = openpyxl.load_workbook(path)
    cell = workbook[sheet].cell(row, column)
    cell.value = value
    if number_format:
        cell.number_format = number_format
    workbook.save(path)


def _first(pack: FormPack, kind: FieldType, *, table: bool = False) -> str:
    """The source key of the first field (or table column) of a kind in the full submission."""
    for category in pack.categories:
        for field in category.fields:
            if not table and field.type is kind and field.is_input:
                return f"value.{category.key}.{field.key}"
            if table and field.type is FieldType.TABLE:
                for column in field.columns:
                    if column.type is kind:
                        return f"cell.{category.key}.{field.key}.2.{column.key}"
    raise AssertionError(kind)


def test_every_value_in_data_is_shown_and_recorded_and_nothing_else_unrecorded(good: Path, pack: FormPack) -> None:
    submission = full_submission(pack)
    view = _view(good)
    sources = {cell[2] for cells in view.values() for cell in cells.values()}
    missing = [source for source in _value_sources(submission, pack) if source not in sources]
    assert not missing, missing
    assert any(source.startswith("derived.") for source in sources)
    assert {"school_name", "school_code", "revision", "fingerprint", "sign.phone"} <= sources
    # Whatever else a sheet shows is a title, a heading, a label or a unit: words the clerk cannot change.
    words = _fixed_words(pack)
    workbook = openpyxl.load_workbook(good)
    for ws in workbook.worksheets:
        if ws.title == MACHINE_SHEET:
            continue
        recorded = view[ws.title]
        for row in ws.iter_rows():
            for cell in row:
                if cell.value in (None, "") or (cell.row, cell.column) in recorded or cell.row == 1:
                    continue
                text = str(cell.value)
                heading = text in words or text.split("（")[0] in words or text.rstrip("0123456789") in words
                assert heading or (ws.title == "封面" and cell.column == 1) or "数据页" in text, (ws.title, cell)


def _value_sources(submission: Any, pack: FormPack) -> list[str]:
    """The source of every value in the data: the field, or a table's size and each of its cells."""
    found = []
    for category_key, fields in submission.values.items():
        category = pack.category(category_key)
        for key, value in fields.items():
            field = category.field(key)
            if field.type is not FieldType.TABLE:
                found.append(f"value.{category_key}.{key}")
                continue
            found.append(f"rows.{category_key}.{key}")
            found += [f"cell.{category_key}.{key}.{number}.{column.key}"
                      for number in range(1, len(value) + 1) for column in field.columns]  # fmt: skip
    return found


def _fixed_words(pack: FormPack) -> set[str]:
    """The headings, section titles, labels and units a sheet may show."""
    words = {"项目", "填报值", "单位", "说明"}
    for category in pack.categories:
        words.update(s.label.zh for s in category.sections)
        for field in category.fields:
            words.add(field.label.zh)
            words.update(c.label.zh for c in field.columns)
            units = [field.unit, *(c.unit for c in field.columns)]
            words.update(u.zh for u in units if u is not None)
    return words


@pytest.mark.parametrize(
    ("kind", "table", "new"),
    [
        (FieldType.INTEGER, False, 9),
        (FieldType.DECIMAL, False, Decimal("1.5")),
        (FieldType.DATE, False, date(2021, 1, 1)),
        (FieldType.BOOLEAN, False, "flip"),
        (FieldType.CHOICE, False, "another"),
        (FieldType.MULTICHOICE, False, ""),
        (FieldType.TEXT, False, "改过的文字"),
        (FieldType.LONGTEXT, False, "改过的总结"),
        (FieldType.INTEGER, True, 999),
        (FieldType.TEXT, True, "改过的名称"),
        (FieldType.IMAGE, True, "照片 000000000000"),
    ],
)  # fmt: skip
def test_a_changed_value_on_a_visible_sheet_is_rejected_naming_where(
    good: Path, tmp_path: Path, pack: FormPack, kind: FieldType, table: bool, new: Any
) -> None:
    copy = _copy(good, tmp_path)
    source = _first(pack, kind, table=table)
    sheet, row, column = _where(_view(good), source)
    if new in ("flip", "another"):  # the other answer, in the words the sheet uses
        _, category_key, field_key = source.split(".")
        field = pack.category(category_key).field(field_key)
        old = full_submission(pack).values[category_key][field_key]
        choices = pack.choice_list(field.choices).choices if field.choices else []
        new = ("否" if old else "是") if new == "flip" else next(c.label.zh for c in choices if c.key != old)
    _edit(copy, sheet, row, column, new)
    error = _rejected(copy, pack)
    assert (error.code, error.sheet, error.key) == ("view_differs", sheet, source)
    ref = f"{openpyxl.utils.get_column_letter(column)}{row}"
    text = error.text("zh")
    assert ref in text and sheet in text and REDO in text and "数据页中为" in text
    english = error.text("en")
    assert ref in english and "Make the change in the app and export again" in english


@pytest.mark.parametrize("source", ["school_name", "sign.phone", "revision", "rows.", "derived.", "notes.", "below."])
def test_cover_table_sizes_derived_values_notes_and_added_rows_are_compared(
    good: Path, tmp_path: Path, pack: FormPack, source: str
) -> None:
    view = _view(good)
    sheet, row, column = next(
        (name, r, c) for name, cells in view.items() for (r, c), cell in cells.items()
        if cell[2] == source or (source.endswith(".") and cell[2].startswith(source))
    )  # fmt: skip
    copy = _copy(good, tmp_path)
    _edit(copy, sheet, row, column, "12")
    error = _rejected(copy, pack)
    assert error.code == "view_differs" and error.sheet == sheet and REDO in error.text("zh")


def test_the_message_names_the_field_and_both_values(good: Path, tmp_path: Path, pack: FormPack) -> None:
    members = full_submission(pack).values["party"]["members"]
    sheet, row, column = _where(_view(good), "value.party.members")
    copy = _copy(good, tmp_path)
    _edit(copy, sheet, row, column, members + 1)
    text = _rejected(copy, pack).text("zh")
    assert f"“{sheet}”的 B{row} 单元格（党员人数）显示为“{members + 1}”，数据页中为“{members}”" in text


@pytest.mark.parametrize(
    ("source", "shown", "number_format"),
    [
        ("value.party.members", "{value}", None),  # the same number typed as text
        ("value.party.members", "{value}", "General"),
        ("date", "{official}", None),  # the same date typed as text
        ("date", "{serial}", "General"),  # a date cell whose format a re-save dropped
        ("date", "{serial}", "[$-804]yyyy\"年\"m\"月\"d\"日\";@"),
        ("decimal", "{grouped}", None),
        ("choice", "{english}", None),
        ("text", " {value} ", None),
    ],
)  # fmt: skip
def test_the_same_meaning_shown_another_way_still_verifies(
    good: Path, tmp_path: Path, pack: FormPack, source: str, shown: str, number_format: str | None
) -> None:
    kinds = {"date": FieldType.DATE, "decimal": FieldType.DECIMAL, "choice": FieldType.CHOICE,
             "text": FieldType.TEXT}  # fmt: skip
    source = _first(pack, kinds[source]) if source in kinds else source
    _, category_key, field_key = source.split(".")
    field = pack.category(category_key).field(field_key)
    value = full_submission(pack).values[category_key][field_key]
    sheet, row, column = _where(_view(good), source)
    text = shown.format(
        value=value,
        official=f"{value.year}年{value.month}月{value.day}日" if isinstance(value, date) else "",
        serial=(value - date(1899, 12, 30)).days if isinstance(value, date) else 0,
        grouped=f"{value:,}" if isinstance(value, Decimal) else "",
        english=pack.choice_list(field.choices or "").label_of(value).get("en") if field.choices else "",
    )
    new: Any = int(text) if shown == "{serial}" else text
    copy = _copy(good, tmp_path)
    _edit(copy, sheet, row, column, new, number_format)
    assert read_submission(copy, pack).values == read_submission(good, pack).values


def test_what_a_clerk_cannot_edit_may_change(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    for ws in workbook.worksheets[:-1]:
        ws.column_dimensions["B"].width = 70
        ws.page_setup.orientation = "portrait"
        ws.cell(1, 1).value = "另一个标题"
        ws.cell(2, 1).font = openpyxl.styles.Font(name="黑体", bold=True)
        ws.freeze_panes = None
    workbook.save(copy)
    assert read_submission(copy, pack).values == read_submission(good, pack).values


@pytest.mark.parametrize(("sheet", "cell"), [("1 党建工作", "F40"), ("封面", "C3"), ("1 党建工作", "B5")])
def test_a_formula_on_a_visible_sheet_is_rejected(
    good: Path, tmp_path: Path, pack: FormPack, sheet: str, cell: str
) -> None:
    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    workbook[sheet][cell] = "=1+1"
    workbook.save(copy)
    error = _rejected(copy, pack)
    assert (error.code, error.sheet) == ("view_formula", sheet)
    assert cell in error.text("zh") and REDO in error.text("zh") and "formula" in error.text("en")


def test_a_renamed_sheet_and_far_content_are_rejected(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    workbook["1 党建工作"].title = "党建"
    workbook.save(copy)
    error = _rejected(copy, pack)
    assert (error.code, error.sheet) == ("view_sheet_missing", "1 党建工作")
    far = _copy(good, tmp_path, "far.xlsx")
    _edit(far, "1 党建工作", 500_000, 3, "远处的内容")
    error = _rejected(far, pack)
    assert (error.code, error.sheet) == ("view_too_large", "1 党建工作") and "C500000" in error.text("zh")


def test_a_workbook_of_the_older_format_is_rejected_with_its_own_reason(
    good: Path, tmp_path: Path, pack: FormPack
) -> None:
    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    ws = workbook[MACHINE_SHEET]
    ws["B2"].value = '"school-report.submission/1"'
    ws["B2"].data_type = "s"
    workbook.save(copy)
    error = _rejected(copy, pack)
    assert error.code == "format_old" and "旧版程序" in error.text("zh") and "older version" in error.text("en")


def _soffice(source: Path, out: Path, kind: str, tmp_path: Path) -> Path:
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", kind,
         "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    return out / f"{source.stem}.{kind}"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_round_trips_with_and_without_an_edit(good: Path, tmp_path: Path, pack: FormPack) -> None:
    """LibreOffice writes the workbook each time: a plain round trip through its own format verifies, the
    same round trip with one number changed in LibreOffice's file is rejected, and so is an openpyxl edit
    re-saved by LibreOffice."""
    flat = _soffice(good, tmp_path / "flat", "fods", tmp_path)
    plain = _soffice(flat, tmp_path / "plain", "xlsx", tmp_path)
    assert read_submission(plain, pack).values == read_submission(good, pack).values
    from desktop_app.exporters.xlsx.machine import read_machine
    from desktop_app.exporters.xlsx.parts import unchanged_sheets
    from desktop_app.exporters.xlsx.reader import read_machine_rows
    from desktop_app.exporters.xlsx.safety import visible_sheets

    part = read_machine(read_machine_rows(plain), pack)  # LibreOffice rewrote every sheet: all compared
    assert unchanged_sheets(part.view, visible_sheets(plain.read_bytes()), part.fingerprint) == set()
    fresh = read_machine(read_machine_rows(good), pack)
    assert len(unchanged_sheets(fresh.view, visible_sheets(good.read_bytes()), fresh.fingerprint)) > 10
    members = full_submission(pack).values["party"]["members"]
    text = flat.read_text(encoding="utf-8")
    at = text.index(f'office:value="{members}"', text.index("<text:p>党员人数</text:p>"))
    old = f'office:value="{members}" calcext:value-type="float">\n      <text:p>{members}</text:p>'
    assert text.startswith(old, at)
    edited = tmp_path / "edited" / flat.name
    edited.parent.mkdir()
    edited.write_text(text[:at] + old.replace(str(members), str(members + 5)) + text[at + len(old) :], "utf-8")
    changed = _soffice(edited, tmp_path / "changed", "xlsx", tmp_path)
    error = _rejected(changed, pack)
    assert (error.code, error.key, error.params["cell"]) == ("view_differs", "value.party.members", "B5")
    copy = _copy(good, tmp_path)
    sheet, row, column = _where(_view(good), "value.party.members")
    _edit(copy, sheet, row, column, members + 7)
    resaved = _soffice(copy, tmp_path / "resaved", "xlsx", tmp_path)
    assert _rejected(resaved, pack).code == "view_differs"


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)  # fmt: skip


def test_read_xlsx_cli_names_the_cell_in_chinese_and_english(good: Path, tmp_path: Path, pack: FormPack) -> None:
    copy = _copy(good, tmp_path)
    sheet, row, column = _where(_view(good), "value.party.members")
    _edit(copy, sheet, row, column, 1)
    result = _cli("--db", str(tmp_path / "db.sqlite3"), "read-xlsx", str(copy))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"B{row} 单元格（党员人数）显示为“1”" in result.stderr and REDO in result.stderr
    english = _cli("--db", str(tmp_path / "db.sqlite3"), "--lang", "en", "read-xlsx", str(copy))
    assert english.returncode == 1 and f"cell B{row} (Party members) shows “1”" in english.stderr
    as_json = _cli("--db", str(tmp_path / "db.sqlite3"), "read-xlsx", str(copy), "--json")
    document = json.loads(as_json.stdout)
    assert (document["ok"], document["code"], document["sheet"]) == (False, "view_differs", sheet)
    assert document["cell"] == f"B{row}"


def test_the_view_map_itself_is_checked(good: Path, tmp_path: Path, pack: FormPack) -> None:
    """A map that names no sheet or a value that does not exist is refused (it is covered by the digest
    too, so this takes a recomputed digest: the shape check still holds)."""
    from desktop_app.exporters.xlsx.machine import digest

    copy = _copy(good, tmp_path)
    workbook = openpyxl.load_workbook(copy)
    ws = workbook[MACHINE_SHEET]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=2)]
    number = next(i for i, (key, _) in enumerate(rows) if key == "view.2")  # the first category sheet
    part = json.loads(rows[number][1])
    part["sources"][0] = "value.party.no_such_field"
    workbook[part["sheet"]].column_dimensions["B"].width = 66  # the sheet is no longer as written: compared
    ws.cell(number + 1, 2).value = json.dumps(part, ensure_ascii=False, separators=(",", ":"))
    ws.cell(number + 1, 2).data_type = "s"
    rows[number][1] = ws.cell(number + 1, 2).value
    at = next(i for i, (key, _) in enumerate(rows) if key == "digest")
    ws.cell(at + 1, 2).value = json.dumps(digest(rows[1:at]))
    ws.cell(at + 1, 2).data_type = "s"
    workbook.save(copy)
    assert _rejected(copy, pack).code == "bad_view"


def test_quote_prefix_on_text_a_spreadsheet_would_take_for_a_formula(good: Path, pack: FormPack) -> None:
    """Issue 12 item 19: the cell stays text when someone edits it (Excel's quotePrefix in styles.xml)."""
    with zipfile.ZipFile(good) as archive:
        styles = archive.read("xl/styles.xml").decode()
    assert 'quotePrefix="1"' in styles
    workbook = openpyxl.load_workbook(good)
    checked = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value:
                    risky = cell.value.startswith(("=", "+", "-", "@"))
                    assert bool(cell.quotePrefix) is risky, (ws.title, cell.coordinate, cell.value)
                    checked += risky
    assert checked > 20


def _rows_and_grids(path: Path) -> tuple[list[Any], Any, Any]:
    """`_data`'s rows, and each sheet's values read by openpyxl and by python-calamine."""
    from python_calamine import CalamineWorkbook

    from desktop_app.exporters.xlsx.reader import read_machine_rows

    workbook = openpyxl.load_workbook(path, read_only=True)
    calamine = CalamineWorkbook.from_path(str(path))

    def by_openpyxl(name: str, rows: int, columns: int) -> Any:
        return list(workbook[name].iter_rows(max_row=rows, max_col=columns, values_only=True))

    def by_calamine(name: str, rows: int, _columns: int) -> Any:
        return calamine.get_sheet_by_name(name).to_python(skip_empty_area=False, nrows=rows)

    return read_machine_rows(path), by_openpyxl, by_calamine


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_fresh_export_agrees_cell_by_cell_with_both_parsers(pack: FormPack, tmp_path: Path, lang: str) -> None:
    """The writer and the comparison agree on every cell, with nothing skipped as unchanged (the full
    submission, the demo school; validation messages in the 说明 column)."""
    from desktop_app.domain.validation import ValidationContext, validate
    from desktop_app.exporters.xlsx.machine import read_machine
    from desktop_app.exporters.xlsx.view_check import check_view
    from tests.unit.test_xlsx_support import demo_submission

    for number, submission in enumerate((full_submission(pack), demo_submission(pack))):
        context = ValidationContext(period=submission.period, values=submission.values,
                                    explanations=submission.explanations, for_submission=True)  # fmt: skip
        path = tmp_path / f"{number}.xlsx"
        path.write_bytes(build_workbook_bytes(pack, submission, validate(pack, context), lang=lang))
        rows, by_openpyxl, by_calamine = _rows_and_grids(path)
        part = read_machine(rows, pack)
        assert len(part.view) > 200 and len(part.view.digests) == len(part.view.sheets)
        check_view(pack, part.submission, part.view, by_openpyxl)
        check_view(pack, part.submission, part.view, by_calamine)


def test_data_rewritten_under_untouched_sheets_is_compared_in_full(good: Path, tmp_path: Path, pack: FormPack) -> None:
    """`_data` alone changed, fingerprint and digest recomputed: the sheets are as written but show
    another fingerprint, so every cell is compared and the changed value is found."""
    from dataclasses import replace

    from desktop_app.bureau.parse import parse_file
    from tests.bureau.mutations import rewrite_data

    def change(submission: Any) -> Any:
        values = {key: dict(fields) for key, fields in submission.values.items()}
        values["party"]["members"] -= 1  # still within the field's range
        return replace(submission, values=values)

    path = tmp_path / "rewritten.xlsx"
    path.write_bytes(rewrite_data(good.read_bytes(), pack, change))
    error = _rejected(path, pack)
    assert (error.code, error.key) == ("view_differs", "value.party.members")
    for engine in ("calamine", "openpyxl"):
        assert parse_file(str(path), pack, engine=engine).code == "view_differs"


def test_text_with_line_ends_tabs_and_control_characters_checks(pack: FormPack, tmp_path: Path) -> None:
    """What XML does to text (CR LF and a lone CR read back as LF; characters openpyxl cannot store
    written as U+FFFD) is no difference of meaning, on either parser."""
    from dataclasses import replace

    from desktop_app.exporters.xlsx.machine import read_machine
    from desktop_app.exporters.xlsx.view_check import check_view

    submission = full_submission(pack)
    source = _first(pack, FieldType.LONGTEXT)
    _, category_key, field_key = source.split(".")
    values = {key: dict(fields) for key, fields in submission.values.items()}
    values[category_key][field_key] = "第一行\r\n第二行\r第三行\t制表\x01控制"
    path = tmp_path / "lines.xlsx"
    path.write_bytes(build_workbook_bytes(pack, replace(submission, values=values), []))
    rows, by_openpyxl, by_calamine = _rows_and_grids(path)
    part = read_machine(rows, pack)
    check_view(pack, part.submission, part.view, by_openpyxl)
    check_view(pack, part.submission, part.view, by_calamine)
