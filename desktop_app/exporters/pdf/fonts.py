"""Fonts for the PDF: find the official-document fonts, register each once, check coverage.

GB/T 9704 sets the title in 小标宋, first-level headings in 黑体, second-level ones in 楷体 and the body
in 仿宋; page numbers are 宋体. Windows fonts are looked up per role by family name in the registry
(machine-wide and per-user installs: the GB2312 fonts and 方正小标宋 of government PCs are installed by
hand under unpredictable file names), then by the usual file names in C:\\Windows\\Fonts and
%LOCALAPPDATA%\\Microsoft\\Windows\\Fonts. A role without a system font takes the bundled font of the
same kind (resources/fonts/README.md): Fandol Song Bold for the title, WenQuanYi Micro Hei for 黑体,
AR PL KaitiM GB for 楷体, Fandol Fang for 仿宋 and, to keep the installer small, for 宋体 too.

A character the role's font lacks is set in the nearest kind that has it (the same role's bundled font,
then kindred roles: 仿宋 → 宋体 → 楷体), then WenQuanYi Micro Hei (the widest coverage), then the
coverage fonts; one that no font has is reported. reportlab's TTFont embeds glyf outlines as subsets;
CFF fonts and fonts whose licence forbids embedding are skipped (reliability notes 20, 21).
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path, PureWindowsPath
from typing import Any

from desktop_app.paths import resource_path


class FontsMissing(FileNotFoundError):
    """No bundled Chinese font can be loaded: the program's resources are incomplete."""

    def __init__(self) -> None:
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        if lang == "en":
            return (
                "No usable Chinese font was found (the program's fonts/ folder is incomplete); reinstall the program."
            )
        return "找不到可用的中文字体（程序资源 fonts/ 不完整），请重新安装程序。"


class Role(StrEnum):
    TITLE = "title"  # 小标宋 (2号 title)
    HEI = "hei"  # 黑体 (一级标题)
    KAI = "kai"  # 楷体 (二级标题)
    FANG = "fang"  # 仿宋 (body and table text)
    SONG = "song"  # 宋体 (page numbers)


@dataclass(frozen=True, slots=True)
class FontSource:
    path: Path
    index: int = 0  # face in a .ttc collection
    family: str = ""
    bundled: bool = False


# Family names as the Windows registry spells them (English and Chinese), then usual file names.
_FAMILIES: dict[Role, tuple[str, ...]] = {
    Role.TITLE: (
        "方正小标宋简体",
        "FZXiaoBiaoSong-B05S",
        "方正小标宋_GBK",
        "FZXiaoBiaoSong-B05",
        "华文中宋",
        "STZhongsong",
    ),
    Role.HEI: ("黑体", "SimHei"),
    Role.KAI: ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti"),
    Role.FANG: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"),
    Role.SONG: ("宋体", "SimSun", "华文宋体", "STSong"),
}
_FILES: dict[Role, tuple[tuple[str, int], ...]] = {
    Role.TITLE: (("STZHONGS.TTF", 0),),
    Role.HEI: (("simhei.ttf", 0),),
    Role.KAI: (("simkai.ttf", 0), ("STKAITI.TTF", 0)),
    Role.FANG: (("simfang.ttf", 0), ("STFANGSO.TTF", 0)),
    Role.SONG: (("simsun.ttc", 0), ("STSONG.TTF", 0)),
}
# The bundled font of each role's kind (resources/fonts/), and the one with the widest coverage.
_BUNDLED: dict[Role, tuple[str, str, str]] = {  # folder, file, family
    Role.TITLE: ("fandol", "FandolSong-Bold.ttf", "FandolSong Bold"),
    Role.HEI: ("wqy-microhei", "wqy-microhei.ttc", "WenQuanYi Micro Hei"),
    Role.KAI: ("arphic", "gkai00mp.ttf", "AR PL KaitiM GB"),
    Role.FANG: ("fandol", "FandolFang-Regular.ttf", "FandolFang"),
    Role.SONG: ("fandol", "FandolFang-Regular.ttf", "FandolFang"),  # the nearest kind: no 宋体 is bundled
}
WIDEST = Role.HEI
# Where a character missing from a role's font is looked for first: fonts of kindred shapes.
_KIN: dict[Role, tuple[Role, ...]] = {
    Role.TITLE: (Role.SONG, Role.FANG),
    Role.HEI: (),
    Role.KAI: (Role.FANG, Role.SONG),
    Role.FANG: (Role.SONG, Role.KAI),
    Role.SONG: (Role.FANG, Role.TITLE),
}
# Fonts consulted only for characters the role fonts lack (CJK Extension B and beyond).
_COVERAGE_FAMILIES = ("SimSun-ExtB", "MingLiU-ExtB")
_COVERAGE_FILES = (("simsunb.ttf", 0), ("mingliub.ttc", 0))
_COVERAGE_PATHS = (
    Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
    Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
)


