"""Item 12: file names are limited by bytes and shortened between whole characters, and the PDF and the
workbook of one submission are named by one function (identically but for the extension)."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.submission import Status
from desktop_app.exporters.names import MAX_NAME_BYTES, shorten, submission_file_name
from desktop_app.exporters.pdf import pdf_file_name
from desktop_app.exporters.xlsx.names import submission_file_name as xlsx_file_name
from tests.faults.conftest import Cli, no_traceback
from tests.unit.test_xlsx_support import full_submission

EMOJI = "😀" * 60
EXTENSION_B = "".join(chr(0x20000 + n) for n in range(60))
FAMILY = "👨\u200d👩\u200d👧\u200d👦"  # one character to a reader, 7 code points, 25 bytes
FLAG = "🇨🇳"
KSSA = "\u0915\u094d\u0937"  # Devanagari क्ष: three code points, one character
LONG_NAMES = {
    "emoji": EMOJI,
    "extension_b": EXTENSION_B,
    "family": FAMILY * 8,
    "flags": FLAG * 30,
    "conjuncts": KSSA * 20,
}


@pytest.mark.parametrize("name", LONG_NAMES.values(), ids=LONG_NAMES.keys())
def test_export_with_a_long_school_name_writes_both_files(cli: Cli, demo_db: Path, tmp_path: Path, name: str) -> None:
    assert cli(demo_db, "set", "profile", "school_name", name).returncode == 0
    out = tmp_path / "out"
    pdf = cli(demo_db, "export", "pdf", "--out", str(out))
    xlsx = cli(demo_db, "export", "xlsx", "--out", str(out))
    no_traceback(pdf)
    no_traceback(xlsx)
    assert pdf.returncode == 0 and xlsx.returncode == 0, pdf.stderr + xlsx.stderr
    pdf_path, xlsx_path = Path(pdf.stdout.strip().splitlines()[-1]), Path(xlsx.stdout.strip().splitlines()[-1])
    assert pdf_path.exists() and xlsx_path.exists()
    assert sorted(p.name for p in out.iterdir()) == sorted([pdf_path.name, xlsx_path.name])  # no temporary file
    for path in (pdf_path, xlsx_path):
        assert len(path.name.encode("utf-8")) <= 255 and len(path.name.encode("utf-16-le")) // 2 <= 255
    assert pdf_path.stem == xlsx_path.stem  # one name for both files


def test_the_name_is_cut_between_whole_characters(pack: Any) -> None:
    base = full_submission(pack)
    for name in (*LONG_NAMES.values(), FLAG * 41, "e\u0301" * 150, "学" * 300):
        file_name = submission_file_name(replace(base, school_name=name), "xlsx")
        assert len(file_name.encode("utf-8")) <= MAX_NAME_BYTES
        kept = file_name.split("_")[1]
        normal = unicodedata.normalize("NFC", name)
        assert normal.startswith(kept) and kept, file_name  # a beginning of the name, nothing invented
        unit = {FAMILY * 8: FAMILY, FLAG * 30: FLAG, FLAG * 41: FLAG, KSSA * 20: KSSA, "e\u0301" * 150: "é"}.get(name)
        if unit is not None:
            assert kept == unit * (len(kept) // len(unit)), file_name  # whole characters only
        assert file_name.endswith("_2022年度_第1版.xlsx")  # code, period and revision never cut


def test_shorten_never_splits_a_sequence() -> None:
    assert shorten(FAMILY, 10) == ""  # a lone man of a family would be another character
    assert shorten("ab" + FLAG + FLAG, 2 + 8 + 3) == "ab" + FLAG
    assert shorten("x" + "\u0915\u094d\u0937", 4) == "x"  # a virama joins the conjunct
    assert shorten("abc", 3) == "abc"


def test_pdf_and_workbook_name_an_unnamed_school_alike(pack: Any) -> None:
    for submission in (
        replace(full_submission(pack), school_name="", school_code=""),
        replace(full_submission(pack), school_name=" . ", status=Status.DRAFT),
    ):
        pdf, xlsx = pdf_file_name(submission), xlsx_file_name(submission, "xlsx")
        assert pdf.removesuffix(".pdf") == xlsx.removesuffix(".xlsx")
        assert "未命名学校" in pdf
    assert pdf_file_name(replace(full_submission(pack), school_code="")).startswith("无标识码_")


def test_unnamed_school_exports_name_both_files_alike(cli: Cli, demo_db: Path, tmp_path: Path) -> None:
    assert cli(demo_db, "set", "profile", "school_name", "").returncode == 0
    out = tmp_path / "out"
    pdf = cli(demo_db, "export", "pdf", "--out", str(out))
    xlsx = cli(demo_db, "export", "xlsx", "--out", str(out))
    assert pdf.returncode == 0 and xlsx.returncode == 0, pdf.stderr + xlsx.stderr
    assert Path(pdf.stdout.strip()).stem == Path(xlsx.stdout.strip()).stem
    assert "未命名学校" in Path(pdf.stdout.strip()).name
