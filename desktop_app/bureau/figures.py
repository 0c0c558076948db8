"""How a consolidated figure is written in the bureau's outputs (Chinese first, exact decimals): labels
for answers and 镇街, dates as 2022年6月28日, ratios with their parts, distributions never as sums."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from desktop_app.bureau.consolidate import FieldTotal, Totals
from desktop_app.domain.aggregation import DENOMINATOR, NUMERATOR
from desktop_app.domain.describe import field_label, scope_text
from desktop_app.domain.pack import Aggregation, Category, DerivedFormat, Field, FieldRef, FieldType, FormPack
from desktop_app.domain.periods import Period, official_date
from desktop_app.domain.values import quantum

NAMED_LIMIT = 12  # name the schools of an answer when few of them gave it (闻韶中学等4所学校)
FIGURE_TYPES = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
LISTED_LIMIT = 12  # a list figure names this many schools in one line; the tables name all


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


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
        return _t(lang, "是", "Yes") if key == "true" else _t(lang, "否", "No")
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
    parts = _t(lang, f"Σ{top} {above} ÷ Σ{bottom} {below}", f"Σ {top} {above} ÷ Σ {bottom} {below}")
    counted = _t(lang, f"{where}中两项均填 {figure.schools} 所", f"{figure.schools} of {where} gave both")
    if figure.incomplete:
        counted += _t(lang, f"，{len(figure.incomplete)} 所缺项未计入", f"; {len(figure.incomplete)} left a part blank")
    if figure.schools == 0:
        return _t(lang, f"无法计算（{counted}）", f"cannot be computed ({counted})")
    return _t(lang, f"{value}（{parts}；{counted}）", f"{value} ({parts}; {counted})")


def incomplete_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> list[str]:
    """For each applicable school that left a part of the ratio blank: the school and the blank part."""
    if entry.ratio is None or item.ratio is None:
        return []
    names = {NUMERATOR: field_label(pack, item.ratio.numerator, lang),
             DENOMINATOR: field_label(pack, item.ratio.denominator, lang)}  # fmt: skip
    sep = "、" if lang == "zh" else ", "
    lines = []
    for part in entry.ratio.incomplete:
        blank = sep.join(names[m] for m in part.missing)
        lines.append(_t(lang, f"{part.name}（未填{blank}）", f"{part.name} (blank: {blank})"))
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
    text = _t(lang, f"最小 {dist.minimum}{unit}，中位数 {middle}{unit}，最大 {dist.maximum}{unit}",
              f"min {dist.minimum}{unit}, median {middle}{unit}, max {dist.maximum}{unit}")  # fmt: skip
    if dist.per_value:
        per = _t(lang, "；".join(f"{v}{unit} {n}所" for v, n in dist.per_value.items()),
                 "; ".join(f"{v}{unit}: {n}" for v, n in dist.per_value.items()))  # fmt: skip
        text += _t(lang, f"（{per}）", f" ({per})")
    return text


def figure_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """The district figure of one field as one line of text."""
    unit = _unit(item, lang)
    schools = _t(lang, "所", " schools")
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
        parts = [f"{option_label(pack, item, key, lang)} {entry.options[key]}{schools}"
                 for key in option_order(pack, item) if entry.options.get(key)]  # fmt: skip
        return "；".join(parts) if lang == "zh" else "; ".join(parts)
    if how is Aggregation.LIST:
        return list_text(pack, item, entry, lang)
    if item.type is FieldType.TABLE and how is Aggregation.SUM:
        parts = [_t(lang, f"{entry.rows}行", f"{entry.rows} rows")]
        for column in item.columns:
            if column.key in entry.columns:
                total = number_text(column, entry.columns[column.key])
                text = _t(lang, f"{column.label.zh}合计 {total}", f"{column.label.get('en')} total {total}")
                given = entry.column_rows.get(column.key, 0)
                if given < entry.rows:  # the blank cells are left out, never taken as 0
                    text += _t(lang, f"（{entry.rows}行中{given}行填写）", f" ({given} of {entry.rows} rows given)")
                parts.append(text)
        return "；".join(parts) if lang == "zh" else "; ".join(parts)
    return _t(lang, f"填报 {entry.answered} 所", f"{entry.answered} schools answered")


def list_text(pack: FormPack, item: Field, entry: FieldTotal, lang: str = "zh") -> str:
    """Dates: how many schools, the earliest and the latest; names: each name and how many schools gave it
    (the schools themselves are in the list's table)."""
    if not entry.listed:
        return ""
    values = [value for _code, _name, value in entry.listed]
    if item.type is FieldType.DATE:
        first, last = value_text(pack, item, min(values), lang), value_text(pack, item, max(values), lang)
        return _t(lang, f"{len(values)}所，最早 {first}，最晚 {last}",
                  f"{len(values)} schools, earliest {first}, latest {last}")  # fmt: skip
    counts: dict[str, int] = {}
    for value in values:
        counts[str(value)] = counts.get(str(value), 0) + 1
    ranked = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
    shown = [_t(lang, f"{text}（{n}所）", f"{text} ({n})") for text, n in ranked[:LISTED_LIMIT]]
    more = ""
    if len(ranked) > LISTED_LIMIT:
        more = _t(lang, f"等{len(ranked)}种", f" and {len(ranked) - LISTED_LIMIT} more")
    return ("、" if lang == "zh" else ", ").join(shown) + more


def answered_text(entry: FieldTotal, lang: str = "zh") -> str:
    if entry.aggregation == Aggregation.RATIO.value:
        return _t(lang, f"适用 {entry.applicable} 所", f"{entry.applicable} applicable")
    return _t(lang, f"填报 {entry.answered}/{entry.applicable} 所", f"{entry.answered} of {entry.applicable} answered")


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
            label += _t(lang, "（中位数）", " (median)")
        rows.append([label, *(breakdown_value(item, groups[g].get(category.key, item.key)) for g in groups)])
    return rows
