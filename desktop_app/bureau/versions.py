"""Submissions kept under an earlier pack version, read in a later version's terms (the bureau's earlier
periods: last year's figures compared with this year's across renamed, moved and retired fields).

The versions are the pack folders beside the given pack's own folder (the installed `packs` folder), so
the chain of declared changes can be followed from any installed version to the one consolidating.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from desktop_app.domain.loader import load_pack
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_basics import PackError
from desktop_app.domain.pack_translate import translate, translation_steps


@cache
def _pack_at(folder: str) -> FormPack | None:
    try:
        return load_pack(folder)
    except (PackError, OSError):
        return None


def versions_beside(pack: FormPack) -> dict[str, FormPack]:
    """version → pack of every pack folder beside this one (this one included)."""
    found = {pack.version: pack}
    parent = Path(pack.source_dir).parent if pack.source_dir else None
    if parent is not None and parent.is_dir():
        for child in sorted(parent.iterdir()):
            if child.name.startswith(".") or not (child / "pack.yaml").is_file():
                continue
            other = _pack_at(str(child))
            if other is not None and other.id == pack.id:
                found.setdefault(other.version, other)
    return found


def in_terms_of(pack: FormPack, version: str, values: dict[str, Any]) -> dict[str, Any]:
    """JSON values stored under `version`, as `pack` names them (unknown versions: same keys kept)."""
    return translate(values, translation_steps(pack, version, versions_beside(pack)))
