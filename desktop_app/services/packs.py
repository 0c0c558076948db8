"""The installed form packs: a `packs` folder beside the database (in the user data folder), one folder per
pack version with its YAML files and its verified manifest.

The newest installed version is the active pack (the one new periods are reported with); each earlier
version stays installed, so an earlier year opens, regenerates and is consolidated under its own pack.
The shipped pack is installed the same way at the first start. Installing checks everything first in a
temporary folder of the same `packs` folder and then renames it into place: a refused file installs
nothing and changes nothing.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_basics import PackError
from desktop_app.domain.pack_file import (
    MANIFEST,
    Manifest,
    PackFileError,
    build_pack_file,
    check_manifest,
    manifest_of,
    member_names,
    parse_manifest,
    read_pack_file,
    version_key,
)
from desktop_app.domain.text import Text

if TYPE_CHECKING:  # parsing, checking and comparing packs are imported when a pack is installed: a start
    from desktop_app.domain.pack_diff import Change  # reads installed packs back from their cache

PACKS_FOLDER = "packs"
STAGING = ".installing-"

REFUSALS: dict[str, Text] = {
    "other_district": Text(
        "此表单包属于“{authority}”（{id}），不是本机所用的“{installed}”的表单包，未安装；当前表单包和数据不变。",
        "This pack belongs to “{authority}” ({id}), not to “{installed}” used here; nothing was installed and "
        "the pack in use and the data are unchanged.",
    ),
    "older": Text(
        "此表单包的版本 {version} 比已安装的 {installed} 旧，未安装；当前表单包和数据不变。",
        "This pack's version {version} is older than the installed {installed}; nothing was installed and "
        "the pack in use and the data are unchanged.",
    ),
    "other_content": Text(
        "已安装的 {version} 与此文件内容不同（已安装摘要 {installed}，此文件 {digest}）；"
        "同一版本只能有一种内容，未安装。请向区教体局核实。",
        "The installed {version} differs from this file (installed digest {installed}, this file {digest}); one "
        "version has one content, so nothing was installed. Please check with the bureau.",
    ),
    "broken": Text(
        "表单包成员“{member}”有误：{where}{problem}。未安装；当前表单包和数据不变。",
        "The pack member “{member}” is wrong: {where}{problem}. Nothing was installed; the pack in use and the "
        "data are unchanged.",
    ),
    "unreadable": Text("无法读取表单包文件“{path}”：{detail}", "Cannot read the pack file “{path}”: {detail}"),
    "unwritable": Text(
        "无法写入表单包文件夹“{folder}”：{detail}；未安装。",
        "Cannot write to the pack folder “{folder}”: {detail}; nothing was installed.",
    ),
}


class PackRefused(ValueError):
    """A pack file refused at installation, said in Chinese and English."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return REFUSALS[self.code].format(lang, **self.params)


def packs_folder(database: str | Path | None) -> Path:
    """`packs` beside the database file; in the user data folder for the default or a server database."""
    if database is None or "://" in str(database):
        from desktop_app.services.settings import data_dir

        return data_dir() / PACKS_FOLDER
    return Path(database).parent / PACKS_FOLDER


@dataclass(frozen=True)
class InstalledPack:
    manifest: Manifest
    folder: Path

    @property
    def version(self) -> str:
        return self.manifest.version


_LOADED: dict[str, FormPack] = {}  # folder → pack: each installed folder is read once per process


def _load(folder: Path) -> FormPack:
    key = str(folder)
    if key not in _LOADED:
        from desktop_app.services.pack_cache import load_pack_cached

        _LOADED[key] = load_pack_cached(folder)  # parsed once, then read back from its cache by its hash
    return _LOADED[key]


