"""Taking one parsed file into the bureau database: register and period checks, the decision, the
ledger row, all in ONE transaction. A rejected file changes nothing but the ledger.

Two importers racing on the same school and revision: the unique constraint stops the second insert,
the transaction rolls back whole, and the decision is taken again (it is then duplicate or conflict).
Core statements rather than the ORM's unit of work, built once, on one connection per batch (the
Committer): this runs once per file, 2,000 times a batch; each file is still its own transaction.
A file whose data the database refuses (a value out of a column's range that the checks before missed)
is rolled back and rejected with the reason; the batch goes on (validity.py checks the ranges first).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, Table, and_, bindparam, insert, select
from sqlalchemy.exc import DataError, IntegrityError, OperationalError, StatementError

from desktop_app.bureau.models import LedgerEntry, School, StoredSubmission, utcnow
from desktop_app.bureau.parse import FileResult, ParsedSubmission
from desktop_app.bureau.reasons import reason
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_set import PackSet
from desktop_app.domain.submission import short_fingerprint

ATTEMPTS = 5
# What the database (or its driver, before sending) raises for one file's values: never the batch's fault.
# SQLite's driver raises OverflowError for an integer beyond 64 bits; PostgreSQL a DataError.


class _NotARace(Exception):
    """An integrity error that deciding again does not cure: the file's own data."""


FILE_FAULTS = (DataError, StatementError, OverflowError, ValueError, _NotARace)
_MAX_REASON_CHARS = 2000
_SUBMISSIONS = cast(Table, StoredSubmission.__table__)
_LEDGER = cast(Table, LedgerEntry.__table__)
_SCHOOLS = cast(Table, School.__table__)
# The register check and the school's revisions for the period in one statement: no row means the school
# is not in the register; a row with a NULL revision means nothing received yet.
_KNOWN = (
    select(_SCHOOLS.c.code, _SUBMISSIONS.c.revision, _SUBMISSIONS.c.fingerprint)
    .select_from(
        _SCHOOLS.outerjoin(
            _SUBMISSIONS,
            and_(_SUBMISSIONS.c.school_code == _SCHOOLS.c.code, _SUBMISSIONS.c.period == bindparam("period")),
        )
    )
    .where(_SCHOOLS.c.code == bindparam("code"))
)
_INSERT_SUBMISSION = insert(_SUBMISSIONS).returning(_SUBMISSIONS.c.id)
_INSERT_LEDGER = insert(_LEDGER)


@dataclass(frozen=True, slots=True)
class ImportOutcome:
    """What happened to one file: a line of `school-report bureau import`."""

    path: str
    decision: str  # accepted | replaced | duplicate | older | conflict | rejected
    code: str
    reason_zh: str
    reason_en: str
    school_code: str | None = None
    period: str | None = None
    revision: int | None = None
    sha256: str = ""

    def text(self, lang: str = "zh") -> str:
        return self.reason_en if lang == "en" else self.reason_zh

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.path, "decision": self.decision, "code": self.code, "reason": self.reason_zh,
            "reason_en": self.reason_en, "school_code": self.school_code, "period": self.period,
            "revision": self.revision, "sha256": self.sha256,
        }  # fmt: skip


class Committer:
    """Takes parsed files into the store, one transaction per file, on one connection for the batch."""

    def __init__(self, store: BureauStore, pack: FormPack | PackSet) -> None:
        self.pack = pack
        self._store = store
        # The pack's periods, and the earlier ones it keeps for comparisons (last year's files); of every
        # installed version when the bureau holds several.
        specs = pack.periods if isinstance(pack, PackSet) else (*pack.periods, *pack.baseline_periods)
        self._periods = {spec.key for spec in specs}
        self._stack = ExitStack()
        self._connection: Connection | None = None

    def __enter__(self) -> Committer:
        self._connection = self._stack.enter_context(self._store.import_connection())
        return self

    def __exit__(self, *_exc: object) -> None:
        self._connection = None
        self._stack.close()

    @contextmanager
    def _transaction(self) -> Iterator[Connection]:
        assert self._connection is not None, "use Committer as a context manager"
        with self._connection.begin():
            yield self._connection

    def take(self, result: FileResult) -> ImportOutcome:
        """The decision on one file; a file the database refuses is rejected, never the end of the batch."""
        try:
            return self._decide(result)
        except OperationalError:
            raise  # the database itself (locked, gone, disk full): not this file's fault
        except FILE_FAULTS as error:
            cause = getattr(error, "orig", None) or error
            detail = str(error) if isinstance(error, _NotARace) else type(cause).__name__
            zh, en = reason("db_refused", "zh", detail=detail), reason("db_refused", "en", detail=detail)
            return self._reject(result, "db_refused", zh, en)

    def _decide(self, result: FileResult) -> ImportOutcome:
        if result.parsed is None:
            return self._reject(result, result.code, result.reason_zh, result.reason_en)
        parsed = result.parsed
        if parsed.status != "submitted":
            return self._reject(result, "draft", reason("draft", "zh"), reason("draft", "en"), parsed)
        if parsed.period not in self._periods:
            params = {"period": parsed.period, "pack": self.pack.id}
            zh, en = reason("unknown_period", "zh", **params), reason("unknown_period", "en", **params)
            return self._reject(result, "unknown_period", zh, en, parsed)
        for attempt in range(ATTEMPTS):
            try:
                with self._transaction() as connection:
                    return _take(connection, result, parsed)
            except IntegrityError:
                if attempt == ATTEMPTS - 1:
                    raise _NotARace("IntegrityError") from None
                continue  # a concurrent import inserted this revision first: decide again
            except OperationalError:
                if attempt == ATTEMPTS - 1:
                    raise
        raise RuntimeError("unreachable")

    def _reject(self, result: FileResult, code: str, zh: str, en: str,
                parsed: ParsedSubmission | None = None) -> ImportOutcome:  # fmt: skip
        with self._transaction() as connection:
            connection.execute(_INSERT_LEDGER, _ledger(result, "rejected", code, zh, en, parsed))
        return _outcome(result, "rejected", code, zh, en, parsed)

    def seen(self, path: str, sha256: str, size: int) -> ImportOutcome:
        """A file whose exact bytes were taken in before: a duplicate, without parsing it again."""
        result = FileResult(path, sha256, size)
        zh, en = reason("seen_file", "zh"), reason("seen_file", "en")
        with self._transaction() as connection:
            connection.execute(_INSERT_LEDGER, _ledger(result, "duplicate", "seen_file", zh, en, None))
        return _outcome(result, "duplicate", "seen_file", zh, en, None)


