"""The draft as plain Markdown, for review in a diff: the same text as the Word document, each figure
followed by a footnote with its source, sentences with open doubts marked ==…==, placeholders as
【待补充：…】, and after each area its figures as a table."""

from __future__ import annotations

from pathlib import Path

from desktop_app.bureau.draft import Draft, DraftArea, DraftParagraph, DraftPlaceholder
from desktop_app.bureau.draft_docx import TABLE_HEADS, notes_lines, table_row
from desktop_app.bureau.draft_figures import Figure
from desktop_app.domain.periods import Period
from desktop_app.exporters.atomic import write_atomic


def _cell(text: str) -> str:
    return text.replace("|", "｜").replace("\n", " ")


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.notes: list[tuple[int, Figure]] = []  # footnotes of the current area
        self.number = 0

    def paragraph(self, item: DraftParagraph) -> None:
        text = item.lead
        for part in item.parts:
            if isinstance(part, DraftPlaceholder):
                text += part.marked
                continue
            sentence = ""
            for run in part.runs:
                sentence += run.text
                if run.figure is not None:
                    self.number += 1
                    self.notes.append((self.number, run.figure))
                    sentence += f"[^{self.number}]"
            text += f"=={sentence}==" if part.doubtful else sentence
        self.lines += [text, ""]

    def area(self, area: DraftArea) -> None:
        self.lines += [f"## {area.heading}", ""]
        for paragraph in area.paragraphs:
            self.paragraph(paragraph)
        for block in area.blocks:
            self.lines += [f"### {block.heading}", ""]
            for paragraph in block.paragraphs:
                self.paragraph(paragraph)
        if area.figures:
            when = f"（{Period.parse(area.period).name()}）" if area.period else ""
            self.lines += [f"**“{area.heading.split('、', 1)[-1]}”所用数据{when}**", ""]
            self.lines.append("| " + " | ".join(TABLE_HEADS) + " |")
            self.lines.append("|" + "---|" * len(TABLE_HEADS))
            for number, figure in enumerate(area.figures, start=1):
                self.lines.append("| " + " | ".join(_cell(c) for c in table_row(number, figure)) + " |")
            self.lines.append("")
        self.footnotes()

    def footnotes(self) -> None:
        for number, figure in self.notes:
            self.lines.append(f"[^{number}]: " + "；".join(_cell(line) for line in figure.note()))
        if self.notes:
            self.lines.append("")
        self.notes = []


def markdown(draft: Draft) -> str:
    writer = _Writer()
    writer.lines += [f"# {draft.title}", "",
                     "> 草稿：由学校报送数据生成。每个数据后的脚注写明来源；==…== 为数据待核实的语句；"
                     "【待补充：…】处由局机关补写。", ""]  # fmt: skip
    for paragraph in draft.opening:
        writer.paragraph(paragraph)
    writer.footnotes()
    for area in draft.areas:
        writer.area(area)
    writer.lines += ["## 附：生成说明", ""]
    for line in notes_lines(draft, with_time=False):
        writer.lines += [line, ""]
    return "\n".join(writer.lines).rstrip("\n") + "\n"


def write_draft_md(draft: Draft, path: Path) -> Path:
    return write_atomic(path, markdown(draft).encode("utf-8"))
