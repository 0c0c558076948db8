"""One numbering of the categories everywhere: the pack's, in the PDF, the workbook and the window."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Status
from desktop_app.exporters.pdf import render_pdf
from desktop_app.exporters.xlsx.writer import COVER, build_workbook_bytes
from tests.unit.test_pdf_fixtures import demo_or_sample, issues_for, page_texts, squash


def test_the_pdf_heads_each_category_with_its_pack_number(pack: FormPack) -> None:
    submission = demo_or_sample(pack, Status.SUBMITTED)
    text = squash("".join(page_texts(render_pdf(pack, submission, issues_for(pack, submission)))))
    shown = [c for c in pack.categories if c.key in submission.values]
    assert any(c.number == 4 for c in shown), "the demo reports 4 教育教学"
    position = 0
    for category in shown:
        heading = squash(f"{category.number}. {category.label.zh}")
        found = text.find(heading, position)
        assert found >= 0, f"{heading} missing or out of order"
        position = found
    # The old ordinal headings (一、学校基本信息 … 五、教育教学) are gone.
    assert "五、" + pack.category("teaching").label.zh not in text


def test_one_category_alone_keeps_its_number(pack: FormPack) -> None:
    submission = demo_or_sample(pack, Status.SUBMITTED)
    data = render_pdf(pack, submission, issues_for(pack, submission), categories=["teaching"])
    text = squash("".join(page_texts(data)))
    assert squash("4. " + pack.category("teaching").label.zh) in text
    assert "一、" + pack.category("teaching").label.zh not in text


def test_workbook_sheets_and_titles_carry_the_same_number(pack: FormPack) -> None:
    submission = demo_or_sample(pack, Status.SUBMITTED)
    workbook = load_workbook(io.BytesIO(build_workbook_bytes(pack, submission, issues_for(pack, submission))))
    shown = [c for c in pack.categories if c.key in submission.values]
    sheets = [name for name in workbook.sheetnames if name != COVER and workbook[name].sheet_state == "visible"]
    assert len(sheets) == len(shown)
    for category, name in zip(shown, sheets, strict=True):
        assert name.split(" ", 1)[0] == str(category.number), name
        title = str(workbook[name]["A1"].value)
        assert title.startswith(category.numbered_label()), title


def test_the_window_uses_the_same_words(pack: FormPack) -> None:
    category = pack.category("teaching")
    assert category.numbered_label() == f"4. {category.label.zh}"
    assert category.numbered_label("en") == f"4. {category.label.en}"
