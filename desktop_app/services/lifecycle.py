"""The submission lifecycle of a period: 草稿 → 上报 (已提交) → 退回修改 → 草稿 (next revision) → ….

上报: refused while errors remain or warnings lack a 说明; otherwise a verified backup, then ONE
transaction that freezes the values (snapshot + fingerprint) and stamps revision, time and status on
every report of the period; then both files (PDF + Excel), written atomically. A failure while writing
the files loses nothing: the submission stands and `regenerate` makes them again from the snapshot.
The school profile is shared by every period, so it is frozen in the snapshot but never locked.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import Category
from desktop_app.domain.periods import Period, PeriodKeyed
from desktop_app.domain.submission import Status, seal, stamped_categories
from desktop_app.domain.text import Text
from desktop_app.services import revisions
from desktop_app.services import submissions as snaps
from desktop_app.services.answers import blocking, blocking_of, period_issues
from desktop_app.services.edit_context import EditContext
from desktop_app.services.progress import build_submission, validate
from desktop_app.services.refusals_lifecycle import LifecycleError, SubmitRefused, blocker

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.domain.submission import Submission
    from desktop_app.domain.validation import Issue


@dataclass(frozen=True, slots=True)
class PeriodState(PeriodKeyed):
    period: str
    status: str  # draft | submitted
    revision: int  # the submitted revision, or the one a draft will be submitted as
    submitted_at: str = ""

    @property
    def submitted(self) -> bool:
        return self.status == Status.SUBMITTED.value


@dataclass(frozen=True, slots=True)
class SubmitResult:
    period: str
    revision: int
    fingerprint: str
    backup: Path | None
    pdf: Path | None
    xlsx: Path | None
    files_error: str = ""  # the submission stands; the files can be made again with regenerate


@dataclass(frozen=True, slots=True)
class RevisionEntry:
    revision: int
    submitted_at: str
    fingerprint: str
    reason: str  # why this revision replaced the one before ("" for the first)
    reviewer: str
    reviewed_on: str
    reopened_at: str = ""  # when it was withdrawn (退回修改), if it was
    reopen_reason: str = ""


def _period(service: EditContext, period: str | None) -> str:
    return service.period_key(None, period)


def period_label_text(period: str) -> Text:
    return Period.parse(period).label


def reports_of(service: EditContext, period: str) -> list[Category]:
    """The categories whose reports a submission of the period stamps (every one but the profile)."""
    return stamped_categories(service.pack, period)


def state(service: EditContext, period: str | None = None) -> PeriodState:
    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    status, revision = revisions.period_status(service.store, service.pack, key)
    at = ""
    if status is Status.SUBMITTED:
        records = snaps.snapshots(service.store, key)
        at = records[-1].created_at if records else ""
    return PeriodState(key, status.value, revision, at)


def blockers(service: EditContext, period: str | None = None) -> list[Any]:
    """What stops 上报 now: each error (text refused and still in its field too), each warning without its
    说明 — the items the window's answer counts (services.answers) — and each of the bureau's questions
    not yet answered (counted there too)."""
    from desktop_app.services import questions

    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    found = [blocker(service.pack, issue) for issue in blocking(service, key)]
    return found + questions.blockers(service, key)  # the bureau's questions not yet answered


def _set_states(service: EditContext, period: str, status: Status, revision: int, old: Any, new: Any,
                source: str) -> None:  # fmt: skip
    revisions.stamp(service.store, service.pack, period, status, revision, old, new, source)


Progress = Callable[[int, str], None]  # (percent, what is being done, in the service's language)

STEPS = {
    "check": Text("正在检查数据…", "Checking the data…"),
    "backup": Text("正在备份数据库…", "Backing up the database…"),
    "freeze": Text("正在冻结数据、记录校验码…", "Freezing the values…"),
    "pdf": Text("正在生成 PDF 报送文件…", "Making the PDF…"),
    "xlsx": Text("正在生成 Excel 报送文件…", "Making the workbook…"),
    "done": Text("已完成。", "Done."),
}


def submit(
    service: EditContext,
    period: str | None = None,
    reviewer: str | None = None,
    reviewed_on: date | None = None,
    out_dir: Path | None = None,
    backups_keep: int | None = None,
    progress: Progress | None = None,
) -> SubmitResult:
    """上报 the period; raises SubmitRefused (with each blocker) or LifecycleError, changing nothing.

    `progress(percent, text)` is told each step (the window runs this on a worker thread while it
    keeps every other use of the service's connection waiting)."""

    def step(percent: int, name: str) -> None:
        if progress is not None:
            progress(percent, STEPS[name].get(service.lang))

    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    _refuse_read_only(service)
    step(5, "check")
    current = state(service, key)
    if current.submitted:
        raise LifecycleError(
            "already_submitted", period=period_label_text(key), at=current.submitted_at, revision=current.revision
        )
    from desktop_app.services import questions

    # One answer, read once: the one the window shows (with the fonts: blank gaps in the PDF block it; and
    # text refused, still in its field); the refusal, the submission's 说明 and the files all read it.
    issues = period_issues(service, key)
    blocked = [blocker(service.pack, issue) for issue in blocking_of(issues)] + questions.blockers(service, key)
    if blocked:
        raise SubmitRefused(period_label_text(key), blocked)
    _refuse_unprintable_reviewer(service, reviewer)
    step(25, "backup")
    backup = _backup_first(service, backups_keep)
    step(45, "freeze")
    revision = revisions.next_revision(service.store, service.pack, key)
    now = datetime.now().astimezone().replace(microsecond=0)
    draft = build_submission(service, key, issues)
    reviewer = (reviewer or "").strip()
    signatories = replace(
        draft.signatories,
        reported_on=now.date(),
        reviewer=reviewer,
        reviewed_on=(reviewed_on or now.date()) if reviewer else None,
    )
    submission = seal(
        service.pack,
        replace(
            draft,
            revision=revision,
            status=Status.SUBMITTED,
            submitted_at=now,
            generated_at=now,
            signatories=signatories,
        ),
    )  # the one fingerprint
    reopened = snaps.pending_reopen(service.store, key)
    folder = (Path(out_dir) if out_dir else default_output_dir(service, key)).absolute()
    with service.store.write():  # one transaction: the snapshot, every state and the files still owed
        digest = snaps.freeze(
            service.store, service.pack, submission, issues, reason=str(reopened["reason"]) if reopened else ""
        )
        _set_states(service, key, Status.SUBMITTED, revision, "draft", "submitted", "submit")
        snaps.clear_reopen(service.store, key)
        questions.stamp(service.store, key, revision, [answer.question for answer in submission.answers])
        # Cleared once both files are written: a crash in between is made whole at the next start.
        snaps.mark_files_pending(service.store, key, revision, str(folder))
    service.undo_stack.clear()  # edits made before 上报 can no longer be undone into a submitted report
    try:
        pdf, xlsx = write_files(service.pack, submission, issues, folder, step)
    except OSError as error:
        from desktop_app.services.faults import file_error_text

        return SubmitResult(key, revision, digest, backup, None, None, file_error_text(error, folder, service.lang))
    snaps.clear_files_pending(service.store, key, revision)
    step(100, "done")
    return SubmitResult(key, revision, digest, backup, pdf, xlsx)


def _refuse_unprintable_reviewer(service: EditContext, reviewer: str | None) -> None:
    from desktop_app.domain.printable import shown, unprintable

    missing = unprintable((reviewer or "").strip(), service.print_check())
    if missing:
        raise LifecycleError("unprintable_reviewer", chars=shown(missing))


def _refuse_read_only(service: EditContext) -> None:
    """A database in a read-only place is refused before anything (no backup is tried)."""
    from desktop_app.storage.errors import ReadOnlyLocation

    database = service.store.database
    if database.read_only:
        raise ReadOnlyLocation(database.target)


def _backup_first(service: EditContext, keep: int | None) -> Path | None:
    from desktop_app.services.backups import backups_keep
    from desktop_app.storage.backup import backup_database
    from desktop_app.storage.errors import BackupFailed

    path = service.store.database.path
    if path is None:  # a server database (bureau) has its own backups
        return None
    try:
        return backup_database(path, reason="submit", keep=keep or backups_keep())  # Settings.backups_keep
    except BackupFailed as error:
        raise LifecycleError("backup_failed", detail=error.params.get("detail", "")) from error


def reopen(service: EditContext, reason: str, period: str | None = None) -> PeriodState:
    """退回修改: the period becomes a draft of the next revision; the submitted snapshot is kept."""
    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    _refuse_read_only(service)
    current = state(service, key)
    if not current.submitted:
        raise LifecycleError("not_submitted", period=period_label_text(key))
    reason = reason.strip()
    if not reason:
        raise LifecycleError("reason_required")
    at = datetime.now().astimezone().isoformat(timespec="seconds")
    with service.store.write():
        _set_states(
            service,
            key,
            Status.DRAFT,
            current.revision + 1,
            "submitted",
            {"status": "draft", "reason": reason},
            "reopen",
        )
        snaps.record_reopen(service.store, key, current.revision, reason, at)
    return state(service, key)


def history(service: EditContext, period: str | None = None) -> list[RevisionEntry]:
    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    withdrawn = snaps.reopenings(service.store, key)
    entries = []
    for record in snaps.snapshots(service.store, key):
        sign = record.context.get("signatories") or {}
        out = withdrawn.get(record.revision, {})
        entries.append(RevisionEntry(
            record.revision, record.created_at, record.fingerprint, record.reason,
            str(sign.get("reviewer") or ""), str(sign.get("reviewed_on") or ""),
            str(out.get("at", "")), str(out.get("reason", "")),
        ))  # fmt: skip
    return entries


def frozen_submission(service: EditContext, period: str | None, revision: int) -> tuple[Submission, list[Issue]]:
    """A submitted revision rebuilt from its snapshot (never from the live values), fingerprint checked."""
    from desktop_app.domain.submission import fingerprint

    key = _period(service, period)
    service = service.for_period(key)  # an earlier year: under its own pack
    records = snaps.snapshots(service.store, key)
    record = next((r for r in records if r.revision == revision), None)
    if record is None:
        known = Text(
            "、".join(str(r.revision) for r in records) or "无", ", ".join(str(r.revision) for r in records) or "none"
        )
        raise LifecycleError("no_revision", period=period_label_text(key), revision=revision, known=known)
    pack = _pack_of(service, record.document)
    submission, issues = snaps.rebuild(service.store, pack, record)
    if fingerprint(pack, submission) != record.fingerprint:  # verified against the stored one
        raise LifecycleError("snapshot_changed", revision=revision)
    return seal(pack, submission, verified=record.fingerprint), issues


def _pack_of(service: EditContext, document: dict[str, Any]) -> FormPack:
    """The pack a snapshot was submitted under (installed), else the service's own."""
    wanted = (str(document.get("pack")), str(document.get("pack_version")))
    if (service.pack.id, service.pack.version) == wanted or service.shelf is None:
        return service.pack
    return service.shelf.get(*wanted) or service.pack


def stored_fingerprint(service: EditContext, period: str, revision: int) -> str:
    """The fingerprint recorded when the revision was submitted."""
    record = next((r for r in snaps.snapshots(service.store, period) if r.revision == revision), None)
    return record.fingerprint if record is not None else ""


def submission_pack(service: EditContext, submission: Submission) -> FormPack:
    """The pack a submission's files are made with: the one it was made under."""
    document = {"pack": submission.pack_id, "pack_version": submission.pack_version}
    return _pack_of(service.for_period(submission.period), document)


def current_submission(service: EditContext, period: str | None = None) -> tuple[Submission, list[Issue]]:
    """What exports should print now: the frozen submission once submitted, else the live draft."""
    now = state(service, period)
    if now.submitted:
        return frozen_submission(service, now.period, now.revision)
    service = service.for_period(now.period)
    issues = validate(service, now.period, None, for_submission=True)
    return seal(service.pack, build_submission(service, now.period, issues)), issues


def regenerate(service: EditContext, revision: int, out_dir: Path, period: str | None = None) -> tuple[Path, Path]:
    """Make a submitted revision's PDF and workbook again: same values, same fingerprint."""
    submission, issues = frozen_submission(service, period, revision)
    files = write_files(submission_pack(service, submission), submission, issues, Path(out_dir))
    if not service.store.database.read_only:
        snaps.clear_files_pending(service.store, submission.period, revision)  # the files exist now
    return files


PENDING_DONE = Text(
    "上次上报{period}第{revision}版时报送文件未全部生成（程序意外退出），已按上报时的存档重新生成：{folder}",
    "The files of the submission of {period}, revision {revision}, were not all written last time (the "
    "program stopped unexpectedly); they were made again from the submitted record: {folder}",
)
PENDING_FAILED = Text(
    "上次上报{period}第{revision}版时报送文件未全部生成，现在仍无法生成（{reason}）；已上报的数据不受影响，"
    "请处理后用“重新生成”再次生成文件。",
    "The files of the submission of {period}, revision {revision}, were not all written, and still cannot "
    "be ({reason}); what was submitted is safe. Fix this, then use “Regenerate”.",
)
PENDING_READ_ONLY = Text(
    "{period}第{revision}版已上报，但报送文件未全部生成；数据库在只读位置，无法在此补生成。"
    "可用 regenerate --out 把文件生成到可写的文件夹。",
    "{period}, revision {revision}, was submitted but its files were not all written; the database is "
    "in a read-only place, so they cannot be completed here. Use regenerate --out to write them elsewhere.",
)


def pending_files(service: EditContext, read_only: bool = False) -> list[Text]:
    """What is owed, said without doing it (for a database that cannot be changed)."""
    return (
        [
            Text(
                PENDING_READ_ONLY.format("zh", period=period.name(), revision=item["revision"]),
                PENDING_READ_ONLY.format("en", period=period.name("en"), revision=item["revision"]),
            )
            for item in snaps.files_pending(service.store)
            for period in [Period.parse(str(item["period"]))]
        ]
        if read_only
        else []
    )


def complete_pending_files(service: EditContext) -> list[Text]:
    """Write the files a crash during 上报 left unwritten, from the frozen snapshot; one line each."""
    from desktop_app.exporters.atomic import remove_stale_temporaries
    from desktop_app.services.faults import file_error_text

    said = []
    for item in snaps.files_pending(service.store):
        period, revision, folder = str(item["period"]), int(item["revision"]), Path(str(item["folder"]))
        named = Period.parse(period).label
        names = {"zh": named.zh, "en": named.en}
        try:
            submission, issues = frozen_submission(service, period, revision)
            files = write_files(submission_pack(service, submission), submission, issues, folder)
        except (OSError, LifecycleError) as error:
            reason = {
                lang: (error.text(lang) if isinstance(error, LifecycleError) else file_error_text(error, folder, lang))
                for lang in ("zh", "en")
            }
            said.append(
                Text(
                    *(
                        PENDING_FAILED.format(lang, period=names[lang], revision=revision, reason=reason[lang])
                        for lang in ("zh", "en")
                    )
                )
            )
            continue
        for path in files:
            remove_stale_temporaries(path)
        snaps.clear_files_pending(service.store, period, revision)
        said.append(
            Text(
                *(
                    PENDING_DONE.format(lang, period=names[lang], revision=revision, folder=str(folder))
                    for lang in ("zh", "en")
                )
            )
        )
    return said


def write_files(
    pack: FormPack,
    submission: Submission,
    issues: list[Issue],
    folder: Path,
    step: Callable[[int, str], None] | None = None,
) -> tuple[Path, Path]:
    """The PDF and the workbook of a submission, each replaced whole or not at all."""
    from desktop_app.exporters.pdf import pdf_file_name, render_pdf, write_pdf
    from desktop_app.exporters.xlsx import export_xlsx

    folder.mkdir(parents=True, exist_ok=True)
    if step is not None:
        step(60, "pdf")
    pdf = write_pdf(folder / pdf_file_name(submission), render_pdf(pack, submission, issues))
    if step is not None:
        step(80, "xlsx")
    return pdf, export_xlsx(pack, submission, issues, folder)


def default_output_dir(service: EditContext, period: str | None = None) -> Path:
    """Where 上报 puts a period's files: 文档/学校工作报送/<期> (the folder is a setting), a place the
    clerk sees, never the hidden data folder. Files of earlier submissions stay where they were."""
    from desktop_app.exporters.xlsx.names import safe_file_part
    from desktop_app.services.settings import Settings, load_settings, submissions_root

    try:
        settings = load_settings()
    except Exception:  # a broken settings file must not stop a submission
        settings = Settings()
    key = _period(service, period)
    return submissions_root(settings) / safe_file_part(Period.parse(key).name())
