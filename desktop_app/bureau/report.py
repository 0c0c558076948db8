"""Everything the 汇总 exports show, gathered once from the store: totals, 报送情况, call-back list,
targets and data quality."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.bureau.callbacks import CallBack, call_backs
from desktop_app.bureau.completeness import Completeness, completeness
from desktop_app.bureau.consolidate import Consolidation, consolidate_facts
from desktop_app.bureau.earlier import load_earlier
from desktop_app.bureau.quality import QualityReport, quality_report
from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.schools import SchoolFacts, school_facts
from desktop_app.bureau.targets import TargetsReport, evaluate_targets, target_periods
from desktop_app.domain.pack import FormPack
from desktop_app.domain.periods import PeriodKeyed


@dataclass(frozen=True)
class BureauReport(PeriodKeyed):
    pack: FormPack
    period: str
    consolidation: Consolidation
    completeness: Completeness
    call_backs: list[CallBack]
    register: dict[str, SchoolEntry]
    generated_at: datetime
    targets: TargetsReport | None = None
    quality: QualityReport | None = None

    @property
    def period_label(self) -> str:
        return self.reporting_period.name()

    def choice_label(self, list_key: str, key: str, lang: str = "zh") -> str:
        label = self.pack.choice_list(list_key).label_of(key) if list_key in self.pack.choice_lists else None
        return label.get(lang) if label else key


def register_of(store: Any) -> dict[str, SchoolEntry]:
    return {school.code: school for school in store.schools()}


def period_facts(pack: FormPack, store: Any, period: str, register: Mapping[str, SchoolEntry]) -> list[SchoolFacts]:
    return school_facts(pack, period, [item.submission for item in store.current(pack, period)], register)


def targets_for(pack: FormPack, period: str | None) -> list[str]:
    """The periods whose targets a view shows: the given one; with none (or the pack's annual period), the
    annual period and the semester at the end of the pack's year, where the year-end targets are measured."""
    defaults = target_periods(pack)
    if period is None or (defaults and period == defaults[0]):
        return defaults
    return [period]


def build_targets(pack: FormPack, store: Any, periods: list[str], register: Mapping[str, SchoolEntry],
                  facts: Mapping[str, list[SchoolFacts]] | None = None) -> TargetsReport:  # fmt: skip
    by_period = {p: (facts or {}).get(p) or period_facts(pack, store, p, register) for p in periods}
    earlier = {p: load_earlier(pack, store, p) for p in periods}
    return evaluate_targets(pack, register.values(), by_period, earlier)


def build_quality(pack: FormPack, store: Any, period: str, register: Mapping[str, SchoolEntry],
                  facts: list[SchoolFacts] | None = None) -> QualityReport:  # fmt: skip
    facts = facts if facts is not None else period_facts(pack, store, period, register)
    return quality_report(pack, period, facts, load_earlier(pack, store, period))


def build_report(pack: FormPack, store: Any, period: str) -> BureauReport:
    register = register_of(store)
    received = store.current(pack, period)
    submissions = [item.submission for item in received]
    facts = school_facts(pack, period, submissions, register)
    earlier = load_earlier(pack, store, period)
    return BureauReport(
        pack=pack,
        period=period,
        consolidation=consolidate_facts(pack, period, facts),
        completeness=completeness(pack, period, register.values(), received, store.rejections(period)),
        call_backs=call_backs(pack, period, submissions, register, earlier),
        register=register,
        generated_at=datetime.now(),
        targets=build_targets(pack, store, targets_for(pack, period), register, {period: facts}),
        quality=quality_report(pack, period, facts, earlier),
    )
