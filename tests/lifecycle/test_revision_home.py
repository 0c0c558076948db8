"""A period's status and revision have one home (the period's report rows) and one module that writes
and reads them (services/revisions.py); snapshots and Meta keys hold history only."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop_app.domain.submission import Status
from desktop_app.services import lifecycle, revisions

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


def test_only_the_revisions_module_stamps_status_and_revision() -> None:
    writers = sorted(
        str(path.relative_to(PACKAGE)) for path in PACKAGE.rglob("*.py")
        if re.search(r"\.set_report_state\(", path.read_text(encoding="utf-8"))
    )  # fmt: skip
    assert writers == ["services/revisions.py"]


def test_the_draft_the_lifecycle_and_the_snapshot_agree_through_submit_and_reopen(service: Any,
                                                                                   tmp_path: Path) -> None:  # fmt: skip
    pack, store = service.pack, service.store
    period = lifecycle.state(service).period
    assert revisions.period_status(store, pack, period) == (Status.DRAFT, 1)
    assert revisions.next_revision(store, pack, period) == 1
    first = lifecycle.submit(service, out_dir=tmp_path / "1")
    assert revisions.period_status(store, pack, period) == (Status.SUBMITTED, 1) and first.revision == 1
    assert service.build_submission(period).status is Status.SUBMITTED
    lifecycle.reopen(service, "更正在校生人数")
    assert revisions.period_status(store, pack, period) == (Status.DRAFT, 2)
    draft = service.build_submission(period)
    assert (draft.status, draft.revision) == (Status.DRAFT, 2)
    assert revisions.next_revision(store, pack, period) == 2
    second = lifecycle.submit(service, out_dir=tmp_path / "2")
    assert second.revision == 2
    assert [entry.revision for entry in lifecycle.history(service)] == [1, 2]
    assert lifecycle.state(service).revision == 2 and lifecycle.state(service).submitted
