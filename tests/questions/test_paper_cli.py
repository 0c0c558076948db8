"""The sealed paper proves the file, through the real command line: a submitted revision's PDF is printed
(rendered) and scanned (degraded), and `bureau verify-paper` matches it with the imported workbook."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import Cli, cli  # noqa: F401
from tests.questions.scan import degrade, render, scan_pdf

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is needed")


def _json_lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def register(cli: Cli, bureau: Path, tmp_path: Path, code: str = "2137000001") -> None:  # noqa: F811
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["学校标识码", "学校名称", "办学类型", "镇街", "联系人", "联系电话"])
    book.active.append([code, "济阳区实验小学（虚构）", "小学", "济北街道", "孙老师", "0531-80000001"])
    book.save(tmp_path / "名单.xlsx")
    done = cli(bureau, "bureau", "register", "import", str(tmp_path / "名单.xlsx"))
    assert done.returncode == 0, done.stderr


@pytest.fixture
def submitted(cli: Cli, tmp_path: Path) -> dict[str, Path]:  # noqa: F811
    school, bureau = tmp_path / "school.sqlite3", tmp_path / "bureau.sqlite3"
    assert cli(school, "demo").returncode == 0
    done = cli(school, "submit", "--out", str(tmp_path / "r1"))
    assert done.returncode == 0, done.stderr
    register(cli, bureau, tmp_path)
    return {
        "school": school,
        "bureau": bureau,
        "pdf": next((tmp_path / "r1").glob("*.pdf")),
        "xlsx": next((tmp_path / "r1").glob("*.xlsx")),
    }


def test_export_submit_print_scan_verify(cli: Cli, submitted: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    bureau = submitted["bureau"]
    cover = degrade(render(submitted["pdf"], 1, 200, tmp_path / "cover"), tmp_path / "cover-scan.jpg", angle=2.5)
    inner = degrade(render(submitted["pdf"], 3, 200, tmp_path / "p3"), tmp_path / "p3-scan.jpg", angle=-3.0, seed=2)
    both = scan_pdf([cover, inner], tmp_path / "盖章件扫描.pdf")

    early = cli(bureau, "bureau", "verify-paper", str(cover), "--json")  # the paper came before the file
    assert early.returncode == 1 and _json_lines(early.stdout)[0]["outcome"] == "not_imported"
    assert cli(bureau, "bureau", "import", str(submitted["xlsx"])).returncode == 0

    done = cli(bureau, "bureau", "verify-paper", str(cover), str(inner), str(both), "--json")
    assert done.returncode == 0, done.stdout + done.stderr
    lines = _json_lines(done.stdout)
    assert [line["outcome"] for line in lines] == ["match"] * 3
    assert lines[0]["school_code"] == "2137000001" and lines[0]["revision"] == 1 and lines[0]["period"] == "2022"
    assert len(lines[0]["fingerprint"]) == 64 and lines[2]["pages"] == 2 and lines[2]["pages_without_code"] == []
    text = cli(bureau, "bureau", "verify-paper", str(both))
    assert text.returncode == 0 and "一致" in text.stdout and "第1版" in text.stdout

    status = json.loads(cli(bureau, "bureau", "status", "--json").stdout)
    paper = status["schools"][0]["paper"]
    assert paper["file_revision"] == 1 and paper["paper_revision"] == 1 and paper["matches"] is True
    assert "纸质件第1版" in cli(bureau, "bureau", "status").stdout


def test_a_tampered_workbook_with_a_recomputed_fingerprint_is_caught_by_the_paper(
        cli: Cli, submitted: dict[str, Path], tmp_path: Path, pack: Any) -> None:  # noqa: F811  # fmt: skip
    from dataclasses import replace

    from desktop_app.domain.submission import fingerprint
    from desktop_app.exporters.xlsx import export_xlsx
    from desktop_app.exporters.xlsx.reader import read_submission

    original = read_submission(submitted["xlsx"], pack)
    values = {key: dict(fields) for key, fields in original.values.items()}
    values["party"]["members"] = 250  # a figure changed, the whole file remade so that it verifies
    forged = replace(original, values=values)
    folder = tmp_path / "forged"
    folder.mkdir()
    path = export_xlsx(pack, forged, [], folder)
    assert cli(submitted["school"], "read-xlsx", str(path)).returncode == 0  # the file alone looks fine
    assert fingerprint(pack, forged) != fingerprint(pack, original)
    assert cli(submitted["bureau"], "bureau", "import", str(path)).returncode == 0

    scan = degrade(render(submitted["pdf"], 1, 200, tmp_path / "cover"), tmp_path / "scan.jpg")
    done = cli(submitted["bureau"], "bureau", "verify-paper", str(scan), "--json")
    assert done.returncode == 1
    line = _json_lines(done.stdout)[0]
    assert line["outcome"] == "differs" and line["fingerprint"] == fingerprint(pack, original)
    assert "不符" in line["message"]
    status = json.loads(cli(submitted["bureau"], "bureau", "status", "--json").stdout)
    assert status["schools"][0]["paper"]["matches"] is False


def test_older_paper_and_what_cannot_be_verified(cli: Cli, submitted: dict[str, Path], tmp_path: Path) -> None:  # noqa: F811
    from PIL import Image

    school, bureau = submitted["school"], submitted["bureau"]
    first = degrade(render(submitted["pdf"], 1, 200, tmp_path / "r1"), tmp_path / "r1.jpg")
    assert cli(school, "reopen", "--reason", "更正党员人数").returncode == 0
    assert cli(school, "set", "party", "members", "26").returncode == 0
    assert cli(school, "submit", "--out", str(tmp_path / "r2")).returncode == 0
    second_pdf = next((tmp_path / "r2").glob("*.pdf"))
    second = degrade(render(second_pdf, 1, 200, tmp_path / "r2"), tmp_path / "r2.jpg", angle=-2)
    assert cli(bureau, "bureau", "import", str(submitted["xlsx"]), str(next((tmp_path / "r2").glob("*.xlsx")))
               ).returncode == 0  # fmt: skip
    blank = tmp_path / "blank.png"
    Image.new("L", (1654, 2339), 255).save(blank)
    not_pdf = tmp_path / "broken.pdf"
    not_pdf.write_bytes(b"%PDF-1.4 not really")
    mixed = scan_pdf([first, second], tmp_path / "two.pdf")
    files = [first, second, blank, submitted["pdf"], not_pdf, mixed, submitted["xlsx"]]
    done = cli(bureau, "bureau", "verify-paper", *map(str, files), "--json")
    assert done.returncode == 1
    lines = _json_lines(done.stdout)
    assert [line["outcome"] for line in lines] == [
        "older",
        "match",
        "no_code",
        "not_a_scan",
        "unreadable",
        "two_codes",
        "unreadable",
    ]
    assert lines[0]["current_revision"] == 2 and "第2版" in lines[0]["message"]
    assert "第1版" in lines[5]["message"] and "第2版" in lines[5]["message"]
    assert "PDF 原件" in lines[3]["message"]
    english = cli(bureau, "bureau", "verify-paper", str(blank), lang="en")
    assert english.returncode == 1 and "No readable verification code" in english.stdout
    assert "Traceback" not in done.stderr + english.stderr


def test_drafts_carry_no_code_and_a_150_dpi_render_decodes(
    cli: Cli,  # noqa: F811
    tmp_path: Path,
    submitted: dict[str, Path],
) -> None:
    import zxingcpp
    from PIL import Image

    school = submitted["school"]
    for page in (1, 2):
        found = zxingcpp.read_barcodes(Image.open(render(submitted["pdf"], page, 150, tmp_path / f"c{page}")))
        assert {r.text.split(":")[0] for r in found} == {"SRP1"} and len(found) == (2 if page == 1 else 1)
    assert cli(school, "reopen", "--reason", "补充").returncode == 0
    assert cli(school, "export", "pdf", "--out", str(tmp_path / "draft")).returncode == 0
    draft = next((tmp_path / "draft").glob("*.pdf"))
    for page in (1, 2):
        assert zxingcpp.read_barcodes(Image.open(render(draft, page, 150, tmp_path / f"d{page}"))) == []


@pytest.mark.skipif(shutil.which("zbarimg") is None, reason="zbarimg (zbar-tools) is needed")
def test_a_second_decoder_reads_the_code(tmp_path: Path, submitted: dict[str, Path], pack: Any) -> None:
    """zbar, independent of zxing-cpp, reads the cover of a scan (turned, noisy, JPEG; blurred less than the
    zxing tests' scans: zbar gives up on a 20 mm code blurred by a full pixel) and a page foot at 150 dpi."""
    from desktop_app.domain.submission import fingerprint
    from desktop_app.exporters.xlsx.reader import read_submission

    expected = f"SRP1:2137000001:2022:1:{fingerprint(pack, read_submission(submitted['xlsx'], pack)).upper()}"
    cover = degrade(render(submitted["pdf"], 1, 200, tmp_path / "cover"), tmp_path / "cover.jpg", angle=-3.5, blur=0.6)
    foot = render(submitted["pdf"], 2, 150, tmp_path / "foot")
    for image in (cover, foot):
        done = subprocess.run(["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(image)],
                              capture_output=True, text=True, timeout=60)  # fmt: skip
        assert set(done.stdout.split()) == {expected}, (image, done.stdout, done.stderr)
