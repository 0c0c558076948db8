"""What every command handler gets: the language, the database, the pack, and a lazily opened service.

Refusals (a bad value, a database that cannot be used, a broken pack) are turned into a message on
stderr and exit status 1 by `refusals_to_exit`; nothing else reaches the user as a traceback.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.services.packs import PackShelf
    from desktop_app.services.reporting import ReportingService

Handler = Callable[[argparse.Namespace, "CommandContext"], int]


@dataclass
class CommandContext:
    db: str | None
    lang: str = "zh"
    pack_path: str | None = None
    stdout: TextIO = field(default_factory=lambda: sys.stdout)
    stderr: TextIO = field(default_factory=lambda: sys.stderr)
    _service: ReportingService | None = None
    _pack: FormPack | None = None
    _started: Any = None  # services.startup.Started: the instance lock and the open service

    @classmethod
    def from_args(cls, args: argparse.Namespace) -> CommandContext:
        lang = getattr(args, "lang", None) or _settings_language()
        # SCHOOL_REPORT_PACK points support staff (and tests) at another pack folder.
        pack_path = getattr(args, "pack_path", None) or os.environ.get("SCHOOL_REPORT_PACK") or None
        return cls(db=getattr(args, "db", None), lang=lang, pack_path=pack_path)

    @property
    def shelf(self) -> PackShelf:
        """The installed form packs of this database (the `packs` folder beside it)."""
        from desktop_app.services.packs import PackShelf
        from desktop_app.services.startup import resolve_database

        return PackShelf.for_database(resolve_database(self.db))

    @property
    def pack(self) -> FormPack:
        """--pack (or SCHOOL_REPORT_PACK) if given, else the active pack: the newest installed version."""
        if self._pack is None:
            from desktop_app.domain.loader import load_pack

            self._pack = load_pack(self.pack_path) if self.pack_path else self.shelf.active()
        return self._pack

    def use_pack_for(self, period: str | None) -> None:
        """Commands that read one period use the pack it is kept under (an earlier year: its own)."""
        if period and not self.pack_path and not any(spec.key == period for spec in self.pack.periods):
            found = self.shelf.for_period(period)
            if found is not None:
                self._pack = found

    def service_for(self, period: str | None) -> ReportingService:
        """The service for one period: under the pack that period is kept under (an unknown period is
        refused with its message)."""
        service = self.service
        if not period:
            return service
        return service.for_period(service.period_key(None, period))

    @property
    def service(self) -> ReportingService:
        if self._service is None:
            # The same start-up as the window: instance lock, integrity check, daily backup, then open.
            from desktop_app.services.startup import start

            self._started = start(self.db, self.pack, self.lang)
            for warning in self._started.warnings:
                self.err(self.tr("common.note") + warning)
            self._service = self._started.service
        return self._service

    def out(self, text: str = "") -> None:
        print(text, file=self.stdout)

    def err(self, text: str) -> None:
        print(text, file=self.stderr)

    def tr(self, key: str, /, **values: object) -> str:
        """The command line's word `key` (cli/words.py) in the chosen language, filled with `values`."""
        from desktop_app.cli.words import CLI_WORDS

        return CLI_WORDS.text(key, self.lang, **values)

    def close(self) -> None:
        if self._started is not None:
            self._started.close()
        elif self._service is not None:
            self._service.close()
        self._started = self._service = None


def _settings_language() -> str:
    try:
        from desktop_app.services.settings import load_settings

        language = load_settings().language
    except Exception:  # a broken settings file must not stop the command line
        return "zh"
    return language if language in ("zh", "en") else "zh"


def refusals_to_exit(handler: Handler) -> Handler:
    """Print a refusal in the chosen language on stderr and return 1 instead of raising."""

    @functools.wraps(handler)
    def wrapper(args: argparse.Namespace, context: CommandContext) -> int:
        from desktop_app.domain.pack_parts import PackError
        from desktop_app.services.refusals import EditRefused
        from desktop_app.storage.errors import StorageError

        try:
            return handler(args, context)
        except (EditRefused, StorageError) as error:
            context.err(context.tr("common.error") + error.text(context.lang))
        except PackError as error:
            context.err(str(error))
        return 1

    return wrapper


def describe(error: Any, lang: str) -> str:
    text = getattr(error, "text", None)
    return text(lang) if callable(text) else str(error)