@dataclass
class PackShelf:
    """The packs installed for one database (or the bureau), and the shipped one."""

    folder: Path
    shipped: FormPack | None = None  # the program's own pack (used when nothing is installed)
    notes: list[str] = field(default_factory=list)

    @classmethod
    def for_database(cls, database: str | Path | None, shipped: FormPack | None = None) -> PackShelf:
        if shipped is None:
            from desktop_app.services.pack_cache import shipped_pack_cached

            shipped = shipped_pack_cached()
        return cls(packs_folder(database), shipped)

    def installed(self) -> list[InstalledPack]:
        """Every installed version, oldest first (folders without a readable manifest are skipped)."""
        found = []
        if self.folder.is_dir():
            for child in sorted(self.folder.iterdir()):
                if child.name.startswith(".") or not (child / MANIFEST).is_file():
                    continue
                try:
                    found.append(InstalledPack(parse_manifest((child / MANIFEST).read_bytes()), child))
                except (OSError, PackFileError):
                    continue
        return sorted(found, key=lambda item: version_key(item.version))

    def get(self, pack_id: str, version: str) -> FormPack | None:
        for item in self.installed():
            if item.manifest.id == pack_id and item.version == version:
                return self._pack_of(item)
        if self.shipped is not None and (self.shipped.id, self.shipped.version) == (pack_id, version):
            return self.shipped
        return None

    def _pack_of(self, item: InstalledPack) -> FormPack:
        """An installed version; the program's own pack object when it is the installed copy of it."""
        shipped = self.shipped
        if shipped is not None and shipped.version == item.version and shipped.id == item.manifest.id \
                and _shipped_digest(shipped) == item.manifest.digest:  # fmt: skip
            return shipped
        return _load(item.folder)

    def _usable(self) -> list[InstalledPack | FormPack]:
        """Installed versions (their manifests, not yet loaded) and the shipped one if not installed, oldest
        first: a start loads only the version it needs."""
        items: list[InstalledPack | FormPack] = list(self.installed())
        if self.shipped is not None and not any(isinstance(i, InstalledPack) and i.version == self.shipped.version
                                                for i in items):  # fmt: skip
            items.append(self.shipped)
        return sorted(items, key=lambda item: version_key(item.version))

    def _loaded(self, item: InstalledPack | FormPack) -> FormPack | None:
        if isinstance(item, FormPack):
            return item
        try:
            return self._pack_of(item)
        except (PackError, OSError):
            return None

    def packs(self) -> list[FormPack]:
        """Every usable pack, oldest first: the installed ones, and the shipped one if not installed."""
        return [pack for pack in map(self._loaded, self._usable()) if pack is not None]

    def active(self) -> FormPack:
        """The newest usable version: what the window and the commands report with."""
        for item in reversed(self._usable()):
            pack = self._loaded(item)
            if pack is not None:
                return pack
        assert self.shipped is not None
        return self.shipped

    def for_period(self, period: str) -> FormPack | None:
        """The newest pack whose periods include this one."""
        for item in reversed(self._usable()):
            periods = item.manifest.periods if isinstance(item, InstalledPack) else [s.key for s in item.periods]
            if period in periods:
                found = self._loaded(item)
                if found is not None:
                    return found
        return None

    def by_version(self) -> dict[str, FormPack]:
        return {pack.version: pack for pack in self.packs()}

    def ensure_shipped(self) -> bool:
        """Install the shipped pack as any other (at the first start, or when this program's copy of the same
        version differs); False, with a note, when the folder cannot be written."""
        if self.shipped is None or not Path(self.shipped.source_dir).is_dir():
            return False
        digest = _shipped_digest(self.shipped)
        if any(i.version == self.shipped.version and i.manifest.digest == digest for i in self.installed()):
            return True
        data, manifest = build_pack_file(self.shipped)
        try:
            prepared = prepare(self, data, name=f"{manifest.id}-{manifest.version}", replace=True)
            prepared.commit()
        except (PackRefused, OSError) as error:
            self.notes.append(error.text() if isinstance(error, PackRefused) else str(error))
            return False
        return True


_DIGESTS: dict[str, str] = {}


def _shipped_digest(pack: FormPack) -> str:
    """The digest the shipped pack's file would have (its manifest's), once per process."""
    if pack.source_dir not in _DIGESTS:
        folder = Path(pack.source_dir)
        members = {name: (folder / name).read_bytes() for name in member_names(pack)}
        _DIGESTS[pack.source_dir] = manifest_of(pack, members).digest
    return _DIGESTS[pack.source_dir]


