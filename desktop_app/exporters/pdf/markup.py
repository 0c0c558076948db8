"""User text → safe reportlab paragraph markup, with a font switch wherever a font lacks a character.

reportlab's Paragraph parses its text as markup: `R&D`, `a < b`, `</para>` or `<img src=…>` typed by a
clerk must print literally (reliability note 19), so every piece of user text passes through
`text_markup`, which escapes it and never lets it open a tag. Characters the requested font lacks are
set in a font that has them, run by run; characters no font has are recorded (note 21) and printed
as they are, so the reader sees a gap that the export also reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from desktop_app.exporters.pdf.fonts import FontSet, LoadedFont, needs_no_glyph


@dataclass
class Coverage:
    """What one export could not print, shared by every piece of markup of that export."""

    missing: dict[str, None] = field(default_factory=dict)  # an ordered set of characters

    def add(self, char: str) -> None:
        self.missing[char] = None

    @property
    def characters(self) -> tuple[str, ...]:
        return tuple(self.missing)


def font_runs(text: str, primary: LoadedFont, fonts: FontSet, coverage: Coverage) -> list[tuple[LoadedFont, str]]:
    """Split text into runs, each with a font that has all its characters (primary where it can)."""
    runs: list[tuple[LoadedFont, str]] = []
    for char in text:
        font = primary
        if not needs_no_glyph(char) and not primary.covers(char):
            found = fonts.fallback_for(char, primary)
            if found is None:
                coverage.add(char)
            else:
                font = found
        if runs and runs[-1][0] is font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def text_markup(text: str, primary: LoadedFont, fonts: FontSet, coverage: Coverage) -> str:
    """Escaped paragraph markup for user text; line breaks kept, other fonts switched in by run."""
    parts: list[str] = []
    for font, run in font_runs(text, primary, fonts, coverage):
        safe = escape(run).replace("\r\n", "\n").replace("\n", "<br/>")
        if font is primary:
            parts.append(safe)
        else:
            parts.append(f'<font face="{font.name}">{safe}</font>')
    return "".join(parts)


def plain_for_canvas(text: str, primary: LoadedFont, fonts: FontSet, coverage: Coverage) -> list[tuple[str, str]]:
    """Runs (font name, text) for drawing straight onto the canvas (header, footer, watermark)."""
    return [(font.name, run) for font, run in font_runs(text, primary, fonts, coverage)]
