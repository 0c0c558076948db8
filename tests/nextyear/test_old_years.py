"""Old years stay whole: with the 2023 pack active, every 2022 revision opens under 2022.1, regenerates the
exact files that were sent, and the bureau takes in and consolidates both years, each under its own pack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.nextyear.conftest import YEAR_2022, Runner, bureau_with_2023, installed_2023


def test_the_2022_revisions_regenerate_byte_identical_under_their_own_pack(
    cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path
) -> None:
    installed_2023(cli, school_2022, pack_2023_file)
    for period in ("2022", "2022-2023-1"):
        code, out, err = cli(
            school_2022, "regenerate", "--revision", "1", "--period", period, "--out", str(tmp_path / period), "--json"
        )
        assert code == 0, err
        document = json.loads(out)
        assert document["pack_version"] == "2022.1" and document["revision"] == 1
        sent = YEAR_2022 / f"sent-{period}-r1.xlsx"
        assert Path(document["xlsx"]).read_bytes() == sent.read_bytes()
        if period == "2022":
            assert Path(document["pdf"]).read_bytes() == (YEAR_2022 / "sent-2022-r1.pdf").read_bytes()
        history = json.loads(cli(school_2022, "history", "--period", period, "--json")[1])
        assert history["pack_version"] == "2022.1"
        assert history["revisions"][0]["fingerprint"] == document["fingerprint"]
        checked = json.loads(cli(school_2022, "read-xlsx", str(sent), "--json")[1])  # 2023 active: read as 2022.1
        assert checked["ok"] and checked["pack_version"] == "2022.1"
        assert checked["fingerprint"] == document["fingerprint"]
        assert "full_time_teachers" in checked["values"].get("staff", {"full_time_teachers": 0})
    shown = json.loads(cli(school_2022, "show", "staff", "--period", "2022", "--json")[1])
    assert "full_time_teachers" in shown["values"]["staff"] and "exchange_in" in shown["values"]["staff"]
    assert shown["pack_versions"] == {"2022": "2022.1"}
    code, _out, err = cli(school_2022, "set", "staff", "staff_total", "1", "--period", "2022")
    assert code == 1 and "已上报，不能修改" in err  # a submitted year stays as sent


def test_the_bureau_takes_in_both_years_and_consolidates_each_under_its_own_pack(
    cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path
) -> None:
    bureau, xlsx = bureau_with_2023(cli, school_2022, pack_2023_file, tmp_path)
    files = [str(YEAR_2022 / "sent-2022-r1.xlsx"), str(YEAR_2022 / "sent-2022-2023-1-r1.xlsx"), str(xlsx)]
    code, out, err = cli(bureau, "bureau", "import", *files, "--json", "--workers", "1")
    assert code == 0, err
    decisions = [json.loads(line) for line in out.splitlines()]
    assert [(d["period"], d["decision"]) for d in decisions] == [
        ("2022", "accepted"),
        ("2022-2023-1", "accepted"),
        ("2023", "accepted"),
    ], decisions
    totals_2022 = json.loads(cli(bureau, "bureau", "totals", "--period", "2022", "--json")[1])
    totals_2023 = json.loads(cli(bureau, "bureau", "totals", "--period", "2023", "--json")[1])
    staff_2022 = totals_2022["district"]["categories"]["staff"]
    staff_2023 = totals_2023["district"]["categories"]["staff"]
    assert "full_time_teachers" in staff_2022 and "exchange_in" in staff_2022
    assert "teachers_full_time" in staff_2023 and "exchange_in" not in staff_2023
    assert staff_2023["teachers_full_time"]["total"] == staff_2022["full_time_teachers"]["total"]
    assert staff_2023["teachers_master"]["total"] == 9
    assert "recruits" in totals_2023["district"]["categories"]["teaching"]
    code, out, err = cli(bureau, "bureau", "quality", "--period", "2023", "--json")  # last year through the renames
    assert code == 0, err


def test_the_bureau_window_takes_in_both_years_under_the_packs_installed_beside_it(
    qtbot: Any, cli: Runner, school_2022: Path, pack_2023_file: Path, tmp_path: Path
) -> None:
    """The window as the program opens it (no pack given), with 2023.1 installed at the bureau: a 2023
    workbook is read under 2023.1 and a late 2022 revision under 2022.1 (before, the window read every
    file under the program's own pack and refused the 2023 one)."""
    from desktop_app.ui.bureau.window import open_bureau_window

    bureau, xlsx = bureau_with_2023(cli, school_2022, pack_2023_file, tmp_path)
    window = open_bureau_window(None, str(bureau))
    qtbot.addWidget(window)
    assert window.pack.version == "2023.1"  # the newest installed pack leads the window
    panel = window.import_panel
    panel.start([str(xlsx), str(YEAR_2022 / "sent-2022-r1.xlsx")])
    qtbot.waitUntil(lambda: not panel.busy, timeout=60000)
    rows = range(panel.table.rowCount())
    decisions = [panel.table.item(row, 1).text() for row in rows]
    assert decisions == ["已接收", "已接收"], [panel.table.item(row, 2).text() for row in rows]
    window.runner.wait()
    window.close()
