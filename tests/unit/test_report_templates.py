"""The report templates of the pack: numbers written as official prose, and every template checked when the
pack loads (and by `forms check`), each error naming the file, the area and the template."""

from __future__ import annotations

import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from desktop_app.domain import prose_numbers as prose
from desktop_app.domain.loader import PackError, load_pack
from desktop_app.domain.report_templates import Measure, Placeholder, Sentence, Writing, split_slots

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / "resources" / "forms" / "jiyang-2022"

# --- numbers ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "precision", "written"),
    [
        (2734, 100, "2700余"), (12345, 1000, "1.2万余"), (23, 10, "20余"), (2700, 100, "2700"), (87, 100, "87"),
        (9999, 100, "9900余"), (10000, 100, "1万"), (14100, 100, "1.4万余"), (140912, 100, "14万余"),
        (60000, 1000, "6万"), (123456, 10000, "12万余"), (Decimal("1234.5"), 100, "1200余"), (0, 10, "0"),
    ],
)  # fmt: skip
def test_about_rounds_down_with_yu_and_writes_wan(value: Any, precision: int, written: str) -> None:
    assert prose.about(value, precision) == written


def test_exact_percent_and_schools() -> None:
    assert prose.exact(Decimal("108.0")) == "108" and prose.exact(Decimal("7.80")) == "7.8"
    assert prose.exact(Decimal("12934812.50"), places=2, divide=10000) == "1293.48"
    assert prose.exact(4200) == "4200"  # prose has no thousands separator
    assert prose.percent(Decimal("0.834")) == "83.4%" and prose.percent(Decimal("1")) == "100.0%"
    assert prose.schools(98, ["primary", "kindergarten"]) == "98所学校(园)"
    assert prose.schools(4, ["primary", "junior"]) == "4所学校" and prose.schools(2, ["kindergarten"]) == "2所幼儿园"
    assert prose.named_schools(["闻韶中学", "甲校", "乙校", "丙校"], ["junior"]) == "闻韶中学等4所学校"
    assert prose.named_schools(["澄波湖学校", "实验中学"], ["nine_year"]) == "澄波湖学校、实验中学2所学校"
    assert prose.named_schools(["闻韶中学"], ["junior"]) == "闻韶中学"
    assert prose.names(["澄波湖学校", "实验中学", "丙校"]) == "澄波湖学校、实验中学等"
    assert prose.names(["澄波湖学校"]) == "澄波湖学校"


def test_slots_split_the_text() -> None:
    segments = split_slots("累计下沉{times}人次，人均服务时长{hours}小时。")
    assert [(s.text, s.slot) for s in segments] == [
        ("累计下沉", None), ("", "times"), ("人次，人均服务时长", None), ("", "hours"), ("小时。", None)]  # fmt: skip


# --- the shipped templates ----------------------------------------------------------------------------


def test_the_shipped_templates_load_and_name_what_the_seed_report_says() -> None:
    report = load_pack().report
    assert report is not None and len(report.areas) >= 10
    ids = {sentence.id for sentence in report.sentences()}
    for wanted in ("party.renewal_done", "party.star_ratings", "party.brand_schools", "party.honoured_teachers",
                   "party.volunteer", "ideology.opinion_handled", "integrity.vice_principals",
                   "facilities.places_schools", "facilities.places_kindergartens"):  # fmt: skip
        assert wanted in ids
    volunteer = next(s for s in report.sentences() if s.id == "party.volunteer")
    times, hours = volunteer.figure("times"), volunteer.figure("hours")
    assert (str(times.ref), times.measure, times.writing, times.precision) == (
        "party.volunteer_times", Measure.TOTAL, Writing.ABOUT, 100)  # fmt: skip
    assert (str(hours.ref), hours.measure) == ("party.hours_per_person", Measure.VALUE)
    assert report.placeholders() >= 20
    party = report.areas[0]
    assert party.heading == "持续加强教体系统党的建设" and isinstance(party.sections[0].paragraphs[0].parts[0],
                                                                   Placeholder)  # fmt: skip
    assert all(isinstance(s, Sentence) and s.figures for s in party.sentences())


# --- broken templates ---------------------------------------------------------------------------------


def _pack_with(tmp_path: Path, sentence: dict[str, Any], period: str | None = None) -> Path:
    """The shipped pack with one area file holding one sentence."""
    folder = tmp_path / "pack"
    shutil.copytree(SHIPPED, folder)
    area: dict[str, Any] = {"key": "test_area", "heading": "测试部分", "sections": [
        {"heading": "测试小节", "paragraphs": [[{"placeholder": "局机关的工作"}, sentence]]}]}  # fmt: skip
    if period:
        area["period"] = period
    (folder / "report" / "99-test.yaml").write_text(yaml.safe_dump(area, allow_unicode=True), encoding="utf-8")
    report = yaml.safe_load((folder / "report" / "report.yaml").read_text(encoding="utf-8"))
    report["areas"].append("99-test.yaml")
    (folder / "report" / "report.yaml").write_text(yaml.safe_dump(report, allow_unicode=True), encoding="utf-8")
    return folder


def _sentence(text: str, **figures: dict[str, Any]) -> dict[str, Any]:
    return {"id": "test.sentence", "text": text, "figures": figures}


