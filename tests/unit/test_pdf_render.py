"""The PDF submission, parsed back with pypdf: content section by section, fonts, watermark, safety."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from pypdf import PdfReader

from desktop_app.domain.evaluation import compute_derived
from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.submission import Status, Submission, fingerprint, short_fingerprint
from desktop_app.domain.values import display
from desktop_app.exporters.pdf import render_pdf
from tests.unit.test_pdf_fixtures import (
    demo_or_sample,
    issues_for,
    page_texts,
    sample_submission,
    squash,
)


@pytest.fixture(scope="module")
def submitted(pack: FormPack) -> tuple[Submission, bytes]:
    submission = demo_or_sample(pack, Status.SUBMITTED)
    return submission, render_pdf(pack, submission, issues_for(pack, submission))


@pytest.fixture(scope="module")
def draft(pack: FormPack) -> tuple[Submission, bytes]:
    submission = demo_or_sample(pack, Status.DRAFT)
    return submission, render_pdf(pack, submission, issues_for(pack, submission))


def _label(field: Any) -> str:
    return f"{field.label.zh}（{field.unit.zh}）" if field.unit else field.label.zh


def _expected(pack: FormPack, submission: Submission, key: str) -> list[str]:
    """Every label and displayed value the category's section must show."""
    category = pack.category(key)
    values = submission.values[key]
    derived = compute_derived(pack, key, submission.values)
    expected = [category.label.zh]
    for field in category.fields:
        if field.type is FieldType.DERIVED:
            if derived.get(field.key) is not None:
                expected += [_label(field), display(field, derived[field.key], pack)]
            continue
        if field.key not in values:
            continue
        expected.append(_label(field))
        if field.type is FieldType.TABLE:
            for row in values[field.key]:
                expected += [_label(c) for c in field.columns]
                expected += [
                    str(row[c.key]) if c.identifier else display(c, row[c.key], pack)
                    for c in field.columns
                    if c.type is not FieldType.IMAGE and row.get(c.key) is not None
                ]
        elif values[field.key] is not None:
            value = values[field.key]
            expected.append(str(value) if field.identifier else display(field, value, pack))
    return [squash(text) for text in expected if text]


def _sections(pack: FormPack, submission: Submission, text: str) -> dict[str, str]:
    keys = [k for k in (c.key for c in pack.categories) if k in submission.values]
    starts = []
    for key in keys:
        heading = squash(pack.category(key).numbered_label())
        position = text.find(heading, starts[-1] if starts else 0)
        assert position >= 0, f"section heading {heading} missing"
        starts.append(position)
    ends = [*starts[1:], len(text)]
    return {key: text[a:b] for key, a, b in zip(keys, starts, ends, strict=True)}


def test_every_label_and_value_in_its_own_section(pack: FormPack, submitted: tuple[Submission, bytes]) -> None:
    submission, data = submitted
    text = squash("".join(page_texts(data)))
    sections = _sections(pack, submission, text)
    assert len(sections) >= 10
    for key, section in sections.items():
        missing = [item for item in _expected(pack, submission, key) if item not in section]
        assert not missing, f"{key}: {missing}"


def test_title_block_and_foot(pack: FormPack, submitted: tuple[Submission, bytes]) -> None:
    submission, data = submitted
    first = squash(page_texts(data)[0])
    for item in (submission.school_name, submission.school_code, "2022年度", pack.version, "第1版"):
        assert squash(item) in first
    text = squash("".join(page_texts(data)))
    for item in ("单位负责人（签字）", "统计负责人（审核人）", "填表人", "联系电话", "报出日期",
                 "单位（盖章）", "2023年1月5日", "王校长", "李统计", "张填表", "0531-84235116"):  # fmt: skip
        assert item in text, item


def test_explanations_print_with_their_warning(pack: FormPack, submitted: tuple[Submission, bytes]) -> None:
    submission, data = submitted
    text = squash("".join(page_texts(data)))
    warnings = [i for i in issues_for(pack, submission) if i.severity == "warning"]
    assert warnings, "the demo school carries a warning with a 说明"
    for issue in warnings:
        note = submission.explanations[issue.category][issue.rule_id]
        assert squash(issue.text("zh")) + "说明：" + squash(note) in text


