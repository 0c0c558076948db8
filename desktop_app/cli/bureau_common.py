"""What the `bureau` command modules share (commands_bureau, _figures, _paper, _report): a subcommand that
takes --db after its name, the bureau's database opened from it, the period checked against the pack, a
refusal said in the product's words. Here so that those modules import it, never each other.
"""

from __future__ import annotations

import argparse
from typing import Any

from desktop_app.cli.context import CommandContext

USAGE_ERROR = 2


def add_command(bureau: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
                help_text: str) -> argparse.ArgumentParser:  # fmt: skip
    """A `bureau` subcommand that also takes --db after its name (the global --db is used when absent)."""
    parser = bureau.add_parser(name, help=help_text)
    parser.add_argument("--db", default=argparse.SUPPRESS, metavar="URL|PATH",
                        help="汇总数据库：SQLite 文件或 SQLAlchemy URL（如 postgresql+psycopg://…）")  # fmt: skip
    return parser


def _open(context: CommandContext) -> Any:
    from desktop_app.bureau.store import BureauStore
    from desktop_app.services.settings import database_target

    return BureauStore.open(database_target("bureau", context.db))


def _db(args: argparse.Namespace, context: CommandContext) -> None:
    if getattr(args, "db", None):
        context.db = args.db


def _period(args: argparse.Namespace, context: CommandContext) -> str | None:
    context.use_pack_for(args.period)  # each year is consolidated under its own pack
    period = args.period or context.pack.default_period.key
    known = (*context.pack.periods, *context.pack.baseline_periods)  # earlier periods can be looked at too
    if not any(spec.key == period for spec in known):
        keys = "、".join(spec.key for spec in known)
        context.err(context.tr("bureau.no_period", period=period, keys=keys))
        return None
    return period


def _refuse(context: CommandContext, error: Exception) -> int:
    from desktop_app.cli.context import describe

    context.err(context.tr("common.error") + describe(error, context.lang))
    return 1
