"""Bilingual text as declared in the form pack and the message catalogue."""

from __future__ import annotations

from dataclasses import dataclass

Language = str  # "zh" or "en"
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

    def __str__(self) -> str:
        return self.zh
