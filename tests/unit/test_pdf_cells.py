"""The PDF's cells: text keeps clear of the rules, a 60-character school name fits, the cover is whole."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import Any

import pytest
from reportlab.platypus import Flowable, Paragraph, Table

from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.submission import Status, Submission
from desktop_app.exporters.pdf import render_pdf
from desktop_app.exporters.pdf.blocks import signature_foot, title_block
from desktop_app.exporters.pdf.cells import CANNOT_START, TextCell
from desktop_app.exporters.pdf.context import RenderContext, build_styles
from desktop_app.exporters.pdf.fonts import Role, font_set
from desktop_app.exporters.pdf.grid import PADDING
from desktop_app.exporters.pdf.sections import category_flowables
from desktop_app.exporters.pdf.template import LANDSCAPE, PORTRAIT, PageDecorations, frame_width
from tests.unit.test_pdf_fixtures import page_texts, sample_submission, squash

HANGING = CANNOT_START + "。、"
LONG_NAME = ("济南市济阳区新元九年一贯制实验学校" * 4)[:60]  # the longest name the pack accepts


def _hostile(pack: FormPack, status: Status = Status.SUBMITTED) -> Submission:
    """Long names, long words and wide numbers wherever a form allows them."""
    submission = sample_submission(pack, status=status, school_name=LONG_NAME)
    for key, own in submission.values.items():
        for field in pack.category(key).fields:
            if field.key not in own:
                continue
            if field.type is FieldType.TEXT and not field.pattern and not field.identifier:
                own[field.key] = ("校园文化建设与" * 20)[: field.max_length]
            elif field.type is FieldType.DECIMAL and field.maximum is None:
                own[field.key] = Decimal("123456789.99").quantize(Decimal(1).scaleb(-field.places))
    return submission


def _context(pack: FormPack, submission: Submission) -> RenderContext:
    fonts = font_set()
    for role in Role:
        fonts.font(role)
    return RenderContext(pack=pack, submission=submission, issues=[], lang="zh", fonts=fonts,
                         styles=build_styles(fonts), short_fingerprint="3F2A-9C1B-77D0-0B41")  # fmt: skip


def _content_width(cell: Any) -> float:
    if isinstance(cell, list | tuple):  # reportlab keeps a cell's flowables in a sequence
        return max((_content_width(part) for part in cell), default=0.0)
    if isinstance(cell, TextCell):
        cell = cell._paragraph or cell
        if isinstance(cell, TextCell):
            return cell.text_width
    if isinstance(cell, Paragraph):
        # A closing mark may hang at a line's end (cells.HangingParagraph): its ink is its first half.
        size = cell.style.fontSize
        widths = []
        for width, line in zip(cell.getActualLineWidths0(), cell.blPara.lines, strict=True):
            words = line[1] if isinstance(line, tuple) else [getattr(w, "text", "") for w in line.words]
            tail = "".join(map(str, words)).rstrip()[-1:]
            widths.append(width - (size / 2 if tail and tail in HANGING else 0))
        return max(widths or [0.0])
    return 0.0


def _overflows(story: list[Flowable], width: float) -> list[tuple[int, int, str, float, float]]:
    found = []
    for table in (f for f in story if isinstance(f, Table)):
        table.wrap(width, 10_000)
        spans = getattr(table, "_spanRanges", None) or {}
        for r, row in enumerate(table._cellvalues):
            for c, cell in enumerate(row):
                span = spans.get((c, r))
                if span is None and (c, r) in spans:
                    continue  # covered by a span
                first, last = (span[0], span[2]) if span else (c, c)
                style = table._cellStyles[r][c]
                assert min(style.leftPadding, style.rightPadding) >= PADDING >= 4
                room = sum(table._colWidths[first : last + 1]) - style.leftPadding - style.rightPadding
                used = _content_width(cell)
                if used > room + 0.01:
                    found.append((r, c, squash(getattr(cell, "text", "") or ""), used, room))
    return found


def test_no_cell_text_reaches_a_rule(pack: FormPack) -> None:
    context = _context(pack, _hostile(pack))
    story = title_block(context, None) + signature_foot(context)
    for key in context.submission.values:
        story += category_flowables(context, pack.category(key))
    assert sum(isinstance(f, Table) for f in story) > 20
    portrait = [f for f in story if not (isinstance(f, Table) and sum(f._colWidths) > frame_width(PORTRAIT) + 1)]
    landscape = [f for f in story if f not in portrait]
    assert not _overflows(portrait, frame_width(PORTRAIT))
    assert not _overflows(landscape, frame_width(LANDSCAPE))


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.DRAFT])
def test_the_cover_gives_a_60_character_name_whole_and_leaves_no_cell_empty(pack: FormPack, status: Status) -> None:
    context = _context(pack, _hostile(pack, status))
    story = title_block(context, None)
    assert any(isinstance(f, Paragraph) and f.getPlainText() == f"填报单位（盖章）：{LONG_NAME}" for f in story)
    table = next(f for f in story if isinstance(f, Table))
    table.wrap(frame_width(PORTRAIT), 10_000)
    (name_cell,) = table._cellvalues[0][1]
    assert _content_width(name_cell) > 0 and len(name_cell._paragraph.blPara.lines) <= 2  # two lines at most
    covered = {(c, r) for (c, r), span in (getattr(table, "_spanRanges", None) or {}).items() if span is None}
    texts = []
    for r, row in enumerate(table._cellvalues):
        for c, cell in enumerate(row):
            if (c, r) not in covered:
                assert _content_width(cell) > 0, (r, c)
                texts.append("".join(text for part in cell for _, text in getattr(part, "runs", [])))
    assert ("校验码" in texts) == (status is Status.SUBMITTED)  # with its value beside it, no empty cell

    text = squash(page_texts(render_pdf(pack, context.submission, []))[0])
    assert "填报单位（盖章）：" + LONG_NAME in text and "学校名称" + LONG_NAME in text


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.DRAFT])
def test_the_running_header_never_runs_into_the_period(pack: FormPack, status: Status) -> None:
    submission = dataclasses.replace(_hostile(pack, status), period="2022-2023-1")
    decorations = PageDecorations(_context(pack, submission))
    room = frame_width(PORTRAIT)
    text, size = decorations.fit_header(room)
    used = decorations._width(text, Role.SONG, size) + decorations._width(decorations.header_right, Role.SONG, 10.5)
    assert used <= room - 10
    assert size >= 6.5 and text.endswith("…") and LONG_NAME.startswith(text[:-1])
    assert pack.category("profile").field("school_name").max_length == len(LONG_NAME)
    short, size = PageDecorations(_context(pack, sample_submission(pack))).fit_header(room)
    assert size == 10.5 and not short.endswith("…")
