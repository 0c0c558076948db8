"""Taking in the bureau's 退回意见 file at the school: checked against what this school submitted, its
questions stored and the period reopened, in one transaction (apart from services/questions.py, which
the checks read, so that checking does not depend on the lifecycle)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.periods import Period
from desktop_app.domain.questions import target_value
from desktop_app.domain.submission import short_fingerprint
from desktop_app.domain.text import Text
from desktop_app.domain.values import now_iso
from desktop_app.services.questions import Imported, QuestionsRefused, uids
from desktop_app.storage.models import Question

if TYPE_CHECKING:
    from desktop_app.services.reporting import ReportingService

__all__ = ["Imported", "QuestionsRefused", "import_file"]


def _school_code(service: ReportingService) -> str:
    return str(service.profile().get("school_code") or "")


def import_file(service: ReportingService, path: Path) -> Imported:
    """Check and take in a 退回意见 file; reopen the period with its reason. All or nothing."""
    from desktop_app.exporters.xlsx.questions import read_questions
    from desktop_app.services import lifecycle
    from desktop_app.services import submissions as snaps

    question_file = read_questions(Path(path))
    ours = _school_code(service)
    if question_file.school_code != ours:
        raise QuestionsRefused("other_school", other=question_file.school_name, code=question_file.school_code,
                               ours=ours or "未填写学校标识码")  # fmt: skip
    period = question_file.period
    if not any(spec.key == period for spec in service.pack.periods):
        raise QuestionsRefused("unknown_period", period=period)
    records = snaps.snapshots(service.store, period)
    record = next((r for r in records if r.revision == question_file.revision), None)
    label = Period.parse(period).label
    if record is None:
        known = Text(
            "、".join(f"第{r.revision}版" for r in records) or "无",
            ", ".join(str(r.revision) for r in records) or "none",
        )
        raise QuestionsRefused("never_submitted", period=label, revision=question_file.revision, known=known)
    if record.fingerprint != question_file.fingerprint:
        raise QuestionsRefused("other_fingerprint", period=label, revision=question_file.revision,
                               theirs=short_fingerprint(question_file.fingerprint),
                               ours=short_fingerprint(record.fingerprint))  # fmt: skip
    with open(path, "rb") as handle:
        sha = hashlib.sha256(handle.read()).hexdigest()
    values = record.document.get("values", {})
    known_uids = set(uids(service.store))
    new = [item for item in question_file.questions if item.uid not in known_uids]
    at = now_iso()
    reopened = False
    with service.store.write() as session:
        for item in new:
            target = item.target
            session.add(Question(
                uid=item.uid[:24], period_key=period, revision=question_file.revision, category=target.category,
                field=target.field, row=target.row, text=item.text,
                value_json=json.dumps(target_value(values, target), ensure_ascii=False),
                reason=question_file.reason, file_sha256=sha, imported_at=at, reply="", replied_at="",
                answered_revision=None,
            ))  # fmt: skip
        if new and lifecycle.state(service, period).submitted:
            lifecycle.reopen(service, question_file.reason or "区教体局退回修改意见", period)
            reopened = True
    return Imported(period, question_file.revision, len(new), len(question_file.questions) - len(new), reopened,
                    question_file.reason)  # fmt: skip