def bundled_source(role: Role = WIDEST) -> FontSource:
    """The font shipped for `role` (by default the one with the widest coverage)."""
    folder, name, family = _BUNDLED[role]
    return FontSource(resource_path("fonts", folder, name), 0, family, bundled=True)


def windows_font_dirs(environ: Mapping[str, str] = os.environ) -> list[Path]:
    dirs = [Path(environ.get("WINDIR", r"C:\Windows")) / "Fonts"]
    local = environ.get("LOCALAPPDATA")
    if local:
        dirs.append(Path(local) / "Microsoft" / "Windows" / "Fonts")
    return dirs


def parse_registry(entries: Iterable[tuple[str, str]], font_dir: Path) -> dict[str, FontSource]:
    """Family name → font, from registry values such as ("SimSun & NSimSun (TrueType)", "simsun.ttc")."""
    families: dict[str, FontSource] = {}
    for name, value in entries:
        if not value.lower().endswith((".ttf", ".ttc")):
            continue
        # Per-user installs are stored with their full path, machine-wide ones by file name.
        absolute = Path(value).is_absolute() or PureWindowsPath(value).is_absolute()
        path = Path(value) if absolute else font_dir / value
        base = name.removesuffix(" (TrueType)").strip()
        for index, family in enumerate(part.strip() for part in base.split("&")):
            families.setdefault(family.casefold(), FontSource(path, index, family))
    return families


def _read_windows_registry() -> dict[str, FontSource]:  # pragma: no cover - Windows only
    import winreg  # type: ignore[import-not-found, unused-ignore]

    key_path = r"SOFTWARE\Microsoft\Windows NT\CurrentVersion\Fonts"
    font_dir = windows_font_dirs()[0]
    families: dict[str, FontSource] = {}
    hives = (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE)  # type: ignore[attr-defined, unused-ignore]
    for hive in hives:
        try:
            with winreg.OpenKey(hive, key_path) as key:  # type: ignore[attr-defined, unused-ignore]
                count = winreg.QueryInfoKey(key)[1]  # type: ignore[attr-defined, unused-ignore]
                entries = [winreg.EnumValue(key, i)[:2] for i in range(count)]  # type: ignore[attr-defined, unused-ignore]
        except OSError:
            continue
        for family, source in parse_registry(entries, font_dir).items():
            families.setdefault(family, source)
    return families


@dataclass
class FontFinder:
    """Where fonts are looked for: registry families and folders (injectable for tests)."""

    registry: Mapping[str, FontSource] = field(default_factory=dict)
    dirs: Sequence[Path] = ()
    extra_paths: Sequence[Path] = ()

    @classmethod
    def for_this_machine(cls) -> FontFinder:
        if sys.platform == "win32":  # pragma: no cover - Windows only
            return cls(_read_windows_registry(), windows_font_dirs())
        return cls(extra_paths=_COVERAGE_PATHS)

    def candidates(self, families: Sequence[str], files: Sequence[tuple[str, int]]) -> list[FontSource]:
        found = [self.registry[f.casefold()] for f in families if f.casefold() in self.registry]
        for folder in self.dirs:
            for name, index in files:
                found.append(FontSource(folder / name, index, Path(name).stem))
        return [source for source in found if source.path.is_file()]

    def role_candidates(self, role: Role) -> list[FontSource]:
        return self.candidates(_FAMILIES[role], _FILES[role])

    def coverage_candidates(self) -> list[FontSource]:
        found = self.candidates(_COVERAGE_FAMILIES, _COVERAGE_FILES)
        return found + [FontSource(p, 0, p.stem) for p in self.extra_paths if p.is_file()]


