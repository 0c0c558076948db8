"""A form pack as one published file (`.srpack`): a zip of the pack's YAML files and `manifest.json`.

The manifest names the pack (id, version, year, periods, authority) and gives the SHA-256 of every
member; the manifest's own SHA-256 is the pack's digest, shown to the clerk and to the bureau so they
can compare it on the phone or against the bureau's notice (nothing is signed yet). The zip is written
the same way every time (sorted members, fixed times), so one folder always builds the same file.
Reading checks everything before anything is used: size, member names, the manifest, every hash.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_changes import CHANGES_FILE
from desktop_app.domain.text import Text

PACK_FORMAT = "school-report.pack/1"
MANIFEST = "manifest.json"
SUFFIX = ".srpack"
OPTIONAL_MEMBERS = ("district.yaml", CHANGES_FILE)
MAX_PACK_BYTES = 8 * 1024 * 1024
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 2 * 1024 * 1024
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

MESSAGES: dict[str, Text] = {
    "not_a_pack": Text(
        "“{name}”不是表单包文件（.srpack）：{detail}。", "“{name}” is not a form pack file (.srpack): {detail}."
    ),
    "too_large": Text(
        "“{name}”太大（{size} 字节），不是表单包文件。", "“{name}” is too large ({size} bytes) for a form pack."
    ),
    "unsafe_member": Text(
        "表单包中的成员“{member}”名称不合规（只能是同一文件夹中的 .yaml 文件），未安装。",
        "The pack member “{member}” has a name that is not allowed (only .yaml files side by side).",
    ),
    "member_too_large": Text("表单包成员“{member}”太大，未安装。", "The pack member “{member}” is too large."),
    "no_manifest": Text("表单包中没有清单 manifest.json，未安装。", "The pack has no manifest.json."),
    "bad_manifest": Text(
        "表单包清单 manifest.json 有误：{detail}，未安装。", "The pack's manifest.json is wrong: {detail}."
    ),
    "member_hash": Text(
        "表单包成员“{member}”的 SHA-256 与清单不符（文件被改动或已损坏），未安装。",
        "The pack member “{member}” does not match the SHA-256 in the manifest (it was changed or "
        "is damaged); nothing was installed.",
    ),
    "member_missing": Text(
        "清单列出的成员“{member}”不在表单包中，未安装。",
        "The member “{member}” named in the manifest is not in the pack.",
    ),
    "member_extra": Text(
        "表单包中的“{member}”未列入清单，未安装。", "“{member}” is in the pack but not in its manifest."
    ),
    "manifest_mismatch": Text(
        "清单与 pack.yaml 不一致（{key}：清单为“{stated}”，pack.yaml 为“{found}”），未安装。",
        "The manifest and pack.yaml disagree ({key}: “{stated}” in the manifest, “{found}” in "
        "pack.yaml); nothing was installed.",
    ),
}


class PackFileError(ValueError):
    """A pack file that cannot be used: which member or what, in Chinese and English."""

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return MESSAGES[self.code].format(lang, **self.params)


@dataclass(frozen=True)
class Manifest:
    id: str
    version: str
    year: int
    periods: tuple[str, ...]
    title: Text
    authority: Text
    members: Mapping[str, str] = field(default_factory=dict)  # member name → SHA-256 hex

    def as_json(self) -> dict[str, Any]:
        return {
            "format": PACK_FORMAT, "id": self.id, "version": self.version, "year": self.year,
            "periods": list(self.periods), "title": {"zh": self.title.zh, "en": self.title.en},
            "authority": {"zh": self.authority.zh, "en": self.authority.en},
            "members": dict(sorted(self.members.items())),
        }  # fmt: skip

    def to_bytes(self) -> bytes:
        return json.dumps(self.as_json(), ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")

    @property
    def digest(self) -> str:
        """SHA-256 of the manifest: covers every member through its hash."""
        return hashlib.sha256(self.to_bytes()).hexdigest()


def short_digest(digest: str) -> str:
    """16 hex digits in groups of four, as read out on the phone: 3F2A-9C1B-77D0-0B41."""
    head = digest[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


@dataclass(frozen=True)
class PackFile:
    manifest: Manifest
    members: Mapping[str, bytes]  # name → bytes, every hash checked

    @property
    def digest(self) -> str:
        return self.manifest.digest


def member_names(pack: FormPack) -> list[str]:
    """pack.yaml, choices.yaml, every category file, and district.yaml / changes.yaml when present."""
    folder = Path(pack.source_dir)
    names = ["pack.yaml", "choices.yaml", *(Path(c.source_file).name for c in pack.categories)]
    names += [name for name in OPTIONAL_MEMBERS if (folder / name).exists()]
    return sorted(dict.fromkeys(names))


def manifest_of(pack: FormPack, members: Mapping[str, bytes]) -> Manifest:
    return Manifest(
        pack.id,
        pack.version,
        pack.year,
        tuple(spec.key for spec in pack.periods),
        pack.title,
        pack.authority,
        {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    )


def build_pack_file(pack: FormPack) -> tuple[bytes, Manifest]:
    """The .srpack bytes of a loaded (checked) pack folder, and its manifest."""
    folder = Path(pack.source_dir)
    members = {name: (folder / name).read_bytes() for name in member_names(pack)}
    manifest = manifest_of(pack, members)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, manifest.to_bytes()), *sorted(members.items())]:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue(), manifest


def _safe_name(name: str) -> bool:
    return (name == MANIFEST or name.endswith(".yaml")) and "/" not in name and "\\" not in name and \
        not name.startswith(".") and ":" not in name and name.strip() == name  # fmt: skip


def read_pack_file(data: bytes, name: str = "") -> PackFile:
    """Open and verify a .srpack: every member present, named safely and matching its hash."""
    contents = _members(data, name)
    manifest = parse_manifest(contents.pop(MANIFEST))
    _check_members(manifest, contents)
    return PackFile(manifest, contents)


def _members(data: bytes, name: str) -> dict[str, bytes]:
    """Every member of the archive by its name (the manifest among them), each safely named and bounded."""
    if len(data) > MAX_PACK_BYTES:
        raise PackFileError("too_large", name=name, size=len(data))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise PackFileError("not_a_pack", name=name, detail=str(error) or "zip") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise PackFileError("not_a_pack", name=name, detail=f"{len(infos)} members")
        for info in infos:
            if not _safe_name(info.filename) or info.is_dir():
                raise PackFileError("unsafe_member", member=info.filename)
            if info.file_size > MAX_MEMBER_BYTES:
                raise PackFileError("member_too_large", member=info.filename)
        names = [info.filename for info in infos]
        if len(set(names)) != len(names):
            raise PackFileError("unsafe_member", member=next(n for n in names if names.count(n) > 1))
        if MANIFEST not in names:
            raise PackFileError("no_manifest")
        try:
            return {info.filename: archive.read(info)[: MAX_MEMBER_BYTES + 1] for info in infos}
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError) as error:  # a CRC error, an odd method
            raise PackFileError("not_a_pack", name=name, detail=type(error).__name__) from None


def _check_members(manifest: Manifest, contents: dict[str, bytes]) -> None:
    """The members are the manifest's, each with the hash it states, pack.yaml among them."""
    for member, stated in manifest.members.items():
        if member not in contents:
            raise PackFileError("member_missing", member=member)
        if hashlib.sha256(contents[member]).hexdigest() != stated:
            raise PackFileError("member_hash", member=member)
    for member in contents:
        if member not in manifest.members:
            raise PackFileError("member_extra", member=member)
    if "pack.yaml" not in contents:
        raise PackFileError("member_missing", member="pack.yaml")


