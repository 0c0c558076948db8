"""Several versions of one form pack at once (the bureau takes in files of any installed version).

A file names its pack version; `choose` gives that version when it is one of the set, else the default
(the active pack), so a file of an unknown version is rejected against the active one as before.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from desktop_app.domain.pack import FormPack, PeriodSpec


@dataclass(frozen=True)
class PackSet:
    default: FormPack  # the active pack
    packs: tuple[FormPack, ...] = ()  # every usable version (the default among them or not)

    @classmethod
    def of(cls, default: FormPack, packs: Sequence[FormPack]) -> PackSet:
        return cls(default, tuple(packs))

    @property
    def id(self) -> str:
        return self.default.id

    @property
    def versions(self) -> list[str]:
        return [pack.version for pack in self.all]

    @property
    def all(self) -> tuple[FormPack, ...]:
        found = {pack.version: pack for pack in self.packs if pack.id == self.default.id}
        found.setdefault(self.default.version, self.default)
        return tuple(found.values())

    @property
    def periods(self) -> tuple[PeriodSpec, ...]:
        """Every period of every version, and the earlier periods they keep for comparisons."""
        return tuple(spec for pack in self.all for spec in (*pack.periods, *pack.baseline_periods))

    def choose(self, pack_id: str, version: str) -> FormPack:
        for pack in self.all:
            if (pack.id, pack.version) == (pack_id, version):
                return pack
        return self.default


def choose_pack(pack: FormPack | PackSet, pack_id: str, version: str) -> FormPack:
    """The pack a file is read with: the one it names when several versions are installed."""
    return pack.choose(pack_id, version) if isinstance(pack, PackSet) else pack
