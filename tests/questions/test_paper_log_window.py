"""导入记录 shows the sealed papers verified (`bureau verify-paper`, or the window's 核验纸质件) beside the
imported files: a row per verification with its time, file, school, period, revision, 结果 and the reason
as it was given then (a paper checked before its workbook came still reads 尚未导入), filterable."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import Cli, cli  # noqa: F401
from tests.questions.scan import degrade, render
from tests.questions.test_paper_cli import submitted  # noqa: F401

pytestmark = [pytest.mark.gui, pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs pdftoppm")]


def _forged(submitted: dict[str, Path], pack: Any, folder: Path) -> Path:  # noqa: F811
    """Revision 1 with a figure changed and the file remade so that it verifies on its own."""
    from dataclasses import replace

    from desktop_app.exporters.xlsx import export_xlsx
    from desktop_app.exporters.xlsx.reader import read_submission

    original = read_submission(submitted["xlsx"], pack)
    values = {key: dict(fields) for key, fields in original.values.items()}
    values["party"]["members"] = 250
    folder.mkdir()
    return export_xlsx(pack, replace(original, values=values), [], folder)


def _rows(table: Any) -> list[list[str]]:
    return [[table.item(r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def test_the_import_log_lists_the_papers_verified(
    qtbot: Any,
    cli: Cli,  # noqa: F811
    submitted: dict[str, Path],  # noqa: F811
    tmp_path: Path,
    pack: Any,
) -> None:
    from desktop_app.ui.bureau.window import BureauWindow

    school, bureau = submitted["school"], submitted["bureau"]
    first = degrade(render(submitted["pdf"], 1, 200, tmp_path / "r1"), tmp_path / "r1.jpg")
    assert cli(bureau, "bureau", "verify-paper", str(first)).returncode == 1  # before any file: not imported
    assert cli(bureau, "bureau", "import", str(_forged(submitted, pack, tmp_path / "forged"))).returncode == 0
    assert cli(bureau, "bureau", "verify-paper", str(first)).returncode == 1  # the file is not what was sealed
    assert cli(school, "reopen", "--reason", "更正党员人数").returncode == 0
    assert cli(school, "set", "party", "members", "26").returncode == 0
    assert cli(school, "submit", "--out", str(tmp_path / "r2")).returncode == 0
    assert cli(bureau, "bureau", "import", str(next((tmp_path / "r2").glob("*.xlsx")))).returncode == 0
    second = degrade(render(next((tmp_path / "r2").glob("*.pdf")), 1, 200, tmp_path / "r2"), tmp_path / "r2.jpg")
    assert cli(bureau, "bureau", "verify-paper", str(second)).returncode == 0
    blank = tmp_path / "blank.png"
    render(submitted["pdf"], 1, 10, tmp_path / "blank").rename(blank)  # no readable code: nothing decided
    assert cli(bureau, "bureau", "verify-paper", str(blank)).returncode == 1

    window = BureauWindow(pack, str(bureau))
    qtbot.addWidget(window)
    window.resize(1400, 700)
    window.show()
    assert window.period.currentText() == "2022年度"  # one form version: no version in the label
    ledger = window.ledger
    window.tabs.setCurrentWidget(ledger)
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 5, timeout=30000)
    rows = _rows(ledger.table)
    assert [row[6] for row in rows] == ["纸质件一致", "已更新", "纸质件不一致", "已接收", "纸质件该版未导入"]
    match, _replaced, differs, _accepted, early = rows
    assert match[1] == "r2.jpg" and match[3] == "济阳区实验小学（虚构）" and match[4] == "2022年度"
    assert match[5] == "2" and "一致" in match[7] and "第2版" in match[7]
    assert differs[1] == "r1.jpg" and differs[5] == "1" and "不符" in differs[7]
    # As it was said then: revision 1 came after this paper, and today the paper would read 不符.
    assert "尚未导入该版报送文件（已导入：无）" in early[7]
    assert ledger.summary.text() == "共 5 条记录（全部 5 条）"
    assert "纸质件" not in " ".join(row[6] for row in rows if row[1].endswith(".xlsx"))
    window.grab().save(str(tmp_path / "ledger.png"))

    filters = {ledger.decision.itemText(i): i for i in range(ledger.decision.count())}
    ledger.decision.setCurrentIndex(filters["纸质件不一致"])
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=30000)
    assert _rows(ledger.table)[0][1] == "r1.jpg"
    ledger.decision.setCurrentIndex(filters["核验纸质件（全部）"])
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 3, timeout=30000)
    ledger.decision.setCurrentIndex(filters["已接收"])
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 1, timeout=30000)
    assert _rows(ledger.table)[0][6] == "已接收" and ledger.summary.text() == "共 1 条记录（全部 5 条）"

    ledger.decision.setCurrentIndex(filters["全部"])  # a paper checked in the window lands in the log too
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 5, timeout=30000)
    window.papers.start([str(second)])
    qtbot.waitUntil(lambda: ledger.table.rowCount() == 6, timeout=60000)
    assert _rows(ledger.table)[0][6] == "纸质件一致"
    window.wait()
    window.close()