def _text(data: Any, key: str) -> Text:
    value = data.get(key)
    if not isinstance(value, dict) or not isinstance(value.get("zh"), str):
        raise PackFileError("bad_manifest", detail=key)
    return Text(value["zh"], str(value.get("en") or ""))


def parse_manifest(raw: bytes) -> Manifest:
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as error:
        raise PackFileError("bad_manifest", detail=type(error).__name__) from None
    if not isinstance(data, dict):
        raise PackFileError("bad_manifest", detail="not an object")
    if data.get("format") != PACK_FORMAT:
        raise PackFileError("bad_manifest", detail=f"format {data.get('format')!r}, expected {PACK_FORMAT}")
    for key, kind in (("id", str), ("version", str), ("year", int), ("periods", list), ("members", dict)):
        if not isinstance(data.get(key), kind) or isinstance(data.get(key), bool):
            raise PackFileError("bad_manifest", detail=key)
    members = data["members"]
    if not all(isinstance(k, str) and isinstance(v, str) and len(v) == 64 for k, v in members.items()):
        raise PackFileError("bad_manifest", detail="members")
    for member in members:
        if not _safe_name(member) or member == MANIFEST:
            raise PackFileError("unsafe_member", member=member)
    return Manifest(data["id"], data["version"], data["year"], tuple(map(str, data["periods"])),
                    _text(data, "title"), _text(data, "authority"), dict(members))  # fmt: skip


def check_manifest(manifest: Manifest, pack: FormPack) -> None:
    """The manifest says what pack.yaml says (id, version, year, periods, authority)."""
    pairs = (("id", manifest.id, pack.id), ("version", manifest.version, pack.version),
             ("year", manifest.year, pack.year),
             ("periods", "、".join(manifest.periods), "、".join(spec.key for spec in pack.periods)),
             ("authority", manifest.authority.zh, pack.authority.zh))  # fmt: skip
    for key, stated, found in pairs:
        if stated != found:
            raise PackFileError("manifest_mismatch", key=key, stated=stated, found=found)


def version_key(version: str) -> tuple[tuple[int, str], ...]:
    """Versions compared part by part, numbers as numbers: 2022.1 < 2022.2 < 2022.10 < 2023.1."""
    return tuple((int(part), "") if part.isdigit() else (-1, part) for part in version.split("."))
