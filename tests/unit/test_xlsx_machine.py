"""The machine part as rows, parsed without any file (the bureau's fast reader feeds the same rows)."""

from __future__ import annotations

from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.pack import FormPack
from desktop_app.exporters.xlsx import WorkbookRejected, build_workbook_bytes
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET
from desktop_app.exporters.xlsx.machine import FORMAT, HEADER, build_rows, parse_machine_rows
from tests.unit.test_xlsx_support import PHOTO, full_submission, normalised


def _rows(pack: FormPack) -> list[tuple[str, str]]:
    return build_rows(pack, full_submission(pack))


def _replace(rows: list[tuple[str, str]], key: str, text: str) -> list[tuple[str, str]]:
    assert any(row[0] == key for row in rows), key
    return [(k, text if k == key else v) for k, v in rows]


def _code(rows: list[tuple[str, str]], pack: FormPack) -> tuple[str, str | None]:
    with pytest.raises(WorkbookRejected) as caught:
        parse_machine_rows(rows, pack)
    return caught.value.code, caught.value.key


def test_rows_round_trip_and_layout(pack: FormPack) -> None:
    rows = _rows(pack)
    assert rows[0] == HEADER and rows[1] == ("format", f'"{FORMAT}"') and rows[-1][0] == "end"
    keys = [key for key, _ in rows]
    assert "value.party.members" in keys and "rows.ideology.events" in keys
    assert "cell.ideology.events.1.held_on" in keys
    assert any(key.startswith("note.") for key in keys)
    assert any(key.startswith("photo.") and PHOTO in text for key, text in rows)
    assert parse_machine_rows(rows, pack).values == normalised(pack, full_submission(pack))


def test_rows_read_by_calamine_parse_too(tmp_path: Path, pack: FormPack) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(build_workbook_bytes(pack, full_submission(pack), []))
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(MACHINE_SHEET)
    rows = [tuple(row) for row in sheet.to_python(skip_empty_area=False)]
    assert parse_machine_rows(rows, pack).values == normalised(pack, full_submission(pack))


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("format", '"school-report.submission/9"', ("format_version", "format")),
        ("pack", '"another"', ("wrong_pack", "pack")),
        ("value.party.members", "true", ("wrong_type", "value.party.members")),
        ("value.party.members", "=SUM(1,1)", ("formula", "value.party.members")),
        ("value.party.members", "seven", ("bad_row", None)),
        ("rows.ideology.events", "2", ("unknown_key", "cell.ideology.events.3.held_on")),
        ("cell.ideology.events.1.filed", '"是"', ("wrong_type", "cell.ideology.events.1.filed")),
        ("revision", "2", ("modified", "fingerprint")),
        ("school_name", '"另一所学校"', ("modified", "digest")),
    ],
)
def test_each_fault_has_its_code(pack: FormPack, key: str, text: str, expected: tuple[str, str | None]) -> None:
    assert _code(_replace(_rows(pack), key, text), pack) == expected


def test_structure_faults(pack: FormPack) -> None:
    rows = _rows(pack)
    assert _code(rows[:-1], pack) == ("missing_key", "end")  # truncated
    assert _code([*rows[:5], rows[3], *rows[5:]], pack)[0] == "duplicate_key"
    assert _code([*rows[:-3], ("value.party.no_such_field", "1"), *rows[-3:]], pack)[0] == "unknown_key"
    assert _code([*rows[:-3], ("surprise", "1"), *rows[-3:]], pack)[0] == "unknown_key"
    assert _code(rows[1:], pack)[0] == "bad_row"  # no header
    removed = [row for row in rows if row[0] != "sign.reviewer"]
    assert _code(removed, pack) == ("missing_key", "sign.reviewer")
    removed = [row for row in rows if not row[0].startswith("note.")]
    assert _code(removed, pack) == ("modified", "end")
    padded = [*rows, ("", ""), (None, None)]
    assert parse_machine_rows(padded, pack).school_code == "2137012345"
