"""Everything the 汇总 exports show, gathered once from the store: totals, 报送情况, call-back list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.bureau.callbacks import CallBack, call_backs
from desktop_app.bureau.completeness import Completeness, completeness
from desktop_app.bureau.consolidate import Consolidation, consolidate
from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.pack import FormPack
from desktop_app.domain.periods import label as period_label


@dataclass(frozen=True)
class BureauReport:
    pack: FormPack
    period: str
    consolidation: Consolidation
    completeness: Completeness
    call_backs: list[CallBack]
    register: dict[str, SchoolEntry]
    generated_at: datetime

    @property
    def period_label(self) -> str:
        return period_label(self.period)

    def choice_label(self, list_key: str, key: str, lang: str = "zh") -> str:
        label = self.pack.choice_list(list_key).label_of(key) if list_key in self.pack.choice_lists else None
        return label.get(lang) if label else key


def build_report(pack: FormPack, store: Any, period: str) -> BureauReport:
    register = {school.code: school for school in store.schools()}
    received = store.current(pack, period)
    submissions = [item.submission for item in received]
    return BureauReport(
        pack=pack,
        period=period,
        consolidation=consolidate(pack, period, submissions, register),
        completeness=completeness(pack, period, register.values(), received, store.rejections(period)),
        call_backs=call_backs(pack, period, submissions, register),
        register=register,
        generated_at=datetime.now(),
    )
