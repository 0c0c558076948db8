"""Start-up of the school's database, used alike by the command line and the window.

0. the database is known by its real file (symlinks resolved); a folder or a file that is not an SQLite
   database is refused before anything is written beside it; a file in a read-only place (file or
   folder) is opened read-only: viewing and exporting work, every edit is refused with its message;
1. one instance per database: take the lock (a second start gets DatabaseInUse with its message);
2. a risky location (network drive, synced folder) gives a warning before use;
3. an integrity check within a time budget: a damaged file is set aside (renamed, never deleted and
   never opened for writing). A set-aside database is answered before anything else happens, at this
   start and at every later one until it is: restore the newest good backup, or start empty only when
   the clerk says so (`on_damage` asks; without it the start is refused with both ways named);
4. the once-a-day backup;
5. open (a newer schema is refused; an older one is upgraded after a verified backup);
6. a submission whose files were not all written (a crash during 上报) is made whole from its
   frozen snapshot, and said in one line.

`prepare` does 0–3 with the standard library alone; `finish` does 4–6 (the backup copies the file;
opening imports SQLAlchemy, which costs more than showing the window). The window paints its first
look between them, read-only, from `storage/summary.py` (a file at the newest schema only): nothing
can be changed before `finish` has returned. `start` does both.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.text import Text
from desktop_app.services.backups import backups_keep
from desktop_app.services.damage import (  # re-exported: the start-up's questions and refusals
    INTEGRITY_BUDGET_S,
    Damage,
    DamagedAtStart,
    EmptyRefused,
    OnDamage,
    answer_of,
    check_at_start,
    set_aside_files,
    unanswered,
)
from desktop_app.storage.errors import (
    CorruptDatabase,
    MigrationFailed,
    MissingFolder,
    ReadOnlyFile,
    ReadOnlyFolder,
    StorageError,
)

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.services.packs import PackShelf
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.instance_lock import InstanceLock


class MigrationUndone(StorageError):
    message = Text(
        "数据库升级失败（{detail}），已从升级前的备份“{backup}”恢复，数据与升级前完全相同；"
        "升级失败的文件改名保留为“{aside}”。请把这条消息告知技术支持。",
        "The database upgrade failed ({detail}); the backup made before it (“{backup}”) was restored, so the "
        "data is exactly as before. The file of the failed upgrade was kept as “{aside}”. Please tell support.",
    )


READ_ONLY_NOTE = Text(
    "数据库“{path}”位于只读位置（{why}），已以只读方式打开：可以查看和导出，不能修改。",
    "The database “{path}” is in a read-only place ({why}); it was opened read-only: you can view and "
    "export, but not change it.",
)
READ_ONLY_WHY = {
    "file": Text("文件为只读", "the file is read-only"),
    "folder": Text("所在文件夹不可写", "its folder is not writable"),
}


@dataclass
class Started:
    service: ReportingService
    lock: InstanceLock | None
    database: Path | None
    warnings: list[str] = field(default_factory=list)
    daily_backup: Path | None = None
    damage: Damage | None = None
    restored_from: Path | None = None
    read_only: bool = False
    started_empty: bool = False  # the clerk chose to start empty after a damaged file was set aside

    def close(self) -> None:
        try:
            self.service.close()
        finally:
            if self.lock is not None:
                self.lock.release()


def resolve_database(db: str | Path | None) -> Path | str:
    """The school's database (settings.database_target: --db, else the settings' path, else the default in
    the data folder); always its real file (a symlink leads to the file it points at)."""
    from desktop_app.services.settings import database_target
    from desktop_app.storage.instance_lock import real_path

    target = database_target("school", db)
    if "://" in target:
        return target
    return real_path(Path(target))


@dataclass
class Prepared:
    """The file checked and held, before the service is opened: what `prepare` did (steps 0–3)."""

    target: Path | str  # the real file, or a server URL (nothing to lock or check here)
    lock: InstanceLock | None
    warnings: list[str] = field(default_factory=list)
    daily_keep: int | None = None  # the daily backup is still to take (by `finish`), keeping this many
    damage: Damage | None = None
    restored_from: Path | None = None
    read_only: bool = False  # a file in a read-only place: opened read-only, no lock, no backup
    started_empty: bool = False

    @property
    def database(self) -> Path | None:
        return self.target if isinstance(self.target, Path) else None

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()


def start(
    db: str | Path | None = None,
    pack: FormPack | None = None,
    lang: str = "zh",
    *,
    on_damage: OnDamage | None = None,
    budget: float = INTEGRITY_BUDGET_S,
    keep: int | None = None,
    daily: bool = True,
    complete: bool = True,
) -> Started:
    """Lock, check, back up and open: `prepare`, then `finish`.

    `on_damage(damage)` answers a set-aside database: "restore" (or True) the offered backup, "empty"
    to start with an empty database, anything else to stop here (DamagedAtStart, nothing created).
    """
    prepared = prepare(db, lang, on_damage=on_damage, budget=budget, keep=keep, daily=daily)
    return finish(prepared, pack, lang, complete=complete)


def prepare(
    db: str | Path | None = None,
    lang: str = "zh",
    *,
    on_damage: OnDamage | None = None,
    budget: float = INTEGRITY_BUDGET_S,
    keep: int | None = None,
    daily: bool = True,
) -> Prepared:
    """Steps 0–3 with the standard library alone (no SQLAlchemy): the file refused or known read-only,
    the lock, a risky place, the integrity check with a damaged file answered (the daily backup is
    noted as due: `finish` takes it).
    The lock is held on return (`Prepared.release`, or `finish`, which releases it if it fails)."""
    target = resolve_database(db)
    if isinstance(target, str):  # a server database (bureau): no file to lock or check here
        return Prepared(target, None)
    from desktop_app.services.locations import location_warning
    from desktop_app.storage.engine import refuse_foreign, write_problem
    from desktop_app.storage.instance_lock import InstanceLock
    from desktop_app.storage.integrity import restore_backup

    if db is not None and not target.parent.exists():
        raise MissingFolder(target, folder=str(target.parent))  # before the lock file would make it
    refuse_foreign(target)  # someone's picture or document: refused before anything is written beside it
    problem = write_problem(target)
    if problem is not None:
        if not target.exists():
            raise problem  # a new database cannot be made in a read-only folder
        return _prepare_read_only(target, lang, problem, budget)
    lock = InstanceLock(target).acquire()
    try:
        started_warnings = [w for w in [location_warning(target, lang)] if w]
        damage = check_at_start(target, budget) or unanswered(target)
        restored, empty = None, False
        if damage is not None:
            answer = answer_of(on_damage, damage)
            if answer == "restore" and damage.offered is not None:
                restore_backup(damage.offered.path, target)
                restored = damage.offered.path
            elif answer == "empty":
                empty = True  # the clerk said so: the open below makes an empty database
            else:
                raise DamagedAtStart(damage)
    except BaseException:
        lock.release()
        raise
    # The daily backup is taken by `finish`, before the service opens (so before anything can be
    # changed): the window's first look is painted without waiting for the copy.
    daily_keep = (keep or backups_keep()) if daily else None
    return Prepared(target, lock, started_warnings, daily_keep, damage, restored, started_empty=empty)


def finish(prepared: Prepared, pack: FormPack | None = None, lang: str = "zh", *, complete: bool = True) -> Started:
    """Steps 4–6: the daily backup, then open the service over the prepared file (a migration only
    after its verified backup), then make whole a submission a crash left without its files.
    Releases the lock if it fails."""
    from desktop_app.services.reporting import ReportingService

    target = prepared.target
    try:
        if isinstance(target, str):
            shelf = _shelf(target)
            return Started(ReportingService.open(target, pack or shelf.active(), lang, shelf=shelf), None, None)
        notes = list(prepared.warnings)
        made = None
        if prepared.daily_keep is not None and not prepared.read_only:
            from desktop_app.services.backups import daily_backup

            try:
                made = daily_backup(target, prepared.daily_keep)
            except StorageError as error:  # e.g. a full disk: say so, but let the clerk work
                notes.append(error.text(lang))
        if prepared.read_only:
            shelf = _shelf(target)
            service = ReportingService.open(target, pack or shelf.active(), lang, read_only=True, shelf=shelf)
            from desktop_app.services.lifecycle import pending_files

            notes += [item.get(lang) for item in pending_files(service, read_only=True)]
        else:
            service = _open(target, pack, lang)
            if complete:
                notes += _complete_submissions(service, lang)
            notes += carry_over(service, lang)
    except BaseException:
        prepared.release()
        raise
    return Started(
        service,
        prepared.lock,
        target,
        notes,
        made,
        prepared.damage,
        prepared.restored_from,
        read_only=prepared.read_only,
        started_empty=prepared.started_empty,
    )


def _prepare_read_only(target: Path, lang: str, problem: ReadOnlyFile | ReadOnlyFolder, budget: float) -> Prepared:
    """A database in a read-only place: no lock file, no backup, nothing set aside; opened read-only."""
    from desktop_app.services.locations import location_warning
    from desktop_app.storage.integrity import check_integrity

    report = check_integrity(target, budget_seconds=budget)
    if report.damaged:  # it cannot be set aside or restored here: say so, change nothing
        raise CorruptDatabase(target, detail=report.detail_text(lang))
    why = READ_ONLY_WHY["file" if isinstance(problem, ReadOnlyFile) else "folder"]
    notes = [w for w in [location_warning(target, lang)] if w]
    notes.append(READ_ONLY_NOTE.format(lang, path=str(target), why=why.get(lang)))
    return Prepared(target, None, notes, read_only=True)


def _complete_submissions(service: ReportingService, lang: str) -> list[str]:
    """A submission left without its files by a crash is made whole now (one line each)."""
    from desktop_app.services.lifecycle import complete_pending_files

    return [item.get(lang) for item in complete_pending_files(service)]


CARRIED_NOTE = Text(
    "{period}已带入上年（{source}第{revision}版）数据 {count} 项，标注“上年数据，请核对”；请逐项核对后确认或修改。",
    "{count} values of {period} were filled from last year ({source}, revision {revision}), marked “last year's "
    "value, please check”; check each, then confirm or change it.",
)


def carry_over(service: ReportingService, lang: str) -> list[str]:
    """Each period of the active pack whose period before has been submitted starts with last year's
    carried values (once); one line each. A failure is said, never in the way of the start."""
    from desktop_app.domain.periods import Period

    said = []
    for spec in service.pack.periods:
        try:
            result = service.start_period(spec.key)
        except StorageError as error:
            said.append(error.text(lang))
            continue
        if result is not None and result.fields:
            said.append(CARRIED_NOTE.format(lang, period=Period.parse(spec.key).name(lang),
                                            source=Period.parse(result.source_period).name(lang),
                                            revision=result.revision, count=len(result.fields)))  # fmt: skip
    return said


def start_empty(db: str | Path | None, pack: FormPack | None = None, lang: str = "zh") -> Started:
    """`restore --empty`: the clerk's answer to a set-aside database: start with an empty database."""
    target = resolve_database(db)
    if isinstance(target, str):
        raise EmptyRefused(target, why=Text("是服务器数据库", "is a server database"))
    if target.exists():
        raise EmptyRefused(target, why=Text("存在且未被改名保存", "exists and was not set aside"))
    if not set_aside_files(target):
        raise EmptyRefused(target, why=Text("没有因损坏而改名保存的记录", "was never set aside as damaged"))
    return start(target, pack, lang, on_damage=lambda _damage: "empty")


