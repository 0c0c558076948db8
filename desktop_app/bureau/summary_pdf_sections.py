"""The 汇总 PDF's sections on landscape pages: 政策目标达成情况 and 数据质量 (one small table per school,
the most doubtful first). The context is summary_pdf's RenderContext."""

from __future__ import annotations

from typing import Any

from desktop_app.bureau.quality import KIND_LABELS
from desktop_app.bureau.report import BureauReport
from desktop_app.bureau.summary_sheets import goal_text, share_text
from desktop_app.bureau.texts import choice_label
from desktop_app.domain.targets import Outcome


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 21 → 二十一 (headings count their sections so)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "") if number else digits[0]


def fixed_table(context: Any, rows: list[list[str]], shares: list[float]) -> Any:
    """A ruled table across a landscape page, each column its share of the width, 五号 type."""
    from desktop_app.exporters.pdf.grid import ruled_table
    from desktop_app.exporters.pdf.template import LANDSCAPE, frame_width

    styles, width = context.styles, frame_width(LANDSCAPE)
    cells = [[context.cell(text, styles.header_cell) for text in rows[0]]]
    cells += [[context.cell(text, styles.note) for text in row] for row in rows[1:]]
    return ruled_table(cells, [width * share / sum(shares) for share in shares], header=True,
                       font=styles.cell.fontName)  # fmt: skip


def _heading(context: Any, section: int, zh: str, en: str) -> Any:
    return context.para(context.t(f"{chinese_number(section)}、{zh}", f"{section}. {en}"), context.styles.heading1)


def targets_section(context: Any, report: BureauReport, section: int) -> list[Any]:
    styles, pack, lang = context.styles, report.pack, context.lang
    story = [_heading(context, section, "政策目标达成情况", "Policy targets")]
    if report.targets is None or not report.targets.results:
        return [*story, context.para(context.t("无。", "None."), styles.note)]
    story.append(context.para(context.t(
        "达标率＝达标学校数÷（达标＋未达标学校数）。“未报”：应报的数据未填或学校未报送；“缺少基期”：缺少比较所需的往期数据；"
        "“条件不适用”：如学校没有食堂。",
        "Share met = schools meeting ÷ schools judged. Not reported: a value is blank or nothing was sent; "
        "no baseline: the earlier figures it compares with are missing; exempt: e.g. no canteen."),
        styles.note))  # fmt: skip
    heads = [("政策目标", "Target"), ("依据", "Source"), ("适用", "Appl."), ("达标", "Met"), ("未达标", "Not met"),
             ("未报", "Not rep."), ("缺少基期", "No base"), ("条件不适用", "Exempt"), ("达标率", "Share"),
             ("全区目标", "District goal")]  # fmt: skip
    rows = [[context.t(h, e) for h, e in heads]]
    notes = []
    for result in report.targets.results:
        target, counts = result.rule.target, result.district
        assert target is not None
        rows.append([target.policy.get(lang), target.source.get(lang), str(counts.applicable), str(counts.met),
                     str(counts.not_met), str(counts.not_reported), str(counts.no_baseline), str(counts.exempt),
                     share_text(counts.share_met) or "—", goal_text(pack, result, lang)])  # fmt: skip
        for outcome, label in ((Outcome.NOT_MET, "未达标"), (Outcome.NO_BASELINE, "缺少基期数据"),
                               (Outcome.NOT_REPORTED, "未报")):  # fmt: skip
            named = result.named(outcome)
            if named:
                listed = "；".join(f"{s.name}（{s.figures}）" if s.figures else s.name for s in named)
                notes.append(f"{target.policy.get(lang).rstrip('。')}——{label}的{len(named)}所：{listed}")
    story.append(fixed_table(context, rows, [26, 18, 5, 5, 6, 5, 6, 7, 7, 15]))
    story += [context.para(text, styles.note) for text in notes]
    return story


def quality_section(context: Any, report: BureauReport, section: int) -> list[Any]:
    styles, pack, lang = context.styles, report.pack, context.lang
    story = [_heading(context, section, "数据质量", "Data quality")]
    quality = report.quality
    if quality is None or not quality.schools:
        return [*story, context.para(context.t("未发现需核实的数据。", "Nothing to verify."), styles.note)]
    spec = pack.quality
    deviation, jump = f"{spec.min_deviation * 100:.0f}%", f"{spec.jump_threshold * 100:.0f}%"
    story.append(context.para(context.t(
        f"核查 {quality.checked} 所，{len(quality.schools)} 所有需核实的数据，按可疑分从高到低排列。偏离同类：在同类"
        f"学校中稳健Z值绝对值超过{spec.outlier_threshold}且偏离中位数{deviation}以上；同比突变：与上年同期相比变化超过"
        f"{jump}；经验提示：本局按存档数据复核的经验校验；比率缺项：比率只填了一项。",
        f"{quality.checked} schools checked; {len(quality.schools)} with figures to verify, most doubtful first."),
        styles.note))  # fmt: skip
    story += [context.para(note, styles.note) for note in quality.notes]
    heads = [("问题", "Kind"), ("项目", "Item"), ("数值", "Value"), ("比较", "Compared with"), ("原因", "Why"),
             ("学校说明", "School's note")]  # fmt: skip
    for rank, school in enumerate(quality.schools, start=1):
        town = choice_label(pack, "town", school.town, lang)
        kind = choice_label(pack, "school_type", school.school_type, lang)
        title = context.t(
            f"{rank}. {school.name}（{school.code}，{town}，{kind}）可疑分 {school.score}",
            f"{rank}. {school.name} ({school.code}, {town}, {kind}) score {school.score}",
        )
        story.append(context.para(title, styles.heading2))
        rows = [[context.t(h, e) for h, e in heads]]
        for line in school.lines:
            rows.append([KIND_LABELS[line.kind][0 if lang == "zh" else 1], line.field, line.value or "—",
                         line.comparison, line.why, line.explanation])  # fmt: skip
        story.append(fixed_table(context, rows, [8, 15, 20, 20, 22, 15]))
    return story
