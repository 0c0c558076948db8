"""What was submitted, kept for good: snapshot rows, and the Submission rebuilt from one.

A snapshot row holds the canonical document (domain.submission.canonical_document, exactly what the
fingerprint is computed over) and the fingerprint. What the fingerprint does not cover but the files
print (school name, signatories with the 审核, times, the check results shown beside 说明) is kept as
JSON in the meta table under `snapshot:<period>:<revision>`, written in the same transaction. So a
revision's PDF and workbook can be made again later from the stored values, never the live ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from desktop_app.domain.pack import FormPack, Severity
from desktop_app.domain.questions import answer_from_json
from desktop_app.domain.submission import (
    Signatories,
    Status,
    Submission,
    canonical_bytes,
    canonical_document,
)
from desktop_app.domain.text import Text
from desktop_app.domain.values import from_json
from desktop_app.services.attachments import photos_of
from desktop_app.storage.models import Meta, School, Snapshot

if TYPE_CHECKING:
    from desktop_app.domain.validation import Issue
    from desktop_app.storage.store import Store


@dataclass(frozen=True, slots=True)
class SnapshotRecord:
    period: str
    revision: int
    fingerprint: str
    document: dict[str, Any]  # the canonical document
    context: dict[str, Any]  # what the files print beyond the fingerprinted values
    created_at: str
    reason: str  # why this revision replaced the one before ("" for the first)


def context_key(period: str, revision: int) -> str:
    return f"snapshot:{period}:{revision}"


def reopen_key(period: str) -> str:
    return f"reopen:{period}"


FILES_PENDING = "files-pending:"


def mark_files_pending(store: Store, period: str, revision: int, folder: str) -> None:
    """In the transaction that freezes a submission: its files are still to be written into `folder`."""
    value = json.dumps({"period": period, "revision": revision, "folder": folder}, ensure_ascii=False)
    with store.write() as session:
        session.merge(Meta(key=f"{FILES_PENDING}{period}:{revision}", value=value))


def files_pending(store: Store) -> list[dict[str, Any]]:
    """Submissions whose files were not (all) written: {"period", "revision", "folder"}, oldest first."""
    session = store.read()
    try:
        rows = session.execute(select(Meta.value).where(Meta.key.like(FILES_PENDING + "%")).order_by(Meta.key))
        return [json.loads(value) for (value,) in rows]
    finally:
        store.end_read()


def clear_files_pending(store: Store, period: str, revision: int) -> None:
    with store.write() as session:
        found = session.get(Meta, f"{FILES_PENDING}{period}:{revision}")
        if found is not None:
            session.delete(found)


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def issue_json(issue: Issue) -> dict[str, Any]:
    return {
        "rule_id": issue.rule_id, "severity": issue.severity.value, "category": issue.category,
        "field": issue.field, "zh": issue.message.zh, "en": issue.message.en, "code": issue.code,
        "row": issue.row, "column": issue.column, "explanation": issue.explanation,
    }  # fmt: skip


def issue_from_json(data: Mapping[str, Any]) -> Issue:
    from desktop_app.domain.validation import Issue

    return Issue(
        rule_id=data["rule_id"], severity=Severity(data["severity"]), category=data["category"],
        field=data["field"], message=Text(data["zh"], data["en"]), code=data["code"], row=data["row"],
        column=data["column"], explanation=data["explanation"],
    )  # fmt: skip


def freeze(store: Store, pack: FormPack, submission: Submission, issues: Sequence[Issue], reason: str) -> str:
    """Write the snapshot of a sealed submission (inside the caller's transaction); returns its fingerprint,
    the one it carries."""
    document = canonical_document(pack, submission)
    digest = submission.fingerprint or hashlib.sha256(canonical_bytes(document)).hexdigest()
    sign = asdict(submission.signatories)
    context = {
        "school_name": submission.school_name,
        "signatories": {k: _iso(v) if isinstance(v, date) else v for k, v in sign.items()},
        "submitted_at": _iso(submission.submitted_at),
        "generated_at": _iso(submission.generated_at),
        "issues": [issue_json(issue) for issue in issues],
        # the answers' targets and questions (the fingerprint covers uid → reply only)
        "answers": [{"uid": answer.question, **answer.as_json()} for answer in submission.answers],
    }
    assert submission.submitted_at is not None
    with store.write() as session:
        school_id = session.scalar(select(School.id).order_by(School.id).limit(1))
        if school_id is None:  # an empty database: the report rows of this same transaction made none
            school = School(created_at=submission.submitted_at.isoformat())
            session.add(school)
            session.flush()
            school_id = school.id
        session.add(
            Snapshot(
                school_id=school_id, period_key=submission.period, revision=submission.revision,
                document_json=json.dumps(document, ensure_ascii=False, sort_keys=True), fingerprint=digest,
                reason=reason, created_at=submission.submitted_at.isoformat(timespec="seconds"),
            )
        )  # fmt: skip
        key = context_key(submission.period, submission.revision)
        session.merge(Meta(key=key, value=json.dumps(context, ensure_ascii=False)))
        session.flush()
    return digest


def snapshots(store: Store, period: str) -> list[SnapshotRecord]:
    """Every submitted revision of the period, oldest first."""
    session = store.read()
    try:
        rows = session.scalars(select(Snapshot).where(Snapshot.period_key == period).order_by(Snapshot.revision)).all()
        keys = [context_key(period, row.revision) for row in rows]
        contexts = dict(session.execute(select(Meta.key, Meta.value).where(Meta.key.in_(keys))).all())
        return [
            SnapshotRecord(
                row.period_key,
                row.revision,
                row.fingerprint,
                json.loads(row.document_json),
                json.loads(contexts.get(context_key(period, row.revision), "{}")),
                row.created_at,
                row.reason,
            )
            for row in rows
        ]
    finally:
        store.end_read()


def pending_reopen(store: Store, period: str) -> dict[str, Any] | None:
    """The reopening not yet followed by a new submission: {"at", "reason", "revision"}."""
    text = store.meta(reopen_key(period))
    return json.loads(text) if text else None


def record_reopen(store: Store, period: str, revision: int, reason: str, at: str) -> None:
    value = json.dumps({"at": at, "reason": reason, "revision": revision}, ensure_ascii=False)
    with store.write() as session:
        session.merge(Meta(key=reopen_key(period), value=value))
        # Each reopening is kept too, so the history can show when and why every revision was withdrawn.
        session.merge(Meta(key=f"reopened:{period}:{revision}", value=value))


def clear_reopen(store: Store, period: str) -> None:
    with store.write() as session:
        found = session.get(Meta, reopen_key(period))
        if found is not None:
            session.delete(found)


def reopenings(store: Store, period: str) -> dict[int, dict[str, Any]]:
    """revision → {"at", "reason"} of each withdrawn revision of the period."""
    session = store.read()
    try:
        prefix = f"reopened:{period}:"
        rows = session.execute(select(Meta.key, Meta.value).where(Meta.key.like(prefix + "%"))).all()
        return {int(key[len(prefix) :]): json.loads(value) for key, value in rows}
    finally:
        store.end_read()


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _datetime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def rebuild(store: Store, pack: FormPack, record: SnapshotRecord) -> tuple[Submission, list[Issue]]:
    """The Submission (and the check results the files print) exactly as it was submitted."""
    document = record.document
    values: dict[str, dict[str, Any]] = {}
    for category_key, fields in in_pack_order(pack, document["values"]).items():
        category = pack.category(category_key)
        values[category_key] = {key: from_json(category.field(key), data, pack) for key, data in fields.items()}
    context = record.context
    sign = dict(context.get("signatories") or {})
    for key in ("reported_on", "reviewed_on"):
        sign[key] = _date(sign.get(key))
    submission = Submission(
        pack_id=document["pack"], pack_version=document["pack_version"], period=document["period"],
        school_code=document["school_code"], school_name=str(context.get("school_name", "")),
        revision=int(document["revision"]), status=Status.SUBMITTED, values=values,
        explanations=notes_in_pack_order(pack, document.get("explanations", {})),
        signatories=Signatories(**sign), generated_at=_datetime(context.get("generated_at")),
        submitted_at=_datetime(context.get("submitted_at")) or _datetime(record.created_at),
    )  # fmt: skip
    replies = document.get("answers", {})
    answers = tuple(
        answer_from_json(str(item["uid"]), item) for item in context.get("answers", []) if item.get("uid") in replies
    )
    submission = replace(submission, attachments=photos_of(store, pack, values), answers=answers)
    return submission, [issue_from_json(item) for item in context.get("issues", [])]


def in_pack_order(pack: FormPack, values: Mapping[str, Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """Categories and fields in the pack's order, as a submission is built (the stored document is sorted):
    a regenerated workbook then lists them as the one sent, byte for byte."""
    ordered: dict[str, dict[str, Any]] = {}
    for category in pack.categories:
        if category.key in values:
            fields = values[category.key]
            ordered[category.key] = {f.key: fields[f.key] for f in category.fields if f.key in fields}
    return ordered


def notes_in_pack_order(pack: FormPack, notes: Mapping[str, Mapping[str, str]]) -> dict[str, dict[str, str]]:
    """说明 by category in the pack's order, and by rule id within each."""
    return {c.key: dict(sorted(notes[c.key].items())) for c in pack.categories if notes.get(c.key)}


STATUS_FIELD = "#status"  # the audit trail's "what" for a change of state (上报 / 退回修改)


def audit_state(store: Store, category: str, period: str, revision: int, old: Any, new: Any, source: str) -> None:
    """An audit entry for a change of a report's state, in the caller's transaction."""
    from desktop_app.domain.values import now_iso
    from desktop_app.storage.models import AuditEntry

    with store.write() as session:
        session.add(
            AuditEntry(
                at=now_iso(), category=category, period_key=period, field=STATUS_FIELD, row_uid=None, column=None,
                old_json=json.dumps(old, ensure_ascii=False), new_json=json.dumps(new, ensure_ascii=False),
                revision=revision, source=source,
            )
        )  # fmt: skip
