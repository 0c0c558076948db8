"""PDF fonts: Windows look-up by family name, one registration per process, fallback per character run."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.exporters.pdf.fonts import FontFinder, FontSet, Role, bundled_source, font_set, parse_registry
from desktop_app.exporters.pdf.markup import Coverage, font_runs, text_markup

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WQY = bundled_source().path


def test_registry_entries_give_families_and_collection_indexes(tmp_path: Path) -> None:
    entries = [
        ("SimSun & NSimSun (TrueType)", "simsun.ttc"),
        ("仿宋_GB2312 (TrueType)", r"C:\Users\clerk\AppData\Local\Microsoft\Windows\Fonts\FANGSONG_GB2312.TTF"),
        ("Segoe UI (TrueType)", "segoeui.ttf"),
        ("Courier 10,12,15", "COURE.FON"),
    ]
    found = parse_registry(entries, tmp_path)
    assert found["simsun"].path == tmp_path / "simsun.ttc" and found["simsun"].index == 0
    assert found["nsimsun"].index == 1
    assert str(found["仿宋_gb2312"].path).startswith("C:")
    assert "courier 10,12,15" not in found


def test_family_names_come_before_file_names(tmp_path: Path) -> None:
    # A hand-installed 仿宋_GB2312 (under any file name, per-user folder) wins over simfang.ttf.
    user_fonts = tmp_path / "user"
    system_fonts = tmp_path / "Fonts"
    user_fonts.mkdir()
    system_fonts.mkdir()
    (user_fonts / "fs_gb2312.ttf").symlink_to(WQY)
    (system_fonts / "simfang.ttf").symlink_to(WQY)
    registry = parse_registry([("仿宋_GB2312 (TrueType)", str(user_fonts / "fs_gb2312.ttf"))], system_fonts)
    finder = FontFinder(registry, [system_fonts])
    names = [source.path.name for source in finder.role_candidates(Role.FANG)]
    assert names == ["fs_gb2312.ttf", "simfang.ttf"]
    assert finder.role_candidates(Role.HEI) == []  # simhei.ttf is not there


def test_unusable_fonts_are_skipped_and_the_bundled_font_serves(tmp_path: Path) -> None:
    broken = tmp_path / "simhei.ttf"
    broken.write_bytes(b"not a font")
    fonts = FontSet(FontFinder({}, [tmp_path]))
    assert fonts.font(Role.HEI).source.bundled
    assert any("simhei.ttf" in note for note in fonts.skipped)


def test_the_process_registers_each_font_once() -> None:
    assert font_set() is font_set()
    first = font_set().font(Role.FANG)
    assert font_set().font(Role.SONG) is first or font_set().font(Role.SONG).source != first.source
    assert len({id(f) for f in font_set().used()}) == len(font_set().used())


def test_characters_without_any_font_are_reported() -> None:
    fonts = FontSet(FontFinder())
    coverage = Coverage()
    markup = text_markup("𠀀堃喆", fonts.font(Role.FANG), fonts, coverage)
    assert coverage.characters == ("𠀀",)
    assert "堃喆" in markup


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans is not installed")
def test_fallback_per_character_run() -> None:
    # ⁂ is in DejaVu Sans but not in WenQuanYi Micro Hei.
    fonts = FontSet(FontFinder(extra_paths=[DEJAVU]))
    coverage = Coverage()
    primary = fonts.font(Role.FANG)
    runs = font_runs("学校⁂⁂名称", primary, fonts, coverage)
    assert [(font.source.path.name, text) for font, text in runs] == [
        (WQY.name, "学校"), ("DejaVuSans.ttf", "⁂⁂"), (WQY.name, "名称"),
    ]  # fmt: skip
    assert coverage.characters == ()
    markup = text_markup("a<b ⁂", primary, fonts, coverage)
    assert markup == 'a&lt;b <font face="SR-DejaVuSans-0">⁂</font>'
