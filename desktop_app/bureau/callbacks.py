"""The call-back list: the pack's validation rules run over every received school (电话回访清单)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.bureau.earlier import Earlier
from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.pack import FormPack
from desktop_app.domain.periods import previous as previous_period
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import Text
from desktop_app.domain.validation import ValidationContext, validate


@dataclass(frozen=True, slots=True)
class CallBack:
    school_code: str
    school_name: str
    category: str
    rule_id: str
    severity: str  # error | warning
    message_zh: str
    message_en: str
    explanation: str  # the school's 说明, if it gave one
    contact: str
    phone: str

    def message(self, lang: str = "zh") -> str:
        """The issue's message in `lang` (both are the validation catalogue's, filled when it was found)."""
        return Text(self.message_zh, self.message_en).get(lang)

    def as_json(self) -> dict[str, str]:
        return {
            "school_code": self.school_code, "school_name": self.school_name, "category": self.category,
            "rule": self.rule_id, "severity": self.severity, "message": self.message_zh,
            "message_en": self.message_en, "explanation": self.explanation, "contact": self.contact,
            "phone": self.phone,
        }  # fmt: skip


def call_backs(
    pack: FormPack,
    period: str,
    submissions: Iterable[Submission],
    register: Mapping[str, SchoolEntry],
    earlier: Earlier | None = None,
) -> list[CallBack]:
    """Every issue of every school, errors first, then by school; contacts from the register. The
    comparison rules read the bureau's own earlier submissions (`earlier`), as the school read its own."""
    found: list[CallBack] = []
    earlier = earlier or Earlier()
    before_key = previous_period(period)
    for submission in submissions:
        context = ValidationContext(
            period=period,
            values=submission.values,
            previous=earlier.of(submission.school_code, before_key),
            explanations=submission.explanations,
            for_submission=True,
            earlier=earlier.for_school(submission.school_code),
        )
        entry = register.get(submission.school_code)
        for issue in validate(pack, context):
            found.append(
                CallBack(
                    submission.school_code,
                    entry.name if entry else submission.school_name,
                    issue.category,
                    issue.rule_id,
                    issue.severity.value,
                    issue.text("zh"),
                    issue.text("en"),
                    issue.explanation,
                    entry.contact if entry else submission.signatories.preparer,
                    entry.phone if entry else submission.signatories.phone,
                )
            )
    found.sort(key=lambda item: (item.severity != "error", item.school_code, item.category, item.rule_id))
    return found
