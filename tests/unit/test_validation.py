"""Two-tier validation over a tiny pack: errors, warnings with 说明, required only at submission."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.evaluation import compute_derived, relevant_values
from desktop_app.domain.loader import load_pack
from desktop_app.domain.pack import FormPack, Severity
from desktop_app.domain.validation import ValidationContext, blocking, validate
from tests.unit.pack_builder import category, write_pack

FIELDS: list[dict[str, Any]] = [
    {"key": "found", "type": "integer", "label": {"zh": "发现隐患数", "en": "Hazards found"}, "required": True},
    {"key": "resolved", "type": "integer", "label": {"zh": "整改隐患数"}},
    {"key": "guards_over_60", "type": "integer", "label": {"zh": "60岁以上保安员"}, "max": 50},
    {"key": "phone", "type": "text", "max_length": 20, "pattern": "phone", "label": {"zh": "联系电话"}},
    {"key": "rate", "type": "derived", "formula": "resolved / found", "format": "percent", "places": 1,
     "label": {"zh": "整改率"}},
    {"key": "canteen", "type": "boolean", "label": {"zh": "设有食堂"}},
    {"key": "canteen_star", "type": "choice", "choices": "star", "label": {"zh": "星级食堂"},
     "visible_when": "canteen == true"},
    {"key": "kg_only", "type": "integer", "label": {"zh": "幼儿园专项"}, "applies_to": ["kindergarten"]},
    {"key": "drills", "type": "table", "label": {"zh": "应急演练"}, "columns": [
        {"key": "date", "type": "date", "label": {"zh": "日期"}},
        {"key": "people", "type": "integer", "label": {"zh": "参与人数"}, "max": 5000},
    ]},
]  # fmt: skip
RULES = [
    {"id": "safety.resolved_le_found", "severity": "error", "check": "resolved <= found",
     "fields": ["resolved"], "message": {"zh": "整改隐患数不能超过发现隐患数。", "en": "Resolved > found."}},
    {"id": "safety.no_guard_over_60", "severity": "warning", "check": "guards_over_60 == 0",
     "fields": ["guards_over_60"], "message": {"zh": "不应有60岁以上保安员。"}},
    {"id": "safety.drills_people", "severity": "warning", "check": "sum(drills.people) >= 100",
     "fields": ["drills"], "message": {"zh": "应急演练参与人数偏少。"}, "when_empty": "zero"},
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> FormPack:
    folder = tmp_path_factory.mktemp("tiny") / "pack"
    return load_pack(write_pack(folder, category(fields=FIELDS, rules=RULES)))


def _values(**safety: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"found": 10, "resolved": 8, "guards_over_60": 0, "drills": [{"people": 300}]}
    base.update(safety)
    return {"profile": {"school_name": "某某小学", "school_type": "primary"}, "safety": base}


def _ids(pack: FormPack, values: dict[str, Any], **kwargs: Any) -> set[str]:
    return {issue.rule_id for issue in validate(pack, ValidationContext("2022", values, **kwargs))}


def test_clean_data_has_no_issues(tiny: FormPack) -> None:
    assert _ids(tiny, _values()) == set()


def test_an_error_rule_fires_with_its_message(tiny: FormPack) -> None:
    issues = validate(tiny, ValidationContext("2022", _values(resolved=11)))
    assert [(i.rule_id, i.severity, i.field) for i in issues] == [
        ("safety.resolved_le_found", Severity.ERROR, "resolved")
    ]
    assert issues[0].text("zh") == "整改隐患数不能超过发现隐患数。"
    assert issues[0].text("en") == "Resolved > found."


def test_a_warning_needs_a_note_before_it_stops_blocking(tiny: FormPack) -> None:
    values = _values(guards_over_60=2)
    issues = validate(tiny, ValidationContext("2022", values))
    assert len(blocking(issues)) == 1 and issues[0].severity is Severity.WARNING
    noted = validate(tiny, ValidationContext("2022", values, explanations={
        "safety": {"safety.no_guard_over_60": "2名保安员已于2023年1月前辞退。"}}))  # fmt: skip
    assert blocking(noted) == [] and noted[0].explanation.startswith("2名")


def test_empty_operands_skip_or_count_as_zero(tiny: FormPack) -> None:
    assert "safety.resolved_le_found" not in _ids(tiny, _values(found=None, resolved=3))
    assert "safety.drills_people" in _ids(tiny, _values(drills=[]))  # when_empty: zero


def test_required_only_blocks_submission(tiny: FormPack) -> None:
    values = _values(found=None)
    assert "safety.found.required" not in _ids(tiny, values)
    assert "safety.found.required" in _ids(tiny, values, for_submission=True)


def test_field_checks_range_pattern_and_table_cells(tiny: FormPack) -> None:
    issues = validate(tiny, ValidationContext("2022", _values(
        guards_over_60=51, phone="12345", drills=[{"people": 300}, {"people": 6000}])))  # fmt: skip
    by_id = {i.rule_id: i for i in issues}
    assert "safety.guards_over_60.above_maximum" in by_id
    assert "联系电话" in by_id["safety.phone.bad_pattern"].text()
    cell = by_id["safety.drills.above_maximum"]
    assert (cell.row, cell.column) == (1, "people") and "第2行" in cell.text()


def test_relevance_by_school_type_and_answer(tiny: FormPack) -> None:
    values = _values(kg_only=-1, canteen_star="five")
    assert "safety.kg_only.below_minimum" not in _ids(tiny, values)  # not for a primary school
    shown = relevant_values(tiny, "safety", values)
    assert "kg_only" not in shown and "canteen_star" not in shown
    values["safety"]["canteen"] = True
    assert relevant_values(tiny, "safety", values)["canteen_star"] == "five"


def test_derived_rate_is_exact(tiny: FormPack, tmp_path: Path) -> None:
    derived = compute_derived(tiny, "safety", _values(found=3, resolved=2))
    assert derived["rate"] == Decimal("0.667")
    assert compute_derived(tiny, "safety", _values(found=0))["rate"] is None
