"""A damaged database at start: set aside (renamed, kept, never opened for writing), and answered before
anything else happens, at this start and at every later one until it is.

The answer is the clerk's: restore the newest good backup, start with an empty database (only when told
so), or not now (nothing is made or opened). `check_at_start` sets a damaged file aside; `unanswered`
finds one set aside at an earlier start; `DamagedAtStart` says what happened and both ways forward.
"""

from __future__ import annotations

import glob
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop_app.domain.text import Text
from desktop_app.storage.errors import StorageError

if TYPE_CHECKING:
    from desktop_app.storage.integrity import BackupInfo, IntegrityReport

INTEGRITY_BUDGET_S = 2.0

Answer = Literal["restore", "empty", "later"]


@dataclass(frozen=True)
class Damage:
    """A damaged database set aside (at this start, or at an earlier one and not yet answered): where it
    was moved, and the backup on offer (if any)."""

    path: Path
    aside: Path
    report: IntegrityReport | None  # None: set aside at an earlier start
    offered: BackupInfo | None

    @property
    def earlier(self) -> bool:
        return self.report is None

    def detail_text(self, lang: str = "zh") -> str:
        if self.report is None:
            return Text("此前的启动发现", "found at an earlier start").get(lang)
        return self.report.detail_text(lang)


class DamagedAtStart(StorageError):
    message = Text(
        "数据库“{path}”已损坏（{detail}），已改名保存为“{aside}”（未删除，也未作改动）。{advice}",
        "The database “{path}” is damaged ({detail}); it was renamed to “{aside}” (kept, unchanged). {advice}",
    )
    earlier = Text(
        "数据库“{path}”此前因损坏已改名保存为“{aside}”，尚未处理；在处理之前不会新建或打开数据库。{advice}",
        "The database “{path}” was set aside as damaged (kept as “{aside}”) and this has not been answered "
        "yet; no database is made or opened until it is. {advice}",
    )

    def __init__(self, damage: Damage) -> None:
        self.damage = damage
        super().__init__(damage.path, aside=damage.aside.name)

    def text(self, lang: str = "zh") -> str:
        offered = self.damage.offered
        empty = Text(
            "如确认不恢复、从空白开始，请运行 school-report restore --empty。",
            "To start with an empty database instead, run school-report restore --empty.",
        )
        if offered is not None:
            advice = Text(
                f"可从最近的完好备份恢复：{offered.summary()}（school-report restore “{offered.path}”）。" + empty.zh,
                f"Restore the newest good backup ({offered.summary(lang='en')}): "
                f"school-report restore “{offered.path}”. " + empty.en,
            )
        else:
            advice = Text(
                "没有可用的备份；请联系技术支持，不要删除改名后的文件。" + empty.zh,
                "No good backup was found; contact support and do not delete the renamed file. " + empty.en,
            )
        message = self.earlier if self.damage.earlier else self.message
        return message.format(
            lang,
            path=self.path,
            aside=self.damage.aside.name,
            detail=self.damage.detail_text(lang),
            advice=advice.get(lang),
        )


class EmptyRefused(StorageError):
    message = Text(
        "数据库“{path}”{why}，无需也不能“从空白开始”；现有数据未作任何改动。",
        "The database “{path}” {why}, so there is nothing to start empty from; nothing was changed.",
    )


def set_aside_files(path: Path) -> list[Path]:
    """The files a damaged `path` was renamed to (`<name>.damaged-<time>`), oldest first."""
    pattern = glob.escape(path.name) + ".damaged-*"
    companions = ("-wal", "-shm", "-journal")  # they went with it, under its new name
    found = [p for p in path.parent.glob(pattern) if p.is_file() and not p.name.endswith(companions)]
    return sorted(found, key=lambda p: p.name)


def unanswered(path: Path) -> Damage | None:
    """A database set aside at an earlier start and not answered since: no file where it was, and a
    set-aside file beside it. Answered means restored, or started empty because the clerk said so."""
    from desktop_app.storage.integrity import newest_good_backup

    if path.exists():
        return None
    aside = set_aside_files(path)
    if not aside:
        return None
    return Damage(path, aside[-1], None, newest_good_backup(path))


def check_at_start(path: Path, budget: float = INTEGRITY_BUDGET_S) -> Damage | None:
    """None when the file is fine (or absent); else it is set aside and the best backup found.

    A file that could not be looked at (not a verdict) and a file of another program are not set aside:
    opening them is refused with their own message."""
    from desktop_app.storage.integrity import check_integrity, newest_good_backup, set_aside

    report = check_integrity(path, budget_seconds=budget)
    if not report.damaged:
        return None
    aside = set_aside(path)
    return Damage(path, aside, report, newest_good_backup(path))


OnDamage = Callable[[Damage], "bool | str"]  # True or "restore", "empty"; anything else: not now


def answer_of(on_damage: OnDamage | None, damage: Damage) -> Answer:
    """The clerk's answer, from `on_damage` (True or "restore", "empty"; anything else: not now)."""
    if on_damage is None:
        return "later"
    answer = on_damage(damage)
    if answer is True:
        return "restore"
    if answer == "restore":
        return "restore"
    if answer == "empty":
        return "empty"
    return "later"