TIMES = {"field": "party.volunteer_times", "aggregation": "sum"}


@pytest.mark.parametrize(
    ("sentence", "key_part", "problem_part"),
    [
        (_sentence("下沉{times}人次。", times={**TIMES, "field": "party.ghost"}), "figures.times.field",
         "“party.ghost”不存在"),
        (_sentence("下沉{times}人次。", times={**TIMES, "field": "volunteer_times"}), "figures.times.field",
         "类别.字段"),
        (_sentence("每校{n}次。", n={"field": "party.theme_days", "aggregation": "sum"}), "figures.n.aggregation",
         "按“分布（不求和）”（distribution）汇总，模板写成“sum”"),
        (_sentence("下沉{times}人次。", times={"field": "party.volunteer_times"}), "figures.times.aggregation",
         "须写明汇总口径"),
        (_sentence("评出{n}个。", n={"field": "party.star_rating", "aggregation": "count", "answer": "six"}),
         "figures.n.answer", "“six”不是“党支部评星定级结果”的选项"),
        (_sentence("下沉{times}人次，{hours}小时。", times=TIMES), "text", "{hours} 未在 figures 中声明"),
        (_sentence("下沉人次。", times=TIMES), "figures.times", "声明了但既未在语句中使用"),
        ({**_sentence("下沉{times}人次。", times=TIMES), "when": "ghost > 0"}, "when", "“ghost”不是"),
        ({**_sentence("下沉{times}人次。", times=TIMES), "when": "prev(times) > 0"}, "when", "prev()"),
        ({**_sentence("下沉{times}人次。", times=TIMES), "when": "__import__('os')"}, "when", "未知函数"),
        ({**_sentence("下沉{times}人次。", times=TIMES), "when": "times.__class__ > 0"}, "when", "无效"),
        (_sentence("下沉{times}人次。", times={**TIMES, "write": "about"}), "figures.times", "precision"),
        (_sentence("下沉{times}人次。", times={**TIMES, "write": "about", "precision": 150}),
         "figures.times.precision", "10的整数次幂"),
        (_sentence("下沉{times}人次。", times={**TIMES, "write": "percent"}), "figures.times.write", "百分比"),
        (_sentence("下沉{times}。", times={**TIMES, "write": "schools"}), "figures.times.write", "只用于学校数"),
        (_sentence("率{r}。", r={"field": "teaching.after_school_rate", "aggregation": "ratio"}), "figures.r.write",
         "应写 write: percent"),
        (_sentence("每校{n}次。", n={"field": "party.theme_days", "aggregation": "distribution", "take": "total"}),
         "figures.n.take", "不能取“total”"),
        (_sentence("下沉{times}人次。", times={**TIMES, "schools": ["university"]}), "figures.times.schools",
         "university"),
        (_sentence("下沉{times}人次。", times={**TIMES, "colour": "red"}), "figures.times.colour", "未知的键"),
        (_sentence("下沉{year}人次{times}。", year=TIMES, times=TIMES), "figures.year", "保留名称"),
        (_sentence("下沉{times}人次{。", times=TIMES), "text", "花括号"),
        (_sentence("隐患{n}项。", n={"field": "safety.hazards_found", "aggregation": "sum"}), "figures.n.field",
         "按学期报送"),
        ({**_sentence("下沉{times}人次。", times=TIMES), "id": "party.volunteer"}, "id", "重复"),
        ({"text": "下沉人次。"}, "[1]", "语句须有 id"),
        (_sentence("共{n}行。", n={"field": "aid.aid", "aggregation": "sum", "take": "column", "column": "note"}),
         "figures.n.column", "不是表格“aid”的数值列"),
    ],
)  # fmt: skip
def test_a_broken_template_names_file_area_and_template(tmp_path: Path, sentence: dict[str, Any], key_part: str,
                                                        problem_part: str) -> None:  # fmt: skip
    with pytest.raises(PackError) as caught:
        load_pack(_pack_with(tmp_path, sentence))
    error = caught.value
    assert error.file.endswith("99-test.yaml"), error
    assert "部分“test_area”" in error.key and key_part in error.key, error
    if sentence.get("id") and "id" in sentence:
        assert sentence["id"] in error.key, error
    assert problem_part in error.problem, error


def test_a_semester_field_fits_a_year_end_area(tmp_path: Path) -> None:
    sentence = _sentence("隐患{n}项。", n={"field": "safety.hazards_found", "aggregation": "sum"})
    report = load_pack(_pack_with(tmp_path, sentence, period="year_end")).report
    assert report is not None and report.areas[-1].sentences()[0].figure("n").measure is Measure.TOTAL


def test_forms_check_refuses_a_broken_template_and_counts_the_good_ones(tmp_path: Path) -> None:
    broken = _pack_with(tmp_path, _sentence("每校{n}次。", n={"field": "party.theme_days", "aggregation": "sum"}))
    run = [sys.executable, "-m", "desktop_app", "forms", "check"]
    done = subprocess.run([*run, str(broken)], capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 1
    assert "99-test.yaml" in done.stderr and "test_area" in done.stderr and "test.sentence" in done.stderr
    assert "distribution" in done.stderr
    done = subprocess.run(run, capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert "年度总结模板：" in done.stdout