@dataclass(eq=False)
class LoadedFont:
    name: str  # the name registered with reportlab
    source: FontSource
    cmap: Mapping[int, int]

    def covers(self, char: str) -> bool:
        return ord(char) in self.cmap


def needs_no_glyph(char: str) -> bool:
    """White space and control characters take no glyph: they never print as a gap."""
    return char.isspace() or ord(char) < 0x20


class FontSet:
    """The fonts of this process: one per role, plus bundled and coverage fonts loaded only when needed."""

    def __init__(self, finder: FontFinder) -> None:
        self._finder = finder
        self._prints: dict[str, bool] = {}
        self._loaded: dict[tuple[Path, int], LoadedFont] = {}
        self._failed: set[tuple[Path, int]] = set()
        self._roles: dict[Role, LoadedFont] = {}
        self._coverage: list[LoadedFont] | None = None
        self._lock = threading.Lock()  # exports run on a worker thread
        self.skipped: list[str] = []  # fonts found but unusable, with why (for the report)

    def font(self, role: Role) -> LoadedFont:
        with self._lock:
            if role not in self._roles:
                candidates = [*self._finder.role_candidates(role), bundled_source(role), bundled_source()]
                self._roles[role] = self._first_loadable(candidates)
            return self._roles[role]

    def fallback_for(self, char: str, primary: LoadedFont | None = None) -> LoadedFont | None:
        """A font that has `char`, nearest in kind to `primary`: the same role's bundled font, kindred
        roles' fonts, the widest bundled font, any role's font, then the coverage fonts. Fonts not yet
        needed are loaded only when a character reaches them."""
        with self._lock:
            roles = [role for role, font in self._roles.items() if font is primary]
            order = [*roles, *(kin for role in roles for kin in _KIN[role]), WIDEST]
            candidates: list[LoadedFont | FontSource] = []
            for role in order:
                if role in self._roles:
                    candidates.append(self._roles[role])
                candidates.append(bundled_source(role))
            candidates += self._roles.values()
        for candidate in candidates:
            if isinstance(candidate, FontSource):
                with self._lock:
                    found = self._load(candidate)
            else:
                found = candidate
            if found is not None and found is not primary and found.covers(char):
                return found
        with self._lock:
            if self._coverage is None:
                self._coverage = [font for source in self._finder.coverage_candidates()
                                  if (font := self._load(source)) is not None]  # fmt: skip
            coverage = list(self._coverage)
        return next((font for font in coverage if font.covers(char)), None)

    def prints(self, char: str) -> bool:
        """Whether a PDF of this machine prints `char` (a font of the export has it), not a blank gap.

        The body font answers nearly every character; the other role and coverage fonts are loaded
        only for a character it lacks. Answers are kept: validation asks after every edit.
        """
        known = self._prints.get(char)
        if known is None:
            known = needs_no_glyph(char) or self.font(Role.FANG).covers(char)
            if not known:
                for role in Role:
                    self.font(role)
                known = self.fallback_for(char) is not None
            self._prints[char] = known
        return known

    def used(self) -> list[LoadedFont]:
        return list(self._loaded.values())

    def _first_loadable(self, candidates: Sequence[FontSource]) -> LoadedFont:
        for source in candidates:
            font = self._load(source)
            if font is not None:
                return font
        raise FontsMissing()

    def _load(self, source: FontSource) -> LoadedFont | None:
        key = (source.path, source.index)
        if key in self._loaded:
            return self._loaded[key]
        if key in self._failed:
            return None
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        name = f"SR-{source.path.stem}-{source.index}"
        try:
            ttf: Any = TTFont(name, str(source.path), subfontIndex=source.index)
        except (TTFError, OSError, ValueError) as error:
            # CFF outlines, embedding forbidden by fsType, or a damaged file: try the next one.
            self._failed.add(key)
            self.skipped.append(f"{source.path.name}: {error}")
            return None
        pdfmetrics.registerFont(ttf)
        font = LoadedFont(name, source, ttf.face.charToGlyph)
        self._loaded[key] = font
        return font


@cache
def font_set() -> FontSet:
    """The process-wide FontSet: each font file is parsed and registered once per process."""
    return FontSet(FontFinder.for_this_machine())


def register_all() -> FontSet:
    """Load every role font now (benchmarks, and a warm-up before the first export)."""
    fonts = font_set()
    for role in Role:
        fonts.font(role)
    return fonts
