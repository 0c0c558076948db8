"""年度工作总结草稿: the pack's report templates filled with the district's figures.

Each sentence of a template is written when every figure it names was reported by some school and its
condition (`when`) holds; otherwise it is left out and listed, with the reason, in the draft's notes.
Placeholders (what only the bureau can write) are kept as 【待补充：…】. Headings are numbered in the
GB/T 9704 order 一、（一）1.; a section or area left without content is left out and the numbering
closes up. The Word and Markdown writers (draft_docx, draft_md) only lay this model out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from desktop_app.bureau.draft_figures import Context, Figure, evaluate
from desktop_app.bureau.report import build_quality, period_facts, register_of
from desktop_app.bureau.words import tr
from desktop_app.domain.expressions import compile_expression
from desktop_app.domain.pack import FormPack, PeriodKind
from desktop_app.domain.periods import Period
from desktop_app.domain.report_templates import (
    Area,
    AreaPeriod,
    Block,
    FigureSpec,
    Paragraph,
    Placeholder,
    ReportSpec,
    Sentence,
)

Progress = Callable[[int, str], None]
NUMERALS = "一二三四五六七八九十"


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (headings of up to 99 parts)."""
    tens, ones = divmod(number, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else NUMERALS[tens - 1] + "十")
    return head + (NUMERALS[ones - 1] if ones else "")


@dataclass
class Run:
    text: str
    figure: Figure | None = None


@dataclass
class DraftSentence:
    id: str
    runs: list[Run]

    @property
    def figures(self) -> list[Figure]:
        return [run.figure for run in self.runs if run.figure is not None]

    @property
    def doubtful(self) -> bool:
        """Some figure of the sentence has an open doubt (a data-quality line, a ratio part left blank)."""
        return any(figure.open_doubts for figure in self.figures)

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class DraftPlaceholder:
    text: str

    @property
    def marked(self) -> str:
        return f"【待补充：{self.text}】"


DraftPart = DraftSentence | DraftPlaceholder


@dataclass
class DraftParagraph:
    parts: list[DraftPart]
    lead: str = ""  # a run-in heading of the third level: 1.成立立德树人志愿服务队。


@dataclass
class DraftBlock:
    heading: str  # （一）加强理论学习
    paragraphs: list[DraftParagraph]


@dataclass
class DraftArea:
    key: str
    heading: str  # 一、持续加强教体系统党的建设
    period: str | None  # the period its figures were read from
    paragraphs: list[DraftParagraph]
    blocks: list[DraftBlock]
    figures: list[Figure] = field(default_factory=list)  # every figure written in the area, in order


@dataclass(frozen=True)
class LeftOut:
    sentence: str
    area: str
    reason: str
    text: str = ""  # the template's sentence, with its {slots}


@dataclass
class Draft:
    title: str
    period: str
    semester: str | None
    generated_at: datetime
    registered: int  # schools in the register
    sent: int  # schools that sent the annual period
    opening: list[DraftParagraph]
    areas: list[DraftArea]
    left_out: list[LeftOut]

    def sentences(self) -> list[DraftSentence]:
        found = []
        for paragraph in self.paragraphs():
            found += [part for part in paragraph.parts if isinstance(part, DraftSentence)]
        return found

    def paragraphs(self) -> list[DraftParagraph]:
        paragraphs = list(self.opening)
        for area in self.areas:
            paragraphs += area.paragraphs
            for block in area.blocks:
                paragraphs += block.paragraphs
        return paragraphs

    def figures(self) -> list[Figure]:
        return [figure for sentence in self.sentences() for figure in sentence.figures]


class NoTemplates(LookupError):
    """The pack has no report templates."""


class _Names:
    """The expression environment of a sentence's condition: its figures by name."""

    zero_empty = False

    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def name(self, key: str) -> Any:
        value = self.values.get(key)
        return Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else value

    def attribute(self, owner: str, key: str) -> Any:
        return None

    def column(self, table: str, column: str) -> list[Any]:
        return []

    def rows(self, table: str) -> list[dict[str, Any]]:
        return []

    def previous(self, key: str, owner: str | None) -> Any:
        return None


def year_end_semester(pack: FormPack, period: str) -> str | None:
    """The semester holding 31 December of the report's year (2022 → 2022-2023-1), if the pack has it."""
    wanted = f"{period}-{int(period) + 1}-1"
    return wanted if any(spec.key == wanted for spec in pack.periods) else None


