"""One school as the bureau's figures see it: its submission, its 镇街 and type, which fields were relevant
to it and its own derived values. Built once per school and shared by totals, targets and data quality."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.evaluation import category_applies, compute_derived, is_relevant
from desktop_app.domain.pack import PROFILE_CATEGORY, Field, FieldRef, FieldType, FormPack
from desktop_app.domain.periods import Period
from desktop_app.domain.submission import Submission


def group_of(submission: Submission, register: Mapping[str, SchoolEntry], what: str) -> str:
    """The school's 镇街 or type: the register's word first, else what the school's profile says."""
    entry = register.get(submission.school_code)
    if entry is not None:
        return entry.town if what == "town" else entry.school_type
    profile = submission.values.get(PROFILE_CATEGORY, {})
    return str(profile.get("town" if what == "town" else "school_type") or "")


@dataclass
class SchoolFacts:
    """A school that sent the period: values, relevance and derived values, computed once."""

    pack: FormPack
    period: str
    submission: Submission
    town: str
    school_type: str
    _derived: dict[str, dict[str, Any]] = field(default_factory=dict)
    _relevant: dict[tuple[str, str], bool] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.submission.school_code

    @property
    def name(self) -> str:
        return self.submission.school_name

    @property
    def values(self) -> Mapping[str, Mapping[str, Any]]:
        return self.submission.values

    def sent(self, category: str) -> bool:
        """The category applies to the school and its submission holds it."""
        return category in self.submission.values and category_applies(self.pack.category(category), self.school_type)

    def relevant(self, category: str, item: Field) -> bool:
        """The field was on the school's form (its type and its visible_when)."""
        marker = (category, item.key)
        if marker not in self._relevant:
            owner = self.pack.category(category)
            self._relevant[marker] = self.sent(category) and is_relevant(self.pack, owner, item, self.values)
        return self._relevant[marker]

    def value(self, category: str, key: str) -> Any:
        """The school's value of a field (a derived one computed from its values); None when blank."""
        owner = self.pack.category(category)
        if not owner.has_field(key) or category not in self.submission.values:
            return None
        if owner.field(key).type is FieldType.DERIVED:
            if category not in self._derived:
                self._derived[category] = compute_derived(self.pack, category, self.values, period=self.period)
            return self._derived[category].get(key)
        return self.submission.values[category].get(key)

    def ref(self, ref: FieldRef) -> Any:
        return self.value(ref.owner, ref.key)


def school_facts(
    pack: FormPack, period: str, submissions: Iterable[Submission], register: Mapping[str, SchoolEntry]
) -> list[SchoolFacts]:
    return [SchoolFacts(pack, period, s, group_of(s, register, "town"), group_of(s, register, "type"))
            for s in submissions]  # fmt: skip


def period_fields(pack: FormPack, period: str) -> Iterable[tuple[str, Field]]:
    for category in pack.categories_for(Period.parse(period).kind):
        for item in category.fields:
            yield category.key, item