def test_fonts_are_embedded_subsets(submitted: tuple[Submission, bytes]) -> None:
    reader = PdfReader(io.BytesIO(submitted[1]))
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = descriptor.get_object()
    assert fonts
    for name, descriptor in fonts.items():
        assert "/FontFile2" in descriptor, name
        assert re.match(r"/?[A-Z]{6}\+", name), f"{name} is not a subset"


def _watermark_pages(data: bytes) -> list[bool]:
    """Per page: is 草稿 drawn rotated (the diagonal watermark, not some text that mentions it)?"""
    found = []
    for page in PdfReader(io.BytesIO(data)).pages:
        hits: list[bool] = []

        def visit(text: str, cm: list[float], tm: list[float], *_: Any, hits: list[bool] = hits) -> None:
            if "草稿" in text and abs(cm[1]) > 0.5:
                hits.append(True)

        page.extract_text(visitor_text=visit)
        found.append(bool(hits))
    return found


def test_draft_has_the_watermark_on_every_page(draft: tuple[Submission, bytes]) -> None:
    pages = _watermark_pages(draft[1])
    assert len(pages) > 3 and all(pages)


def test_submitted_has_no_watermark_but_revision_and_fingerprint(
    pack: FormPack, submitted: tuple[Submission, bytes]
) -> None:
    submission, data = submitted
    assert not any(_watermark_pages(data))
    short = short_fingerprint(fingerprint(pack, submission))
    for text in page_texts(data):
        assert "草稿" not in text
        assert f"第1版校验码{short}" in squash(text)


HOSTILE = ["R&D", "a < b", "<b>", "</para>", '<img src="/etc/passwd">', "&amp;"]


def test_hostile_text_prints_literally(pack: FormPack) -> None:
    name = "实验小学" + " ".join(HOSTILE)
    submission = sample_submission(pack, school_name=name)
    data = render_pdf(pack, submission, [], categories=["profile"])
    text = squash("".join(page_texts(data)))
    for item in HOSTILE:
        assert squash(item) in text, item
    assert text.count(squash(name)) >= 3  # title block, profile section, running header
    assert b"/Subtype /Image" not in data  # the <img> was text, not a file read


def test_rare_characters_are_printed_or_reported(pack: FormPack) -> None:
    submission = sample_submission(pack, school_name="𠀀堃喆实验小学")
    data = render_pdf(pack, submission, [])
    text = "".join(page_texts(data))
    for char in "𠀀堃喆":
        assert char in text or char in data.missing_characters, char
    assert "堃喆实验小学" in text
    if "𠀀" in data.missing_characters:
        assert any("U+20000" in warning for warning in data.warnings)


def test_photos_go_to_the_appendix_with_captions(pack: FormPack) -> None:
    submission = sample_submission(pack, rows=2)
    data = render_pdf(pack, submission, [])
    reader = PdfReader(io.BytesIO(data))
    images = sum(len(page.images) for page in reader.pages)
    photo_cells = [
        row for c in pack.categories if c.key in submission.values for f in c.fields
        if f.type is FieldType.TABLE for row in submission.values[c.key].get(f.key, [])
        for col in f.columns if col.type is FieldType.IMAGE and row.get(col.key)
    ]  # fmt: skip
    assert images == len(photo_cells) > 0
    text = squash("".join(page_texts(data)))
    assert "附录：照片" in text and "见附录图1" in text and "图1" in text


def test_single_category(pack: FormPack) -> None:
    submission = sample_submission(pack)
    data = render_pdf(pack, submission, [], categories=["party"])
    text = squash("".join(page_texts(data)))
    assert "1.党建工作" in text
    assert pack.category("ideology").label.zh not in text


def test_long_table_repeats_its_header_across_pages(pack: FormPack) -> None:
    submission = sample_submission(pack, rows=45)
    data = render_pdf(pack, submission, [], categories=["ideology"])
    pages = [squash(t) for t in page_texts(data)]
    assert len(pages) >= 3
    header = "序号"
    assert sum(header in p for p in pages) >= 3


def test_english(pack: FormPack) -> None:
    submission = sample_submission(pack)
    data = render_pdf(pack, submission, [], categories=["party"], lang="en")
    text = "".join(page_texts(data))
    assert "Party building" in text and "Revision 1" in text
