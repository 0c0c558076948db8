"""The bureau's views as plain text (`bureau totals`, `bureau targets`, `bureau quality`): labels, not keys;
dates in full; tables tab-separated, so that an officer can read them and paste them into a sheet. Their
words are keys of bureau/words.py (`text.*`)."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.bureau.consolidate import Consolidation, Totals
from desktop_app.bureau.figures import (
    answered_text,
    breakdown_rows,
    figure_text,
    incomplete_text,
    named_lists,
    reported_fields,
    value_text,
)
from desktop_app.bureau.quality import QualityReport, kind_label
from desktop_app.bureau.targets import TargetResult, TargetsReport
from desktop_app.bureau.words import tr
from desktop_app.domain.describe import baseline_label, scope_text
from desktop_app.domain.pack import Aggregation, FormPack
from desktop_app.domain.periods import Period
from desktop_app.domain.targets import Outcome, Tally

_NUMERALS = "一二三四五六七八九十"


def _heading(index: int, text: str, lang: str) -> str:
    number = str(index + 1)
    if lang == "zh":
        number = _NUMERALS[index] if index < 10 else f"十{_NUMERALS[index - 10]}" if index < 19 else number
    return tr(lang, "text.heading", number=number, title=text)


def choice_label(pack: FormPack, list_key: str, key: str, lang: str = "zh") -> str:
    label = pack.choice_list(list_key).label_of(key) if list_key in pack.choice_lists else None
    return label.get(lang) if label else (key or tr(lang, "text.blank"))


def totals_lines(pack: FormPack, result: Consolidation, lang: str = "zh") -> list[str]:
    district = result.district
    lines = [tr(lang, "text.totals.title", period=result.reporting_period.name(lang), schools=district.schools)]
    current, index = None, -1
    for category, item in reported_fields(pack, result.period):
        if category.key != current:
            current, index = category.key, index + 1
            lines += ["", _heading(index, category.label.get(lang), lang)]
        entry = district.get(category.key, item.key)
        figure = figure_text(pack, item, entry, lang) or "—"
        answered = answered_text(entry, lang)
        lines.append("  " + tr(lang, "text.totals.field", label=item.label.get(lang), figure=figure, answered=answered))
        blank = incomplete_text(pack, item, entry, lang)
        if blank:
            lines.append("    " + tr(lang, "text.totals.left_out", parts="；".join(blank)))
        for answer, names in named_lists(pack, item, entry, lang):
            lines.append(
                "    " + tr(lang, "text.totals.named", answer=answer, count=len(names), names="、".join(names))
            )
        if item.aggregate is Aggregation.LIST and len(entry.listed) > 0:
            lines.append("    " + tr(lang, "text.totals.list_head", label=item.label.get(lang)))
            lines += [f"    {name}\t{value_text(pack, item, value, lang)}" for _code, name, value in entry.listed]
    lines += ["", *_breakdown(pack, result, result.by_town, "town", lang)]
    lines += ["", *_breakdown(pack, result, result.by_type, "school_type", lang)]
    return lines


def _breakdown(pack: FormPack, result: Consolidation, groups: dict[str, Totals], list_key: str,
               lang: str) -> list[str]:  # fmt: skip
    title = tr(lang, "text.by_town" if list_key == "town" else "text.by_type")
    head = [tr(lang, "text.col.item")]
    for key, totals in groups.items():
        head.append(tr(lang, "text.group", name=choice_label(pack, list_key, key, lang), schools=totals.schools))
    rows = breakdown_rows(pack, result.period, groups, lang)
    return [title, "\t".join(head), *("\t".join(row) for row in rows)]


# --- targets ----------------------------------------------------------------------------------------


def _share(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def tally_text(counts: Tally, lang: str = "zh") -> str:
    return tr(lang, "text.targets.tally", applicable=counts.applicable, met=counts.met, not_met=counts.not_met,
              not_reported=counts.not_reported, no_baseline=counts.no_baseline, exempt=counts.exempt,
              share=_share(counts.share_met))  # fmt: skip


# None (the goal cannot be told): 无法计算 for a rate, 无法判断 for a share of schools
_REACHED: dict[bool | None, str] = {True: "text.targets.reached", False: "text.targets.not_reached"}
_NAMED = {Outcome.NOT_MET: "text.targets.named.not_met", Outcome.NO_BASELINE: "text.targets.named.no_baseline",
          Outcome.NOT_REPORTED: "text.targets.named.not_reported"}  # fmt: skip


def target_lines(pack: FormPack, result: TargetResult, lang: str = "zh") -> list[str]:
    rule, target = result.rule, result.rule.target
    assert target is not None
    where = scope_text(pack, rule.applies_to, rule.applies_group, lang)
    source = tr(lang, "text.targets.source", source=target.source.get(lang), where=where, check=rule.check)
    when = tr(lang, "text.targets.when", when=rule.when) if rule.when else ""
    lines = [tr(lang, "text.targets.head", policy=target.policy.get(lang), rule=rule.id,
                period=result.reporting_period.name(lang)), f"  {source}{when}"]  # fmt: skip
    if result.baseline_period:
        base = baseline_label(rule.baseline, lang)
        held = "" if result.baseline_held else tr(lang, "text.targets.baseline_not_held")
        period = Period.parse(result.baseline_period).name(lang)
        lines.append("  " + tr(lang, "text.targets.baseline", base=base, period=period, held=held))
    lines.append("  " + tally_text(result.district, lang))
    if result.ratio is not None and target.at_least is not None:
        value = _share(result.ratio.total)
        reached = tr(lang, _REACHED.get(result.goal_reached, "text.targets.cannot_compute"))
        lines.append("  " + tr(lang, "text.targets.rate", value=value, goal=_share(target.at_least), reached=reached,
                               answered=result.ratio.answered))  # fmt: skip
    elif target.share is not None:
        reached = tr(lang, _REACHED.get(result.goal_reached, "text.targets.cannot_judge"))
        lines.append("  " + tr(lang, "text.targets.share", goal=_share(target.share), reached=reached))
    for outcome in (Outcome.NOT_MET, Outcome.NO_BASELINE, Outcome.NOT_REPORTED):
        named = result.named(outcome)
        if named:
            shown = tr(lang, "text.targets.named.sep").join(
                f"{s.name}（{s.figures}）" if s.figures else s.name for s in named)  # fmt: skip
            lines.append("  " + tr(lang, "text.targets.named", outcome=tr(lang, _NAMED[outcome]), count=len(named),
                                   names=shown))  # fmt: skip
    breakdowns = ((tr(lang, "text.by_town"), result.by_town, "town"),
                  (tr(lang, "text.by_type"), result.by_type, "school_type"))  # fmt: skip
    for title, groups, list_key in breakdowns:
        lines.append(f"  {title}")
        for key, counts in groups.items():
            lines.append(f"    {choice_label(pack, list_key, key, lang)}\t{tally_text(counts, lang)}")
    return lines


def targets_lines(pack: FormPack, report: TargetsReport, lang: str = "zh") -> list[str]:
    lines: list[str] = []
    for index, result in enumerate(report.results):
        head, *body = target_lines(pack, result, lang)
        lines += ([""] if lines else []) + [_heading(index, head, lang), *body]
    return lines or [tr(lang, "text.targets.none")]


# --- data quality -----------------------------------------------------------------------------------


def quality_lines(pack: FormPack, report: QualityReport, lang: str = "zh") -> list[str]:
    lines = [tr(lang, "text.quality.title", period=report.reporting_period.name(lang), checked=report.checked,
                doubtful=len(report.schools))]  # fmt: skip
    lines += [tr(lang, "text.quality.note", note=note) for note in report.notes]
    for school in report.schools:
        kind = choice_label(pack, "school_type", school.school_type, lang)
        town = choice_label(pack, "town", school.town, lang)
        lines += ["", tr(lang, "text.quality.school", name=school.name, code=school.code, town=town, kind=kind,
                         score=school.score)]  # fmt: skip
        for line in school.lines:
            text = "  " + tr(lang, "text.quality.line", kind=kind_label(line.kind, lang), field=line.field,
                             value=line.value or "—", comparison=line.comparison, why=line.why)  # fmt: skip
            if line.explanation:
                text += tr(lang, "text.quality.explanation", explanation=line.explanation)
            lines.append(text)
    return lines