class _Builder:
    def __init__(self, spec: ReportSpec, contexts: dict[AreaPeriod, Context | None], year: int) -> None:
        self.spec, self.contexts, self.year = spec, contexts, year
        self.left_out: list[LeftOut] = []
        self.cache: dict[tuple[AreaPeriod, FigureSpec], Figure] = {}

    def figure(self, period: AreaPeriod, spec: FigureSpec) -> Figure | None:
        context = self.contexts.get(period)
        if context is None:
            return None
        key = (period, spec)
        if key not in self.cache:
            self.cache[key] = evaluate(context, spec)
        return self.cache[key]

    def sentence(self, area: str, period: AreaPeriod, template: Sentence) -> DraftSentence | None:
        figures: dict[str, Figure] = {}
        for spec in template.figures:
            figure = self.figure(period, spec)
            if figure is None or not figure.reported:
                what = figure.label if figure is not None else spec.ref
                self.left_out.append(LeftOut(template.id, area, f"无学校填报：{what}（{spec.ref}）", template.text))
                return None
            figures[spec.name] = figure
        if template.when is not None:
            held = compile_expression(template.when).evaluate(_Names({k: f.value for k, f in figures.items()}))
            if held is not True:
                self.left_out.append(LeftOut(template.id, area, f"条件不成立（{template.when}）", template.text))
                return None
        context = self.contexts.get(period)
        names = {"year": str(self.year), "period": Period.parse(context.period).name() if context else ""}
        runs = []
        for segment in template.segments:
            if segment.slot is None:
                runs.append(Run(segment.text))
            elif segment.slot in figures:
                runs.append(Run(figures[segment.slot].written, figures[segment.slot]))
            else:
                runs.append(Run(names[segment.slot]))
        return DraftSentence(template.id, runs)

    def paragraphs(self, area: str, period: AreaPeriod, paragraphs: tuple[Paragraph, ...]) -> list[DraftParagraph]:
        result = []
        for paragraph in paragraphs:
            parts: list[DraftPart] = []
            for part in paragraph.parts:
                if isinstance(part, Placeholder):
                    parts.append(DraftPlaceholder(part.text))
                else:
                    written = self.sentence(area, period, part)
                    if written is not None:
                        parts.append(written)
            if parts:
                result.append(DraftParagraph(parts))
        return result

    def block(self, area: str, period: AreaPeriod, block: Block, number: int) -> DraftBlock | None:
        paragraphs = self.paragraphs(area, period, block.paragraphs)
        count = 0
        for item in block.items:
            written = self.paragraphs(area, period, item.paragraphs)
            if not written:
                continue
            count += 1
            written[0].lead = f"{count}.{item.heading}。"
            paragraphs += written
        if not paragraphs:
            return None
        return DraftBlock(f"（{chinese_number(number)}）{block.heading}", paragraphs)

    def area(self, area: Area, number: int) -> DraftArea | None:
        period = area.period
        intro = self.paragraphs(area.key, period, area.paragraphs)
        blocks: list[DraftBlock] = []
        for block in area.sections:
            written = self.block(area.key, period, block, len(blocks) + 1)
            if written is not None:
                blocks.append(written)
        if not intro and not blocks:
            return None
        context = self.contexts.get(period)
        result = DraftArea(area.key, f"{chinese_number(number)}、{area.heading}", context.period if context else None,
                           intro, blocks)  # fmt: skip
        seen: list[Figure] = []
        for paragraph in [*intro, *(p for b in blocks for p in b.paragraphs)]:
            for part in paragraph.parts:
                if isinstance(part, DraftSentence):
                    seen += [f for f in part.figures if all(f is not other for other in seen)]
        result.figures = seen
        return result


def build_draft(pack: FormPack, store: Any, period: str, progress: Progress | None = None) -> Draft:
    """The draft of the year-end report for an annual period, from the bureau's stored submissions."""
    spec = pack.report
    if spec is None:
        raise NoTemplates(pack.id)
    tell = progress or (lambda _percent, _text: None)
    tell(5, "读取学校名单和报送数据")
    register = register_of(store)
    semester = year_end_semester(pack, period)
    contexts: dict[AreaPeriod, Context | None] = {}
    for index, (kind, key) in enumerate(((AreaPeriod.ANNUAL, period), (AreaPeriod.YEAR_END, semester))):
        if key is None:
            contexts[kind] = None
            continue
        facts = period_facts(pack, store, key, register)
        tell(15 + 35 * index, f"核查数据质量：{Period.parse(key).name()}")
        quality = build_quality(pack, store, key, register, facts)
        contexts[kind] = Context(pack, key, facts, register, quality)
    tell(85, "生成语句")
    builder = _Builder(spec, contexts, int(period))
    opening = builder.paragraphs("opening", AreaPeriod.ANNUAL, spec.opening)
    areas: list[DraftArea] = []
    for area in spec.areas:
        written = builder.area(area, len(areas) + 1)
        if written is not None:
            areas.append(written)
    annual = contexts[AreaPeriod.ANNUAL]
    return Draft(
        title=spec.title.replace("{year}", str(period)),
        period=period,
        semester=semester,
        generated_at=datetime.now(),
        registered=len(register),
        sent=len(annual.facts) if annual else 0,
        opening=opening,
        areas=areas,
        left_out=builder.left_out,
    )


def summary_text(draft: Draft, lang: str = "zh") -> str:
    """生成语句 69 句（数据 120 个），其中待核实 7 句；待补充 27 处；未生成 6 句."""
    sentences = draft.sentences()
    doubtful = sum(1 for sentence in sentences if sentence.doubtful)
    placeholders = sum(1 for p in draft.paragraphs() for part in p.parts if isinstance(part, DraftPlaceholder))
    figures, left = len(draft.figures()), len(draft.left_out)
    return tr(lang, "draft.summary", sentences=len(sentences), figures=figures, doubtful=doubtful,
              placeholders=placeholders, left=left)  # fmt: skip


def annual_periods(pack: FormPack) -> list[str]:
    return [spec.key for spec in pack.periods if spec.kind is PeriodKind.ANNUAL]
