"""The bureau's views as plain text (`bureau totals`, `bureau targets`, `bureau quality`): labels, not keys;
dates in full; tables tab-separated, so that an officer can read them and paste them into a sheet."""

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
from desktop_app.bureau.quality import KIND_LABELS, QualityReport
from desktop_app.bureau.targets import TargetResult, TargetsReport
from desktop_app.domain.describe import BASELINE_LABELS, scope_text
from desktop_app.domain.pack import Aggregation, FormPack
from desktop_app.domain.periods import Period
from desktop_app.domain.targets import Outcome, Tally

_NUMERALS = "一二三四五六七八九十"


def _t(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def _heading(index: int, text: str, lang: str) -> str:
    if lang == "zh":
        number = _NUMERALS[index] if index < 10 else f"十{_NUMERALS[index - 10]}" if index < 19 else str(index + 1)
        return f"{number}、{text}"
    return f"{index + 1}. {text}"


def choice_label(pack: FormPack, list_key: str, key: str, lang: str = "zh") -> str:
    label = pack.choice_list(list_key).label_of(key) if list_key in pack.choice_lists else None
    return label.get(lang) if label else (key or _t(lang, "（未填）", "(blank)"))


def totals_lines(pack: FormPack, result: Consolidation, lang: str = "zh") -> list[str]:
    district = result.district
    lines = [_t(lang, f"{result.reporting_period.name()} 全区合计（报送学校 {district.schools} 所）",
                f"{result.reporting_period.name('en')}: district totals ({district.schools} schools)")]  # fmt: skip
    current, index = None, -1
    for category, item in reported_fields(pack, result.period):
        if category.key != current:
            current, index = category.key, index + 1
            lines += ["", _heading(index, category.label.get(lang), lang)]
        entry = district.get(category.key, item.key)
        figure = figure_text(pack, item, entry, lang) or "—"
        lines.append(f"  {item.label.get(lang)}：{figure}（{answered_text(entry, lang)}）" if lang == "zh"
                     else f"  {item.label.get(lang)}: {figure} ({answered_text(entry, lang)})")  # fmt: skip
        blank = incomplete_text(pack, item, entry, lang)
        if blank:
            lines.append(_t(lang, "    缺项未计入：", "    left out (a part blank): ") + "；".join(blank))
        for answer, names in named_lists(pack, item, entry, lang):
            head = _t(lang, f"    {answer}（{len(names)}所）：", f"    {answer} ({len(names)}): ")
            lines.append(head + "、".join(names))
        if item.aggregate is Aggregation.LIST and len(entry.listed) > 0:
            lines.append("    " + _t(lang, "学校\t" + item.label.get(lang), "School\t" + item.label.get(lang)))
            lines += [f"    {name}\t{value_text(pack, item, value, lang)}" for _code, name, value in entry.listed]
    lines += ["", *_breakdown(pack, result, result.by_town, "town", lang)]
    lines += ["", *_breakdown(pack, result, result.by_type, "school_type", lang)]
    return lines


def _breakdown(pack: FormPack, result: Consolidation, groups: dict[str, Totals], list_key: str,
               lang: str) -> list[str]:  # fmt: skip
    title = _t(lang, "分镇（街道）", "By town") if list_key == "town" else _t(lang, "分办学类型", "By school type")
    head = [_t(lang, "项目", "Item")]
    for key, totals in groups.items():
        name = choice_label(pack, list_key, key, lang)
        head.append(_t(lang, f"{name}（{totals.schools}所）", f"{name} ({totals.schools})"))
    rows = breakdown_rows(pack, result.period, groups, lang)
    return [title, "\t".join(head), *("\t".join(row) for row in rows)]


# --- targets ----------------------------------------------------------------------------------------


def _share(value: Decimal | None) -> str:
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


def tally_text(counts: Tally, lang: str = "zh") -> str:
    if lang == "zh":
        return (
            f"适用 {counts.applicable} 所：达标 {counts.met}，未达标 {counts.not_met}，未报 {counts.not_reported}，"
            f"缺少基期 {counts.no_baseline}，条件不适用 {counts.exempt}；达标率 {_share(counts.share_met)}"
        )
    return (f"{counts.applicable} applicable: {counts.met} met, {counts.not_met} not met, {counts.not_reported} "
            f"not reported, {counts.no_baseline} without baseline, {counts.exempt} exempt; "
            f"share met {_share(counts.share_met)}")  # fmt: skip


def target_lines(pack: FormPack, result: TargetResult, lang: str = "zh") -> list[str]:
    rule, target = result.rule, result.rule.target
    assert target is not None
    where = scope_text(pack, rule.applies_to, rule.applies_group, lang)
    lines = [f"{target.policy.get(lang)}（{rule.id}，{result.reporting_period.name(lang)}）" if lang == "zh"
             else f"{target.policy.get(lang)} ({rule.id}, {result.reporting_period.name(lang)})",
             _t(lang, f"  依据：{target.source.get(lang)}；适用：{where}；达标条件：{rule.check}"
                      + (f"（当 {rule.when}）" if rule.when else ""),
                f"  Source: {target.source.get(lang)}; schools: {where}; met when: {rule.check}")]  # fmt: skip
    if result.baseline_period:
        base = BASELINE_LABELS[rule.baseline][0 if lang == "zh" else 1]
        held = "" if result.baseline_held else _t(lang, "（本局尚无该期报送）", " (the bureau holds none)")
        lines.append(
            _t(
                lang,
                f"  基期：{base}（{Period.parse(result.baseline_period).name()}）{held}",
                f"  Baseline: {base} ({Period.parse(result.baseline_period).name('en')}){held}",
            )
        )
    lines.append("  " + tally_text(result.district, lang))
    if result.ratio is not None and target.at_least is not None:
        value = _share(result.ratio.total)
        reached = {True: _t(lang, "已达到", "reached"), False: _t(lang, "未达到", "not reached"),
                   None: _t(lang, "无法计算", "cannot tell")}[result.goal_reached]  # fmt: skip
        lines.append(_t(lang, f"  全区比率 {value}（目标 ≥{_share(target.at_least)}，{reached}；两项均填 "
                              f"{result.ratio.answered} 所）",
                        f"  District rate {value} (goal ≥{_share(target.at_least)}, {reached}; "
                        f"{result.ratio.answered} schools gave both)"))  # fmt: skip
    elif target.share is not None:
        reached = {True: _t(lang, "已达到", "reached"), False: _t(lang, "未达到", "not reached"),
                   None: _t(lang, "无法判断", "cannot tell")}[result.goal_reached]  # fmt: skip
        lines.append(
            _t(
                lang,
                f"  全区目标：达标学校占比 ≥{_share(target.share)}，{reached}",
                f"  District goal: ≥{_share(target.share)} of schools, {reached}",
            )
        )
    named_outcomes = ((Outcome.NOT_MET, "未达标", "Not met"), (Outcome.NO_BASELINE, "缺少基期数据", "No baseline"),
                      (Outcome.NOT_REPORTED, "未报", "Not reported"))  # fmt: skip
    for outcome, zh, en in named_outcomes:
        named = result.named(outcome)
        if named:
            sep = "；" if lang == "zh" else "; "
            shown = sep.join(f"{s.name}（{s.figures}）" if s.figures else s.name for s in named)
            lines.append(_t(lang, f"  {zh}（{len(named)}所）：", f"  {en} ({len(named)}): ") + shown)
    breakdowns = ((_t(lang, "分镇（街道）", "By town"), result.by_town, "town"),
                  (_t(lang, "分办学类型", "By school type"), result.by_type, "school_type"))  # fmt: skip
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
    return lines or [_t(lang, "表单包未声明政策目标。", "The pack declares no targets.")]


# --- data quality -----------------------------------------------------------------------------------


def quality_lines(pack: FormPack, report: QualityReport, lang: str = "zh") -> list[str]:
    doubtful, period = len(report.schools), report.reporting_period
    lines = [_t(lang, f"{period.name()} 数据质量：核查 {report.checked} 所，{doubtful} 所有需核实的数据"
                      "（按可疑程度排序）",
                f"{period.name('en')} data quality: {report.checked} schools checked, "
                f"{len(report.schools)} with figures to verify (most doubtful first)")]  # fmt: skip
    lines += [_t(lang, "说明：", "Note: ") + note for note in report.notes]
    for school in report.schools:
        kind = choice_label(pack, "school_type", school.school_type, lang)
        town = choice_label(pack, "town", school.town, lang)
        lines += ["", _t(lang, f"{school.name}（{school.code}，{town}，{kind}）可疑分 {school.score}",
                         f"{school.name} ({school.code}, {town}, {kind}) score {school.score}")]  # fmt: skip
        for line in school.lines:
            label = KIND_LABELS[line.kind][0 if lang == "zh" else 1]
            text = f"  [{label}] {line.field}：{line.value or '—'}；比较：{line.comparison}；原因：{line.why}"
            if line.explanation:
                text += f"；学校说明：{line.explanation}"
            lines.append(text)
    return lines
