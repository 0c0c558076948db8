"""Several versions of one form pack at once (the bureau takes in files of any installed version).

A file names its pack version; `choose` gives that version when it is one of the set, else the default
(the active pack), so a file of an unknown version is rejected against the active one as before.
A period is consolidated under the version that declares it (`declaring`): 2022年度 under 2022.1 even
when 2023.1, which keeps 2022 only as a year to compare with, is active.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from desktop_app.domain.pack import FormPack, PeriodKind, PeriodSpec
from desktop_app.domain.pack_file import version_key
from desktop_app.domain.periods import PeriodKeyError, calendar_year, period_span


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

    def declaring(self, period: str) -> FormPack | None:
        """The version a period is read and consolidated under: the newest declaring it among its periods,
        else the newest keeping it as an earlier period for comparisons; None when no version knows it."""
        newest_first = sorted(self.all, key=lambda pack: version_key(pack.version), reverse=True)
        for pack in newest_first:
            if any(spec.key == period for spec in pack.periods):
                return pack
        for pack in newest_first:
            if any(spec.key == period for spec in pack.baseline_periods):
                return pack
        return None

    def period(self, key: str) -> PeriodSpec:
        """The period as the version that declares it has it (KeyError when none does), as FormPack.period."""
        pack = self.declaring(key)
        if pack is None:
            raise KeyError(key)
        return pack.period(key)

    def choose(self, pack_id: str, version: str) -> FormPack:
        for pack in self.all:
            if (pack.id, pack.version) == (pack_id, version):
                return pack
        return self.default


def choose_pack(pack: FormPack | PackSet, pack_id: str, version: str) -> FormPack:
    """The pack a file is read with: the one it names when several versions are installed."""
    return pack.choose(pack_id, version) if isinstance(pack, PackSet) else pack


@dataclass(frozen=True, slots=True)
class PeriodChoice:
    """One period the bureau can look at, with the version it is consolidated under."""

    spec: PeriodSpec
    pack: FormPack

    @property
    def key(self) -> str:
        return self.spec.key

    @property
    def year(self) -> int | None:
        """The calendar year it reports on (None for a key the program cannot read)."""
        try:
            return calendar_year(self.spec.key)
        except PeriodKeyError:
            return None


def period_choices(packs: PackSet, imported: Iterable[str] = ()) -> list[PeriodChoice]:
    """The periods of every version, and those files were imported for (an earlier year kept for
    comparisons), each under the version declaring it; newest first: by the calendar year reported on,
    the year itself before its semesters, the later semester first. A period no version knows is left out
    (nothing could read it)."""
    keys = {spec.key for pack in packs.all for spec in pack.periods} | set(imported)
    found = []
    for key in keys:
        pack = packs.declaring(key)
        if pack is not None:
            found.append(PeriodChoice(pack.period(key), pack))
    return sorted(found, key=_newest_first)


def _newest_first(choice: PeriodChoice) -> tuple[int, int, int, int, str]:
    year = choice.year
    if year is None:  # not a period key the program knows: after the others
        return (1, 0, 0, 0, choice.key)
    annual = 0 if choice.spec.kind is PeriodKind.ANNUAL else 1
    return (0, -year, annual, -period_span(choice.key)[0].toordinal(), choice.key)
