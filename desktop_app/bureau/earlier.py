"""The bureau's own earlier submissions (imported earlier, or from last year's files): what the year-on-year
comparisons and the targets' baselines read, so that the bureau sees the warnings the school saw."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.domain.evaluation import PeriodValues
from desktop_app.domain.pack import Baseline, FormPack
from desktop_app.domain.periods import PeriodKeyError, baseline_period, previous, year_before
from desktop_app.domain.submission import Submission
from desktop_app.domain.validation import baselines_needed


@dataclass(frozen=True)
class Earlier:
    """Earlier periods' values by school: period key → school code → values. A period the bureau holds no
    submission of is absent from `held`; a school absent from a held period did not provide it."""

    values: Mapping[str, Mapping[str, PeriodValues]] = field(default_factory=dict)

    @property
    def held(self) -> set[str]:
        return {period for period, schools in self.values.items() if schools}

    def of(self, school_code: str, period: str) -> PeriodValues | None:
        return self.values.get(period, {}).get(school_code)

    def for_school(self, school_code: str) -> dict[str, PeriodValues]:
        """Every earlier period this school provided (what ValidationContext.earlier takes)."""
        return {period: schools[school_code] for period, schools in self.values.items() if school_code in schools}

    def baseline(self, school_code: str, period: str, baseline: Baseline) -> PeriodValues | None:
        return self.of(school_code, baseline_period(period, baseline))


def periods_needed(pack: FormPack, period: str) -> set[str]:
    """The earlier periods the period's rules, targets and year-on-year checks compare with."""
    wanted = set(baselines_needed(pack, period))
    for compute in (previous, year_before):
        try:
            wanted.add(compute(period))
        except PeriodKeyError:
            continue
    return wanted


def earlier_from(submissions: Iterable[Submission]) -> Earlier:
    values: dict[str, dict[str, PeriodValues]] = {}
    for submission in submissions:
        values.setdefault(submission.period, {})[submission.school_code] = submission.values
    return Earlier(values)


def load_earlier(pack: FormPack, store: Any, period: str) -> Earlier:
    """The current revision of each school's submission of every period the comparisons need."""
    known = {spec.key for spec in (*pack.periods, *pack.baseline_periods)}
    found = []
    for key in sorted(periods_needed(pack, period) & known):
        found += [received.submission for received in store.current(pack, key)]
    return earlier_from(found)
