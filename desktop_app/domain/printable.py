"""Text the PDF would not print: characters that no font on this machine has.

The core knows no fonts: the caller injects `Printable`, a predicate that says whether some font the
PDF uses has a character (services take it from exporters/pdf/fonts.py). White space and line breaks
need no glyph. Validation turns what is found into an error beside the field, so that 上报 names it
before anything is frozen, and the window shows it as the clerk types.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from desktop_app.domain.pack import Field, FieldType
from desktop_app.domain.values import Value

Printable = Callable[[str], bool]
_TEXT_TYPES = (FieldType.TEXT, FieldType.LONGTEXT)


def unprintable(text: str, printable: Printable) -> tuple[str, ...]:
    """The characters of `text` no font prints, each once, in order of appearance."""
    return tuple(dict.fromkeys(char for char in text if not printable(char)))


def shown(chars: tuple[str, ...]) -> str:
    """“𠀀”（U+20000）、“😀”（U+1F600）: the character itself and its code point (it may show as a box)."""
    return "、".join(f"“{char}”（U+{ord(char):04X}）" for char in chars)


def text_cells(target: Field, value: Value) -> Iterator[tuple[int | None, Field, str]]:
    """(row or None, field or column, text) of every text the field holds, tables cell by cell."""
    if target.type in _TEXT_TYPES and isinstance(value, str):
        yield None, target, value
    if target.type is FieldType.TABLE and isinstance(value, list):
        for index, row in enumerate(value):
            for column in target.columns:
                cell = row.get(column.key) if isinstance(row, dict) else None
                if column.type in _TEXT_TYPES and isinstance(cell, str):
                    yield index, column, cell
