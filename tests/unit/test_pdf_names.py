"""PDF file names (Windows-safe) and saving through the atomic writer."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Status
from desktop_app.exporters.pdf import pdf_file_name, write_pdf
from tests.unit.test_pdf_fixtures import sample_submission


def test_name_of_a_submitted_pdf(pack: FormPack) -> None:
    submission = sample_submission(pack, school_name="某某小学")
    assert pdf_file_name(submission) == "2137000001_某某小学_2022年度_第1版.pdf"
    assert pdf_file_name(submission, "党建工作") == "2137000001_某某小学_2022年度_党建工作_第1版.pdf"


def test_name_of_a_draft_says_so(pack: FormPack) -> None:
    submission = sample_submission(pack, school_name="某某小学", status=Status.DRAFT)
    assert pdf_file_name(submission).endswith("_第1版_草稿.pdf")


def test_names_are_windows_safe(pack: FormPack) -> None:
    submission = dataclasses.replace(sample_submission(pack), school_name='a<b>:c"d/e\\f|g?h*i\x01. ')
    name = pdf_file_name(submission)
    assert not set('<>:"/\\|?*\x01') & set(name)
    assert name.endswith(".pdf") and "_. " not in name
    long = dataclasses.replace(submission, school_name="很长的学校名称" * 40)
    assert len(pdf_file_name(long)) <= 124


def test_write_pdf_replaces_the_file(tmp_path: Path) -> None:
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")
    assert write_pdf(target, b"%PDF-1.4 new") == target
    assert target.read_bytes() == b"%PDF-1.4 new"


def test_importing_the_exporter_does_not_import_reportlab() -> None:
    import subprocess
    import sys

    code = "import sys, desktop_app.exporters.pdf; print('reportlab' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                            cwd=Path(__file__).resolve().parents[2])  # fmt: skip
    assert result.stdout.strip() == "False"
