"""Pinned downloads with SHA-256 hashes: parse a requirements file, verify files, write a lock.

pip already refuses a mismatched hash while downloading; this second check runs on the files we are about
to ship (including ones reused from the download cache) and names the file that is wrong.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from build_errors import BuildError

_REQ_LINE = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)")
_HASH = re.compile(r"--hash=sha256:(?P<digest>[0-9a-fA-F]{64})")


@dataclass
class Pin:
    name: str
    version: str
    hashes: set[str] = field(default_factory=set)


def normalize(name: str) -> str:
    """PEP 503 name: lower case, runs of -_. become one dash."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_pins(text: str, source: str = "requirements") -> dict[str, Pin]:
    """{normalized name: Pin} from `name==version --hash=sha256:...` lines (backslash continuations)."""
    joined = re.sub(r"\\\s*\n", " ", text)
    pins: dict[str, Pin] = {}
    for number, raw in enumerate(joined.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = _REQ_LINE.match(line)
        if match is None:
            raise BuildError(f"{source}: 第 {number} 行不是“名称==版本”的固定写法：{line}")
        pin = Pin(match["name"], match["version"], {m["digest"].lower() for m in _HASH.finditer(line)})
        if not pin.hashes:
            raise BuildError(f"{source}: {pin.name}=={pin.version} 缺少 --hash=sha256 校验值")
        pins[normalize(pin.name)] = pin
    return pins


def load_pins(path: Path) -> dict[str, Pin]:
    return parse_pins(path.read_text(encoding="utf-8"), source=path.name)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def dist_name(filename: str) -> str:
    """Project name from a wheel or sdist file name (`name-version-...whl`, `name-version.tar.gz`)."""
    if filename.endswith(".whl"):
        return normalize(filename.split("-", 1)[0])
    stem = re.sub(r"\.(tar\.gz|zip|tar\.bz2)$", "", filename)
    return normalize(stem.rsplit("-", 1)[0])


def verify_files(files: list[Path], pins: dict[str, Pin], source: str) -> None:
    """Raise BuildError naming every file without a pinned hash or whose hash differs, and every pin
    with no file. Nothing is shipped unless all files match."""
    problems: list[str] = []
    seen: set[str] = set()
    for path in sorted(files):
        name = dist_name(path.name)
        pin = pins.get(name)
        if pin is None:
            problems.append(f"{path.name}：{source} 中没有它的固定版本和校验值 (no pinned hash)")
            continue
        seen.add(name)
        actual = sha256_file(path)
        if actual not in pin.hashes:
            problems.append(f"{path.name}：校验值不符 (hash mismatch)，应为 {sorted(pin.hashes)[0]}，实为 {actual}")
    for name, pin in sorted(pins.items()):
        if name not in seen:
            problems.append(f"{pin.name}=={pin.version}：未找到下载的文件 (missing file)")
    if problems:
        raise BuildError("下载文件校验失败，构建已停止：\n  " + "\n  ".join(problems))


def lock_text(files: list[Path], header: str) -> str:
    """Requirements text pinning each file's project and version with its hash."""
    lines = [header.rstrip(), ""]
    for path in sorted(files, key=lambda p: dist_name(p.name)):
        name, version = _name_version(path.name)
        lines.append(f"{name}=={version} \\\n    --hash=sha256:{sha256_file(path)}")
    return "\n".join(lines) + "\n"


def _name_version(filename: str) -> tuple[str, str]:
    if filename.endswith(".whl"):
        parts = filename.split("-")
        return normalize(parts[0]), parts[1]
    stem = re.sub(r"\.(tar\.gz|zip|tar\.bz2)$", "", filename)
    name, version = stem.rsplit("-", 1)
    return normalize(name), version
