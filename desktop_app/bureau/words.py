"""The bureau's own words by key, in Chinese and English: for now those of the 汇总 PDF
(bureau/summary_pdf*.py), read through `tr(lang, key, **values)`.

Labels of the forms and the schools' names come from the pack and the register; every other word the
summary PDF prints is here. The bureau sits above the exporters, which cannot import it, so it keeps a
catalogue of its own (the same `Catalogue` type as the window's, the CLI's and the school PDF's).
"""

from __future__ import annotations

from desktop_app.domain.text import Catalogue, Language

# English is not the explanation's language yet: the summary in English prints these as they were before
# they had keys (the criteria of the quality list untranslated, the named schools' lines in Chinese).
NOT_YET_IN_ENGLISH = frozenset({
    "summary.named.answer", "summary.named.blank", "summary.quality.criteria", "summary.targets.named",
    "summary.targets.outcome.no_baseline", "summary.targets.outcome.not_met", "summary.targets.outcome.not_reported",
})  # fmt: skip

WORDS: dict[str, tuple[str, str]] = {
    "summary.authority": ("制表机关：{authority}", "Issued by: {authority}"),
    "summary.call_backs": ("需回访核实的学校", "Schools to call back"),
    "summary.call_backs.issue": ("问题", "Issue"),
    "summary.col.contact": ("联系人", "Contact"),
    "summary.col.item": ("项目", "Item"),
    "summary.col.note": ("学校说明", "School's note"),
    "summary.col.phone": ("联系电话", "Phone"),
    "summary.col.school": ("学校", "School"),
    "summary.col.state": ("情况", "State"),
    "summary.col.town": ("镇街", "Town"),
    "summary.foot": ("区教体局汇总  汇总校验码 {fingerprint}", "District summary · checksum {fingerprint}"),
    "summary.heading": ("{number}、{title}", "{number}. {title}"),
    "summary.named.answer": ("{item}为“{answer}”的{count}所：{names}", "{item}为“{answer}”的{count}所：{names}"),
    "summary.named.blank": ("{item}未计入（缺项）的{count}所：{names}", "{item}未计入（缺项）的{count}所：{names}"),
    "summary.none": ("无。", "None."),
    "summary.prepared_on": ("制表日期：{date}", "Prepared on {date}"),
    "summary.quality": ("数据质量", "Data quality"),
    "summary.quality.col.compared": ("比较", "Compared with"),
    "summary.quality.col.kind": ("问题", "Kind"),
    "summary.quality.col.value": ("数值", "Value"),
    "summary.quality.col.why": ("原因", "Why"),
    "summary.quality.criteria": (
        "偏离同类：在同类学校中稳健Z值绝对值超过{outlier}且偏离中位数{deviation}以上；同比突变：与上年同期相比变化"
        "超过{jump}；经验提示：本局按存档数据复核的经验校验；比率缺项：比率只填了一项。",
        "",
    ),
    "summary.quality.legend": (
        "核查 {checked} 所，{schools} 所有需核实的数据，按可疑分从高到低排列。",
        "{checked} schools checked; {schools} with figures to verify, most doubtful first.",
    ),
    "summary.quality.none": ("未发现需核实的数据。", "Nothing to verify."),
    "summary.quality.school": (
        "{rank}. {name}（{code}，{town}，{kind}）可疑分 {score}",
        "{rank}. {name} ({code}, {town}, {kind}) score {score}",
    ),
    "summary.returns": ("报送情况", "Returns"),
    "summary.returns.complete": ("已报齐（第{revision}版）", "complete (rev. {revision})"),
    "summary.returns.counts": (
        "名单内学校 {schools} 所：报齐 {received} 所，被拒收 {rejected} 所，未报齐 {missing} 所。",
        "{schools} schools: {received} complete, {rejected} rejected, {missing} incomplete.",
    ),
    "summary.returns.missing": ("未报送", "missing"),
    "summary.returns.rejected": ("被拒收：{reason}", "rejected: {reason}"),
    "summary.subtitle": ("{period}（报送学校 {schools}）", "{period}（schools reporting {schools}）"),
    "summary.targets": ("政策目标达成情况", "Policy targets"),
    "summary.targets.col.applicable": ("适用", "Appl."),
    "summary.targets.col.exempt": ("条件不适用", "Exempt"),
    "summary.targets.col.goal": ("全区目标", "District goal"),
    "summary.targets.col.met": ("达标", "Met"),
    "summary.targets.col.no_baseline": ("缺少基期", "No base"),
    "summary.targets.col.not_met": ("未达标", "Not met"),
    "summary.targets.col.not_reported": ("未报", "Not rep."),
    "summary.targets.col.share": ("达标率", "Share"),
    "summary.targets.col.source": ("依据", "Source"),
    "summary.targets.col.target": ("政策目标", "Target"),
    "summary.targets.legend": (
        "达标率＝达标学校数÷（达标＋未达标学校数）。“未报”：应报的数据未填或学校未报送；“缺少基期”：缺少比较所需的往期"
        "数据；“条件不适用”：如学校没有食堂。",
        "Share met = schools meeting ÷ schools judged. Not reported: a value is blank or nothing was sent; "
        "no baseline: the earlier figures it compares with are missing; exempt: e.g. no canteen.",
    ),
    "summary.targets.named": ("{target}——{outcome}的{count}所：{names}", "{target}——{outcome}的{count}所：{names}"),
    "summary.targets.outcome.no_baseline": ("缺少基期数据", "缺少基期数据"),
    "summary.targets.outcome.not_met": ("未达标", "未达标"),
    "summary.targets.outcome.not_reported": ("未报", "未报"),
    "summary.title": ("{title}汇总表", "{title} — district summary"),
    "summary.totals": ("全区合计", "District totals"),
    "summary.totals.col.total": ("全区合计", "District total"),
    "summary.by_town": ("分镇（街道）汇总", "By town"),
    "summary.by_type": ("分办学类型汇总", "By school type"),
}

BUREAU_WORDS = Catalogue((__name__, WORDS))


def tr(lang: Language, key: str, /, **values: object) -> str:
    """The bureau's word `key` in `lang`, filled with `values` (named placeholders)."""
    return BUREAU_WORDS.text(key, lang, **values)
