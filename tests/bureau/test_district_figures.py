"""The district's figures on a crafted district built through the real school path (fill, explain, 上报) and
the bureau's real import: scales never summed, rates over the applicable schools that gave both parts,
blanks never 0, every seed-002 target counted, baselines from earlier periods, outliers flagged."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bureau.consolidate import consolidate_facts, consolidation_json
from desktop_app.bureau.report import build_quality, build_report, build_targets, period_facts, register_of
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.targets import Outcome
from tests.bureau.district import BLANK, EXPLANATION, School, build_district

REPO = Path(__file__).resolve().parents[2]
SEMESTER, BASE_SEMESTER = "2022-2023-1", "2021-2022-1"
ALL = ("2021", "2022", BASE_SEMESTER, SEMESTER)


def teachers(count: int) -> dict[str, dict[str, Any]]:
    """A school with `count` full-time teachers, and every figure bounded by them to fit."""
    return {
        "staff": {"staff_total": count + 8, "full_time_teachers": count, "trained": count - 2,
                  "training_hours": (count - 2) * 40, "exchange_out": 1, "exchange_in": 1, "recruits": 2,
                  "honoured_national": 0, "honoured_provincial": 0, "honoured_municipal": 1, "honoured_district": 2},
        "digital": {"it_trained": count - 1},
        "language": {"putonghua_teachers": count - 1},
        "teaching": {"after_school_teachers": count // 2},
    }  # fmt: skip


def guards(total: int, aged_55_60: int, over_60: int = 0, **more: Any) -> dict[str, dict[str, Any]]:
    return {"safety": {"guards_total": total, "guards_55_60": aged_55_60, "guards_over_60": over_60, **more}}


def merged(*parts: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    result: dict[str, dict[str, Any]] = {}
    for part in parts:
        for category, values in part.items():
            result.setdefault(category, {}).update(values)
    return result


def _schools() -> list[School]:
    pth = merged(teachers(72), {"language": {"putonghua_teachers": 69},
                                "party": {"renewal_due": True, "renewal_date": date(2022, 6, 28)}})  # fmt: skip
    nopth = merged(
        teachers(70),
        {
            "language": {"putonghua_teachers": BLANK},
            "health": {"daily_pe": False, "health_staff_required": 4, "health_staff": 1},
        },
    )
    return [
        # 69 of 72 teachers meet the Putonghua standard here (95.8%); the next school leaves the count blank.
        School("j_pth", "junior", ALL, {"2022": pth, "2021": {"staff": {"staff_total": 240}},
                                        BASE_SEMESTER: guards(6, 4), SEMESTER: guards(4, 2)}),
        School("j_nopth", "junior", ("2022", BASE_SEMESTER, SEMESTER),
               {"2022": nopth, BASE_SEMESTER: guards(6, 4), SEMESTER: guards(5, 3)}),
        School("j_noafter", "junior", ("2022", SEMESTER),
               {"2022": {"teaching": {"after_school_full": False}}, SEMESTER: guards(3, 2, quanxiaoan=False)}),
        School("s_senior", "senior", ("2022", SEMESTER), {SEMESTER: guards(3, 0, 1)}),
        School("k_grade3", "kindergarten", ("2022", SEMESTER),
               {"2022": {"teaching": {"kg_grade": "class3"}, "health": {"health_staff_required": 1, "health_staff": 0}},
                SEMESTER: guards(2, 0, has_canteen=False, bulk_purchase=BLANK, bright_kitchen=BLANK,
                                 canteen_star=BLANK)}),
        School("k_grade1", "kindergarten", ("2022",), {"2022": {"teaching": {"kg_grade": "class1"}}}),
        School("v_nohours", "vocational", ("2022",),
               {"2022": {"party": {"volunteer_times": 50, "volunteer_hours": BLANK},
                         "health": {"health_staff_required": 3, "health_staff": BLANK}}}),
        School("p1", "primary"), School("p2", "primary"), School("p3", "primary"),
        School("p4", "primary", changes={"2022": {"digital": {"digital_campus": False}}}),
        School("p5", "primary"),
        # A clerk who typed 8 full-time teachers for a primary school of hundreds of pupils.
        School("p_outlier", "primary", changes={"2022": teachers(8)}),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, bureau_pack):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("district")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(folder / "config"))
        patch.setenv("SCHOOL_REPORT_DATA_DIR", str(folder / "data"))
        schools = _schools()
        db = build_district(bureau_pack, schools, folder)
    store = BureauStore.open(db)
    yield store, {school.key: school for school in schools}, db
    store.close()


def _consolidated(pack: Any, store: BureauStore, period: str = "2022") -> Any:
    return consolidate_facts(pack, period, period_facts(pack, store, period, register_of(store)))


def _value(school: School, category: str, key: str, period: str = "2022") -> Any:
    assert school.data is not None
    return school.data.periods[period].get(category, {}).get(key)


# --- aggregation ------------------------------------------------------------------------------------


def test_a_scale_and_a_per_school_frequency_are_never_summed(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, schools, _db = district
    result = _consolidated(bureau_pack, store).district
    for key in ("archives_regularised", "theme_days", "center_group_study"):
        figure = result.get("party", key)
        given = sorted(_value(s, "party", key) for s in schools.values())
        assert figure.aggregation == "distribution" and figure.total is None, key
        dist = figure.distribution
        assert (dist.minimum, dist.maximum, dist.count) == (given[0], given[-1], len(given)), key
        middle = len(given) // 2
        assert dist.median == (Decimal(given[middle - 1] + given[middle]) / 2 if len(given) % 2 == 0
                               else Decimal(given[middle])), key  # fmt: skip
        assert sum(dist.per_value.values()) == len(given)
    data = consolidation_json(_consolidated(bureau_pack, store))["district"]["categories"]["party"]
    assert data["archives_regularised"]["total"] is None
    assert data["archives_regularised"]["aggregation"] == "distribution"
    assert set(data["archives_regularised"]["distribution"]) >= {"min", "median", "max", "schools_per_value"}
    assert data["members"]["aggregation"] == "sum"
    assert data["members"]["total"] == sum(_value(s, "party", "members") for s in schools.values())


# --- ratios -----------------------------------------------------------------------------------------


def test_putonghua_rate_counts_only_schools_that_gave_both_parts(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, schools, _db = district
    figure = _consolidated(bureau_pack, store).district.get("language", "putonghua_rate")
    # Before: Σ 69 (the only school with a count) ÷ Σ 72 + 70 + … gave 48.6% with these two schools alone.
    both = [s for s in schools.values() if _value(s, "language", "putonghua_teachers") is not None]
    top = sum(_value(s, "language", "putonghua_teachers") for s in both)
    bottom = sum(_value(s, "staff", "full_time_teachers") for s in both)
    assert figure.ratio.numerator == top and figure.ratio.denominator == bottom
    assert figure.total == (Decimal(top) / bottom).quantize(Decimal("0.001"))
    assert figure.ratio.schools == len(schools) - 1
    assert [(p.name, p.missing) for p in figure.ratio.incomplete] == [(schools["j_nopth"].name, ("numerator",))]
    # The two schools of the issue on their own: 69 ÷ 72 = 95.8%, never 69 ÷ (72 + 70) = 48.6%.
    from desktop_app.bureau.consolidate import ratio_total

    facts = [f for f in period_facts(bureau_pack, store, "2022", register_of(store))
             if f.code in (schools["j_pth"].code, schools["j_nopth"].code)]  # fmt: skip
    item = bureau_pack.category("language").field("putonghua_rate")
    pair = ratio_total("language", item, facts)
    assert pair.total == Decimal("0.958") and pair.ratio.schools == 1 and pair.ratio.applicable == 2


def test_after_school_rate_is_over_compulsory_schools_only(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, schools, _db = district
    figure = _consolidated(bureau_pack, store).district.get("teaching", "after_school_rate")
    compulsory = [s for s in schools.values() if s.school_type in ("primary", "junior", "nine_year")]
    top = sum(_value(s, "teaching", "after_school_students") for s in compulsory)
    bottom = sum(_value(s, "teaching", "students") for s in compulsory)
    assert figure.total == (Decimal(top) / bottom).quantize(Decimal("0.001"))
    assert figure.ratio.schools == figure.applicable == len(compulsory)
    everyone = [s for s in schools.values() if _value(s, "teaching", "students") is not None]
    wrong = Decimal(sum(_value(s, "teaching", "after_school_students") for s in everyone)) / sum(
        _value(s, "teaching", "students") for s in everyone)  # fmt: skip
    assert figure.total != wrong.quantize(Decimal("0.001"))  # the senior and vocational schools are left out


def test_health_staffing_rate_leaves_kindergartens_and_blanks_out(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, schools, _db = district
    figure = _consolidated(bureau_pack, store).district.get("health", "health_staff_rate")
    counted = [s for s in schools.values() if s.school_type != "kindergarten"
               and _value(s, "health", "health_staff") is not None]  # fmt: skip
    top = sum(_value(s, "health", "health_staff") for s in counted)
    bottom = sum(_value(s, "health", "health_staff_required") for s in counted)
    assert figure.total == (Decimal(top) / bottom).quantize(Decimal("0.001"))
    assert figure.ratio.applicable == sum(1 for s in schools.values() if s.school_type != "kindergarten")
    assert [p.name for p in figure.ratio.incomplete] == [schools["v_nohours"].name]


def test_blank_hours_never_count_as_zero(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, schools, _db = district
    district_figures = _consolidated(bureau_pack, store).district
    hours = district_figures.get("party", "volunteer_hours")
    given = [s for s in schools.values() if _value(s, "party", "volunteer_hours") is not None]
    assert hours.answered == len(schools) - 1 and hours.applicable == len(schools)
    assert hours.total == sum(_value(s, "party", "volunteer_hours") for s in given)
    rate = district_figures.get("party", "hours_per_person")
    times = sum(_value(s, "party", "volunteer_times") for s in given)
    assert rate.total == (hours.total / times).quantize(Decimal("0.1"))
    assert rate.ratio.incomplete[0].name == schools["v_nohours"].name
    # The JSON says it: value as a decimal string, the parts, the schools counted, the school left out.
    data = consolidation_json(_consolidated(bureau_pack, store))["district"]["categories"]["party"]["hours_per_person"]
    assert data["aggregation"] == "ratio" and data["total"] == format(rate.total, "f")
    assert data["ratio"]["value"] == format(rate.total, "f") and data["ratio"]["schools"] == len(given)
    assert data["ratio"]["numerator"] == format(hours.total, "f") and data["ratio"]["denominator"] == str(times)
    assert data["ratio"]["incomplete"] == [{"code": schools["v_nohours"].code, "name": schools["v_nohours"].name,
                                            "missing": ["numerator"]}]  # fmt: skip


# --- targets ----------------------------------------------------------------------------------------


def _targets(bureau_pack: Any, store: BureauStore) -> dict[str, Any]:
    report = build_targets(bureau_pack, store, ["2022", SEMESTER], register_of(store))
    return {result.rule.id: result for result in report.results}


def _names(result: Any, outcome: Outcome) -> set[str]:
    return {school.name for school in result.named(outcome)}


def test_every_seed_target_is_counted_school_by_school(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, s, _db = district
    results = _targets(bureau_pack, store)
    expected = {  # target: (applicable, met, not met (named), not reported, no baseline, exempt)
        "teaching.after_school_full": (9, 8, {"j_noafter"}, 0, 0, 0),
        "teaching.kg_grade_target": (2, 1, {"k_grade3"}, 0, 0, 0),
        "health.staff_rate_target": (11, 9, {"j_nopth"}, 1, 0, 0),
        "health.daily_pe": (11, 10, {"j_nopth"}, 0, 0, 0),
        "digital.digital_campus": (13, 12, {"p4"}, 0, 0, 0),
        # Semester targets: 5 schools sent the semester; the 8 others are named as not reported.
        "safety.no_guard_over_60": (13, 4, {"s_senior"}, 8, 0, 0),
        "safety.guards_55_60_halved": (13, 1, {"j_nopth"}, 8, 3, 0),
        "safety.quanxiaoan": (13, 4, {"j_noafter"}, 8, 0, 0),
        "safety.bulk_purchase": (13, 4, set(), 8, 0, 1),
        "safety.bright_kitchen": (13, 4, set(), 8, 0, 1),
    }
    assert set(results) == set(expected)
    for rule_id, (applicable, met, not_met, not_reported, no_baseline, exempt) in expected.items():
        result = results[rule_id]
        counts = result.district
        assert (counts.applicable, counts.met, counts.not_reported, counts.no_baseline, counts.exempt) == (
            applicable, met, not_reported, no_baseline, exempt), rule_id  # fmt: skip
        assert _names(result, Outcome.NOT_MET) == {s[key].name for key in not_met}, rule_id
        assert counts.share_met == (Decimal(met) / (met + len(not_met)) if met + len(not_met) else None), rule_id
    # District goals: ≥70% of kindergartens graded 二类 or above (1 of 2: not reached); the staffing rate.
    assert results["teaching.kg_grade_target"].goal_reached is False
    staffing = results["health.staff_rate_target"]
    assert staffing.ratio is not None and staffing.goal_reached is (staffing.ratio.total >= Decimal("0.75"))
    assert _names(staffing, Outcome.NOT_REPORTED) == {s["v_nohours"].name}
    # Each not-met school is named with its figures, as the clerk typed them.
    [pe] = results["health.daily_pe"].named(Outcome.NOT_MET)
    assert pe.figures == "是否每天开设一节体育课 否"
    # By 镇街 and by school type, adding up to the district.
    guards = results["safety.guards_55_60_halved"]
    assert sum(t.applicable for t in guards.by_town.values()) == 13
    assert guards.by_type["junior"].met == 1 and guards.by_type["junior"].not_met == 1


def test_the_guards_baseline_is_the_end_of_the_previous_year_from_the_bureaus_store(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, s, _db = district
    guards = _targets(bureau_pack, store)["safety.guards_55_60_halved"]
    assert guards.baseline_period == BASE_SEMESTER and guards.baseline_held
    assert _names(guards, Outcome.MET) == {s["j_pth"].name}  # 4 at the end of 2021 → 2
    [halved_not] = guards.named(Outcome.NOT_MET)
    assert halved_not.name == s["j_nopth"].name and "上年年底 4" in halved_not.figures  # 4 → 3
    # The schools that sent no 2021年底 figure are named as missing their baseline, never as met.
    assert _names(guards, Outcome.NO_BASELINE) == {s["j_noafter"].name, s["s_senior"].name, s["k_grade3"].name}


def test_the_bureau_sees_the_warnings_the_school_saw_with_its_explanations(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, s, _db = district
    report = build_quality(bureau_pack, store, SEMESTER, register_of(store))
    lines = {school.code: school.lines for school in report.schools}
    warned = [line for line in lines[s["j_nopth"].code] if line.kind == "warning"]
    assert any("上年年底减半" in line.comparison and line.explanation == EXPLANATION for line in warned)
    missing = [line for line in lines[s["j_noafter"].code] if line.kind == "no_baseline"]
    assert missing and "2021—2022学年第一学期" in missing[0].comparison
    # The call-back list reads the bureau's earlier submissions too (it used to see none).
    report_2022 = build_report(bureau_pack, store, SEMESTER)
    assert any(c.rule_id == "safety.guards_55_60_halved" and c.school_code == s["j_nopth"].code
               for c in report_2022.call_backs)  # fmt: skip


def test_year_on_year_jump_from_an_earlier_period_and_an_outlier(district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    store, s, _db = district
    report = build_quality(bureau_pack, store, "2022", register_of(store))
    by_code = {school.code: school for school in report.schools}
    jumps = [line for line in by_code[s["j_pth"].code].lines if line.kind == "jump"]
    assert [(line.field, line.value) for line in jumps] == [("教职工总数", "80")]
    assert "上年同期 240" in jumps[0].comparison
    outlier = [line for line in by_code[s["p_outlier"].code].lines
               if line.kind == "outlier" and line.field.startswith("生师比")]  # fmt: skip
    assert outlier and "明显高于同类学校" in outlier[0].why and "小学" in outlier[0].comparison
    for key in ("p1", "p2", "p3", "p5"):  # the ordinary primary schools: not flagged on it
        flagged = by_code.get(s[key].code)
        assert flagged is None or not any(line.field.startswith("生师比") for line in flagged.lines), key
    # Most doubtful first; every line names the field, the value, the comparison and why.
    scores = [school.score for school in report.schools]
    assert scores == sorted(scores, reverse=True)
    assert all(line.field and line.comparison and line.why for school in report.schools for line in school.lines)
    incomplete = [line for line in by_code[s["v_nohours"].code].lines if line.kind == "missing_part"]
    assert {line.field for line in incomplete} >= {"人均服务时长", "卫生专业技术人员配备率"}


# --- outputs ------------------------------------------------------------------------------------------


def _cli(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "desktop_app", "--db", str(db), *argv], capture_output=True,
                          text=True, env=env, timeout=300, check=False)  # fmt: skip


def test_the_commands_print_labels_dates_tables_and_json(district, bureau_pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _store, s, db = district
    done = _cli(db, "bureau", "totals")
    assert done.returncode == 0, done.stderr
    text = done.stdout
    renewed = sorted((_value(school, "party", "renewal_date"), school.code, school.name) for school in s.values()
                     if _value(school, "party", "renewal_due"))  # fmt: skip
    assert f"换届选举完成日期：{len(renewed)}所，最早 2022年6月28日" in text  # j_pth's, the earliest
    for day, _code, name in renewed:  # the 换届 table: every school with its date, in full
        assert f"    {name}\t{day.year}年{day.month}月{day.day}日" in text
    assert "教师普通话达标率：" in text and "缺项未计入：" in text and s["j_nopth"].name in text
    assert "分镇（街道）" in text and "分办学类型" in text and "初中（3所）" in text
    assert "370115" not in text.split("分镇（街道）")[1].splitlines()[1]  # 镇街 by name, not code
    assert "已规范的党支部档案类别数：最小" in text
    done = _cli(db, "bureau", "totals", "--json")
    data = json.loads(done.stdout)["district"]["categories"]
    assert data["party"]["renewal_date"]["values"] == [
        {"code": code, "name": name, "value": day.isoformat()} for day, code, name in renewed
    ]
    for figure in (f for category in data.values() for f in category.values()):
        assert {"aggregation", "answered", "applicable"} <= set(figure)
    done = _cli(db, "bureau", "targets", "--json")
    targets = {t["id"]: t for t in json.loads(done.stdout)["targets"]}
    assert targets["health.daily_pe"]["not_met_schools"][0]["name"] == s["j_nopth"].name
    assert targets["safety.guards_55_60_halved"]["baseline_period"] == BASE_SEMESTER
    assert targets["teaching.kg_grade_target"]["goal"]["reached"] is False
    done = _cli(db, "bureau", "targets")
    assert "未达标（1所）：" + s["j_nopth"].name in done.stdout and "缺少基期数据（3所）" in done.stdout
    done = _cli(db, "bureau", "quality", "--json")
    quality = json.loads(done.stdout)
    assert quality["checked"] == 13
    first = quality["schools"][0]
    assert set(first["lines"][0]) >= {"field", "value", "comparison", "why"}
    done = _cli(db, "bureau", "quality", "--period", SEMESTER)
    assert done.returncode == 0 and "数据质量" in done.stdout and EXPLANATION in done.stdout
    assert _cli(db, "bureau", "quality", "--period", "1999").returncode == 2


def test_the_summary_workbook_and_pdf_carry_types_targets_quality_and_named_answers(
    district,
    bureau_pack,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    from pypdf import PdfReader
    from python_calamine import CalamineWorkbook

    _store, s, db = district
    for suffix in ("xlsx", "pdf"):
        assert _cli(db, "bureau", "summary", "--out", str(tmp_path / f"汇总.{suffix}")).returncode == 0
    book = CalamineWorkbook.from_path(str(tmp_path / "汇总.xlsx"))
    sheets = {"分办学类型", "政策目标", "目标分组", "数据质量", "学校名单", "逐校列表", "比率缺项"}
    assert sheets <= set(book.sheet_names)
    named = book.get_sheet_by_name("学校名单").to_python()
    pe = [row for row in named if row[1] == "是否每天开设一节体育课"]
    assert {row[2]: row[4] for row in pe}["否"] == s["j_nopth"].name  # which schools said 是 / 否, by name
    assert {row[2]: row[3] for row in pe}["是"] == 10
    targets = book.get_sheet_by_name("政策目标").to_python()
    assert any(row[0] == "health.daily_pe" and s["j_nopth"].name in row[13] for row in targets[1:])
    quality = book.get_sheet_by_name("数据质量").to_python()
    assert any(row[2] == s["p_outlier"].name and str(row[7]).startswith("生师比") for row in quality[1:])
    totals = book.get_sheet_by_name("全区合计").to_python()
    assert any(row[4] == "party.archives_regularised" and "分布" in row[6] for row in totals[1:])
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "汇总.pdf").pages)
    for heading in ("分办学类型汇总", "政策目标达成情况", "数据质量", "需回访核实的学校"):
        assert heading in text, heading
    assert s["p_outlier"].name in text
