"""上报 / 退回修改 / history / regenerate on a real database, with the real PDF and workbook read back."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.submission import fingerprint, short_fingerprint
from desktop_app.services import lifecycle
from desktop_app.services.refusals import EditRefused
from desktop_app.services.refusals_lifecycle import LifecycleError, SubmitRefused
from desktop_app.storage.backup import list_backups
from tests.lifecycle.conftest import read_value

PERIOD = "2022"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def _calamine_cover(path: Path) -> dict[str, Any]:
    from python_calamine import CalamineWorkbook

    workbook = CalamineWorkbook.from_path(str(path))
    rows = workbook.get_sheet_by_name("封面").to_python()
    return {str(row[0]): row[1] for row in rows if len(row) > 1 and row[0]}


def _snapshot_count(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT count(*) FROM snapshots").fetchone()[0])
    finally:
        connection.close()


def test_submit_is_refused_while_errors_remain(service: Any, demo_db: Path, tmp_path: Path) -> None:
    service.set_text("party", "members", "", period=PERIOD)  # a required field emptied
    with pytest.raises(SubmitRefused) as refused:
        lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    blockers = refused.value.blockers
    assert [(b.category, b.field, b.severity) for b in blockers] == [("party", "members", "error")]
    assert "党建工作 / 党员人数" in refused.value.text() and "必填" in refused.value.text()
    assert refused.value.as_json()[0]["field"] == "members"
    # Nothing changed: no snapshot, no backup, still a draft, still editable, no files.
    assert _snapshot_count(demo_db) == 0 and list_backups(demo_db) == []
    assert lifecycle.state(service, PERIOD).status == "draft"
    assert not (tmp_path / "out").exists()
    service.set_text("party", "members", "26", period=PERIOD)


def test_submit_is_refused_while_a_warning_lacks_its_explanation(service: Any, tmp_path: Path) -> None:
    notes = service.explanations("integrity", PERIOD)
    rule_id, text = next(iter(notes.items()))
    service.set_explanation("integrity", rule_id, "", period=PERIOD)
    with pytest.raises(SubmitRefused) as refused:
        lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    assert [(b.rule_id, b.severity) for b in refused.value.blockers] == [(rule_id, "warning")]
    assert "缺少说明" in refused.value.text()
    service.set_explanation("integrity", rule_id, text, period=PERIOD)
    assert lifecycle.submit(service, PERIOD, out_dir=tmp_path).revision == 1


def test_submit_freezes_stamps_backs_up_and_writes_both_files(
    service: Any, demo_db: Path, pack: Any, tmp_path: Path
) -> None:
    from desktop_app.exporters.xlsx import read_submission

    result = lifecycle.submit(service, PERIOD, reviewer="王审核", out_dir=tmp_path / "out")
    assert result.revision == 1 and not result.files_error
    assert result.backup is not None and result.backup.name.endswith("-submit.sqlite3")
    assert result.pdf is not None and result.pdf.name.endswith("_2022年度_第1版.pdf")
    assert result.xlsx is not None and result.xlsx.name.endswith("_2022年度_第1版.xlsx")
    text = _pdf_text(result.pdf)
    assert short_fingerprint(result.fingerprint) in text and "王审核" in text and "草稿" not in text
    workbook = read_submission(result.xlsx, pack)
    assert fingerprint(pack, workbook) == result.fingerprint and workbook.revision == 1
    assert workbook.signatories.reviewer == "王审核"
    assert _calamine_cover(result.xlsx)["完整校验码（SHA-256）"] == result.fingerprint
    # Every report of the period is stamped; the profile (shared by all periods) stays editable.
    for category in lifecycle.reports_of(service, PERIOD):
        assert service.status(category.key, PERIOD) == ("submitted", 1)
    now = lifecycle.state(service, PERIOD)
    assert now.submitted and now.revision == 1 and now.submitted_at
    with pytest.raises(EditRefused) as refused:
        service.set_text("party", "members", "99", period=PERIOD)
    assert refused.value.code == "report_submitted"
    assert read_value(demo_db, "party", "members", PERIOD) == 25
    with pytest.raises(LifecycleError) as again:
        lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    assert again.value.code == "already_submitted" and "退回修改" in again.value.text()
    trail = [r for r in service.audit("party", PERIOD) if r.field == "#status"]
    assert [(r.old, r.new, r.revision, r.source) for r in trail] == [("draft", "submitted", 1, "submit")]


def test_reopen_needs_a_reason_and_a_submitted_period(service: Any, tmp_path: Path) -> None:
    with pytest.raises(LifecycleError) as not_yet:
        lifecycle.reopen(service, "改数", PERIOD)
    assert not_yet.value.code == "not_submitted"
    lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    with pytest.raises(LifecycleError) as no_reason:
        lifecycle.reopen(service, "   ", PERIOD)
    assert no_reason.value.code == "reason_required"
    assert lifecycle.state(service, PERIOD).submitted


def test_reopen_resubmit_history_and_regenerate_from_the_snapshot(service: Any, pack: Any, tmp_path: Path) -> None:
    from desktop_app.exporters.xlsx import read_submission

    first = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r1")
    now = lifecycle.reopen(service, "党员人数填错", PERIOD)
    assert (now.status, now.revision) == ("draft", 2)
    service.set_text("party", "members", "30", period=PERIOD)
    assert service.audit("party", PERIOD)[-1].revision == 2  # edits after reopening belong to revision 2
    second = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "r2")
    assert second.revision == 2 and second.fingerprint != first.fingerprint
    entries = lifecycle.history(service, PERIOD)
    assert [(e.revision, e.reason, e.reopen_reason) for e in entries] == [
        (1, "", "党员人数填错"),
        (2, "党员人数填错", ""),
    ]
    assert entries[0].reopened_at and entries[0].submitted_at <= entries[1].submitted_at
    # Revision 1 made again later: the old value and the old fingerprint, not the live ones.
    pdf, xlsx = lifecycle.regenerate(service, 1, tmp_path / "again", PERIOD)
    assert pdf.name == first.pdf.name and xlsx.name == first.xlsx.name  # type: ignore[union-attr]
    again = read_submission(xlsx, pack)
    assert again.values["party"]["members"] == 25 and fingerprint(pack, again) == first.fingerprint
    original = read_submission(first.xlsx, pack)  # type: ignore[arg-type]
    assert again == original  # every value, 说明, signatory and time as first written
    assert short_fingerprint(first.fingerprint) in _pdf_text(pdf)
    assert _calamine_cover(xlsx)["完整校验码（SHA-256）"] == first.fingerprint
    latest = read_submission(lifecycle.regenerate(service, 2, tmp_path / "again2", PERIOD)[1], pack)
    assert latest.values["party"]["members"] == 30 and fingerprint(pack, latest) == second.fingerprint
    with pytest.raises(LifecycleError) as missing:
        lifecycle.regenerate(service, 3, tmp_path / "x", PERIOD)
    assert missing.value.code == "no_revision" and "1、2" in missing.value.text()


def test_exports_after_submission_print_the_frozen_values(service: Any, pack: Any, tmp_path: Path) -> None:
    draft, _issues = lifecycle.current_submission(service, PERIOD)
    assert draft.is_draft
    result = lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    service.set_text("profile", "phone", "0531-80000009")  # the shared profile changes afterwards
    frozen, _issues = lifecycle.current_submission(service, PERIOD)
    assert not frozen.is_draft and fingerprint(pack, frozen) == result.fingerprint
    assert frozen.values["profile"]["phone"] != "0531-80000009"


def test_a_tampered_snapshot_is_refused_not_printed(service: Any, demo_db: Path, tmp_path: Path) -> None:
    lifecycle.submit(service, PERIOD, out_dir=tmp_path)
    import json

    connection = sqlite3.connect(demo_db)
    try:
        document = json.loads(connection.execute("SELECT document_json FROM snapshots").fetchone()[0])
        document["values"]["party"]["members"] = 26
        connection.execute("UPDATE snapshots SET document_json = ?", (json.dumps(document),))
        connection.commit()
    finally:
        connection.close()
    with pytest.raises(LifecycleError) as refused:
        lifecycle.regenerate(service, 1, tmp_path / "again", PERIOD)
    assert refused.value.code == "snapshot_changed"
    assert not (tmp_path / "again").exists() or not any((tmp_path / "again").iterdir())


def test_files_that_cannot_be_written_lose_nothing(service: Any, tmp_path: Path) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")  # a file where the folder should be
    result = lifecycle.submit(service, PERIOD, out_dir=blocked)
    assert result.pdf is None and "重新生成" in result.files_error
    assert lifecycle.state(service, PERIOD).submitted  # the submission stands
    pdf, xlsx = lifecycle.regenerate(service, 1, tmp_path / "ok", PERIOD)
    assert pdf.exists() and xlsx.exists()


def test_the_default_output_folder_is_in_the_documents_folder(service: Any, tmp_path: Path) -> None:
    result = lifecycle.submit(service, PERIOD)
    assert result.pdf is not None and result.pdf.parent == tmp_path / "documents" / "学校工作报送" / "2022年度"


def test_semester_periods_have_their_own_lifecycle(service: Any, tmp_path: Path) -> None:
    semester = "2022-2023-1"
    if lifecycle.blockers(service, semester):
        pytest.skip("the demo semester is not complete")
    lifecycle.submit(service, semester, out_dir=tmp_path)
    assert lifecycle.state(service, semester).submitted
    assert not lifecycle.state(service, PERIOD).submitted
    service.set_text("party", "members", "27", period=PERIOD)  # the annual report stays editable
    service.set_text("profile", "phone", "0531-80000002")  # and the shared profile too
