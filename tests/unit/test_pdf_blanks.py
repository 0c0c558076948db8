"""The PDF prints a blank as the bureau's forms do ("—" or "无", as the pack declares), never an empty cell."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from reportlab.platypus import Paragraph, Table

from desktop_app.domain.loader import PackError, load_pack
from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.exporters.pdf import render_pdf
from desktop_app.exporters.pdf.cells import TextCell
from desktop_app.exporters.pdf.context import RenderContext, build_styles
from desktop_app.exporters.pdf.fonts import font_set
from desktop_app.exporters.pdf.sections import category_flowables
from tests.unit.pack_builder import category, write_pack
from tests.unit.test_pdf_fixtures import page_texts, sample_submission, squash

FIELDS: list[dict[str, Any]] = [
    {"key": "count", "type": "integer", "label": {"zh": "开展次数"}, "unit": {"zh": "次"}},
    {"key": "name", "type": "text", "max_length": 20, "label": {"zh": "负责人"}},
    {"key": "day", "type": "date", "label": {"zh": "演练日期"}},
    {"key": "plan", "type": "text", "max_length": 20, "label": {"zh": "整改方案"}, "blank": "未开展"},
    {"key": "topics", "type": "multichoice", "choices": "themes", "label": {"zh": "主题"}},
    {"key": "per", "type": "derived", "formula": "count / 0", "places": 1, "label": {"zh": "平均"}},
    {"key": "drills", "type": "table", "label": {"zh": "演练记录"}, "columns": [
        {"key": "title", "type": "text", "max_length": 20, "label": {"zh": "名称"}},
        {"key": "people", "type": "integer", "label": {"zh": "人数"}},
        {"key": "photo", "type": "image", "label": {"zh": "照片"}},
    ]},
    {"key": "visits", "type": "table", "label": {"zh": "检查记录"}, "columns": [
        {"key": "what", "type": "text", "max_length": 20, "label": {"zh": "事项"}},
    ]},
]  # fmt: skip


def _pack(tmp_path: Path, **extra: Any) -> FormPack:
    return load_pack(write_pack(tmp_path / "pack", category(fields=FIELDS), pack_extra=extra))


def _submission(pack: FormPack) -> Submission:
    values = {
        "profile": {"school_name": "某某小学", "school_type": "primary"},
        "safety": {"count": None, "name": "", "day": None, "plan": None, "topics": [],
                   "drills": [{"title": "消防疏散", "people": None, "photo": None}], "visits": []},
    }  # fmt: skip
    return Submission(
        pack_id=pack.id, pack_version=pack.version, period="2022", school_code="2137000001",
        school_name="某某小学", revision=1, status=Status.SUBMITTED, values=values,
        signatories=Signatories(), submitted_at=datetime(2023, 1, 5, 9, 30),
    )  # fmt: skip


def _text(pack: FormPack) -> str:
    return squash("".join(page_texts(render_pdf(pack, _submission(pack), [], categories=["safety"]))))


def test_built_in_blanks_dash_for_figures_none_for_words(tmp_path: Path) -> None:
    text = _text(_pack(tmp_path))
    assert "开展次数（次）—" in text
    assert "负责人无" in text
    assert "演练日期—" in text
    assert "整改方案未开展" in text  # the field's own blank wins
    assert "主题无" in text
    assert "平均—" in text  # a division by zero prints as a blank, not as nothing
    assert "消防疏散——" in text  # an empty number and an empty photo in a table row
    assert "检查记录无" in text  # a table without rows


def test_the_pack_declares_blanks_per_type(tmp_path: Path) -> None:
    pack = _pack(tmp_path, blanks={"default": "/", "date": {"zh": "未发生", "en": "n/a"}})
    text = _text(pack)
    assert "开展次数（次）/" in text and "负责人/" in text and "主题/" in text
    assert "演练日期未发生" in text
    assert "整改方案未开展" in text


def test_a_pack_with_an_unknown_blank_type_is_refused(tmp_path: Path) -> None:
    with pytest.raises(PackError, match=r"blanks\.number"):
        _pack(tmp_path, blanks={"number": "—"})


def _cell_text(cell: Any) -> str | None:
    if isinstance(cell, list | tuple):  # reportlab keeps a cell's flowables in a sequence
        return "".join(_cell_text(part) or "" for part in cell)
    if isinstance(cell, TextCell):
        return "".join(text for _, text in cell.runs)
    if isinstance(cell, Paragraph):
        return str(cell.getPlainText())
    return cell if isinstance(cell, str) else None


def test_no_category_table_has_an_empty_cell(pack: FormPack) -> None:
    submission = sample_submission(pack)
    # Empty a value of every kind in every category, and a cell of every table.
    for own in submission.values.values():
        for key, value in list(own.items())[::3]:
            if isinstance(value, list) and value and isinstance(value[0], dict):
                value[0] = dict.fromkeys(value[0])
            else:
                own[key] = None
    fonts = font_set()
    context = RenderContext(pack=pack, submission=submission, issues=[], lang="zh", fonts=fonts,
                            styles=build_styles(fonts))  # fmt: skip
    empty = []
    for key in submission.values:
        for flowable in category_flowables(context, pack.category(key)):
            if not isinstance(flowable, Table):
                continue
            spans = {(c, r) for command in flowable._spanCmds for c in range(command[1][0] + 1, command[2][0] + 1)
                     for r in range(command[1][1], command[2][1] + 1)}  # fmt: skip
            for r, row in enumerate(flowable._cellvalues):
                for c, cell in enumerate(row):
                    if (c, r) not in spans and not (_cell_text(cell) or "").strip():
                        empty.append((key, r, c))
    assert not empty
