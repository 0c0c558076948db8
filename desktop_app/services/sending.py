"""The submission e-mail, shared by `school-report send` and the window's Send dialog.

Split in steps so the window can read the database on its own thread (`gather`), let the clerk
edit the subject and body (`template`), render the files off the UI thread (`render_attachments`,
no database access) and build the message (`compose`). `build_submission_message` does all four
for the command line. The subject, body and file names are Chinese whatever the UI language:
they are addressed to the bureau.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from email.message import EmailMessage

    from desktop_app.domain.pack import FormPack
    from desktop_app.domain.submission import Submission
    from desktop_app.exporters.email import Attachment, SmtpConfig
    from desktop_app.services.edit_context import EditContext
    from desktop_app.services.settings import Settings

DRAFT_FOLDER = "邮件草稿"
MAIL_LANG = "zh"  # the bureau reads Chinese

Notice = Callable[[Text], None]


@dataclass(frozen=True, slots=True)
class Gathered:
    """What the message is made of, read from the database (on the caller's thread)."""

    pack: FormPack
    submission: Submission
    issues: Sequence[Any]

    @property
    def errors(self) -> int:
        return sum(1 for issue in self.issues if issue.severity == "error")


@dataclass(frozen=True, slots=True)
class Rendered:
    attachments: list[Attachment]
    warnings: tuple[Text, ...] = field(default=())  # e.g. characters no font could print


def gather(service: EditContext, period: str | None) -> Gathered:
    key = service.period_key(None, period)
    from desktop_app.services.lifecycle import current_submission, submission_pack

    submission, issues = current_submission(service, key)  # the frozen revision once submitted
    return Gathered(submission_pack(service, submission), submission, issues)


def notes(gathered: Gathered) -> list[Text]:
    """What the clerk should know before sending: a draft, errors the bureau may return."""
    result = []
    if gathered.submission.is_draft:
        result.append(
            Text(
                "注意：报表尚未提交，发送的是草稿；正式报送请先提交。",
                "Note: the report has not been submitted; this sends a draft.",
            )
        )
    if gathered.errors:
        result.append(
            Text(
                f"注意：报表仍有 {gathered.errors} 处错误，区教体局可能退回。",
                f"Note: the report still has {gathered.errors} error(s); the bureau may return it.",
            )
        )
    return result


def template(gathered: Gathered) -> tuple[str, str]:
    """The default subject and body (school, period, revision, fingerprint, 填表人)."""
    from desktop_app.domain.submission import fingerprint_of, short_fingerprint
    from desktop_app.exporters.email import default_subject_and_body

    short = short_fingerprint(fingerprint_of(gathered.pack, gathered.submission))
    return default_subject_and_body(gathered.submission, MAIL_LANG, fingerprint=short)


def attachment_names(gathered: Gathered, with_pdf: bool) -> list[str]:
    from desktop_app.exporters.pdf import pdf_file_name
    from desktop_app.exporters.xlsx.names import submission_file_name

    names = [submission_file_name(gathered.submission, "xlsx")]
    return [*names, pdf_file_name(gathered.submission)] if with_pdf else names


def render_attachments(gathered: Gathered, with_pdf: bool) -> Rendered:
    """The workbook (and the PDF) as bytes; touches no database, so it may run on a worker thread."""
    from desktop_app.exporters.email import PDF_MIME, XLSX_MIME
    from desktop_app.exporters.xlsx import build_workbook_bytes

    names = attachment_names(gathered, with_pdf)
    workbook = build_workbook_bytes(gathered.pack, gathered.submission, gathered.issues)
    attachments: list[Attachment] = [(names[0], workbook, XLSX_MIME)]
    warnings: tuple[Text, ...] = ()
    if with_pdf:
        from desktop_app.exporters.pdf import missing_characters_text, render_pdf

        pdf = render_pdf(gathered.pack, gathered.submission, gathered.issues)
        missing = getattr(pdf, "missing_characters", ())
        warnings = (missing_characters_text(missing),) if missing else ()  # in the clerk's language
        attachments.append((names[1], bytes(pdf), PDF_MIME))
    return Rendered(attachments, warnings)


def sender_address(settings: Settings, submission: Submission) -> str:
    """`"实验小学办公室" <account>` from the settings; "" when no account is set (a draft)."""
    from email.utils import formataddr

    account = settings.smtp_user.strip()
    return formataddr((settings.sender_name or submission.school_name, account)) if account else ""


def compose(
    settings: Settings, gathered: Gathered, to: str, subject: str, body: str, rendered: Rendered
) -> EmailMessage:
    """Raises exporters.email.MessageError (with a Chinese message) for an empty recipient."""
    from desktop_app.exporters.email import build_message

    sender = sender_address(settings, gathered.submission)
    return build_message(sender=sender, to=to, subject=subject, body=body, attachments=rendered.attachments)


def build_submission_message(
    service: EditContext,
    settings: Settings,
    to: str,
    period: str | None,
    with_pdf: bool,
    *,
    notice: Notice | None = None,
) -> EmailMessage:
    """The whole message with the template's subject and body; notes and font warnings go to `notice`."""
    gathered = gather(service, period)
    for note in notes(gathered):
        if notice is not None:
            notice(note)
    subject, body = template(gathered)
    rendered = render_attachments(gathered, with_pdf)
    for warning in rendered.warnings:
        if notice is not None:
            notice(warning)
    return compose(settings, gathered, to, subject, body, rendered)


def smtp_config(settings: Settings) -> SmtpConfig:
    """The saved SMTP settings; raises ValueError with a Chinese message when they are wrong."""
    from desktop_app.exporters.email import SmtpConfig

    return SmtpConfig(
        settings.smtp_host.strip(), settings.smtp_port, settings.smtp_security, settings.smtp_user.strip()
    )


def draft_folder(db: str | Path | None) -> Path:
    """邮件草稿 beside the database file, else in the user's data folder."""
    if db:
        return Path(db).resolve().parent / DRAFT_FOLDER
    from desktop_app.services.settings import data_dir

    return data_dir() / DRAFT_FOLDER


def service_draft_folder(service: EditContext) -> Path:
    """The draft folder for the window: beside its SQLite file (a server database has none)."""
    database = getattr(service.store, "database", None)
    return draft_folder(getattr(database, "path", None))


def keep_draft(message: EmailMessage, folder: Path) -> Path:
    """The .eml draft (X-Unsent: 1) and each attachment beside it, for webmail; returns the draft.

    Raises OSError (TargetLockedError when a file there is open in Excel).
    """
    from desktop_app.exporters.email import save_attachments, write_eml_draft

    path = write_eml_draft(message, folder)
    save_attachments(message, folder)
    return path


@dataclass(slots=True)
class Outcome:
    """The end of a send or draft: the rendered files (kept for another try) and what happened."""

    rendered: Rendered
    error: Exception | None = None  # SendError, MessageError or OSError, each with a Chinese message
    draft: Path | None = None


@dataclass(frozen=True, slots=True)
class Letter:
    """What the clerk chose in the Send dialog."""

    to: str
    subject: str
    body: str
    with_pdf: bool


def send_now(
    gathered: Gathered, settings: Settings, letter: Letter, password: str, rendered: Rendered | None = None
) -> Outcome:
    """Render (unless given), compose and send; never raises for what the clerk can fix.

    No database access: safe on a worker thread.
    """
    from desktop_app.exporters.email import MessageError, SendError, send_message

    rendered = rendered or render_attachments(gathered, letter.with_pdf)
    try:
        config = smtp_config(settings)
        message = compose(settings, gathered, letter.to, letter.subject, letter.body, rendered)
        send_message(message, config, password)
    except (SendError, MessageError, ValueError) as error:
        return Outcome(rendered, error)
    return Outcome(rendered)


def draft_now(
    gathered: Gathered, settings: Settings, letter: Letter, folder: Path, rendered: Rendered | None = None
) -> Outcome:
    """Render (unless given), compose and keep as an .eml draft with the files beside it."""
    from desktop_app.exporters.email import MessageError

    rendered = rendered or render_attachments(gathered, letter.with_pdf)
    try:
        message = compose(settings, gathered, letter.to, letter.subject, letter.body, rendered)
        return Outcome(rendered, draft=keep_draft(message, folder))
    except (MessageError, OSError) as error:
        return Outcome(rendered, error)
