"""How a consolidated figure is written in the bureau's exports (Chinese first, exact decimals)."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from desktop_app.bureau.consolidate import FieldTotal, Totals
from desktop_app.domain.pack import Category, DerivedFormat, Field, FieldType, FormPack
from desktop_app.domain.periods import kind_of
from desktop_app.domain.values import quantum

NAMED_LIMIT = 12  # name the schools of an answer when few of them gave it (闻韶中学等4所学校)
FIGURE_TYPES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)


def number_text(item: Field, value: Any) -> str:
    if value is None:
        return ""
    if item.type is FieldType.DERIVED and item.derived_format is DerivedFormat.PERCENT:
        return format((Decimal(value) * 100).quantize(quantum(item.places)), "f") + "%"
    if isinstance(value, Decimal):
        return format(value.quantize(quantum(item.places)), ",f")
    return f"{value:,}"


def _option_label(pack: FormPack, item: Field, key: str, lang: str) -> str:
    if item.type is FieldType.BOOLEAN:
        return ("是" if key == "true" else "否") if lang == "zh" else ("Yes" if key == "true" else "No")
    label = pack.choice_list(item.choices or "").label_of(key)
    return label.get(lang) if label else key


def option_order(pack: FormPack, item: Field) -> list[str]:
    if item.type is FieldType.BOOLEAN:
        return ["true", "false"]
    return list(pack.choice_list(item.choices or "").keys)


def figure_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """The district figure of one field as one line of text."""
    unit = item.unit.get(lang) if item.unit else ""
    schools = "所" if lang == "zh" else " schools"
    if item.type in FIGURE_TYPES:
        text = number_text(item, entry.total)
        if item.type is FieldType.DERIVED and item.derived_format is DerivedFormat.PERCENT:
            return text
        return f"{text}{unit}" if text else ""
    if item.type in (FieldType.CHOICE, FieldType.BOOLEAN, FieldType.MULTICHOICE):
        parts = [f"{_option_label(pack, item, key, lang)} {entry.options[key]}{schools}"
                 for key in option_order(pack, item) if entry.options.get(key)]  # fmt: skip
        return "；".join(parts) if lang == "zh" else "; ".join(parts)
    if item.type is FieldType.TABLE:
        parts = [f"{entry.rows}行" if lang == "zh" else f"{entry.rows} rows"]
        for column in item.columns:
            if column.key in entry.columns:
                parts.append(f"{column.label.get(lang)}合计 {number_text(column, entry.columns[column.key])}")
        return "；".join(parts)
    return f"填报 {entry.answered} 所" if lang == "zh" else f"{entry.answered} schools answered"


def named_lists(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> list[tuple[str, list[str]]]:
    """(answer, school names) for answers few schools gave: the lists a bureau report quotes."""
    if item.type is not FieldType.CHOICE:
        return []
    lists = []
    for key in option_order(pack, item):
        names = sorted(entry.names.get(key, []))
        # Only the distinctions a few schools reached are worth naming, not what nearly all answered.
        if names and len(names) <= NAMED_LIMIT and len(names) < entry.answered and key not in ("none", "unrated"):
            lists.append((_option_label(pack, item, key, lang), names))
    return lists


def reported_fields(pack: FormPack, period: str, with_profile: bool = False) -> Iterator[tuple[Category, Field]]:
    for category in pack.categories_for(kind_of(period)):
        if category.key == "profile" and not with_profile:
            continue
        for item in category.fields:
            yield category, item


def breakdown_rows(pack: FormPack, period: str, groups: dict[str, Totals], lang: str = "zh") -> list[list[str]]:
    """Numeric and derived figures (rows) by group (columns)."""
    rows = []
    for category, item in reported_fields(pack, period):
        if item.type not in FIGURE_TYPES:
            continue
        label = f"{category.label.get(lang)}：{item.label.get(lang)}"
        rows.append([label, *(number_text(item, groups[g].get(category.key, item.key).total) for g in groups)])
    return rows
