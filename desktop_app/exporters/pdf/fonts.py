"""Fonts for the PDF: find the official-document fonts, register each once, check coverage.

Windows fonts are looked up by family name in the registry (machine-wide and per-user installs; the
GB2312 fonts of government PCs are installed by hand under unpredictable file names), then by the
usual file names in C:\\Windows\\Fonts and %LOCALAPPDATA%\\Microsoft\\Windows\\Fonts. Without them the
bundled WenQuanYi Micro Hei serves every role. reportlab's TTFont embeds glyf outlines as subsets;
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
            return ("No usable Chinese font was found (the program's fonts/ folder is incomplete); "
                    "reinstall the program.")
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
    Role.TITLE: ("方正小标宋简体", "FZXiaoBiaoSong-B05S", "方正小标宋_GBK", "华文中宋", "STZhongsong"),
    Role.HEI: ("黑体", "SimHei"),
    Role.KAI: ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi"),
    Role.FANG: ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong"),
    Role.SONG: ("宋体", "SimSun"),
}
_FILES: dict[Role, tuple[tuple[str, int], ...]] = {
    Role.TITLE: (("STZHONGS.TTF", 0), ("simhei.ttf", 0)),
    Role.HEI: (("simhei.ttf", 0),),
    Role.KAI: (("simkai.ttf", 0),),
    Role.FANG: (("simfang.ttf", 0),),
    Role.SONG: (("simsun.ttc", 0),),
}
# Fonts consulted only for characters the role fonts lack (CJK Extension B and beyond).
_COVERAGE_FAMILIES = ("SimSun-ExtB", "MingLiU-ExtB")
_COVERAGE_FILES = (("simsunb.ttf", 0), ("mingliub.ttc", 0))
_COVERAGE_PATHS = (
    Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
    Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
)


def bundled_source() -> FontSource:
    path = resource_path("fonts", "wqy-microhei", "wqy-microhei.ttc")
    return FontSource(path, 0, "WenQuanYi Micro Hei", bundled=True)


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


class FontSet:
    """The fonts of this process: one per role, plus coverage fonts loaded only when needed."""

    def __init__(self, finder: FontFinder) -> None:
        self._finder = finder
        self._loaded: dict[tuple[Path, int], LoadedFont] = {}
        self._roles: dict[Role, LoadedFont] = {}
        self._coverage: list[LoadedFont] | None = None
        self._lock = threading.Lock()  # exports run on a worker thread
        self.skipped: list[str] = []  # fonts found but unusable, with why (for the report)

    def font(self, role: Role) -> LoadedFont:
        with self._lock:
            if role not in self._roles:
                candidates = [*self._finder.role_candidates(role), bundled_source()]
                self._roles[role] = self._first_loadable(candidates)
            return self._roles[role]

    def fallback_for(self, char: str) -> LoadedFont | None:
        """A font that has `char`: the role fonts first, then the coverage fonts (loaded on demand)."""
        for font in list(self._roles.values()):
            if font.covers(char):
                return font
        with self._lock:
            if self._coverage is None:
                self._coverage = []
                for source in self._finder.coverage_candidates():
                    loaded = self._load(source)
                    if loaded is not None:
                        self._coverage.append(loaded)
            coverage = list(self._coverage)
        return next((font for font in coverage if font.covers(char)), None)

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
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        name = f"SR-{source.path.stem}-{source.index}"
        try:
            ttf: Any = TTFont(name, str(source.path), subfontIndex=source.index)
        except (TTFError, OSError, ValueError) as error:
            # CFF outlines, embedding forbidden by fsType, or a damaged file: try the next one.
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
