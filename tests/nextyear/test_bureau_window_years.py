"""The bureau window across years: with 2023.1 installed beside its database and the 2022 and 2023 files
imported, 报送期 lists the periods of both years (newest first, each labelled with the form version it is
kept under), and a 2022 period is shown and consolidated under 2022.1, never in 2023's terms."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.nextyear.conftest import YEAR_2022, Runner, bureau_with_2023

pytestmark = pytest.mark.gui


def _bureau_with_both_years(cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path) -> Path:
    """The bureau's database after `forms install` of 2023.1 and `bureau import` of the 2022 and 2023 files."""
    bureau, xlsx = bureau_with_2023(cli, school_2022, pack_2023_file, tmp_path)
    files = [str(YEAR_2022 / "sent-2022-r1.xlsx"), str(YEAR_2022 / "sent-2022-2023-1-r1.xlsx"), str(xlsx)]
    code, _out, err = cli(bureau, "bureau", "import", *files, "--workers", "1")
    assert code == 0, err
    return bureau


def _rows(table: Any) -> dict[str, list[str]]:
    """The totals table by its 项目 column (category, field → the rest of the row)."""
    found = {}
    for row in range(table.rowCount()):
        cells = [table.item(row, column).text() for column in range(table.columnCount())]
        found[f"{cells[0]}/{cells[1]}"] = cells[2:]
    return found


def _choose(qtbot: Any, window: Any, period: str) -> None:
    combo = window.period
    index = combo.findData(period)
    assert index >= 0, [combo.itemText(i) for i in range(combo.count())]
    combo.setCurrentIndex(index)
    qtbot.waitUntil(lambda: window.shown_period == period, timeout=30000)


def test_the_period_list_holds_both_years_each_under_its_own_pack(
    qtbot: Any, cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path
) -> None:
    from desktop_app.ui.bureau.window import open_bureau_window

    bureau = _bureau_with_both_years(cli, school_2022, pack_2023_file, tmp_path)
    totals_2022 = json.loads(cli(bureau, "bureau", "totals", "--period", "2022", "--json")[1])
    staff_2022 = totals_2022["district"]["categories"]["staff"]

    window = open_bureau_window(None, str(bureau))
    qtbot.addWidget(window)
    combo = window.period
    qtbot.waitUntil(lambda: combo.findData("2022") >= 0, timeout=30000)
    keys = [combo.itemData(i) for i in range(combo.count()) if combo.itemData(i)]
    assert keys == ["2023", "2023-2024-1", "2022-2023-2", "2022", "2022-2023-1", "2021-2022-2"]
    labels = {combo.itemData(i): combo.itemText(i) for i in range(combo.count()) if combo.itemData(i)}
    assert labels["2023"] == "2023年度（2023.1版表单）"
    assert labels["2022"] == "2022年度（2022.1版表单）"
    assert labels["2022-2023-1"] == "2022—2023学年第一学期（2022.1版表单）"
    assert combo.currentData() == "2023"  # the active pack's year leads
    qtbot.waitUntil(lambda: window.shown_period == "2023", timeout=30000)
    rows_2023 = _rows(window.totals)
    assert rows_2023["教师队伍/其中：硕士及以上学历专任教师数"][0] == "9人"
    assert not any("交流轮岗接收" in key for key in rows_2023)

    _choose(qtbot, window, "2022")
    assert "已报齐 1 所" in window.status.summary.text()
    rows_2022 = _rows(window.totals)
    assert not any("硕士" in key for key in rows_2022)  # no 2023 field in a 2022 total
    exchange = rows_2022["教师队伍/交流轮岗接收教师数"][0]
    assert exchange == f"{staff_2022['exchange_in']['total']}人"
    teachers = rows_2022["教师队伍/其中：专任教师数"][0]
    assert teachers == f"{staff_2022['full_time_teachers']['total']}人"
    window.grab().save(str(tmp_path / "bureau-2022.png"))

    _choose(qtbot, window, "2022-2023-1")
    assert "已报齐 1 所" in window.status.summary.text()
    _choose(qtbot, window, "2022-2023-2")  # a 2023.1 semester nobody has sent yet
    assert "已报齐 0 所" in window.status.summary.text()
    window.runner.wait()
    window.close()
