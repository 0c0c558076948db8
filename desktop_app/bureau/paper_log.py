"""The sealed papers verified, as lines of 导入记录: each receipt (bureau_paper) with the reason it was given.

A receipt keeps what was read off the paper (school, period, revision, fingerprint), the outcome, the file
and when it was checked; it keeps no text. The reason is said again (paper.explain) from the receipt and
the revisions the bureau had imported at that moment: bureau_submission keeps every revision with the time
it came, so a line reads as the answer did when the paper was checked, not as today's files would judge
it (a paper checked before its workbook arrived stays 尚未导入). Papers that decided nothing (no code, an
unreadable file) were never recorded, so they have no line.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from desktop_app.bureau.models import PaperReceipt, School, StoredSubmission
from desktop_app.bureau.paper import RECORDED, explain
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.paper import PaperCode


@dataclass(frozen=True, slots=True)
class PaperLogLine:
    at: datetime  # naive UTC, as stored
    file_name: str
    sha256: str
    school_code: str
    period: str
    revision: int
    outcome: str  # one of paper.RECORDED
    reason_zh: str
    reason_en: str


def paper_log(store: BureauStore, outcome: str | None = None, limit: int | None = None) -> list[PaperLogLine]:
    """The newest receipts first (of one outcome, or all), each with its reason."""
    query = select(PaperReceipt).order_by(PaperReceipt.received_at.desc(), PaperReceipt.id.desc())
    if outcome:
        query = query.where(PaperReceipt.outcome == outcome)
    if limit:
        query = query.limit(limit)
    with store.transaction() as session:
        receipts = list(session.scalars(query))
        codes = {receipt.school_code for receipt in receipts}
        names = dict(session.execute(select(School.code, School.name).where(School.code.in_(codes))).all())
        imported = session.execute(
            select(StoredSubmission.school_code, StoredSubmission.period, StoredSubmission.revision,
                   StoredSubmission.fingerprint, StoredSubmission.received_at)
            .where(StoredSubmission.school_code.in_(codes))
            .order_by(StoredSubmission.revision)
        ).all()  # fmt: skip
    history: dict[tuple[str, str], list[tuple[int, str, datetime]]] = {}
    for code, period, revision, fingerprint, received_at in imported:
        history.setdefault((code, period), []).append((int(revision), str(fingerprint), received_at))
    return [_line(receipt, names.get(receipt.school_code), history) for receipt in receipts]


def paper_count(store: BureauStore) -> int:
    with store.transaction() as session:
        return int(session.scalar(select(func.count()).select_from(PaperReceipt)) or 0)


def _line(
    receipt: PaperReceipt, name: str | None, history: dict[tuple[str, str], list[tuple[int, str, datetime]]]
) -> PaperLogLine:
    code = PaperCode(receipt.school_code, receipt.period, receipt.revision, receipt.fingerprint)
    then = {revision: fp for revision, fp, at in history.get((code.school_code, code.period), [])
            if at <= receipt.received_at}  # fmt: skip
    known = receipt.outcome in RECORDED  # an outcome of a later program version: shown without a reason
    zh, en = explain(receipt.outcome, code, name, then) if known else ("", "")
    return PaperLogLine(receipt.received_at, receipt.file_name, receipt.file_sha256, receipt.school_code,
                        receipt.period, receipt.revision, receipt.outcome, zh, en)  # fmt: skip
