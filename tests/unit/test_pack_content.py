"""The shipped form pack: what it contains, and that every one of its rules can fire and stays quiet
on the demo school (rules are tested through real validation, on the real pack)."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.demo import DemoData, demo_data
from desktop_app.domain.evaluation import compute_derived
from desktop_app.domain.pack import FieldType, FormPack, PeriodKind, Severity
from desktop_app.domain.periods import previous
from desktop_app.domain.validation import ValidationContext, validate

# The categories of docs reporting-categories.md, with the clerks' own headings.
CATEGORIES = {
    0: ("profile", "学校基本信息"), 1: ("party", "党建工作"), 2: ("ideology", "意识形态工作"),
    3: ("integrity", "党风廉政建设"), 4: ("teaching", "教育教学与“双减”"), 5: ("health", "体育、卫生与艺术"),
    6: ("safety", "校园安全"), 7: ("aid", "学生资助"), 8: ("facilities", "办学条件与学位"),
    9: ("language", "语言文字"), 10: ("moral", "德育、劳动与研学"), 11: ("digital", "教育信息化"),
    12: ("staff", "教师队伍"), 13: ("honours", "荣誉与工作亮点"),
}  # fmt: skip

# The profile's keys are a contract with storage, exporters and the bureau's import.
PROFILE_CONTRACT = {
    "school_name": ("text", None), "school_code": ("text", "school_code"), "uscc": ("text", "uscc"),
    "school_type": ("choice", None), "sponsor": ("choice", None), "town": ("choice", None),
    "address": ("text", None), "principal": ("text", None), "party_secretary": ("text", None),
    "head": ("text", None), "statistician": ("text", None), "preparer": ("text", None),
    "phone": ("text", "phone"), "email": ("text", "email"), "postcode": ("text", "postcode"),
}  # fmt: skip
TOWNS = {
    "370115001": "济阳街道", "370115002": "济北街道", "370115003": "崔寨街道", "370115004": "孙耿街道",
    "370115005": "回河街道", "370115006": "太平街道", "370115101": "垛石街道", "370115103": "曲堤街道",
    "370115104": "仁风镇", "370115110": "新市镇",
}  # fmt: skip


def test_pack_identity_and_periods(pack: FormPack) -> None:
    assert (pack.id, pack.version, pack.year) == ("jiyang-school-report", "2022.1", 2022)
    periods = {p.key: (p.kind, p.label.zh, p.deadline) for p in pack.periods}
    assert periods == {
        "2022": (PeriodKind.ANNUAL, "2022年度", date(2023, 1, 10)),
        "2021-2022-2": (PeriodKind.SEMESTER, "2021—2022学年第二学期", date(2022, 7, 15)),
        "2022-2023-1": (PeriodKind.SEMESTER, "2022—2023学年第一学期", date(2023, 1, 10)),
    }


def test_every_reporting_category_is_present(pack: FormPack) -> None:
    found = {c.number: (c.key, c.label.zh) for c in pack.categories}
    assert found == CATEGORIES
    kinds = {c.key: c.period_kind for c in pack.categories}
    assert kinds.pop("profile") is PeriodKind.PROFILE
    assert kinds.pop("safety") is PeriodKind.SEMESTER
    assert set(kinds.values()) == {PeriodKind.ANNUAL}


def test_profile_keys_are_the_contract(pack: FormPack) -> None:
    profile = pack.profile
    assert {f.key: (f.type.value, f.pattern) for f in profile.fields} == PROFILE_CONTRACT
    assert profile.field("school_name").max_length == 60
    for key in ("school_code", "uscc", "phone"):
        assert profile.field(key).identifier
    assert not profile.field("postcode").required
    assert pack.choice_list("sponsor").keys == ("public", "private")
    types = pack.choice_list("school_type")
    assert [(c.key, c.label.zh) for c in types.choices] == [
        ("kindergarten", "幼儿园"), ("primary", "小学"), ("junior", "初中"), ("nine_year", "九年一贯制学校"),
        ("complete_middle", "完全中学"), ("senior", "普通高中"), ("vocational", "中等职业学校"),
        ("special", "特殊教育学校"),
    ]  # fmt: skip
    assert {c.key: c.label.zh for c in pack.choice_list("town").choices} == TOWNS


def _all_fields(pack: FormPack) -> list[tuple[str, Any]]:
    return [
        (f"{c.key}.{f.key}" + (f".{col.key}" if col is not f else ""), col)
        for c in pack.categories for f in c.fields for col in (f, *f.columns)
    ]  # fmt: skip


def test_every_field_has_labels_help_and_units(pack: FormPack) -> None:
    for where, item in _all_fields(pack):
        assert item.label.zh.strip() and item.label.en.strip(), where
        assert item.help is not None and item.help.zh.strip() and item.help.en.strip(), where
        if item.type is FieldType.INTEGER:
            assert item.unit is not None and item.unit.zh and item.unit.en, where
        if item.type is FieldType.DECIMAL and item.unit is not None and item.unit.zh in ("元", "万元"):
            assert item.places == 2, where
    for choices in pack.choice_lists.values():
        for choice in choices.choices:
            assert choice.label.zh and choice.label.en, f"{choices.key}.{choice.key}"
    for category in pack.categories:
        assert category.help is not None and category.help.en, category.key
        assert {s.key for s in category.sections} == {f.section for f in category.fields}, category.key


def test_rules_are_named_and_worded(pack: FormPack) -> None:
    for category in pack.categories:
        for rule in category.rules:
            assert re.fullmatch(rf"{category.key}\.[a-z0-9_]+", rule.id), rule.id
            assert rule.message.zh.endswith("。") and rule.message.en, rule.id
            assert rule.fields, rule.id
            first = category.field(rule.fields[0]).label.zh.removeprefix("其中：")
            assert first in rule.message.zh, f"{rule.id} does not name “{first}”"


def test_derived_fields_compute_on_the_demo(pack: FormPack, demo: DemoData) -> None:
    for period in demo.periods:
        values = demo.period_values(period)
        for category_key in demo.periods[period]:
            for key, value in compute_derived(pack, category_key, values).items():
                assert value is not None, f"{period} {category_key}.{key}"
    party = compute_derived(pack, "party", demo.period_values("2022"))
    assert party["hours_per_person"] == Decimal("40.0")  # 1200 小时 ÷ 30 人次


# --- every rule fires on a crafted value, and the demo school stays clean ---------------------------

AID_ROWS = [{"programme": "living_allowance", "students": 50, "amount": Decimal("50000.00"), "note": None}]
SEMESTER = "2022-2023-1"


@dataclass
class Case:
    changes: dict[str, dict[str, Any]]  # category → field → value, over the demo school's period
    period: str = "2022"
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)
    baseline: str | None = None  # the earlier period `previous` changes (default: the period before)


KINDERGARTEN = {"school_type": "kindergarten", "school_code": "1137000001"}
# fmt: off
CASES: dict[str, Case] = {
    "profile.code_fits_type": Case({}, profile={"school_code": "3437000001"}),
    "party.honoured_le_members": Case({"party": {"members": 25, "honoured_members": 26}}),
    "party.hours_need_times": Case({"party": {"volunteer_times": 0}}),
    "ideology.resolved_le_found": Case({"ideology": {"risks_found": 5, "risks_resolved": 6}}),
    "ideology.risks_need_checks": Case({"ideology": {"risk_checks": 0, "risks_found": 5, "risks_resolved": 5}}),
    "ideology.handled_le_incidents": Case({"ideology": {"opinion_incidents": 1, "opinion_handled": 2}}),
    "ideology.events_filed": Case({"ideology": {"events": [
        {"held_on": date(2022, 3, 1), "kind": "lecture", "title": "专题讲座", "speaker": "张明", "filed": False},
    ]}}),
    "integrity.rectified_le_received": Case({"integrity": {"feedback_received": 3, "feedback_rectified": 4}}),
    "integrity.all_rectified": Case({"integrity": {"feedback_received": 5, "feedback_rectified": 1}}),
    "integrity.handled_le_found": Case({"integrity": {"misconduct_found": 0, "misconduct_handled": 1}}),
    "teaching.after_school_le_students": Case({"teaching": {"students": 1260, "after_school_students": 1261}}),
    "teaching.classes_le_students": Case({"teaching": {"students": 20, "classes": 28, "after_school_students": 20}}),
    "teaching.classes_le_children": Case({"teaching": {"children": 10, "classes": 28}}, profile=KINDERGARTEN),
    "teaching.class_size": Case({"teaching": {"students": 1260, "classes": 10}}),
    "teaching.kg_class_size": Case({"teaching": {"children": 400, "classes": 5}}, profile=KINDERGARTEN),
    "teaching.students_jump": Case({"teaching": {"students": 15000}}, previous={"teaching": {"students": 1200}}),
    "teaching.children_jump": Case(
        {"teaching": {"children": 300, "classes": 10}}, previous={"teaching": {"children": 20}}, profile=KINDERGARTEN
    ),
    "health.myopic_le_screened": Case({"health": {"screened": 100, "myopic": 101}}),
    "health.participants_need_events": Case({"health": {"sports_events": 0}}),
    "health.staff_rate_target": Case({"health": {"health_staff_required": 4, "health_staff": 2}}),
    "health.daily_pe": Case({"health": {"daily_pe": False}}),
    "safety.rectified_le_found": Case({"safety": {"hazards_found": 3, "hazards_rectified": 4}}, SEMESTER),
    "safety.hazards_need_inspections": Case({"safety": {"inspections": 0}}, SEMESTER),
    "safety.guards_parts_le_total": Case(
        {"safety": {"guards_total": 2, "guards_55_60": 1, "guards_over_60": 2}}, SEMESTER
    ),
    "safety.no_guard_over_60": Case({"safety": {"guards_total": 4, "guards_55_60": 1, "guards_over_60": 1}}, SEMESTER),
    # Against the end of the previous year (2021—2022学年第一学期), not the semester before.
    "safety.guards_55_60_halved": Case(
        {"safety": {"guards_total": 5, "guards_55_60": 2}}, SEMESTER, previous={"safety": {"guards_55_60": 2}},
        baseline="2021-2022-1",
    ),
    "safety.quanxiaoan": Case({"safety": {"quanxiaoan": False}}, SEMESTER),
    "safety.bulk_purchase": Case({"safety": {"bulk_purchase": False}}, SEMESTER),
    "safety.bright_kitchen": Case({"safety": {"bright_kitchen": False}}, SEMESTER),
    "party.renewal_in_period": Case({"party": {"renewal_date": date(2019, 6, 28)}}),
    "ideology.events_in_period": Case({"ideology": {"events": [
        {"held_on": date(2023, 3, 1), "kind": "lecture", "title": "专题讲座", "speaker": "张明", "filed": True},
    ]}}),
    "teaching.after_school_teachers_le_staff": Case({"teaching": {"after_school_teachers": 81},
                                                     "staff": {"staff_total": 80}}),
    "teaching.after_school_full": Case({"teaching": {"after_school_full": False}}),
    "health.swimming_le_students": Case({"teaching": {"students": 500}, "health": {"swimming_students": 9000}}),
    "health.art_assessed_le_students": Case({"teaching": {"students": 1260}, "health": {"art_assessed": 1261}}),
    "health.screened_le_students": Case({"teaching": {"students": 1260}, "health": {"screened": 1300}}),
    "health.screened_le_children": Case({"teaching": {"children": 200, "classes": 8}, "health": {"screened": 201}},
                                        profile=KINDERGARTEN),
    "health.staff_needs_required": Case({"health": {"health_staff": 2, "health_staff_required": None}}),
    "health.pe_needs_required": Case({"health": {"pe_teachers": 2, "pe_teachers_required": None}}),
    "health.art_needs_required": Case({"health": {"art_teachers": 2, "art_teachers_required": None}}),
    "aid.identified_le_students": Case({"teaching": {"students": 100, "classes": 3, "after_school_students": 90},
                                        "aid": {"aid": AID_ROWS, "identified": 101, "aided": 50}}),
    "aid.identified_le_children": Case({"teaching": {"children": 100, "classes": 4},
                                        "aid": {"aid": AID_ROWS, "identified": 101, "aided": 50}},
                                       profile=KINDERGARTEN),
    "digital.digital_campus": Case({"digital": {"digital_campus": False}}),
    "safety.all_rectified": Case({"safety": {"hazards_found": 5, "hazards_rectified": 3}}, SEMESTER),
    "aid.aided_le_person_times": Case({"aid": {"aid": AID_ROWS, "identified": 60, "aided": 60}}),
    "aid.aided_le_identified": Case({"aid": {"aid": AID_ROWS, "identified": 20, "aided": 30}}),
    "aid.all_in_need_aided": Case({"aid": {"aid": AID_ROWS, "identified": 30, "aided": 20}}),
    "aid.amount_needs_students": Case({"aid": {"aid": [*AID_ROWS, {**AID_ROWS[0], "students": 0}]}}),
    "facilities.new_le_places": Case({"facilities": {"places": 1500, "new_places": 1501}}),
    "facilities.places_jump": Case(
        {"facilities": {"places": 100, "new_places": 0}}, previous={"facilities": {"places": 1500}}
    ),
    "language.putonghua_le_teachers": Case(
        {"language": {"putonghua_teachers": 73}, "staff": {"full_time_teachers": 72}}
    ),
    "language.participants_need_activities": Case({"language": {"classics_activities": 0}}),
    "moral.participants_need_trips": Case({"moral": {"study_trips": 0}}),
    "moral.labour_weekly": Case({"moral": {"labour_hours_weekly": Decimal("0.5")}}),
    "digital.trained_le_teachers": Case({"digital": {"it_trained": 73}, "staff": {"full_time_teachers": 72}}),
    "staff.teachers_le_staff": Case({"staff": {"staff_total": 80, "full_time_teachers": 81}}),
    "staff.trained_le_teachers": Case({"staff": {"full_time_teachers": 72, "trained": 73}}),
    "staff.recruits_le_staff": Case({"staff": {"staff_total": 80, "recruits": 81}}),
    "staff.exchange_out_le_teachers": Case({"staff": {"full_time_teachers": 72, "exchange_out": 73}}),
    "staff.honoured_le_teachers": Case({"staff": {"full_time_teachers": 72, "honoured_district": 73}}),
    "staff.hours_need_trained": Case({"staff": {"trained": 0, "training_hours": 40}}),
    "staff.ethics_handled_le_found": Case({"staff": {"ethics_found": 0, "ethics_handled": 1}}),
    "staff.staff_jump": Case({"staff": {"staff_total": 2000}}, previous={"staff": {"staff_total": 80}}),
    "staff.teachers_jump": Case(
        {"staff": {"staff_total": 2000, "full_time_teachers": 1000, "trained": 900}},
        previous={"staff": {"staff_total": 1900, "full_time_teachers": 70}},
    ),
}
# fmt: on


@pytest.fixture(scope="module")
def demo(pack: FormPack) -> DemoData:
    return demo_data(pack)


def _context(demo: DemoData, period: str, case: Case | None = None) -> ValidationContext:
    values = copy.deepcopy(demo.period_values(period))
    earlier = {key: copy.deepcopy(demo.period_values(key)) for key in demo.periods if key < period}
    prior_key = previous(period)
    if case is not None:
        values["profile"].update(case.profile)
        for category, changes in case.changes.items():
            values[category].update(changes)
        if case.baseline and case.baseline not in earlier:  # a period the demo school never filled
            earlier[case.baseline] = copy.deepcopy(demo.period_values(prior_key))
        if case.previous:
            changed = earlier.get(case.baseline or prior_key)
            assert changed is not None, "a comparison case needs its earlier period in the demo"
            for category, changes in case.previous.items():
                changed[category].update(changes)
    return ValidationContext(period, values, earlier.get(prior_key), for_submission=True, earlier=earlier)


def _rule_ids(pack: FormPack) -> dict[str, Severity]:
    """Every rule a school sees (targets judged only over the district are tested in tests/bureau)."""
    return {rule.id: rule.severity for category in pack.categories for rule in category.rules
            if rule.target is None or rule.target.at_school}  # fmt: skip


def test_every_rule_has_a_crafted_case(pack: FormPack) -> None:
    assert set(CASES) == set(_rule_ids(pack))


@pytest.mark.parametrize("rule_id", sorted(CASES))
def test_rule_fires_on_crafted_data(pack: FormPack, demo: DemoData, rule_id: str) -> None:
    case = CASES[rule_id]
    issues = validate(pack, _context(demo, case.period, case))
    fired = [issue for issue in issues if issue.rule_id == rule_id]
    assert len(fired) == 1, f"{rule_id} did not fire: {[i.rule_id for i in issues]}"
    assert fired[0].severity is _rule_ids(pack)[rule_id]
    # Without the changes the rule is quiet (unless the demo keeps it on purpose, with a 说明).
    if rule_id not in demo.explanations.get(case.period, {}).get(rule_id.split(".")[0], {}):
        assert rule_id not in {i.rule_id for i in validate(pack, _context(demo, case.period))}


def test_demo_school_is_clean_apart_from_its_explained_warning(pack: FormPack, demo: DemoData) -> None:
    explained = []
    for period in demo.periods:
        context = _context(demo, period)
        context = ValidationContext(
            period, context.values, context.previous, demo.explanations.get(period, {}), for_submission=True
        )
        for issue in validate(pack, context):
            assert issue.severity is Severity.WARNING and issue.explanation, (period, issue.rule_id, issue.text())
            explained.append((period, issue.rule_id))
    assert explained == [("2022", "integrity.all_rectified")]


# --- docs/field-catalogue.md: the whole pack on one page, for the bureau and reviewers -------------

CATALOGUE = Path(__file__).resolve().parents[2] / "docs" / "field-catalogue.md"
_TYPE_ZH = {"integer": "整数", "decimal": "小数", "text": "文本", "longtext": "长文本", "date": "日期",
            "boolean": "是/否", "choice": "单选", "multichoice": "多选", "derived": "计算", "table": "表格",
            "image": "照片"}  # fmt: skip


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _describe(pack: FormPack, item: Any) -> str:
    kind = _TYPE_ZH[item.type.value]
    if item.choices:
        kind += "：" + "、".join(c.label.zh for c in pack.choice_list(item.choices).choices)
    if item.type is FieldType.DECIMAL:
        kind += f"（{item.places}位小数）"
    if item.formula:
        kind += f" `{item.formula}`" + ("（百分比）" if item.derived_format.value == "percent" else "")
    return kind


def render_catalogue(pack: FormPack) -> str:
    lines = [
        f"# 字段目录 Field catalogue: {pack.title.zh}（{pack.id} {pack.version}）",
        "",
        "Generated from `resources/forms/jiyang-2022/` by `python -m tests.unit.test_pack_content`; do not edit.",
    ]
    for category in pack.categories:
        period = {"profile": "基本信息", "annual": "按年度", "semester": "按学期"}[category.period_kind.value]
        lines += ["", f"## {category.number}. {category.label.zh} {category.label.en}（{period}）", ""]
        lines += [
            "| 键 | 项目 | Item | 类型 | 单位 | 必填 | 适用/条件 | 全区汇总 |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for target in category.fields:
            for item, key in [(target, target.key), *((c, f"{target.key}.{c.key}") for c in target.columns)]:
                scope = []
                if item.applies_to is not None:
                    types = pack.choice_list("school_type")
                    left_out = [c.label.zh for c in types.choices if c.key not in item.applies_to]
                    kept = [c.label.zh for c in types.choices if c.key in item.applies_to]
                    scope.append("仅" + "、".join(kept) if len(kept) <= len(left_out) else "不含" + "、".join(left_out))
                if item.visible_when:
                    scope.append(f"`{item.visible_when}`")
                unit = item.unit.zh if item.unit else ""
                lines.append(
                    f"| `{key}` | {_cell(item.label.zh)} | {_cell(item.label.en)} | {_cell(_describe(pack, item))}"
                    f" | {unit} | {'是' if item.required else ''} | {_cell('；'.join(scope))}"
                    f" | {_cell(_aggregation(pack, item))} |"
                )
        rules = [rule for rule in category.rules if rule.target is None]
        if rules:
            lines += ["", "| 校验 | 级别 | 条件 | 提示 |", "|---|---|---|---|"]
            for rule in rules:
                level = "逻辑校验" if rule.severity is Severity.ERROR else "经验校验"
                check = rule.check + (f"（当 {rule.when}）" if rule.when else "")
                lines.append(f"| `{rule.id}` | {level} | `{_cell(check)}` | {_cell(rule.message.zh)} |")
        if category.targets:
            lines += ["", "| 政策目标 | 政策 | 依据 | 适用 | 达标条件 | 基期 |", "|---|---|---|---|---|---|"]
            for rule in category.targets:
                assert rule.target is not None
                check = rule.check + (f"（当 {rule.when}）" if rule.when else "")
                base = {"previous": "上期", "year_end": "上年年底", "year_before": "上年同期"}[rule.baseline.value]
                lines.append(
                    f"| `{rule.id}` | {_cell(rule.target.policy.zh)} | {_cell(rule.target.source.zh)} |"
                    f" {_cell(_scope_text(pack, rule.applies_to, rule.applies_group))} | `{_cell(check)}` |"
                    f" {base if 'prev(' in rule.check else ''} |"
                )
    return "\n".join(lines) + "\n"


def _scope_text(pack: FormPack, types: Any, group: str | None) -> str:
    if types is None:
        return "全部学校"
    if group:
        return pack.school_groups[group].label.zh
    return "、".join(c.label.zh for c in pack.choice_list("school_type").choices if c.key in types)


def _aggregation(pack: FormPack, item: Any) -> str:
    how = item.aggregate.value
    text = {"sum": "合计", "count": "按选项计数", "distribution": "分布（不求和）", "list": "逐校列出",
            "ratio": "比率", "none": "不汇总"}[how]  # fmt: skip
    if item.ratio is not None:
        where = _scope_text(pack, item.ratio.applies_to, item.ratio.group)
        text += f"：Σ`{item.ratio.numerator}`÷Σ`{item.ratio.denominator}`，{where}"
    elif not item.aggregate_declared:
        text += "（默认）"
    return text


def test_field_catalogue_is_current(pack: FormPack) -> None:
    assert CATALOGUE.read_text(encoding="utf-8") == render_catalogue(pack), (
        "docs/field-catalogue.md is out of date: run python -m tests.unit.test_pack_content"
    )


if __name__ == "__main__":
    from desktop_app.domain.loader import load_pack

    CATALOGUE.write_text(render_catalogue(load_pack()), encoding="utf-8")
    print(f"wrote {CATALOGUE}")
