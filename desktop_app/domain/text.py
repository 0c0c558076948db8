"""Bilingual text as declared in the form pack and the message catalogue; characters text must not hold."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

Language = str  # "zh" or "en"
Pair = tuple[str, str]  # (Chinese, English): one entry of a layer's keyed catalogue

# Invisible controls that reorder how text is shown (U+202E shows 小学\u202Efdp.exe as 小学exe.pdf):
# embeddings and overrides, isolates, the left-to-right / right-to-left marks and the Arabic letter mark.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
LANGUAGES: tuple[Language, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class Text:
    """A string in Chinese (the product's voice) and English."""

    zh: str
    en: str = ""

    def get(self, lang: Language = "zh") -> str:
        if lang == "en" and self.en:
            return self.en
        return self.zh

    def format(self, lang: Language = "zh", **values: object) -> str:
        return self.get(lang).format(**values)

    def fill(self, lang: Language = "zh", **values: object) -> str:
        """As `format`, with each `Text` among the values in the same language (a period's label, a
        reason): how a refusal's message is built."""
        return self.format(lang, **{key: value.get(lang) if isinstance(value, Text) else value
                                    for key, value in values.items()})  # fmt: skip

    def __str__(self) -> str:
        return self.zh


class DuplicateKeyError(ValueError):
    """A key declared in two parts of one catalogue: neither may silently win."""


def join_part(catalogue: dict[str, Pair], part: Mapping[str, Pair], source: str) -> None:
    """Add `part` (declared in `source`) to `catalogue`; a key it already has raises, and nothing is added."""
    clashes = sorted(key for key in part if key in catalogue)
    if clashes:
        raise DuplicateKeyError(f"key(s) declared twice, again in {source}: {', '.join(clashes)}")
    catalogue.update(part)


class Catalogue:
    """A layer's own words by key (the window's, the PDF's), each in Chinese and English, from one or more
    parts; a key declared twice fails when the catalogue is made."""

    def __init__(self, *parts: tuple[str, Mapping[str, Pair]]) -> None:
        self.entries: dict[str, Pair] = {}
        for source, part in parts:
            join_part(self.entries, part, source)

    def text(self, key: str, lang: Language, /, **values: object) -> str:
        zh, en = self.entries[key]
        chosen = en if lang == "en" else zh
        return chosen.format(**values) if values else chosen

    def __contains__(self, key: object) -> bool:
        return key in self.entries


def bidi_controls(text: str) -> list[str]:
    """The bidi controls in `text`, each once, in order of appearance."""
    return list(dict.fromkeys(char for char in text if char in BIDI_CONTROLS))


def strip_bidi_controls(text: str) -> str:
    return "".join(char for char in text if char not in BIDI_CONTROLS)


def code_points(chars: list[str] | tuple[str, ...]) -> str:
    """U+202E, U+2066: how a message names characters a clerk cannot see."""
    return ", ".join(f"U+{ord(char):04X}" for char in chars)
