"""The district side of the pack in words (for `forms check`, the bureau's outputs and the docs):
how a field adds up, which schools a ratio or target covers, what a target says and compares with."""

from __future__ import annotations

from desktop_app.domain.aggregation import AGGREGATION_LABELS
from desktop_app.domain.pack import Aggregation, Baseline, Field, FieldRef, FormPack, Rule
from desktop_app.domain.text import Text
from desktop_app.domain.validation import reads_previous

BASELINE_LABELS: dict[Baseline, Text] = {
    Baseline.PREVIOUS: Text("上期", "the period before"),
    Baseline.YEAR_END: Text("上年年底", "the end of the previous year"),
    Baseline.YEAR_BEFORE: Text("上年同期", "the same period a year before"),
}


def baseline_label(baseline: Baseline, lang: str = "zh") -> str:
    """What a target compares with (上期, 上年年底, 上年同期) in `lang`."""
    return BASELINE_LABELS[baseline].get(lang)


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[0] if lang == "zh" else pair[1]


def scope_text(pack: FormPack, types: frozenset[str] | None, group: str | None = None, lang: str = "zh") -> str:
    """全部学校, a group's name with its types, or the types themselves."""
    if types is None:
        return "全部学校" if lang == "zh" else "all schools"
    names = [c.label.get(lang) for c in pack.choice_list("school_type").choices if c.key in types]
    listed = "、".join(names) if lang == "zh" else ", ".join(names)
    if group and group in pack.school_groups:
        label = pack.school_groups[group].label.get(lang)
        return f"{label}（{listed}）" if lang == "zh" else f"{label} ({listed})"
    return listed


def field_label(pack: FormPack, ref: FieldRef, lang: str = "zh") -> str:
    if not pack.has_category(ref.owner) or not pack.category(ref.owner).has_field(ref.key):
        return str(ref)
    return pack.category(ref.owner).field(ref.key).label.get(lang).removeprefix("其中：")


def aggregation_text(pack: FormPack, item: Field, lang: str = "zh") -> str:
    """How the district adds the field up, and whether the pack said so or the type's default applies."""
    text = _pick(AGGREGATION_LABELS[item.aggregate], lang)
    if item.aggregate is Aggregation.RATIO and item.ratio is not None:
        top, bottom = field_label(pack, item.ratio.numerator, lang), field_label(pack, item.ratio.denominator, lang)
        where = scope_text(pack, item.ratio.applies_to, item.ratio.group, lang)
        return (f"比率：Σ“{top}”÷Σ“{bottom}”，{where}中两项均填的学校" if lang == "zh"
                else f"ratio: Σ {top} ÷ Σ {bottom} over {where} that gave both")  # fmt: skip
    if not item.aggregate_declared:
        text += "（按类型默认）" if lang == "zh" else " (default of the type)"
    return text


def target_text(pack: FormPack, rule: Rule, lang: str = "zh") -> str:
    """One line: the target, its source, its schools, its test and (if any) its baseline."""
    assert rule.target is not None
    target = rule.target
    policy = target.policy.get(lang).rstrip("。")
    parts = [f"{rule.id}：{policy}" if lang == "zh" else f"{rule.id}: {policy}",
             (f"依据：{target.source.get(lang)}" if lang == "zh" else f"source: {target.source.get(lang)}"),
             (f"适用：{scope_text(pack, rule.applies_to, rule.applies_group, lang)}" if lang == "zh"
              else f"schools: {scope_text(pack, rule.applies_to, rule.applies_group, lang)}"),
             (f"达标条件：{rule.check}" if lang == "zh" else f"met when: {rule.check}")]  # fmt: skip
    if rule.when:
        parts.append(f"（当 {rule.when}）" if lang == "zh" else f"(if {rule.when})")
    if reads_previous(rule):
        base = baseline_label(rule.baseline, lang)
        parts.append(f"基期：{base}" if lang == "zh" else f"baseline: {base}")
    if target.share is not None:
        share = f"{target.share * 100:.0f}%"
        parts.append(f"全区目标：达标学校占比≥{share}" if lang == "zh" else f"district goal: ≥{share} of schools")
    if target.ratio is not None and target.at_least is not None:
        share = f"{target.at_least * 100:.0f}%"
        name = field_label(pack, FieldRef(rule.id.split(".")[0], target.ratio), lang)
        parts.append(f"全区目标：{name}≥{share}" if lang == "zh" else f"district goal: {name} ≥ {share}")
    if not target.at_school:
        parts.append("（学校端不提示）" if lang == "zh" else "(no warning at the school)")
    return "；".join(parts) if lang == "zh" else "; ".join(parts)
