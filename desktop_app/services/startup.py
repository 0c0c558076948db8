"""Start-up of the school's database, used alike by the command line and the window.

1. one instance per database: take the lock (a second start gets DatabaseInUse with its message);
2. a risky location (network drive, synced folder) gives a warning before use;
3. an integrity check within a time budget: a damaged file is set aside (renamed, never deleted and
   never opened for writing) and the newest good backup is offered (`on_damage` decides);
4. the once-a-day backup;
5. open (a newer schema is refused; an older one is upgraded after a verified backup).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.text import Text
from desktop_app.storage.errors import MigrationFailed, MissingFolder, StorageError

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.instance_lock import InstanceLock
    from desktop_app.storage.integrity import BackupInfo, IntegrityReport

INTEGRITY_BUDGET_S = 2.0


@dataclass(frozen=True)
class Damage:
    """A damaged database found at start: where it was moved, and the backup on offer (if any)."""

    path: Path
    aside: Path
    report: IntegrityReport
    offered: BackupInfo | None


class DamagedAtStart(StorageError):
    message = Text(
        "数据库“{path}”已损坏（{detail}），已改名保存为“{aside}”（未删除，也未作改动）。{advice}",
        "The database “{path}” is damaged ({detail}); it was renamed to “{aside}” (kept, unchanged). {advice}",
    )

    def __init__(self, damage: Damage) -> None:
        self.damage = damage
        super().__init__(damage.path, detail=damage.report.detail, aside=damage.aside.name)

    def text(self, lang: str = "zh") -> str:
        offered = self.damage.offered
        if offered is not None:
            advice = Text(
                f"可从最近的完好备份恢复：{offered.summary()}（school-report restore “{offered.path}”）。",
                f"Restore the newest good backup: school-report restore “{offered.path}”.",
            )
        else:
            advice = Text("没有可用的备份；下次启动将新建空白数据库。",
                          "No good backup exists; the next start makes an empty database.")
        return self.message.format(lang, path=self.path, aside=self.damage.aside.name,
                                   detail=self.damage.report.detail, advice=advice.get(lang))


class MigrationUndone(StorageError):
    message = Text(
        "数据库升级失败（{detail}），已从升级前的备份“{backup}”恢复，数据与升级前完全相同；"
        "升级失败的文件改名保留为“{aside}”。请把这条消息告知技术支持。",
        "The database upgrade failed ({detail}); the backup made before it (“{backup}”) was restored, so the "
        "data is exactly as before. The file of the failed upgrade was kept as “{aside}”. Please tell support.",
    )


@dataclass
class Started:
    service: ReportingService
    lock: InstanceLock | None
    database: Path | None
    warnings: list[str] = field(default_factory=list)
    daily_backup: Path | None = None
    damage: Damage | None = None
    restored_from: Path | None = None

    def close(self) -> None:
        try:
            self.service.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def resolve_database(db: str | Path | None) -> Path | str:
    """The file the app uses: --db, else the settings' path, else the default in the data folder."""
    if db is not None and "://" in str(db):
        return str(db)
    if db:
        return Path(db).expanduser()
    from desktop_app.services.settings import default_database_path, load_settings

    try:
        settings = load_settings()
    except Exception:  # a broken settings file is set aside by load_settings; use the default
        return default_database_path()
    return Path(settings.database_path).expanduser() if settings.database_path else default_database_path(settings.mode)


def backups_keep() -> int:
    from desktop_app.services.settings import load_settings

    try:
        return max(1, int(load_settings().backups_keep))
    except Exception:
        return 10


def check_at_start(path: Path, budget: float = INTEGRITY_BUDGET_S) -> Damage | None:
    """None when the file is fine (or absent); else it is set aside and the best backup found."""
    from desktop_app.storage.integrity import check_integrity, newest_good_backup, set_aside

    report = check_integrity(path, budget_seconds=budget)
    if report.ok or report.foreign:
        return None  # a foreign file is refused unchanged when opened (it may be the clerk's own document)
    aside = set_aside(path)
    return Damage(path, aside, report, newest_good_backup(path))


def start(
    db: str | Path | None = None, pack: FormPack | None = None, lang: str = "zh", *,
    on_damage: Callable[[Damage], bool] | None = None, budget: float = INTEGRITY_BUDGET_S,
    keep: int | None = None, daily: bool = True,
) -> Started:
    """Lock, check, back up and open; `on_damage(damage)` returns True to restore the offered backup."""
    from desktop_app.services.reporting import ReportingService

    target = resolve_database(db)
    if isinstance(target, str):  # a server database (bureau): no file to lock or check here
        return Started(ReportingService.open(target, pack, lang), None, None)
    from desktop_app.services.backups import daily_backup
    from desktop_app.services.locations import location_warning
    from desktop_app.storage.instance_lock import InstanceLock
    from desktop_app.storage.integrity import restore_backup

    if db is not None and not target.parent.exists():
        raise MissingFolder(target, folder=str(target.parent))  # before the lock file would make it
    lock = InstanceLock(target).acquire()
    try:
        started_warnings = [w for w in [location_warning(target, lang)] if w]
        damage = check_at_start(target, budget)
        restored = None
        if damage is not None:
            if damage.offered is None or on_damage is None or not on_damage(damage):
                raise DamagedAtStart(damage)
            restore_backup(damage.offered.path, target)
            restored = damage.offered.path
        keep = keep or backups_keep()
        made = None
        if daily:
            try:
                made = daily_backup(target, keep)
            except StorageError as error:  # e.g. a full disk: say so, but let the clerk work
                started_warnings.append(error.text(lang))
        service = _open(target, pack, lang)
    except BaseException:
        lock.release()
        raise
    return Started(service, lock, target, started_warnings, made, damage, restored)


def _open(target: Path, pack: FormPack | None, lang: str) -> ReportingService:
    """Open; if an upgrade fails, put the verified pre-upgrade backup back (the failed file is kept)."""
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.integrity import restore_backup

    try:
        return ReportingService.open(target, pack, lang)
    except MigrationFailed as error:
        backup = str(error.params.get("backup") or "")
        if not backup or not Path(backup).exists():
            raise
        aside = restore_backup(Path(backup), target)  # the engine is disposed: no connection is open
        raise MigrationUndone(target, detail=error.params.get("detail", ""), backup=Path(backup).name,
                              aside=aside.name if aside else "") from error
