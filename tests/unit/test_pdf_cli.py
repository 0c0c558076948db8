"""`school-report export pdf`: writes the file into --out and prints its path."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from desktop_app.cli import commands_export_pdf
from desktop_app.services.reporting import ReportingService
from tests.unit.test_pdf_fixtures import page_texts, squash


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="school-report")
    parser.add_argument("--db")
    parser.add_argument("--lang", default=None)
    commands_export_pdf.register(parser.add_subparsers(dest="command"))
    return parser


@pytest.fixture
def filled_db(db_path: Path, pack) -> Path:  # type: ignore[no-untyped-def]
    service = ReportingService.open(db_path, pack)
    try:
        service.set_text("profile", "school_name", "R&D <b>实验小学")
        service.set_text("profile", "school_code", "2137000001")
        service.set_text("profile", "school_type", "小学")
        service.set_text("party", "members", "25")
    finally:
        service.close()
    return db_path


def _run(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    return int(args.handler(args, None))


def test_exports_the_whole_submission(filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert _run(["--db", str(filled_db), "export", "pdf", "--out", str(out)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert printed.parent == out and printed.is_file()
    assert printed.name == "2137000001_R&D _b_实验小学_2022年度_第1版_草稿.pdf"
    text = squash("".join(page_texts(printed.read_bytes())))
    assert "R&D<b>实验小学" in text and "党员人数（人）25" in text


def test_exports_one_category(filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(["--db", str(filled_db), "export", "pdf", "--category", "party", "--out", str(tmp_path)]) == 0
    printed = Path(capsys.readouterr().out.strip())
    assert "党建工作" in printed.name
    text = squash("".join(page_texts(printed.read_bytes())))
    assert "1.党建工作" in text and "意识形态" not in text


def test_creates_a_missing_folder_refuses_a_file_and_an_unknown_category(
    filled_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["--db", str(filled_db), "export", "pdf", "--out", str(tmp_path / "new" / "folder")]) == 0
    assert Path(capsys.readouterr().out.strip()).parent == tmp_path / "new" / "folder"
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    assert _run(["--db", str(filled_db), "export", "pdf", "--out", str(tmp_path / "a-file")]) == 2
    assert "不是文件夹" in capsys.readouterr().err
    assert _run(["--db", str(filled_db), "export", "pdf", "--category", "xyz", "--out", str(tmp_path)]) == 2
    assert "xyz" in capsys.readouterr().err
    assert list(tmp_path.glob("*.pdf")) == []
