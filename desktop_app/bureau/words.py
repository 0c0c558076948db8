"""The bureau's own words by key, in Chinese and English, read through `tr(lang, key, **values)`: those of
the 汇总 PDF (bureau/summary_pdf*.py, `summary.*`), of the plain-text views `bureau totals/targets/quality`
print (bureau/texts.py, `text.*`), of a consolidated figure written out (bureau/figures.py, `figures.*`) and
the kinds of a data-quality line (bureau/quality.py, `quality.kind.*`) and the cells of 报送情况 and a school's
figures under a target (bureau/completeness.py, targets.py: `returns.*`, `targets.*`), a paper against its
file (bureau/paper.py, `paper.*`) and what a generated draft holds (bureau/draft.py, `draft.summary`).

Labels of the forms and the schools' names come from the pack and the register; every other word these
print is here. The bureau sits above the exporters, which cannot import it, so it keeps a
catalogue of its own (the same `Catalogue` type as the window's, the CLI's and the school PDF's).
"""

from __future__ import annotations

from desktop_app.domain.text import Catalogue, Language

# English is not the explanation's language yet: the summary and the text views in English print these as
# they were before they had keys (the criteria of the quality list and a target's condition left out, the
# named schools' lines and a quality line's words in Chinese).
NOT_YET_IN_ENGLISH = frozenset({
    "summary.named.answer", "summary.named.blank", "summary.quality.criteria", "summary.targets.named",
    "summary.targets.outcome.no_baseline", "summary.targets.outcome.not_met", "summary.targets.outcome.not_reported",
    "text.quality.explanation", "text.quality.line", "text.targets.when",
})  # fmt: skip

# Each language counts what reads naturally in it: 等15种 (all the answers), "and 3 more" (those not shown).
OWN_PLACEHOLDERS = frozenset({"figures.list.more"})

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

TEXT_WORDS: dict[str, tuple[str, str]] = {  # bureau/texts.py: `bureau totals`, `targets`, `quality`
    "text.blank": ("（未填）", "(blank)"),
    "text.by_town": ("分镇（街道）", "By town"),
    "text.by_type": ("分办学类型", "By school type"),
    "text.col.item": ("项目", "Item"),
    "text.group": ("{name}（{schools}所）", "{name} ({schools})"),
    "text.heading": ("{number}、{title}", "{number}. {title}"),
    "text.quality.explanation": ("；学校说明：{explanation}", "；学校说明：{explanation}"),
    "text.quality.line": (
        "[{kind}] {field}：{value}；比较：{comparison}；原因：{why}",
        "[{kind}] {field}：{value}；比较：{comparison}；原因：{why}",
    ),
    "text.quality.note": ("说明：{note}", "Note: {note}"),
    "text.quality.school": (
        "{name}（{code}，{town}，{kind}）可疑分 {score}",
        "{name} ({code}, {town}, {kind}) score {score}",
    ),
    "text.quality.title": (
        "{period} 数据质量：核查 {checked} 所，{doubtful} 所有需核实的数据（按可疑程度排序）",
        "{period} data quality: {checked} schools checked, {doubtful} with figures to verify (most doubtful first)",
    ),
    "text.targets.baseline": ("基期：{base}（{period}）{held}", "Baseline: {base} ({period}){held}"),
    "text.targets.baseline_not_held": ("（本局尚无该期报送）", " (the bureau holds none)"),
    "text.targets.cannot_compute": ("无法计算", "cannot tell"),
    "text.targets.cannot_judge": ("无法判断", "cannot tell"),
    "text.targets.head": ("{policy}（{rule}，{period}）", "{policy} ({rule}, {period})"),
    "text.targets.named": ("{outcome}（{count}所）：{names}", "{outcome} ({count}): {names}"),
    "text.targets.named.no_baseline": ("缺少基期数据", "No baseline"),
    "text.targets.named.not_met": ("未达标", "Not met"),
    "text.targets.named.not_reported": ("未报", "Not reported"),
    "text.targets.named.sep": ("；", "; "),
    "text.targets.none": ("表单包未声明政策目标。", "The pack declares no targets."),
    "text.targets.not_reached": ("未达到", "not reached"),
    "text.targets.rate": (
        "全区比率 {value}（目标 ≥{goal}，{reached}；两项均填 {answered} 所）",
        "District rate {value} (goal ≥{goal}, {reached}; {answered} schools gave both)",
    ),
    "text.targets.reached": ("已达到", "reached"),
    "text.targets.share": ("全区目标：达标学校占比 ≥{goal}，{reached}", "District goal: ≥{goal} of schools, {reached}"),
    "text.targets.source": (
        "依据：{source}；适用：{where}；达标条件：{check}",
        "Source: {source}; schools: {where}; met when: {check}",
    ),
    "text.targets.tally": (
        "适用 {applicable} 所：达标 {met}，未达标 {not_met}，未报 {not_reported}，缺少基期 {no_baseline}，"
        "条件不适用 {exempt}；达标率 {share}",
        "{applicable} applicable: {met} met, {not_met} not met, {not_reported} not reported, {no_baseline} "
        "without baseline, {exempt} exempt; share met {share}",
    ),
    "text.targets.when": ("（当 {when}）", ""),
    "text.totals.field": ("{label}：{figure}（{answered}）", "{label}: {figure} ({answered})"),
    "text.totals.left_out": ("缺项未计入：{parts}", "left out (a part blank): {parts}"),
    "text.totals.list_head": ("学校\t{label}", "School\t{label}"),
    "text.totals.named": ("{answer}（{count}所）：{names}", "{answer} ({count}): {names}"),
    "text.totals.title": (
        "{period} 全区合计（报送学校 {schools} 所）",
        "{period}: district totals ({schools} schools)",
    ),
}

