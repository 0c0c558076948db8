"""Rebuild the bundled Fandol fonts of resources/fonts/fandol/ (a maintainer's step, not part of a build).

reportlab embeds only TrueType (glyf) outlines; the Fandol fonts are published as CID-keyed CFF
OpenType. This keeps the characters of GB 2312 (every simplified character Fandol has: its other
1,179 ideographs are traditional forms) plus ASCII, Latin-1 and the usual punctuation and symbols,
then converts the outlines to glyf (cubic → quadratic curves within 1 unit of 1000, the method of
fontTools' Snippets/otf2ttf.py), and notes the change in the font's description, as the GPL asks of a
modified work. Glyph shapes, metrics and names are unchanged. Subsetting saves about a quarter of the
size (the installer's budget); characters outside it are printed from the other fonts.

    pip install ".[fonts]"
    apt-get download texlive-lang-chinese   # Debian 2022.20230122-1 ships Fandol 0.3
    dpkg-deb -x texlive-lang-chinese_*.deb /tmp/tl
    python packaging/bundled_fonts.py /tmp/tl/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol

Takes about half a minute per font.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "fonts" / "fandol"
FONTS = ("FandolFang-Regular", "FandolSong-Bold")  # 仿宋 body, 小标宋 stand-in for titles
MAX_ERROR = 1.0  # font units (of 1000): far below what print or screen can show
NOTE = (
    "Subset to GB 2312 and common symbols, converted from CFF to TrueType (glyf) outlines for "
    "embedding by reportlab; otherwise unchanged."
)
# Beside GB 2312 (which brings its own punctuation, Greek, Cyrillic, kana, pinyin and box drawing).
EXTRA = (*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2030), *range(0x3000, 0x3040),
         *range(0xFF01, 0xFF5F), 0x2103, 0x2116, *range(0x2160, 0x216C), *range(0x2460, 0x2474))  # fmt: skip


def kept(code: int) -> bool:
    try:
        chr(code).encode("gb2312")
    except UnicodeEncodeError:
        return code in EXTRA
    return True


def subset(font: Any) -> None:
    from fontTools import subset as subsetting

    options = subsetting.Options()
    options.layout_features = []  # horizontal text only: no vertical forms
    options.name_IDs, options.name_languages = ["*"], ["*"]
    options.notdef_outline = True
    subsetter = subsetting.Subsetter(options)
    subsetter.populate(unicodes=[code for code in font.getBestCmap() if kept(code)])
    subsetter.subset(font)


def convert(source: Path, target: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font: Any = TTFont(str(source))
    if font.sfntVersion != "OTTO" or "CFF " not in font:
        raise SystemExit(f"{source.name}: not a CFF OpenType font")
    subset(font)
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    glyf.compile(font)
    font["maxp"] = maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attribute in ("maxZones",):
        setattr(maxp, attribute, 1)
    for attribute in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):  # fmt: skip
        setattr(maxp, attribute, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType, post.extraNames, post.mapping = 3.0, [], {}  # no glyph names: smaller, as PDF needs none
    font["name"].setName(NOTE, 10, 3, 1, 0x409)
    font.sfntVersion = "\x00\x01\x00\x00"
    font.save(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the folder holding Fandol's .otf files")
    args = parser.parse_args()
    TARGET.mkdir(parents=True, exist_ok=True)
    for name in FONTS:
        convert(args.folder / f"{name}.otf", TARGET / f"{name}.ttf")
        print(f"{name}.ttf: {(TARGET / f'{name}.ttf').stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
