"""The 汇总 PDF's sections on landscape pages: 政策目标达成情况 and 数据质量 (one small table per school,
the most doubtful first). The context is summary_pdf's RenderContext."""

from __future__ import annotations

from typing import Any

from desktop_app.bureau.quality import kind_label
from desktop_app.bureau.report import BureauReport
from desktop_app.bureau.summary_sheets import goal_text, share_text
from desktop_app.bureau.texts import choice_label
from desktop_app.bureau.words import tr
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


def section_number(section: int, lang: str) -> str:
    """How a section heading counts: 三、 in Chinese, 3. in English."""
    return chinese_number(section) if lang == "zh" else str(section)


def heading(context: Any, section: int, title: str) -> Any:
    """A section's heading (黑体): its number and its title, the word `title` of bureau/words.py."""
    lang = context.lang
    text = tr(lang, "summary.heading", number=section_number(section, lang), title=tr(lang, title))
    return context.para(text, context.styles.heading1)


def targets_section(context: Any, report: BureauReport, section: int) -> list[Any]:
    styles, pack, lang = context.styles, report.pack, context.lang
    story = [heading(context, section, "summary.targets")]
    if report.targets is None or not report.targets.results:
        return [*story, context.para(tr(lang, "summary.none"), styles.note)]
    story.append(context.para(tr(lang, "summary.targets.legend"), styles.note))
    heads = ("target", "source", "applicable", "met", "not_met", "not_reported", "no_baseline", "exempt", "share",
             "goal")  # fmt: skip
    rows = [[tr(lang, f"summary.targets.col.{head}") for head in heads]]
    notes = []
    for result in report.targets.results:
        target, counts = result.rule.target, result.district
        assert target is not None
        rows.append([target.policy.get(lang), target.source.get(lang), str(counts.applicable), str(counts.met),
                     str(counts.not_met), str(counts.not_reported), str(counts.no_baseline), str(counts.exempt),
                     share_text(counts.share_met) or "—", goal_text(pack, result, lang)])  # fmt: skip
        for outcome, label in ((Outcome.NOT_MET, "not_met"), (Outcome.NO_BASELINE, "no_baseline"),
                               (Outcome.NOT_REPORTED, "not_reported")):  # fmt: skip
            named = result.named(outcome)
            if named:
                listed = "；".join(f"{s.name}（{s.figures}）" if s.figures else s.name for s in named)
                notes.append(tr(lang, "summary.targets.named", target=target.policy.get(lang).rstrip("。"),
                                outcome=tr(lang, f"summary.targets.outcome.{label}"), count=len(named),
                                names=listed))  # fmt: skip
    story.append(fixed_table(context, rows, [26, 18, 5, 5, 6, 5, 6, 7, 7, 15]))
    story += [context.para(text, styles.note) for text in notes]
    return story


def quality_section(context: Any, report: BureauReport, section: int) -> list[Any]:
    styles, pack, lang = context.styles, report.pack, context.lang
    story = [heading(context, section, "summary.quality")]
    quality = report.quality
    if quality is None or not quality.schools:
        return [*story, context.para(tr(lang, "summary.quality.none"), styles.note)]
    spec = pack.quality
    legend = tr(lang, "summary.quality.legend", checked=quality.checked, schools=len(quality.schools))
    criteria = tr(lang, "summary.quality.criteria", outlier=spec.outlier_threshold,
                  deviation=f"{spec.min_deviation * 100:.0f}%", jump=f"{spec.jump_threshold * 100:.0f}%")  # fmt: skip
    story.append(context.para(legend + criteria, styles.note))
    story += [context.para(note, styles.note) for note in quality.notes]
    heads = ("summary.quality.col.kind", "summary.col.item", "summary.quality.col.value",
             "summary.quality.col.compared", "summary.quality.col.why", "summary.col.note")  # fmt: skip
    for rank, school in enumerate(quality.schools, start=1):
        town = choice_label(pack, "town", school.town, lang)
        kind = choice_label(pack, "school_type", school.school_type, lang)
        title = tr(lang, "summary.quality.school", rank=rank, name=school.name, code=school.code, town=town,
                   kind=kind, score=school.score)  # fmt: skip
        story.append(context.para(title, styles.heading2))
        rows = [[tr(lang, head) for head in heads]]
        for line in school.lines:
            rows.append([kind_label(line.kind, lang), line.field, line.value or "—",
                         line.comparison, line.why, line.explanation])  # fmt: skip
        story.append(fixed_table(context, rows, [8, 15, 20, 20, 22, 15]))
    return story
