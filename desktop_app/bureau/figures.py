"""How a consolidated figure is written in the bureau's outputs (Chinese first, exact decimals): labels
for answers and 镇街, dates as 2022年6月28日, ratios with their parts, distributions never as sums. Their
words are keys of bureau/words.py (`figures.*`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.bureau.consolidate import FieldTotal, Totals
from desktop_app.bureau.words import tr
from desktop_app.domain.aggregation import DENOMINATOR, NUMERATOR
from desktop_app.domain.describe import field_label, scope_text
from desktop_app.domain.pack import Aggregation, Category, DerivedFormat, Field, FieldRef, FieldType, FormPack
from desktop_app.domain.periods import Period, official_date
from desktop_app.domain.values import quantum

NAMED_LIMIT = 12  # name the schools of an answer when few of them gave it (闻韶中学等4所学校)
FIGURE_TYPES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
LISTED_LIMIT = 12  # a list figure names this many schools in one line; the tables name all


def number_text(item: Field, value: Any) -> str:
    if value is None:
        return ""
    if item.type is FieldType.DERIVED and item.derived_format is DerivedFormat.PERCENT:
        return format((Decimal(value) * 100).quantize(quantum(item.places)), "f") + "%"
    if isinstance(value, Decimal):
        return format(value.quantize(quantum(item.places)), ",f")
    return f"{value:,}"


def value_text(pack: FormPack, item: Field, value: Any, lang: str = "zh") -> str:
    """One school's value as the clerk saw it: labels for choices, 是/否, dates in full."""
    if value is None or value == "" or value == () or value == []:
        return ""
    if isinstance(value, date):
        return official_date(value) if lang == "zh" else value.isoformat()
    if item.type in (FieldType.CHOICE, FieldType.BOOLEAN):
        return option_label(pack, item, "true" if value is True else "false" if value is False else str(value), lang)
    if item.type is FieldType.MULTICHOICE:
        return "、".join(option_label(pack, item, key, lang) for key in value)
    if item.type in FIGURE_TYPES:
        return number_text(item, value)
    return str(value)


def option_label(pack: FormPack, item: Field, key: str, lang: str = "zh") -> str:
    if item.type is FieldType.BOOLEAN:
        return tr(lang, "figures.yes" if key == "true" else "figures.no")
    label = pack.choice_list(item.choices or "").label_of(key)
    return label.get(lang) if label else key


def option_order(pack: FormPack, item: Field) -> list[str]:
    if item.type is FieldType.BOOLEAN:
        return ["true", "false"]
    return list(pack.choice_list(item.choices or "").keys)


def _unit(item: Field, lang: str) -> str:
    return item.unit.get(lang) if item.unit else ""


def ratio_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """83.4%（Σ参加课后服务学生数 12,345 ÷ Σ在校学生数 14,800；义务教育学校 42 所两项均填，3 所缺项）."""
    figure, declared = entry.ratio, item.ratio
    if figure is None or declared is None:
        return ""
    percent = item.derived_format is DerivedFormat.PERCENT
    value = number_text(item, figure.value) + ("" if percent else _unit(item, lang))
    top, bottom = field_label(pack, declared.numerator, lang), field_label(pack, declared.denominator, lang)
    where = pack.school_groups[declared.group].label.get(lang) if declared.group else scope_text(
        pack, declared.applies_to, None, lang)  # fmt: skip
    above = _part(pack, declared.numerator, figure.numerator)
    below = _part(pack, declared.denominator, figure.denominator)
    parts = tr(lang, "figures.ratio.parts", top=top, above=above, bottom=bottom, below=below)
    counted = tr(lang, "figures.ratio.counted", where=where, schools=figure.schools)
    if figure.incomplete:
        counted += tr(lang, "figures.ratio.left_out", count=len(figure.incomplete))
    if figure.schools == 0:
        return tr(lang, "figures.ratio.none", counted=counted)
    return tr(lang, "figures.ratio", value=value, parts=parts, counted=counted)


def incomplete_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> list[str]:
    """For each applicable school that left a part of the ratio blank: the school and the blank part."""
    if entry.ratio is None or item.ratio is None:
        return []
    names = {NUMERATOR: field_label(pack, item.ratio.numerator, lang),
             DENOMINATOR: field_label(pack, item.ratio.denominator, lang)}  # fmt: skip
    sep = tr(lang, "figures.sep.names")
    lines = []
    for part in entry.ratio.incomplete:
        blank = sep.join(names[m] for m in part.missing)
        lines.append(tr(lang, "figures.incomplete", name=part.name, blank=blank))
    return lines


def _part(pack: FormPack, ref: FieldRef, value: Any) -> str:
    """A sum of a ratio's part, written as its field is (66,533.0 小时 keeps its place)."""
    if value is None:
        return "—"
    item = pack.category(ref.owner).field(ref.key)
    if item.type is FieldType.INTEGER:
        return f"{int(value):,}"
    return number_text(item, Decimal(value))