FIGURE_WORDS: dict[str, tuple[str, str]] = {  # bureau/figures.py: a consolidated figure written out
    "figures.answered": ("填报 {answered}/{applicable} 所", "{answered} of {applicable} answered"),
    "figures.applicable": ("适用 {applicable} 所", "{applicable} applicable"),
    "figures.count.option": ("{option} {count}所", "{option} {count} schools"),
    "figures.distribution": (
        "最小 {minimum}{unit}，中位数 {median}{unit}，最大 {maximum}{unit}",
        "min {minimum}{unit}, median {median}{unit}, max {maximum}{unit}",
    ),
    "figures.distribution.per_value": ("（{values}）", " ({values})"),
    "figures.distribution.value": ("{value}{unit} {count}所", "{value}{unit}: {count}"),
    "figures.filled": ("填报 {answered} 所", "{answered} schools answered"),
    "figures.incomplete": ("{name}（未填{blank}）", "{name} (blank: {blank})"),
    "figures.list.dates": ("{count}所，最早 {first}，最晚 {last}", "{count} schools, earliest {first}, latest {last}"),
    "figures.list.more": ("等{total}种", " and {more} more"),
    "figures.list.name": ("{text}（{count}所）", "{text} ({count})"),
    "figures.median": ("（中位数）", " (median)"),
    "figures.no": ("否", "No"),
    "figures.ratio": ("{value}（{parts}；{counted}）", "{value} ({parts}; {counted})"),
    "figures.ratio.counted": ("{where}中两项均填 {schools} 所", "{schools} of {where} gave both"),
    "figures.ratio.left_out": ("，{count} 所缺项未计入", "; {count} left a part blank"),
    "figures.ratio.none": ("无法计算（{counted}）", "cannot be computed ({counted})"),
    "figures.ratio.parts": ("Σ{top} {above} ÷ Σ{bottom} {below}", "Σ {top} {above} ÷ Σ {bottom} {below}"),
    "figures.sep.names": ("、", ", "),
    "figures.sep.parts": ("；", "; "),
    "figures.table.column": ("{label}合计 {total}", "{label} total {total}"),
    "figures.table.given": ("（{rows}行中{given}行填写）", " ({given} of {rows} rows given)"),
    "figures.table.rows": ("{rows}行", "{rows} rows"),
    "figures.yes": ("是", "Yes"),
}

# bureau/paper.py: a school's paper against its file; bureau/draft.py: what a generated draft holds
PAPER_WORDS: dict[str, tuple[str, str]] = {
    "draft.summary": (
        "生成语句 {sentences} 句（数据 {figures} 个），其中待核实 {doubtful} 句；待补充 {placeholders} 处；"
        "未生成 {left} 句（见文末生成说明）。",
        "{sentences} sentences ({figures} figures), {doubtful} to verify; {placeholders} placeholders; "
        "{left} sentences left out (see the notes at the end).",
    ),
    "paper.differs": ("，与文件第{revision}版不符", ", differs from file rev. {revision}"),
    "paper.file_missing": ("，文件未导入", ", file not imported"),
    "paper.matches": ("，与文件一致", ", matches the file"),
    "paper.none": ("未收到纸质件", "no paper"),
    "paper.received": ("纸质件第{revision}版（{day}）", "paper rev. {revision} ({day})"),
}

# bureau/completeness.py, targets.py: a cell of 报送情况; the blank and the separator of a school's figures
RETURNS_WORDS: dict[str, tuple[str, str]] = {
    "returns.revision": ("（第{revision}版）", " (rev. {revision})"),
    "returns.state.missing": ("未报送", "missing"),
    "returns.state.n/a": ("不适用", "n/a"),
    "returns.state.received": ("已报送", "received"),
    "returns.state.rejected": ("被拒收", "rejected"),
    "targets.blank": ("未填", "blank"),
    "targets.sep": ("，", ", "),
}

QUALITY_WORDS: dict[str, tuple[str, str]] = {  # bureau/quality.py: the kind of a data-quality line
    "quality.kind.error": ("逻辑错误", "error"),
    "quality.kind.jump": ("同比突变", "jump"),
    "quality.kind.missing_part": ("比率缺项", "ratio part missing"),
    "quality.kind.no_baseline": ("缺少基期", "no baseline"),
    "quality.kind.outlier": ("偏离同类", "outlier"),
    "quality.kind.warning": ("经验提示", "warning"),
}

BUREAU_WORDS = Catalogue(
    (f"{__name__}.WORDS", WORDS), (f"{__name__}.TEXT_WORDS", TEXT_WORDS), (f"{__name__}.FIGURE_WORDS", FIGURE_WORDS),
    (f"{__name__}.QUALITY_WORDS", QUALITY_WORDS), (f"{__name__}.RETURNS_WORDS", RETURNS_WORDS),
    (f"{__name__}.PAPER_WORDS", PAPER_WORDS),
)  # fmt: skip
ALL_WORDS: dict[str, tuple[str, str]] = BUREAU_WORDS.entries


def tr(lang: Language, key: str, /, **values: object) -> str:
    """The bureau's word `key` in `lang`, filled with `values` (named placeholders)."""
    return BUREAU_WORDS.text(key, lang, **values)
