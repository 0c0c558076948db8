"""What goes in the 说明 column beside a field: its validation messages and the clerk's 说明."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission

_PREFIX = {
    "zh": {"error": "【逻辑校验】", "warning": "【经验校验】", "note": "说明："},
    "en": {"error": "[Error] ", "warning": "[Warning] ", "note": "Explanation: "},
}


def notes_by_field(
    pack: FormPack, submission: Submission, issues: Sequence[Any], lang: str
) -> dict[tuple[str, str], list[str]]:
    """(category, field) → lines: each issue's message, then the 说明 for its rule if there is one.

    A 说明 whose warning is not among `issues` still goes beside the first field of its rule.
    """
    prefix = _PREFIX.get(lang, _PREFIX["zh"])
    notes: dict[tuple[str, str], list[str]] = {}
    explained: set[tuple[str, str]] = set()
    for issue in issues:
        category = getattr(issue, "category", None)
        field = getattr(issue, "field", None)
        if not category or not field:
            continue
        severity = str(getattr(getattr(issue, "severity", ""), "value", getattr(issue, "severity", "")))
        lines = notes.setdefault((category, field), [])
        lines.append(prefix.get(severity, "") + issue.text(lang))  # a table row's message names its row
        rule_id = getattr(issue, "rule_id", None)
        explanation = submission.explanations.get(category, {}).get(rule_id or "")
        if explanation and (category, rule_id) not in explained:
            lines.append(prefix["note"] + explanation)
            explained.add((category, rule_id or ""))
    for category_key, by_rule in submission.explanations.items():
        if not pack.has_category(category_key):
            continue
        category = pack.category(category_key)
        for rule_id, explanation in by_rule.items():
            if (category_key, rule_id) in explained or not explanation:
                continue
            rule = next((r for r in category.rules if r.id == rule_id), None)
            field = rule.fields[0] if rule and rule.fields else _field_of_check(rule_id)
            if (field is None or not category.has_field(field)) and category.fields:
                field = category.fields[0].key
            if field is not None:
                notes.setdefault((category_key, field), []).append(prefix["note"] + explanation)
    return notes


def _field_of_check(rule_id: str) -> str | None:
    """A field check's id is <category>.<field>.<code> (domain.validation)."""
    parts = rule_id.split(".")
    return parts[1] if len(parts) == 3 else None
