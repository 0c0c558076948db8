"""`school-report send --to ADDRESS [--pdf] [--period P]`: e-mail the submission to the bureau.

Uses the saved SMTP settings and the password from the keyring (asked for on a terminal when
missing). Without SMTP settings, or with --draft, it writes an .eml draft into the 邮件草稿 folder
beside the database and prints its path. A message that could not be sent is kept as a draft too,
so nothing is lost. The subject, body and files are in Chinese whatever --lang says: they are
addressed to the bureau.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.cli.context import CommandContext, describe, refusals_to_exit

if TYPE_CHECKING:
    from email.message import EmailMessage

    from desktop_app.exporters.email import SmtpConfig
    from desktop_app.services.reporting import ReportingService
    from desktop_app.services.settings import Settings

EXIT_FAILED, EXIT_USAGE = 1, 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "send",
        help="用电子邮件报送（Excel 报表，可附 PDF）",
        description="用“设置”中保存的发信邮箱（SMTP）发送报表；未设置发信邮箱时生成 .eml 邮件草稿并输出其路径。",
    )
    parser.add_argument("--to", metavar="ADDRESS", help="收件人邮箱（默认：设置中的区教体局邮箱）")
    parser.add_argument("--pdf", action="store_true", help="同时附上 PDF 报送文件")
    parser.add_argument("--period", metavar="P", help="报送期（如 2022 或 2022-2023-1；默认本年度）")
    parser.add_argument("--draft", action="store_true", help="不发送，只生成邮件草稿（.eml）")
    parser.add_argument("--out", metavar="DIR", type=Path, help="邮件草稿保存到的文件夹")
    parser.add_argument("--open", action="store_true", help="生成草稿后用默认邮件程序打开")
    parser.add_argument("--ask-password", action="store_true", help="重新输入邮箱密码（授权码）并保存")
    parser.set_defaults(handler=send)


@refusals_to_exit
def send(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.exporters.email import MessageError
    from desktop_app.services.settings import Settings, SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError as error:
        context.err(error.text(context.lang))
        settings = Settings()
    to = (args.to or settings.bureau_email).strip()
    if not to:
        context.err(context.tr("send.no_recipient"))
        return EXIT_USAGE
    by_smtp = not args.draft and bool(settings.smtp_host.strip())
    config: SmtpConfig | None = None
    password: str | None = None
    if by_smtp:  # settings and password first: a clerk should not wait for the files to be told
        config = _config(settings, context)
        if config is None:
            return EXIT_USAGE
        # A relay that needs no login (no account set) needs no password either.
        password = _password(config, args.ask_password, context) if config.user else ""
        if password is None:
            return EXIT_USAGE
    try:
        message = _build(context.service, settings, to, args.period, args.pdf, context)
    except MessageError as error:
        context.err(context.tr("common.error") + error.text(context.lang))
        return EXIT_USAGE
    if config is None or password is None:
        return _write_draft(message, args, context, explain=not args.draft)
    return _send(message, config, password, args, context)


def _config(settings: Settings, context: CommandContext) -> SmtpConfig | None:
    from desktop_app.services.sending import smtp_config

    try:
        return smtp_config(settings)
    except ValueError as error:
        wrong = context.tr("send.bad_smtp")
        context.err(wrong + describe(error, context.lang))
        return None


def _build(
    service: ReportingService,
    settings: Settings,
    to: str,
    period: str | None,
    with_pdf: bool,
    context: CommandContext,
) -> EmailMessage:
    from desktop_app.services.sending import build_submission_message

    return build_submission_message(
        service, settings, to, period, with_pdf, notice=lambda note: context.err(note.get(context.lang))
    )


def _draft_folder(args: argparse.Namespace, context: CommandContext) -> Path:
    from desktop_app.services.sending import draft_folder

    return Path(args.out) if args.out is not None else draft_folder(context.db)


def _keep_draft(message: EmailMessage, args: argparse.Namespace, context: CommandContext) -> Path | None:
    """The .eml draft and the report files beside it (for webmail); None when they cannot be saved."""
    from desktop_app.services.sending import keep_draft

    try:
        return keep_draft(message, _draft_folder(args, context))
    except OSError as error:  # includes TargetLockedError: a file open in Excel
        reason = describe(error, context.lang)
        context.err(context.tr("send.draft_not_saved") + reason)
        return None


def _write_draft(message: EmailMessage, args: argparse.Namespace, context: CommandContext, *, explain: bool) -> int:
    from desktop_app.exporters.email import open_with_default_program

    path = _keep_draft(message, args, context)
    if path is None:
        return EXIT_FAILED
    if explain:
        context.err(context.tr("send.no_smtp"))
    context.out(str(path))
    if args.open and not open_with_default_program(path):
        context.err(context.tr("send.no_mail_program"))
    return 0


def _send(
    message: EmailMessage, config: SmtpConfig, password: str, args: argparse.Namespace, context: CommandContext
) -> int:
    from desktop_app.exporters.email import SendError, send_message

    try:
        send_message(message, config, password)
    except SendError as error:
        context.err(context.tr("send.not_sent") + error.text(context.lang))
        if error.code == "auth_failed":
            context.err(context.tr("send.ask_again"))
        path = _keep_draft(message, args, context)
        if path is not None:
            context.err(context.tr("send.kept_as_draft", path=path))
        return EXIT_FAILED
    names = "、".join(part.get_filename() or "" for part in message.iter_attachments())
    context.out(context.tr("send.sent", to=message["To"], names=names))
    return 0


def _password(config: SmtpConfig, ask: bool, context: CommandContext) -> str | None:
    from desktop_app.exporters.email import get_password, set_password
    from desktop_app.exporters.email.secrets import STORED_IN_MEMORY, PasswordError

    password = None if ask else get_password(config.user, config.host)
    if password is not None:
        return password
    if not sys.stdin.isatty():
        if ask:
            context.err(context.tr("send.ask_password_needs_terminal"))
        else:
            context.err(context.tr("send.no_password", user=config.user))
        return None
    import getpass

    typed = getpass.getpass(context.tr("send.password_prompt", user=config.user))
    try:
        where = set_password(config.user, config.host, typed)
    except PasswordError as error:
        context.err(context.tr("common.error") + error.text(context.lang))
        return None
    if where == STORED_IN_MEMORY:
        context.err(context.tr("send.no_keyring"))
    return typed