@dataclass
class Prepared:
    """A checked pack waiting in a temporary folder: `commit()` puts it in place, `discard()` removes it."""

    shelf: PackShelf
    manifest: Manifest
    pack: FormPack
    staging: Path
    changes: list[Change]  # from the active pack to this one
    active: FormPack | None
    already: bool = False  # the same version with the same content is installed: nothing to do
    replace: bool = False

    @property
    def target(self) -> Path:
        return self.shelf.folder / _folder_name(self.manifest)

    def commit(self) -> FormPack:
        if self.already:
            self.discard()
            loaded = self.shelf.get(self.manifest.id, self.manifest.version)
            assert loaded is not None
            return loaded
        old = None
        if self.target.exists():  # only with replace (the shipped pack's own version)
            import uuid

            old = self.target.with_name(f".old-{uuid.uuid4().hex[:8]}")
            os.replace(self.target, old)
        try:
            os.replace(self.staging, self.target)
        except OSError:
            if old is not None:
                os.replace(old, self.target)
            raise
        finally:
            if old is not None and old.exists():
                shutil.rmtree(old, ignore_errors=True)
        _LOADED.pop(str(self.target), None)
        return _load(self.target)

    def discard(self) -> None:
        if self.staging.name.startswith(STAGING):  # never an installed folder (`already` points at one)
            shutil.rmtree(self.staging, ignore_errors=True)


def _folder_name(manifest: Manifest) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in f"{manifest.id}-{manifest.version}")
    return safe.strip(".") or "pack"


def read_file(path: Path) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as error:
        raise PackRefused("unreadable", path=str(path), detail=error.strerror or type(error).__name__) from None


def prepare(shelf: PackShelf, data: bytes, name: str = "", replace: bool = False) -> Prepared:
    """Verify a pack file and load it from a temporary folder; nothing is in place until commit()."""
    packfile = read_pack_file(data, name)
    manifest = packfile.manifest
    installed = shelf.installed()
    active = shelf.active() if (installed or shelf.shipped is not None) else None
    if active is not None and manifest.id != active.id:
        raise PackRefused("other_district", authority=manifest.authority.zh, id=manifest.id,
                          installed=f"{active.authority.zh}（{active.id}）")  # fmt: skip
    for item in installed:
        if item.version == manifest.version and not replace:
            if item.manifest.digest != manifest.digest:
                from desktop_app.domain.pack_file import short_digest

                raise PackRefused(
                    "other_content",
                    version=manifest.version,
                    installed=short_digest(item.manifest.digest),
                    digest=short_digest(manifest.digest),
                )
            return Prepared(shelf, manifest, _load(item.folder), item.folder, [], active, already=True)
    newest = max((item.version for item in installed), key=version_key, default=None)
    if newest is not None and version_key(manifest.version) < version_key(newest) and not replace:
        raise PackRefused("older", version=manifest.version, installed=newest)
    import uuid

    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack_changes_checks import check_against_base
    from desktop_app.domain.pack_diff import diff

    staging = shelf.folder / f"{STAGING}{uuid.uuid4().hex[:12]}"
    try:
        staging.mkdir(parents=True)
        for member, content in packfile.members.items():
            (staging / member).write_bytes(content)
        (staging / MANIFEST).write_bytes(manifest.to_bytes())
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PackRefused("unwritable", folder=str(shelf.folder), detail=error.strerror or str(error)) from None
    try:
        pack = load_pack(staging)
        check_manifest(manifest, pack)
        base = shelf.get(pack.id, pack.changes.base_version) if pack.changes is not None else None
        if base is not None and pack.changes is not None:
            check_against_base(base, pack, pack.changes)
    except PackError as error:
        shutil.rmtree(staging, ignore_errors=True)
        where = f"{error.key}：" if error.key else ""
        raise PackRefused("broken", member=Path(error.file).name, where=where, problem=error.problem) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    changes = diff(active, pack) if active is not None and active.version != pack.version else []
    return Prepared(shelf, manifest, pack, staging, changes, active, replace=replace)


def install(shelf: PackShelf, path: Path) -> Prepared:
    """Verify and install a .srpack file; returns what was installed (already=True if it was)."""
    prepared = prepare(shelf, read_file(path), name=Path(path).name)
    prepared.pack = prepared.commit()
    return prepared