def active_pack(target: Path | str) -> FormPack:
    """The pack the service over `target` opens with (the newest installed, else the shipped one)."""
    return _shelf(target).active()


def _shelf(target: Path | str) -> PackShelf:
    from desktop_app.services.packs import PackShelf

    return PackShelf.for_database(target)


def _open(target: Path, pack: FormPack | None, lang: str) -> ReportingService:
    """Open (with the active pack unless one is given); if an upgrade fails, put the verified pre-upgrade
    backup back (the failed file is kept). The shipped pack is installed beside the database at the
    first start, as any published pack is."""
    from desktop_app.services.reporting import ReportingService
    from desktop_app.storage.integrity import restore_backup

    shelf = _shelf(target)
    try:
        service = ReportingService.open(target, pack or shelf.active(), lang, shelf=shelf)
        shelf.ensure_shipped()  # never in the way: a folder that cannot be written keeps the shipped copy
        from desktop_app.services.pack_years import record_all

        with contextlib.suppress(StorageError):  # a full disk: said by the next write; periods are found by year
            record_all(service)
        return service
    except MigrationFailed as error:
        backup = str(error.params.get("backup") or "")
        if not backup or not Path(backup).exists():
            raise
        aside = restore_backup(Path(backup), target)  # the engine is disposed: no connection is open
        raise MigrationUndone(
            target, detail=error.params.get("detail", ""), backup=Path(backup).name, aside=aside.name if aside else ""
        ) from error
