"""PDF fonts: Windows look-up by family name, one registration per process, fallback per character run."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.exporters.pdf.fonts import FontFinder, FontSet, Role, bundled_source, font_set, parse_registry
from desktop_app.exporters.pdf.markup import Coverage, font_runs, text_markup

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
WQY = bundled_source().path
FANG = bundled_source(Role.FANG).path


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
        (FANG.name, "学校"), ("DejaVuSans.ttf", "⁂⁂"), (FANG.name, "名称"),
    ]  # fmt: skip
    assert coverage.characters == ()
    markup = text_markup("a<b ⁂", primary, fonts, coverage)
    assert markup == 'a&lt;b <font face="SR-DejaVuSans-0">⁂</font>'


def test_each_role_without_a_system_font_takes_a_bundled_font_of_its_kind() -> None:
    fonts = FontSet(FontFinder())
    families = {role: fonts.font(role).source.family for role in Role}
    assert families == {
        Role.TITLE: "FandolSong Bold", Role.HEI: "WenQuanYi Micro Hei", Role.KAI: "AR PL KaitiM GB",
        Role.FANG: "FandolFang", Role.SONG: "FandolFang",
    }  # fmt: skip
    assert len({fonts.font(role).name for role in Role}) == 4  # not one sans for everything
    assert fonts.skipped == []


def test_bundled_fonts_embed_and_cover_gb2312() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    hanzi = []
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                hanzi.append(ord(bytes([row, cell]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    assert len(hanzi) == 6763
    for role in Role:
        source = bundled_source(role)
        font = TTFont(f"check-{role}", str(source.path), subfontIndex=source.index)  # raises on CFF or fsType 2
        missing = [chr(c) for c in hanzi if c not in font.face.charToGlyph]
        assert not missing, (source.family, "".join(missing[:20]))
        assert all(ord(c) in font.face.charToGlyph for c in "0123456789—（）：，。、"), source.family


def test_windows_families_are_found_per_role_by_name(tmp_path: Path) -> None:
    user = tmp_path / "user"
    user.mkdir()
    for name in ("fzxbs.ttf", "kaiti_gb2312.ttf"):
        (user / name).symlink_to(FANG)
    registry = parse_registry([("方正小标宋简体 (TrueType)", str(user / "fzxbs.ttf")),
                               ("楷体_GB2312 (TrueType)", str(user / "kaiti_gb2312.ttf"))], tmp_path)  # fmt: skip
    finder = FontFinder(registry, [tmp_path])
    assert [s.path.name for s in finder.role_candidates(Role.TITLE)] == ["fzxbs.ttf"]
    assert [s.path.name for s in finder.role_candidates(Role.KAI)] == ["kaiti_gb2312.ttf"]


def test_the_title_never_borrows_simhei(tmp_path: Path) -> None:
    (tmp_path / "simhei.ttf").symlink_to(WQY)
    fonts = FontSet(FontFinder({}, [tmp_path]))
    assert fonts.font(Role.HEI).source.path.name == "simhei.ttf"
    assert fonts.font(Role.TITLE).source.family == "FandolSong Bold"


def test_a_missing_character_takes_the_nearest_kind(tmp_path: Path) -> None:
    # A "system" 仿宋 without 〇: the bundled 仿宋 has it, and is chosen before any 黑体.
    (tmp_path / "simfang.ttf").symlink_to(bundled_source(Role.KAI).path)  # AR PL KaitiM GB lacks 〇
    fonts = FontSet(FontFinder({}, [tmp_path]))
    primary = fonts.font(Role.FANG)
    assert primary.source.path.name == "simfang.ttf" and not primary.covers("〇")
    runs = font_runs("二〇二二", primary, fonts, Coverage())
    assert [(font.source.family, text) for font, text in runs] == [
        ("simfang", "二"), ("FandolFang", "〇"), ("simfang", "二二"),
    ]  # fmt: skip
    # 堃 is in no bundled serif: the widest font prints it, and nothing is reported.
    coverage = Coverage()
    runs = font_runs("王堃", fonts.font(Role.KAI), fonts, coverage)
    assert [(font.source.family, text) for font, text in runs] == [
        ("AR PL KaitiM GB", "王"), ("WenQuanYi Micro Hei", "堃"),
    ]  # fmt: skip
    assert coverage.characters == ()
