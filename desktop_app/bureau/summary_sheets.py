"""The rows of the 汇总's target and data-quality tables, shared by the workbook and the PDF."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.bureau.quality import QualityReport, kind_label
from desktop_app.bureau.targets import TargetResult, TargetsReport
from desktop_app.bureau.texts import choice_label
from desktop_app.bureau.words import tr
from desktop_app.domain.describe import field_label, scope_text
from desktop_app.domain.pack import FieldRef, FormPack
from desktop_app.domain.targets import Outcome, Tally


def share_text(value: Decimal | None) -> str:
    return "" if value is None else f"{(value * 100).quantize(Decimal('0.1'))}%"


# whether the district goal is reached: the words of `bureau targets` (texts.py)
_REACHED: dict[bool | None, str] = {
    True: "text.targets.reached",
    False: "text.targets.not_reached",
    None: "text.targets.cannot_judge",
}


def goal_text(pack: FormPack, result: TargetResult, lang: str = "zh") -> str:
    """The district goal and whether it is reached, e.g. 配备率 78.2%（目标 ≥75%，已达到）."""
    target = result.rule.target
    assert target is not None
    reached = tr(lang, _REACHED[result.goal_reached])
    if target.ratio is not None and target.at_least is not None and result.ratio is not None:
        name = field_label(pack, FieldRef(result.category.key, target.ratio), lang)
        value = share_text(result.ratio.total) or "—"
        return f"{name} {value}（≥{share_text(target.at_least)}，{reached}）"
    if target.share is not None:
        return f"达标占比 {share_text(result.district.share_met) or '—'}（≥{share_text(target.share)}，{reached}）"
    return ""


def _names(result: TargetResult, outcome: Outcome) -> str:
    return "；".join(f"{s.name}（{s.figures}）" if s.figures else s.name for s in result.named(outcome))


def _counts(counts: Tally) -> list[object]:
    return [counts.applicable, counts.met, counts.not_met, counts.not_reported, counts.no_baseline, counts.exempt,
            share_text(counts.share_met)]  # fmt: skip


def target_rows(pack: FormPack, report: TargetsReport, lang: str = "zh") -> list[list[object]]:
    rows = []
    for result in report.results:
        rule, target = result.rule, result.rule.target
        assert target is not None
        rows.append([rule.id, result.reporting_period.name(lang), target.policy.get(lang), target.source.get(lang),
                     scope_text(pack, rule.applies_to, rule.applies_group, lang), *_counts(result.district),
                     goal_text(pack, result, lang), _names(result, Outcome.NOT_MET),
                     _names(result, Outcome.NOT_REPORTED), _names(result, Outcome.NO_BASELINE)])  # fmt: skip
    return rows


def target_group_rows(pack: FormPack, report: TargetsReport, lang: str = "zh") -> list[list[object]]:
    rows = []
    for result in report.results:
        for title, groups, list_key in (("镇街", result.by_town, "town"), ("办学类型", result.by_type, "school_type")):
            for key, counts in groups.items():
                rows.append([result.rule.id, result.reporting_period.name(lang), title,
                             choice_label(pack, list_key, key, lang), *_counts(counts)])  # fmt: skip
    return rows


def quality_rows(pack: FormPack, report: QualityReport, lang: str = "zh") -> list[list[object]]:
    rows: list[list[object]] = []
    for rank, school in enumerate(report.schools, start=1):
        for line in school.lines:
            rows.append([rank, school.code, school.name, choice_label(pack, "town", school.town, lang),
                         choice_label(pack, "school_type", school.school_type, lang), school.score,
                         kind_label(line.kind, lang), line.field, line.value, line.comparison,
                         line.why, line.explanation])  # fmt: skip
    return rows
