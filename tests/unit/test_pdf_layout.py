"""Page layout of the PDF, on tiny packs: long tables split under their heading, wide tables go
landscape with the page number where a portrait page has it, the foot line can be replaced."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from desktop_app.domain.loader import load_pack
from desktop_app.domain.pack import FormPack
from desktop_app.domain.pack_parts import PackError
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.exporters.pdf import render_pdf
from tests.unit.pack_builder import category, write_pack
from tests.unit.test_pdf_fixtures import page_texts, squash

LONG_ROWS = 70
WIDE_COLUMNS = 14


def _text(key: str, zh: str, length: int = 40) -> dict[str, Any]:
    return {"key": key, "type": "text", "max_length": length, "label": {"zh": zh}}


def _int(key: str, zh: str) -> dict[str, Any]:
    return {"key": key, "type": "integer", "label": {"zh": zh}, "unit": {"zh": "次"}}


LONG = category(
    key="drills", number=1, label={"zh": "安全演练", "en": "Drills"},
    sections=[{"key": "log", "label": {"zh": "演练记录"}}],
    fields=[
        *(_int(f"count_{i}", f"统计项目{i}") for i in range(6)),
        {"key": "log", "type": "table", "section": "log", "label": {"zh": "演练登记表"},
         "columns": [_text("name", "演练名称"), _int("people", "参加人数")]},
    ],
)  # fmt: skip
WIDE = category(
    key="wide", number=2, label={"zh": "宽表类别", "en": "Wide"},
    fields=[
        _int("before", "前置项目"),
        {"key": "grid", "type": "table", "label": {"zh": "宽表登记"},
         "columns": [_text(f"c{i}", f"第{i}列名称较长", 20) for i in range(WIDE_COLUMNS)]},
    ],
)  # fmt: skip


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> FormPack:
    return load_pack(write_pack(tmp_path_factory.mktemp("pack"), LONG, WIDE))


def _submission(pack: FormPack, values: dict[str, dict[str, Any]]) -> Submission:
    values = {"profile": {"school_name": "测试小学", "school_type": "primary"}, **values}
    return Submission(pack.id, pack.version, "2022", "2137000001", "测试小学", 1, Status.SUBMITTED, values,
                      signatories=Signatories(head="王校长"))  # fmt: skip


def _long_values() -> dict[str, Any]:
    own: dict[str, Any] = {f"count_{i}": i for i in range(6)}
    own["log"] = [{"name": f"演练第{r}号", "people": r} for r in range(1, LONG_ROWS + 1)]
    return {"drills": own}


def _wide_values() -> dict[str, Any]:
    rows = [{f"c{i}": f"内容{r}-{i}" for i in range(WIDE_COLUMNS)} for r in range(1, 4)]
    return {"wide": {"before": 5, "grid": rows}}


def test_long_table_starts_on_the_page_of_its_heading(tiny: FormPack) -> None:
    data = render_pdf(tiny, _submission(tiny, _long_values()), [])
    pages = [squash(t) for t in page_texts(data)]
    first = next(i for i, t in enumerate(pages) if "演练登记表" in t)
    # The heading, the field table above it and the table's first rows share the first page.
    assert first == 0
    assert "统计项目5" in pages[0] and "演练第1号" in pages[0]
    # The table continues on the next page, under its repeated header row.
    assert "演练第1号" not in pages[1] and f"演练第{LONG_ROWS}号" in "".join(pages[1:])
    continued = next(t for t in pages[1:] if "演练第" in t)
    assert "序号演练名称参加人数（次）" in continued
    assert "演练登记表" not in "".join(pages[1:])  # the caption is not repeated, the header is


def _page_number_positions(page: Any) -> list[tuple[float, float, float, float, str]]:
    """(x, y, b, c, text) of each text run with an em dash: position and rotation terms."""
    found: list[tuple[float, float, float, float, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], *_: Any) -> None:
        if "—" in text:
            a, b, c, d, e, f = tm
            ca, cb, cc, cd, ce, cf = cm
            x, y = e * ca + f * cc + ce, e * cb + f * cd + cf
            found.append((x, y, a * cb + b * cd, c * ca + d * cc, text))

    page.extract_text(visitor_text=visit)
    return found


def test_wide_table_goes_landscape_with_its_heading(tiny: FormPack, tmp_path: Path) -> None:
    values = {**_long_values(), **_wide_values()}
    values["drills"] = {}  # the wide table falls on an even page
    data = render_pdf(tiny, _submission(tiny, values), [])
    reader = PdfReader(io.BytesIO(data))
    texts = [squash(p.extract_text() or "") for p in reader.pages]
    wide_page = next(i for i, t in enumerate(texts) if "宽表登记" in t)
    sizes = [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    assert sizes[wide_page][0] > sizes[wide_page][1], "the wide table's page is landscape"
    assert all(w < h for i, (w, h) in enumerate(sizes) if i != wide_page)
    # The category's field table stays portrait; the caption moved with its table.
    before = next(i for i, t in enumerate(texts) if "前置项目" in t)
    assert before == wide_page - 1 and "宽表登记" not in texts[before]
    assert "第13列名称较长" in texts[wide_page] and "内容3-13" in texts[wide_page]
    # The page number is turned with the sheet: it reads upwards along the landscape page's left edge,
    # 7 mm + a little outside the type area (35 mm), i.e. at the bottom of the portrait sheet.
    numbers = _page_number_positions(reader.pages[wide_page])
    assert numbers, "page number missing"
    x, y, b, _c, text = numbers[0]
    assert text.strip() == f"— {wide_page + 1} —" and (wide_page + 1) % 2 == 0
    assert b == pytest.approx(-1)  # turned a quarter clockwise: reads upright on the portrait sheet
    assert 20 * mm < x < 35 * mm
    # An even page: the portrait sheet's left (plus one character), i.e. the landscape page's top.
    assert 210 * mm - 28 * mm - 20 < y < 210 * mm - 28 * mm
    portrait = _page_number_positions(reader.pages[0])[0]
    assert portrait[1] < 35 * mm and portrait[0] > 100 * mm  # odd portrait page: bottom right


def test_consecutive_landscape_tables_leave_no_blank_page(tmp_path: Path) -> None:
    grid = WIDE["fields"][1]
    two = category(key="wide", number=2, label={"zh": "宽表类别"},
                   fields=[grid, {**grid, "key": "grid2", "label": {"zh": "第二宽表"}}])  # fmt: skip
    pack = load_pack(write_pack(tmp_path / "pack", two))
    rows = _wide_values()["wide"]["grid"]
    data = render_pdf(pack, _submission(pack, {"wide": {"grid": rows, "grid2": rows}}), [])
    reader = PdfReader(io.BytesIO(data))
    texts = [squash(p.extract_text() or "") for p in reader.pages]
    landscape = [float(p.mediabox.width) > float(p.mediabox.height) for p in reader.pages]
    assert landscape == [False, True, True, False]
    assert "学校基本信息" in texts[0] and "宽表类别" not in texts[0]  # the heading went with its table
    assert "宽表类别" in texts[1] and "宽表登记" in texts[1] and "第二宽表" in texts[2]
    assert "单位（盖章）" in texts[3]


def test_derived_table_columns_are_refused_by_the_pack(tmp_path: Path) -> None:
    # The PDF computes derived fields, never derived columns: a pack cannot declare one.
    derived = {"key": "d", "type": "derived", "formula": "1 + 1", "label": {"zh": "合计"}}
    table = {"key": "t", "type": "table", "label": {"zh": "表"}, "columns": [_int("a", "甲"), derived]}
    with pytest.raises(PackError):
        load_pack(write_pack(tmp_path / "pack", category(fields=[table])))


def test_foot_line_can_be_replaced(tiny: FormPack) -> None:
    from desktop_app.exporters.pdf.context import RenderContext, build_styles
    from desktop_app.exporters.pdf.fonts import Role, font_set
    from desktop_app.exporters.pdf.template import build_doc

    fonts = font_set()
    for role in Role:
        fonts.font(role)
    context = RenderContext(pack=tiny, submission=_submission(tiny, {}), issues=[], lang="zh",
                            fonts=fonts, styles=build_styles(fonts), short_fingerprint="ABCD1234")  # fmt: skip
    texts = []
    for foot in (None, "区教体局汇总  汇总校验码 EF56"):
        buffer = io.BytesIO()
        build_doc(buffer, context, foot_line=foot).build([context.para("正文", context.styles.cell)])
        texts.append(squash(page_texts(buffer.getvalue())[0]))
    assert "第1版校验码ABCD1234" in texts[0]
    assert "区教体局汇总汇总校验码EF56" in texts[1] and "ABCD1234" not in texts[1]


def test_headings_keep_with_the_start_of_a_long_table_only() -> None:
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import Paragraph, Table

    from desktop_app.exporters.pdf.keep import KeepWithTableStart

    def group(rows: int) -> KeepWithTableStart:
        heading = Paragraph("Heading", ParagraphStyle("h", fontSize=12, leading=14, keepWithNext=1))
        table = Table([["No.", "Name"]] + [[str(i), "x"] for i in range(rows)], rowHeights=20, repeatRows=1)
        kept = KeepWithTableStart([heading, table])
        kept.canv = Canvas(io.BytesIO())  # what the frame would give it
        return kept

    def breaks_first(rows: int, height: float) -> bool:
        return getattr(group(rows).split(300, height)[0], "action", ("",))[0] == "frameEnd"

    # 100 pt left: a 40-row table starts here (heading + header + 3 rows = 94 pt) and splits later.
    assert not breaks_first(40, 100)
    assert breaks_first(40, 80)  # not even three rows fit: everything moves on
    assert breaks_first(6, 100)  # a short table is still kept whole with its heading
