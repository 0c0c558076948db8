"""Every value goes out to a real .xlsx and comes back: through our reader, and independently from the
human-readable sheets through python-calamine (numbers as numbers, dates as dates, identifiers as text)."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.evaluation import compute_derived
from desktop_app.domain.pack import Category, Field, FieldType, FormPack
from desktop_app.domain.submission import Submission, fingerprint
from desktop_app.domain.values import display
from desktop_app.exporters.xlsx import build_workbook_bytes, read_submission
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from tests.unit.test_xlsx_support import FORMULA_LIKE, demo_submission, full_submission, normalised


def _write(tmp_path: Path, pack: FormPack, submission: Submission, issues: list[Any] | None = None) -> Path:
    path = tmp_path / "submission.xlsx"
    path.write_bytes(build_workbook_bytes(pack, submission, issues or []))
    return path


@pytest.mark.parametrize("make", [full_submission, demo_submission], ids=["every-field", "demo-school"])
def test_every_value_round_trips_through_the_reader(tmp_path: Path, pack: FormPack, make: Any) -> None:
    submission = make(pack)
    back = read_submission(_write(tmp_path, pack, submission), pack)
    assert back.values == normalised(pack, submission)
    assert {k: dict(v) for k, v in back.explanations.items()} == {
        k: dict(v) for k, v in submission.explanations.items() if v
    }
    assert back.signatories == submission.signatories
    assert (back.school_code, back.school_name, back.period, back.revision, back.status) == (
        submission.school_code, submission.school_name, submission.period, submission.revision, submission.status,
    )  # fmt: skip
    assert back.generated_at == submission.generated_at
    assert fingerprint(pack, back) == fingerprint(pack, submission)


def _expect_cell(field: Field, expected: Any, got: Any, pack: FormPack, where: str) -> None:
    kind = field.type
    if expected is None or expected == () or expected == "":
        assert got in (None, ""), where
    elif kind is FieldType.INTEGER:
        assert isinstance(got, int | float) and not isinstance(got, bool), where
        assert got == expected, where
    elif kind is FieldType.DECIMAL:
        assert isinstance(got, float | int), where
        assert Decimal(repr(got)).quantize(expected) == expected, where
    elif kind is FieldType.DATE:
        assert isinstance(got, date), where
        assert (got.date() if isinstance(got, datetime) else got) == expected, where
    elif kind is FieldType.IMAGE:
        assert isinstance(got, str) and re.fullmatch(r"图\d+(　.+)?", got), where  # 图1 (and its caption)
    else:  # text, identifiers, booleans 是/否, choice labels, 、-joined multichoice labels
        assert isinstance(got, str), where
        assert got == display(field, expected, pack, "zh"), where


def _check_category(sheet: list[list[Any]], category: Category, values: dict[str, Any], pack: FormPack) -> None:
    """Walk the sheet top-down, finding each field's row by its label (the layout a person reads); the
    value is under the heading 填报值, a table's columns start at the sheet's first column."""
    value_at = sheet[1].index("填报值")
    position = 2
    section = None
    sections = {s.key: s.label.zh for s in category.sections}
    for field in category.fields:
        if field.section and field.section != section and (field.key in values or not field.is_input):
            section = field.section  # the heading row may repeat a field's label: step past it
            heading = next((i for i in range(position, len(sheet)) if sheet[i][0] == sections[section]), None)
            position = heading + 1 if heading is not None else position
        if field.key not in values:
            continue
        label = field.label.zh
        while sheet[position][0] != label:
            position += 1
        row = sheet[position]
        where = f"{category.key}.{field.key}"
        if field.type is not FieldType.TABLE:
            _expect_cell(field, values[field.key], row[value_at], pack, where)
            continue
        rows = values[field.key]
        if not rows:
            assert row[value_at] == "无", where  # the pack's blank, as the PDF prints it
            continue
        assert row[value_at] == "见下表", where  # not a row count posing as a value
        header = sheet[position + 1]
        assert header[0].startswith(field.columns[0].label.zh), where
        for index, expected_row in enumerate(rows):
            got_row = sheet[position + 2 + index]
            for number, column in enumerate(field.columns):
                at = f"{where}[{index}].{column.key}"
                _expect_cell(column, expected_row.get(column.key), got_row[number], pack, at)
        position += 2 + len(rows)


@pytest.mark.parametrize("make", [full_submission, demo_submission], ids=["every-field", "demo-school"])
def test_human_sheets_read_back_by_calamine(tmp_path: Path, pack: FormPack, make: Any) -> None:
    submission = make(pack)
    workbook = CalamineWorkbook.from_path(str(_write(tmp_path, pack, submission)))
    names = workbook.sheet_names
    assert names[0] == "封面"
    for category in pack.categories:
        if category.key not in submission.values:
            continue
        name = next(n for n in names if n.startswith(f"{category.number} "))
        sheet = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        _check_category(sheet, category, dict(submission.values[category.key]), pack)
    cover = workbook.get_sheet_by_name("封面").to_python(skip_empty_area=False)
    cover_values = {row[0]: row[1] for row in cover if row and row[0]}
    assert cover_values["学校标识码"] == submission.school_code
    assert cover_values["联系电话"] == "0531-84235116"
    assert cover_values["完整校验码（SHA-256）"] == fingerprint(pack, submission)


def test_formula_like_text_stays_text(tmp_path: Path, pack: FormPack) -> None:
    submission = full_submission(pack)
    path = _write(tmp_path, pack, submission)
    seen: set[str] = set()
    workbook = CalamineWorkbook.from_path(str(path))
    for name in workbook.sheet_names:
        for row in workbook.get_sheet_by_name(name).to_python():
            seen.update(cell for cell in row if isinstance(cell, str))
    assert set(FORMULA_LIKE) <= seen
    with zipfile.ZipFile(path) as archive:  # not one formula anywhere: derived values are values
        for member in archive.namelist():
            if member.startswith("xl/worksheets/sheet"):
                xml = archive.read(member)
                assert b"<f>" not in xml and b"<f " not in xml, member


def test_cell_types_and_formats(tmp_path: Path, pack: FormPack) -> None:
    submission = full_submission(pack)
    workbook = openpyxl.load_workbook(_write(tmp_path, pack, submission))
    cells = {}
    for ws in workbook.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=2):
            if isinstance(row[0].value, str):
                cells.setdefault((ws.title, row[0].value), row[1])
    code = cells[("0 学校基本信息", "学校标识码")]
    assert (code.value, code.data_type, code.number_format) == ("2137012345", "s", "@")
    volunteer = cells[("1 党建工作", pack.category("party").field("volunteer_hours").label.zh)]
    assert isinstance(volunteer.value, int | float | Decimal) and volunteer.number_format == "0.0"
    renewal = cells[("1 党建工作", pack.category("party").field("renewal_date").label.zh)]
    assert isinstance(renewal.value, datetime) and renewal.number_format == 'yyyy"年"m"月"d"日"'
    derived = cells[("7 学生资助", pack.category("aid").field("aid_amount_total").label.zh)]
    assert isinstance(derived.value, int | float) and derived.number_format == "#,##0.00"
    rate = cells[("5 体育、卫生与艺术", pack.category("health").field("myopia_rate").label.zh)]
    expected = compute_derived(pack, "health", submission.values)["myopia_rate"]
    assert rate.number_format == "0.0%" and Decimal(repr(rate.value)) == expected  # a ratio, shown as %


def test_layout_machine_sheet_hidden_and_print_setup(tmp_path: Path, pack: FormPack) -> None:
    workbook = openpyxl.load_workbook(_write(tmp_path, pack, full_submission(pack)))
    machine = workbook[MACHINE_SHEET]
    assert machine.sheet_state == "veryHidden" and machine.protection.sheet
    assert workbook.active.title == "封面"
    sheet = workbook["1 党建工作"]
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"
    assert int(sheet.page_setup.paperSize) == 9 and sheet.page_setup.fitToWidth == 1  # 9 = A4
    assert "&P" in sheet.oddFooter.center.text and "&N" in sheet.oddFooter.center.text
    assert sheet.column_dimensions["A"].width >= 2 * len("项目")
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    tables = [t for ws in workbook.worksheets for t in ws.tables.values()]
    written = full_submission(pack).values
    assert len(tables) == sum(
        1 for c in pack.categories for f in c.fields if f.type is FieldType.TABLE and c.key in written
    )


def test_warning_and_explanation_beside_their_field(tmp_path: Path, pack: FormPack) -> None:
    from desktop_app.domain.validation import ValidationContext, validate

    submission = full_submission(pack)
    issues = validate(pack, ValidationContext(period="2022", values=submission.values,
                                              explanations=submission.explanations))  # fmt: skip
    warning = next(i for i in issues if i.severity.value == "warning" and i.field)
    workbook = openpyxl.load_workbook(_write(tmp_path, pack, submission, issues))
    category = pack.category(warning.category)
    ws = next(ws for ws in workbook.worksheets if ws.title.startswith(f"{category.number} "))
    label = category.field(warning.field).label.zh
    row = next(r for r in ws.iter_rows(min_col=1, max_col=4, values_only=True) if r[0] == label)
    assert "【经验校验】" in row[3] and warning.text("zh") in row[3]
    note = submission.explanations.get(category.key, {}).get(warning.rule_id)
    if note:
        assert "说明：" + note in row[3]


def test_english_draft_workbook(tmp_path: Path, pack: FormPack) -> None:
    from dataclasses import replace

    from desktop_app.domain.submission import Status

    draft = replace(full_submission(pack), status=Status.DRAFT)
    path = tmp_path / "draft-en.xlsx"
    path.write_bytes(build_workbook_bytes(pack, draft, [], lang="en"))
    assert read_submission(path, pack).is_draft
    workbook = CalamineWorkbook.from_path(str(path))
    assert "1 Party building" in workbook.sheet_names
    cover = {row[0]: row[1] for row in workbook.get_sheet_by_name("封面").to_python() if row and row[0]}
    assert cover["Status"].startswith("Draft") and cover["School code"] == "2137012345"
    zh = tmp_path / "draft-zh.xlsx"
    zh.write_bytes(build_workbook_bytes(pack, draft, []))
    cover = {row[0]: row[1] for row in CalamineWorkbook.from_path(str(zh)).get_sheet_by_name("封面").to_python()
             if row and row[0]}  # fmt: skip
    assert cover["状态"].startswith("草稿") and "不作为正式报送" in cover["状态"]
