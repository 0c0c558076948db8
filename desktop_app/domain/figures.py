"""The photos of a submission as numbered figures (图1, 图2 …) with their captions.

The PDF's appendix and the workbook's sheets number the photos the same way, in the order a reader
meets them: category by category in the pack's order, field by field, row by row, column by column.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app.domain.pack import Category, Field, FieldType, FormPack
from desktop_app.domain.values import is_empty

_WORDS = (FieldType.TEXT, FieldType.LONGTEXT)


@dataclass(frozen=True, slots=True)
class Figure:
    number: int  # 图1 is 1
    category: str
    field: str  # the table field
    row: int  # 1-based
    column: str  # the image column
    digest: str  # the photo's content hash (Submission.attachments)
    caption: str

    @property
    def key(self) -> tuple[str, str, int, str]:
        return self.category, self.field, self.row, self.column

    def label(self, lang: str = "zh") -> str:
        """图3 (Figure 3 in English)."""
        return f"Figure {self.number}" if lang == "en" else f"图{self.number}"


def caption_of(category: Category, table: Field, row: Mapping[str, Any], index: int, lang: str = "zh") -> str:
    """The row's caption column if it has one, else its first filled text column, else the row itself."""
    texts = sorted((c for c in table.columns if c.type in _WORDS), key=lambda c: "caption" not in c.key)
    for column in texts:
        if not is_empty(row.get(column.key)):
            return str(row[column.key])
    if lang == "en":
        return f"{category.label.get('en')} row {index}"
    return f"{category.label.zh}第{index}行"


def figures(pack: FormPack, values: Mapping[str, Mapping[str, Any]], categories: Iterable[str] | None = None,
            lang: str = "zh") -> list[Figure]:  # fmt: skip
    """Every photo in the image columns of the given categories (default: all in `values`), numbered."""
    wanted = set(values if categories is None else categories)
    found: list[Figure] = []
    for category in pack.categories:
        own = values.get(category.key)
        if category.key not in wanted or not own:
            continue
        for field in category.fields:
            if field.type is not FieldType.TABLE or not own.get(field.key):
                continue
            images = [c for c in field.columns if c.type is FieldType.IMAGE]
            for index, row in enumerate(own[field.key], start=1):
                for column in images:
                    if is_empty(row.get(column.key)):
                        continue
                    caption = caption_of(category, field, row, index, lang)
                    found.append(Figure(len(found) + 1, category.key, field.key, index, column.key,
                                        str(row[column.key]), caption))  # fmt: skip
    return found