def distribution_text(item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    dist = entry.distribution
    if dist is None or dist.count == 0:
        return ""
    unit = _unit(item, lang)
    middle = format(dist.median.normalize(), "f") if dist.median is not None else ""
    text = tr(lang, "figures.distribution", minimum=dist.minimum, median=middle, maximum=dist.maximum, unit=unit)
    if dist.per_value:
        per = tr(lang, "figures.sep.parts").join(
            tr(lang, "figures.distribution.value", value=v, unit=unit, count=n) for v, n in dist.per_value.items()
        )
        text += tr(lang, "figures.distribution.per_value", values=per)
    return text


def figure_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """The district figure of one field as one line of text."""
    unit = _unit(item, lang)
    how = item.aggregate
    if how is Aggregation.RATIO:
        return ratio_text(pack, item, entry, lang)
    if how is Aggregation.DISTRIBUTION:
        return distribution_text(item, entry, lang)
    if how is Aggregation.SUM and item.type in FIGURE_TYPES:
        text = number_text(item, entry.total)
        if item.type is FieldType.DERIVED and item.derived_format is DerivedFormat.PERCENT:
            return text
        return f"{text}{unit}" if text else ""
    if how is Aggregation.COUNT:
        parts = [tr(lang, "figures.count.option", option=option_label(pack, item, key, lang), count=entry.options[key])
                 for key in option_order(pack, item) if entry.options.get(key)]  # fmt: skip
        return tr(lang, "figures.sep.parts").join(parts)
    if how is Aggregation.LIST:
        return list_text(pack, item, entry, lang)
    if item.type is FieldType.TABLE and how is Aggregation.SUM:
        parts = [tr(lang, "figures.table.rows", rows=entry.rows)]
        for column in item.columns:
            if column.key in entry.columns:
                total = number_text(column, entry.columns[column.key])
                text = tr(lang, "figures.table.column", label=column.label.get(lang), total=total)
                given = entry.column_rows.get(column.key, 0)
                if given < entry.rows:  # the blank cells are left out, never taken as 0
                    text += tr(lang, "figures.table.given", rows=entry.rows, given=given)
                parts.append(text)
        return tr(lang, "figures.sep.parts").join(parts)
    return tr(lang, "figures.filled", answered=entry.answered)


def list_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """Dates: how many schools, the earliest and the latest; names: each name and how many schools gave it
    (the schools themselves are in the list's table)."""
    if not entry.listed:
        return ""
    values = [value for _code, _name, value in entry.listed]
    if item.type is FieldType.DATE:
        first, last = value_text(pack, item, min(values), lang), value_text(pack, item, max(values), lang)
        return tr(lang, "figures.list.dates", count=len(values), first=first, last=last)
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = [tr(lang, "figures.list.name", text=text, count=n) for text, n in ranked[:LISTED_LIMIT]]
    more = ""
    if len(ranked) > LISTED_LIMIT:  # 等15种 counts every answer, "and 3 more" those not shown
        more = tr(lang, "figures.list.more", total=len(ranked), more=len(ranked) - LISTED_LIMIT)
    return tr(lang, "figures.sep.names").join(shown) + more


def answered_text(entry: FieldTotal, lang: str = "zh") -> str:
    if entry.aggregation == Aggregation.RATIO.value:
        return tr(lang, "figures.applicable", applicable=entry.applicable)
    return tr(lang, "figures.answered", answered=entry.answered, applicable=entry.applicable)


def named_lists(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh",
                limit: int | None = NAMED_LIMIT) -> list[tuple[str, list[str]]]:  # fmt: skip
    """(answer, school names) for the answers worth naming: every yes/no answer and choice the fewer
    schools gave (all of them with limit=None), e.g. the schools that said 是, the 市级示范校."""
    if item.aggregate is not Aggregation.COUNT or item.type is FieldType.MULTICHOICE:
        return []
    lists = []
    for key in option_order(pack, item):
        names = sorted(entry.names.get(key, []))
        if not names or key in ("none", "unrated"):
            continue
        if limit is not None and (len(names) > limit or len(names) == entry.answered):
            continue  # what (nearly) every school answered is not worth a list
        lists.append((option_label(pack, item, key, lang), names))
    return lists


def reported_fields(pack: FormPack, period: str, with_profile: bool = False) -> Iterator[tuple[Category, Field]]:
    for category in pack.categories_for(Period.parse(period).kind):
        if category.key == "profile" and not with_profile:
            continue
        for item in category.fields:
            yield category, item


def breakdown_value(item: Field, entry: FieldTotal) -> str:
    """A figure in a breakdown table's cell: a sum or a ratio's value; a distribution's median."""
    if item.aggregate is Aggregation.DISTRIBUTION:
        dist = entry.distribution
        return "" if dist is None or dist.median is None else format(dist.median.normalize(), "f")
    return number_text(item, entry.total)


def breakdown_rows(pack: FormPack, period: str, groups: dict[str, Totals], lang: str = "zh") -> list[list[str]]:
    """Summed, ratio and distribution (median) figures (rows) by group (columns)."""
    rows = []
    for category, item in reported_fields(pack, period):
        if item.type not in FIGURE_TYPES or item.aggregate is Aggregation.NONE:
            continue
        label = f"{category.label.get(lang)}：{item.label.get(lang)}"
        if item.aggregate is Aggregation.DISTRIBUTION:
            label += tr(lang, "figures.median")
        rows.append([label, *(breakdown_value(item, groups[g].get(category.key, item.key)) for g in groups)])
    return rows