def commit(store: BureauStore, pack: FormPack | PackSet, result: FileResult) -> ImportOutcome:
    """One file on a connection of its own (callers that take a single file)."""
    with Committer(store, pack) as committer:
        return committer.take(result)


def _take(connection: Connection, result: FileResult, parsed: ParsedSubmission) -> ImportOutcome:
    rows = connection.execute(_KNOWN, {"code": parsed.school_code, "period": parsed.period}).all()
    if not rows:
        named: dict[str, object] = {"code": parsed.school_code, "name": parsed.school_name}
        zh, en = reason("not_in_register", "zh", **named), reason("not_in_register", "en", **named)
        connection.execute(_INSERT_LEDGER, _ledger(result, "rejected", "not_in_register", zh, en, parsed))
        return _outcome(result, "rejected", "not_in_register", zh, en, parsed)
    existing = {revision: fp for _code, revision, fp in rows if revision is not None}
    decision, params = _decide(parsed, existing)
    entry = _ledger(result, decision, decision, reason(decision, "zh", **params), reason(decision, "en", **params),
                    parsed)  # fmt: skip
    if decision in ("accepted", "replaced"):
        # The unique constraint speaks here, inside this transaction.
        inserted = connection.execute(_INSERT_SUBMISSION, _row(result, parsed))
        entry["submission_id"] = inserted.scalar_one()
        if parsed.answers_json not in ("", "{}"):  # answers to the bureau's questions (bureau/questions.py)
            from desktop_app.bureau.questions import record_answers

            record_answers(connection, parsed.school_code, parsed.period, parsed.revision, parsed.values_json,
                           parsed.answers_json)  # fmt: skip
    connection.execute(_INSERT_LEDGER, entry)
    return _outcome(result, decision, decision, entry["reason_zh"], entry["reason_en"], parsed)


def _decide(parsed: ParsedSubmission, existing: dict[int, str]) -> tuple[str, dict[str, object]]:
    revision, period = parsed.revision, parsed.period
    if revision in existing:
        if existing[revision] == parsed.fingerprint:
            return "duplicate", {"revision": revision}
        old, new = short_fingerprint(existing[revision]), short_fingerprint(parsed.fingerprint)
        return "conflict", {"revision": revision, "period": period, "old": old, "new": new}
    current = max(existing, default=0)
    if current > revision:
        return "older", {"revision": revision, "current": current, "period": period}
    if existing:
        return "replaced", {"revision": revision, "previous": current}
    return "accepted", {"revision": revision}


def _row(result: FileResult, parsed: ParsedSubmission) -> dict[str, Any]:
    return {
        "school_code": parsed.school_code, "period": parsed.period, "revision": parsed.revision,
        "fingerprint": parsed.fingerprint, "pack_id": parsed.pack_id, "pack_version": parsed.pack_version,
        "status": parsed.status, "school_name": parsed.school_name[:80], "values_json": parsed.values_json,
        "explanations_json": parsed.explanations_json, "signatories_json": parsed.signatories_json,
        "submitted_at": parsed.submitted_at, "received_at": utcnow(), "file_name": _clean(Path(result.path).name, 260),
        "file_sha256": result.sha256,
    }  # fmt: skip


def _ledger(result: FileResult, decision: str, code: str, zh: str, en: str,
            parsed: ParsedSubmission | None) -> dict[str, Any]:  # fmt: skip
    return {
        "file_name": _clean(Path(result.path).name, 260), "file_sha256": result.sha256[:64],
        "file_size": min(max(result.size, 0), 2**31 - 1), "decision": decision, "reason_code": code[:40],
        "reason_zh": _clean(zh, _MAX_REASON_CHARS), "reason_en": _clean(en, _MAX_REASON_CHARS),
        "school_code": parsed.school_code[:10] if parsed else None,
        "period": parsed.period[:16] if parsed else None, "revision": parsed.revision if parsed else None,
        "submission_id": None, "at": utcnow(),
    }  # fmt: skip


def _clean(text: str, limit: int) -> str:
    """Text a file supplied, as every database stores it: no NUL (PostgreSQL refuses it), bounded."""
    return text.replace("\x00", "\ufffd")[:limit]


def _outcome(result: FileResult, decision: str, code: str, zh: str, en: str,
             parsed: ParsedSubmission | None) -> ImportOutcome:  # fmt: skip
    return ImportOutcome(
        result.path,
        decision,
        code,
        zh,
        en,
        parsed.school_code if parsed else None,
        parsed.period if parsed else None,
        parsed.revision if parsed else None,
        result.sha256,
    )
