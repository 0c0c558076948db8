"""The district's rules as pure functions and pack data: aggregation defaults and declarations, ratios over
both parts, distributions, targets school by school, robust z-scores, baselines and the shipped pack's
declarations (no scale or per-school frequency summed without the pack saying so)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.aggregation import RatioPart, distribution, median, ratio_figure
from desktop_app.domain.loader import PackError, load_pack
from desktop_app.domain.pack import Aggregation, Baseline, FieldType, FormPack
from desktop_app.domain.periods import baseline_period, calendar_year, period_span, year_before, year_end_before
from desktop_app.domain.quality import is_jump, robust_scores
from desktop_app.domain.targets import Outcome, judge, tally
from desktop_app.domain.validation import ValidationContext, validate
from tests.unit.pack_builder import category, write_pack

SCALE = {"key": "archives", "type": "integer", "max": 7, "label": {"zh": "已规范档案类别数"}}
COUNT = {"key": "found", "type": "integer", "label": {"zh": "发现隐患数"}}
DONE = {"key": "done", "type": "integer", "label": {"zh": "整改隐患数"}}


def _load(tmp_path: Path, *categories: dict[str, Any]) -> FormPack:
    return load_pack(write_pack(tmp_path / "pack", *categories))


# --- aggregation in the pack ------------------------------------------------------------------------


def test_the_loader_states_the_default_of_each_type_and_keeps_a_declared_one(tmp_path: Path) -> None:
    fields = [COUNT, DONE, {**SCALE, "aggregate": "distribution"},
              {"key": "star", "type": "choice", "choices": "star", "label": "评星"},
              {"key": "held", "type": "date", "label": "日期"},
              {"key": "rate", "type": "derived", "ratio": {"numerator": "done", "denominator": "found"},
               "format": "percent", "places": 1, "label": "整改率"},
              {"key": "sum", "type": "derived", "formula": "found + done", "label": "合计"}]  # fmt: skip
    pack = _load(tmp_path, category(fields=fields))
    own = pack.category("safety")
    assert own.field("found").aggregate is Aggregation.SUM and not own.field("found").aggregate_declared
    assert own.field("archives").aggregate is Aggregation.DISTRIBUTION and own.field("archives").aggregate_declared
    assert own.field("star").aggregate is Aggregation.COUNT
    assert own.field("held").aggregate is Aggregation.LIST
    assert own.field("rate").aggregate is Aggregation.RATIO and own.field("rate").formula == "done / found"
    assert own.field("sum").aggregate is Aggregation.SUM


@pytest.mark.parametrize(
    ("field", "key_part", "problem_part"),
    [
        ({"key": "star", "type": "choice", "choices": "star", "label": "评星", "aggregate": "sum"}, "aggregate",
         "不能按“sum”汇总"),
        ({**COUNT, "aggregate": "average"}, "aggregate", "“average”无效"),
        ({**COUNT, "ratio": {"numerator": "found", "denominator": "found"}}, "ratio", "派生字段"),
        ({"key": "r", "type": "derived", "label": "率", "formula": "found / found",
          "ratio": {"numerator": "found", "denominator": "found"}}, "ratio", "不再写 formula"),
        ({"key": "r", "type": "derived", "label": "率", "ratio": {"numerator": "ghost", "denominator": "found"}},
         "ratio.numerator", "“safety.ghost”不存在"),
        ({"key": "r", "type": "derived", "label": "率",
          "ratio": {"numerator": "found", "denominator": "found", "applies_to": ["university"]}},
         "applies_to", "university"),
    ],
)  # fmt: skip
def test_a_wrong_aggregation_or_ratio_is_refused_with_where(tmp_path: Path, field: dict[str, Any], key_part: str,
                                                            problem_part: str) -> None:  # fmt: skip
    with pytest.raises(PackError) as raised:
        _load(tmp_path, category(fields=[COUNT, field]))
    assert key_part in raised.value.key and problem_part in raised.value.problem


def test_targets_and_school_groups_load_from_the_pack(tmp_path: Path) -> None:
    target = {"id": "safety.none_over_60", "policy": {"zh": "消除60岁以上保安员。"}, "source": {"zh": "工作要点第20条"},
              "check": "found == 0", "fields": ["found"], "message": {"zh": "发现隐患数不为0。"},
              "applies_to": ["primary"], "baseline": "year_end"}  # fmt: skip
    pack = _load(tmp_path, category(fields=[COUNT], targets=[target]))
    [rule] = pack.category("safety").targets
    assert rule.target is not None and rule.target.policy.zh == "消除60岁以上保安员。" and rule.target.at_school
    assert rule.baseline is Baseline.YEAR_END and rule.applies_to == frozenset({"primary"})
    with pytest.raises(PackError) as raised:
        _load(tmp_path / "b", category(fields=[COUNT], targets=[{**target, "ratio": "ghost", "at_least": 0.75}]))
    assert "ratio" in raised.value.key


# --- the shipped pack's declarations -------------------------------------------------------------


def test_no_scale_or_per_school_frequency_is_summed_unless_the_pack_says_so(pack: FormPack) -> None:
    for category_ in pack.categories:
        for item in category_.fields:
            if item.type not in (FieldType.INTEGER, FieldType.DECIMAL) or item.aggregate is not Aggregation.SUM:
                continue
            where = f"{category_.key}.{item.key}"
            small = item.maximum is not None and Decimal(str(item.maximum)) <= 10
            frequency = "次数" in item.label.zh or "轮次" in item.label.zh
            assert not ((small or frequency) and not item.aggregate_declared), (
                f"{where} ({item.label.zh}) would be summed over schools: declare `aggregate:` in the pack"
            )


def test_every_rate_is_a_declared_ratio(pack: FormPack) -> None:
    for category_ in pack.categories:
        for item in category_.fields:
            if item.type is FieldType.DERIVED and re.fullmatch(r"\s*[\w.]+\s*/\s*[\w.]+\s*", item.formula or ""):
                assert item.ratio is not None and item.aggregate is Aggregation.RATIO, f"{category_.key}.{item.key}"
    staffing = pack.category("health").field("health_staff_rate").ratio
    after_school = pack.category("teaching").field("after_school_rate").ratio
    assert staffing is not None and "kindergarten" not in (staffing.applies_to or set())
    assert after_school is not None and after_school.applies_to == frozenset({"primary", "junior", "nine_year"})


def test_the_seed_targets_are_declared_with_policy_and_source(pack: FormPack) -> None:
    targets = {rule.id: rule for c in pack.categories for rule in c.targets}
    for rule_id in ("health.staff_rate_target", "safety.no_guard_over_60", "safety.guards_55_60_halved",
                    "health.daily_pe", "teaching.after_school_full", "teaching.kg_grade_target"):  # fmt: skip
        rule = targets[rule_id]
        assert rule.target is not None and "2022年工作要点" in rule.target.source.zh, rule_id
    assert targets["safety.guards_55_60_halved"].baseline is Baseline.YEAR_END
    assert targets["health.staff_rate_target"].target.at_least == Decimal("0.75")  # type: ignore[union-attr]
    assert targets["teaching.kg_grade_target"].target.share == Decimal("0.70")  # type: ignore[union-attr]


# --- distribution and ratio ------------------------------------------------------------------------


def test_distribution_and_median() -> None:
    assert median([5, 7, 6, 6]) == Decimal(6) and median([1, 2]) == Decimal("1.5") and median([]) is None
    figure = distribution([7, 5, 6, None, 6])
    assert (figure.count, figure.minimum, figure.median, figure.maximum) == (4, 5, Decimal(6), 7)
    assert figure.per_value == {5: 1, 6: 2, 7: 1}
    assert distribution(range(20)).per_value == {}  # many values: min / median / max only
    assert distribution([None, None]).count == 0


def test_a_ratio_counts_only_schools_that_gave_both_parts() -> None:
    parts = [RatioPart("a", "甲校", 69, 72), RatioPart("b", "乙校", None, 70), RatioPart("c", "丙校", None, None)]
    figure = ratio_figure(parts, places=3)
    assert (figure.numerator, figure.denominator, figure.schools, figure.applicable) == (69, 72, 1, 3)
    assert figure.value == Decimal("0.958")  # never 69 ÷ (72 + 70) = 0.486
    assert [(p.name, p.missing) for p in figure.incomplete] == [
        ("乙校", ("numerator",)),
        ("丙校", ("numerator", "denominator")),
    ]
    nothing = ratio_figure([RatioPart("b", "乙校", None, 70)])
    assert nothing.value is None and nothing.schools == 0 and nothing.numerator is None  # not 0 ÷ 70 = 0%
    assert ratio_figure([RatioPart("a", "甲校", 0, 0)]).value is None  # 0 ÷ 0: no rate, not 0%


# --- periods and baselines --------------------------------------------------------------------------


def test_the_end_of_the_previous_year_is_one_period_for_a_whole_year() -> None:
    assert year_end_before("2022") == "2021"
    # Both semesters of 2022 compare with the semester that held 31 December 2021.
    assert year_end_before("2021-2022-2") == year_end_before("2022-2023-1") == "2021-2022-1"
    assert baseline_period("2022-2023-1", Baseline.PREVIOUS) == "2021-2022-2"
    assert baseline_period("2022-2023-1", Baseline.YEAR_END) == "2021-2022-1"
    assert year_before("2022-2023-1") == "2021-2022-1" and year_before("2022") == "2021"
    assert calendar_year("2022-2023-1") == 2022 and calendar_year("2021-2022-2") == 2022
    assert period_span("2022") == (date(2022, 1, 1), date(2022, 12, 31))
    assert period_span("2022-2023-1") == (date(2022, 9, 1), date(2023, 1, 31))


def _semester(guards: int | None, over: int = 0) -> dict[str, Any]:
    values = {"guards_total": 6, "guards_over_60": over}
    if guards is not None:
        values["guards_55_60"] = guards
    return {"profile": {"school_type": "primary"}, "safety": values}


def test_the_guards_rule_halves_against_the_end_of_last_year_not_every_semester(pack: FormPack) -> None:
    def warned(current: int, earlier: dict[str, Any]) -> bool:
        context = ValidationContext("2022-2023-1", _semester(current), earlier.get("2021-2022-2"), earlier=earlier,
                                    categories=["safety"])  # fmt: skip
        return "safety.guards_55_60_halved" in {issue.rule_id for issue in validate(pack, context)}

    # 4 at the end of 2021, 2 in spring, 2 in autumn: halved for the year; the old rule wanted 1.
    year_end, spring = _semester(4), _semester(2)
    assert not warned(2, {"2021-2022-1": year_end, "2021-2022-2": spring})
    assert warned(3, {"2021-2022-1": year_end, "2021-2022-2": spring})
    assert not warned(2, {"2021-2022-2": spring})  # no year-end figure: not judged (a missing baseline)


# --- targets ---------------------------------------------------------------------------------------


def test_a_target_judges_each_school_and_never_takes_blank_for_zero(pack: FormPack) -> None:
    safety = pack.category("safety")
    halved = next(rule for rule in safety.targets if rule.id == "safety.guards_55_60_halved")
    over_60 = next(rule for rule in safety.targets if rule.id == "safety.no_guard_over_60")
    kitchen = next(rule for rule in safety.targets if rule.id == "safety.bright_kitchen")
    period = "2022-2023-1"
    assert judge(pack, safety, halved, "primary", _semester(2), _semester(4), period) is Outcome.MET
    assert judge(pack, safety, halved, "primary", _semester(3), _semester(4), period) is Outcome.NOT_MET
    assert judge(pack, safety, halved, "primary", _semester(2), None, period) is Outcome.NO_BASELINE
    assert judge(pack, safety, halved, "primary", _semester(2), _semester(None), period) is Outcome.NO_BASELINE
    assert judge(pack, safety, halved, "primary", _semester(None), _semester(4), period) is Outcome.NOT_REPORTED
    assert judge(pack, safety, over_60, "primary", None, None, period) is Outcome.NOT_REPORTED
    assert judge(pack, safety, over_60, "primary", _semester(2, over=1), None, period) is Outcome.NOT_MET
    no_canteen = {**_semester(2), "safety": {"has_canteen": False}}
    assert judge(pack, safety, kitchen, "primary", no_canteen, None, period) is Outcome.EXEMPT
    health = pack.category("health")
    pe = next(rule for rule in health.targets if rule.id == "health.daily_pe")
    assert judge(pack, health, pe, "kindergarten", {"health": {}}, None, "2022") is Outcome.NOT_APPLICABLE
    counts = tally([Outcome.MET, Outcome.MET, Outcome.NOT_MET, Outcome.NOT_REPORTED, Outcome.NOT_APPLICABLE])
    assert (counts.applicable, counts.met, counts.not_met, counts.not_reported) == (4, 2, 1, 1)
    assert counts.share_met == Decimal(2) / 3
    assert tally([Outcome.NOT_REPORTED]).share_met is None


# --- data quality ------------------------------------------------------------------------------------


def test_robust_scores_flag_the_far_value_and_not_the_ordinary_ones() -> None:
    values = {f"s{i}": Decimal(v) for i, v in enumerate(["17.2", "18.0", "16.5", "17.8", "18.4", "171.0"])}
    spread = robust_scores(values)
    assert spread is not None and spread.median == Decimal("17.9")
    assert spread.scores["s5"] > Decimal("3.5")
    assert all(abs(spread.scores[f"s{i}"]) < Decimal("3.5") for i in range(5))
    # More than half the same (MAD = 0): the mean absolute deviation stands in, the odd one still shows.
    same = robust_scores({"a": Decimal(12), "b": Decimal(12), "c": Decimal(12), "d": Decimal(12), "e": Decimal(40)})
    assert same is not None and same.scores["e"] > Decimal("3.5") and same.scores["a"] == 0
    flat = robust_scores({"a": Decimal(5), "b": Decimal(5)})
    assert flat is not None and set(flat.scores.values()) == {Decimal(0)}
    assert robust_scores({}) is None


def test_year_on_year_jumps() -> None:
    threshold = Decimal("0.5")
    assert is_jump(Decimal(80), Decimal(240), threshold) and is_jump(Decimal(2000), Decimal(1000), threshold)
    assert not is_jump(Decimal(1050), Decimal(1000), threshold) and not is_jump(Decimal(5), Decimal(5), threshold)
    assert is_jump(Decimal(3), Decimal(0), threshold)  # from nothing: always worth a look


def test_the_statisticians_page_names_every_ratio_target_and_declared_aggregation(pack: FormPack) -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "district-figures.md").read_text(encoding="utf-8")
    for category_ in pack.categories:
        for item in category_.fields:
            if item.ratio is not None:
                assert f"`{category_.key}.{item.key}`" in page, item.key
            elif item.aggregate_declared:
                assert item.label.zh in page, f"{category_.key}.{item.key} ({item.label.zh})"
        for rule in category_.targets:
            assert f"`{rule.id}`" in page, rule.id
    for ref in pack.quality.jump_fields:
        assert pack.category(ref.owner).field(ref.key).label.zh.removeprefix("其中：") in page, str(ref)
