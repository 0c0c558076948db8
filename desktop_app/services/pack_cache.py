"""The form pack as the window and the commands load it: parsed from its YAML once, then read back
from a cache keyed by the hash of every file of the pack and of the code that models it.

Parsing and checking the shipped pack (YAML, expressions, cross-checks) costs about as much as
showing the window; reading the cached result back costs a few milliseconds. A changed pack file, a
new version of the program or a damaged cache file simply parses again (and rewrites the cache).
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack

CACHE_FOLDER = "cache"
# The modules whose classes the cached pack is made of: a change in any of them is a new cache.
_MODEL_FILES = ("pack.py", "text.py", "pack_parts.py", "loader.py", "pack_checks.py")


def cache_dir() -> Path:
    from desktop_app.services.settings import data_dir

    return data_dir() / CACHE_FOLDER


def pack_digest(folder: Path) -> str:
    """SHA-256 over the pack's files (names and bytes) and the modelling code's files."""
    from desktop_app import __version__

    digest = hashlib.sha256(__version__.encode())
    domain = Path(__file__).resolve().parent.parent / "domain"
    members = sorted(path for path in folder.rglob("*") if path.is_file())  # report/ templates too
    for path in [*members, *(domain / name for name in _MODEL_FILES)]:
        if path.is_file():
            name = path.relative_to(folder).as_posix() if path.is_relative_to(folder) else path.name
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _source_id(source: Path) -> str:
    """A short name of the pack's folder: each pack (the shipped one, each installed version) keeps its
    own cache entry, and a new entry replaces only the same folder's old one."""
    return hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]


@cache
def shipped_pack_cached() -> FormPack:
    """The shipped pack, read once per process (through the cache)."""
    return load_pack_cached()


def load_pack_cached(path: str | Path | None = None, folder: Path | None = None) -> FormPack:
    """load_pack(path), through the cache in `folder` (default: the data folder's cache/)."""
    from desktop_app.domain.pack import FormPack

    if path is None:
        from desktop_app.paths import default_pack_dir

        path = default_pack_dir()
    source = Path(path)
    source = source.parent if source.is_file() else source
    try:
        cached = (folder or cache_dir()) / f"pack-{_source_id(source)}-{pack_digest(source)}.pickle"
    except OSError:  # an unreadable pack file: the loader says which, in its own words
        cached = None
    if cached is not None and cached.is_file():
        try:
            with open(cached, "rb") as handle:
                pack = pickle.load(handle)
            if isinstance(pack, FormPack) and pack.source_dir == str(source):
                return pack
        except Exception:  # damaged or from another program version: parse again
            pass
    from desktop_app.domain.loader import load_pack

    pack = load_pack(source)
    if cached is not None:
        _write(cached, pack)
    return pack


def _write(target: Path, pack: FormPack) -> None:
    """Best effort: a cache that cannot be written only means parsing again next time."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        own = target.name.rsplit("-", 1)[0]  # pack-<folder>
        for old in target.parent.glob("pack-*.pickle"):
            if old != target and (old.name.startswith(own + "-") or old.name.count("-") == 1):  # or pre-1.x names
                old.unlink(missing_ok=True)
        partial = target.with_name(target.name + f".{os.getpid()}.partial")
        partial.write_bytes(pickle.dumps(pack, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(partial, target)
    except OSError:
        pass
