"""The year-end report's draft from a district built through the real school path (fill, explain, 上报) and
the bureau's real import: the .docx read back with python-docx finds each sentence with its figures, every
figure carries its source comment, a sentence nobody reported is left out, a doubtful one is highlighted;
the Markdown says the same; LibreOffice opens the document."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.bureau.district import BLANK, School, build_district

REPO = Path(__file__).resolve().parents[2]

# The figures the district adds up to (six schools of four types, two of them kindergartens).
TIMES = (600, 500, 450, 400, 384, 400)  # Σ 2,734 → 2700余人次
HOURS = (600 * 108, 500 * 108, 450 * 108, 400 * 108, 384 * 108, None)  # the last school leaves hours blank
HONOURED = (5, 4, 4, 4, 3, 3)  # Σ 23 → 20余名
STARS = ("five", "four", "four", "three", "three", "three")
BRAND = ("municipal", "municipal", "none", "municipal", "none", "none")
RENEWED = (True, False, True, True, False, True)  # 4 schools, a kindergarten among them → 4所学校(园)
INCIDENTS = (1, 0, 2, 0, 0, 0)  # all handled: 3起
VICE_PRINCIPALS = (2, 1, 1, 1, 1, 0)  # 6人
NEW_PLACES = (1500, 1200, 900, 600, 500, 310)  # 中小学 4,200; 幼儿园 810
TYPES = ("primary", "primary", "junior", "senior", "kindergarten", "kindergarten")


def _changes(index: int) -> dict[str, dict[str, dict[str, Any]]]:
    from decimal import Decimal

    hours = HOURS[index]
    party: dict[str, Any] = {
        "members": 20, "honoured_members": HONOURED[index], "star_rating": STARS[index],
        "brand_level": BRAND[index], "brand_name": "红烛先锋" if BRAND[index] != "none" else BLANK,
        "renewal_due": RENEWED[index], "renewal_date": date(2022, 6, 20 + index) if RENEWED[index] else BLANK,
        "volunteer_times": TIMES[index], "volunteer_hours": BLANK if hours is None else Decimal(hours),
        # Nobody runs a Party deputies' studio: the sentence about it must be left out.
        "studio_research": BLANK, "studio_receptions": BLANK, "studio_volunteer": BLANK,
    }  # fmt: skip
    return {"2022": {
        "party": party,
        "ideology": {"opinion_incidents": INCIDENTS[index], "opinion_handled": INCIDENTS[index]},
        "integrity": {"integrity_vice_principals": VICE_PRINCIPALS[index]},
        "facilities": {"places": 3000, "new_places": NEW_PLACES[index]},
    }}  # fmt: skip


@pytest.fixture(scope="module")
def district(tmp_path_factory: pytest.TempPathFactory, bureau_pack):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("report-district")
    schools = [School(f"s{index}", kind, changes=_changes(index)) for index, kind in enumerate(TYPES)]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SCHOOL_REPORT_CONFIG_DIR", str(folder / "config"))
        patch.setenv("SCHOOL_REPORT_DATA_DIR", str(folder / "data"))
        db = build_district(bureau_pack, schools, folder)
    return db, schools, folder


def _cli(db: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    lang = list(argv[:2]) if argv[:1] == ("--lang",) else []
    return subprocess.run([sys.executable, "-m", "desktop_app", *lang, "--db", str(db), *argv[len(lang):]],
                          capture_output=True, text=True, env=env, timeout=300, check=False)  # fmt: skip


@pytest.fixture(scope="module")
def written(district):  # type: ignore[no-untyped-def]
    """The draft written by the real command, as Word and as Markdown."""
    db, _schools, folder = district
    docx_path, md_path = folder / "总结草稿.docx", folder / "总结草稿.md"
    done = _cli(db, "bureau", "report", "--out", str(docx_path))
    assert done.returncode == 0, done.stderr
    assert "年度工作总结草稿已生成" in done.stdout and "待核实 1 句" in done.stdout, done.stdout
    done = _cli(db, "bureau", "report", "--period", "2022", "--out", str(md_path), "--format", "md")
    assert done.returncode == 0, done.stderr
    return docx_path, md_path


def _body(path: Path) -> list[Any]:
    import docx

    return list(docx.Document(str(path)).paragraphs)


def _paragraph_with(paragraphs: list[Any], text: str) -> Any:
    found = [p for p in paragraphs if text in p.text]
    assert len(found) == 1, (text, [p.text for p in paragraphs])
    return found[0]


def test_each_sentence_carries_the_districts_figures(written, district) -> None:  # type: ignore[no-untyped-def]
    _db, schools, _folder = district
    text = "\n".join(p.text for p in _body(written[0]))
    first_brand = schools[0].name  # the register's first school among the three 市级示范校
    expected = [
        "确保了教育系统4所学校(园)党组织换届选举工作平稳有序完成。",
        "评出五星级党支部1个，四星级党支部2个，三星级党支部3个。",
        f"2022年，{first_brand}等3所学校获评市“一校一品”党建品牌示范校。",
        "全区20余名党员教师荣获省市级以上荣誉。",
        "各学校(园)党员教师累计下沉2700余人次，人均服务时长108小时。",
        "2022年，有效处置突发网络舆情3起。",
        "目前，教体系统聘任廉洁副校长6人。",
        "全年中小学新增学位4200个。",
        "幼儿园新增学位810个。",
        "按办学类型分，新增学位幼儿园810个、小学2700个、初中900个、普通高中600个。",
        "全区6所学校(园)报送了2022年度工作数据。",
    ]  # fmt: skip
    for sentence in expected:
        assert sentence in text, sentence
    assert "济阳区教体局2022年工作总结" in text


def test_a_sentence_nobody_reported_is_left_out_and_said_so(written) -> None:  # type: ignore[no-untyped-def]
    paragraphs = _body(written[0])
    body = "\n".join(p.text for p in paragraphs[: _index(paragraphs, "附：生成说明")])
    assert "驻室党代表接待" not in body and "开展工作调研" not in body
    assert "发挥党代表工作室作用" in body  # its placeholder keeps the item: the bureau's own studio
    assert "未发生突发网络舆情" not in body  # a condition that does not hold
    notes = "\n".join(p.text for p in paragraphs[_index(paragraphs, "附：生成说明") :])
    assert "party.studios：无学校填报" in notes and "ideology.no_opinion：条件不成立" in notes


def _index(paragraphs: list[Any], text: str) -> int:
    return next(i for i, p in enumerate(paragraphs) if p.text == text)


def _comments(path: Path) -> dict[str, str]:
    """Each commented run's text → its comment's text, from the document's XML and its comments part."""
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(path))
    notes = {str(c.comment_id): "\n".join(p.text for p in c.paragraphs) for c in document.comments}
    anchored: dict[str, str] = {}
    for paragraph in document.element.body.iter(qn("w:p")):
        open_ids: dict[str, list[str]] = {}
        for node in paragraph.iter():
            if node.tag == qn("w:commentRangeStart"):
                open_ids[node.get(qn("w:id"))] = []
            elif node.tag == qn("w:commentRangeEnd"):
                ident = node.get(qn("w:id"))
                anchored.setdefault("".join(open_ids.pop(ident)), notes[ident])
            elif node.tag == qn("w:t"):
                for chunk in open_ids.values():
                    chunk.append(node.text or "")
    assert len(notes) == sum(1 for _ in document.element.body.iter(qn("w:commentReference")))
    return anchored


def test_every_figure_has_its_source_comment(written, district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml.ns import qn

    from desktop_app.bureau.draft import build_draft
    from desktop_app.bureau.store import BureauStore

    db, schools, _folder = district
    store = BureauStore.open(db)
    try:
        draft = build_draft(bureau_pack, store, "2022")
    finally:
        store.close()
    document = docx.Document(str(written[0]))
    references = list(document.element.body.iter(qn("w:commentReference")))
    assert len(references) == len(draft.figures()) == len(list(document.comments)) > 60
    comments = _comments(written[0])
    times = comments["2700余"]
    assert "party.volunteer_times" in times and "汇总口径：合计" in times and "全区数据：2,734人次" in times
    assert "计入学校：6所（适用6所）" in times and "未填报：无" in times
    hours = comments["108"]
    assert "party.hours_per_person" in hours and "比率" in hours and "计入学校：5所（适用6所）" in hours
    assert f"未填报：1所：{schools[5].name}（未填志愿服务时长）" in hours and "待核实1条" in hours
    brands = comments[f"{schools[0].name}等3所学校"]
    assert "party.brand_level" in brands and "按选项计学校数" in brands
    assert f"计入学校：3所：{schools[0].name}、{schools[1].name}、{schools[3].name}（填报6所，适用6所）" in brands
    renewed = comments["4所学校(园)"]
    assert "party.renewal_date" in renewed and "逐校列出" in renewed
    places = comments["810"]
    assert "facilities.new_places" in places and "范围：幼儿园" in places
    assert "计入学校：2所（适用2所）" in places


def test_a_registered_school_that_sent_nothing_is_named_in_the_sources(district, bureau_pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.bureau.draft import build_draft
    from desktop_app.bureau.draft_docx import clean
    from desktop_app.bureau.records import SchoolEntry
    from desktop_app.bureau.store import BureauStore

    db, _schools, _folder = district
    copy = tmp_path / "bureau.sqlite3"
    shutil.copy(db, copy)
    store = BureauStore.open(copy)
    try:
        store.save_schools([SchoolEntry("2137199999", "济阳区未报送小学（虚构（演示））", "primary", "370115001")])
        draft = build_draft(bureau_pack, store, "2022")
    finally:
        store.close()
    times = next(f for f in draft.figures() if str(f.spec.ref) == "party.volunteer_times")
    assert times.not_sent == ["济阳区未报送小学（虚构（演示））"] and times.written == "2700余"
    assert "未报送本期数据：1所：济阳区未报送小学（虚构（演示））" in times.note()
    kindergartens = next(f for f in draft.figures() if f.spec.schools == frozenset({"kindergarten"}))
    assert kindergartens.not_sent == []  # a primary school is not missing from the kindergartens' figure
    assert clean("甲校\x07\u202e乙") == "甲校乙"  # what Word cannot hold is never written


def test_doubtful_sentences_are_highlighted_and_placeholders_marked(written) -> None:  # type: ignore[no-untyped-def]
    from docx.enum.text import WD_COLOR_INDEX

    paragraphs = _body(written[0])
    volunteer = _paragraph_with(paragraphs, "累计下沉2700余人次")
    marked = [run for run in volunteer.runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
    assert "".join(run.text for run in marked) == "各学校(园)党员教师累计下沉2700余人次，人均服务时长108小时。"
    stars = _paragraph_with(paragraphs, "评出五星级党支部")
    assert not any(run.font.highlight_color for run in stars.runs)
    placeholder = [run for run in stars.runs if run.text.startswith("【待补充：")]
    assert placeholder and all(str(run.font.color.rgb) == "C00000" for run in placeholder)


def test_headings_fonts_and_page_follow_gbt_9704(written) -> None:  # type: ignore[no-untyped-def]
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(str(written[0]))
    styles = {p.style.name for p in document.paragraphs}
    assert {"公文标题", "一级标题", "二级标题", "公文正文"} <= styles
    headings = [p.text for p in document.paragraphs if p.style.name == "一级标题"]
    assert headings[:3] == ["一、持续加强教体系统党的建设", "二、落实意识形态工作责任制", "三、深入推进党风廉政建设"]
    assert next(p.text for p in document.paragraphs if p.style.name == "二级标题") == "（一）加强理论学习"
    assert any(p.text.startswith("1.成立立德树人志愿服务队。") for p in document.paragraphs)

    def east_asian(name: str) -> str:
        fonts = document.styles[name].element.rPr.find(qn("w:rFonts"))
        return str(fonts.get(qn("w:eastAsia")))

    assert [east_asian(n) for n in ("公文标题", "一级标题", "二级标题", "公文正文")] == [
        "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312"]  # fmt: skip
    section = document.sections[0]
    sizes = (
        section.page_width,
        section.page_height,
        section.top_margin,
        section.bottom_margin,
        section.left_margin,
        section.right_margin,
    )  # stored in twips: compared to 0.1 mm
    assert [round(size.mm, 1) for size in sizes] == [210, 297, 37, 35, 28, 26]
    assert len(document.tables) >= 8  # a table of the figures after each area
    assert [c.text for c in document.tables[0].rows[0].cells][:3] == ["序号", "项目", "全区数据"]


def test_the_markdown_says_the_same_with_footnotes(written) -> None:  # type: ignore[no-untyped-def]
    text = written[1].read_text(encoding="utf-8")
    assert text.startswith("# 济阳区教体局2022年工作总结\n")
    assert "## 一、持续加强教体系统党的建设" in text and "### （一）加强理论学习" in text
    assert "评出五星级党支部1[^" in text and "==各学校(园)党员教师累计下沉2700余[^" in text
    body = text[: text.index("## 附：生成说明")]
    assert "【待补充：" in body and "驻室党代表接待" not in body
    assert "原句：各学校(园)党代表工作室开展工作调研{research}次" in text[len(body) :]
    assert "| 序号 | 项目 | 全区数据 |" in text
    footnotes = [line for line in text.splitlines() if line.startswith("[^")]
    assert footnotes and all("数据来源：" in line for line in footnotes)
    assert "本稿生成于" not in text  # two drafts of the same data are the same text


def test_usage_errors_are_named(district, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    db, _schools, _folder = district
    done = _cli(db, "bureau", "report", "--out", str(tmp_path / "x.txt"))
    assert done.returncode == 2 and "--out 须以 .docx 或 .md 结尾" in done.stderr
    done = _cli(db, "bureau", "report", "--period", "2022-2023-1", "--out", str(tmp_path / "x.docx"))
    assert done.returncode == 2 and "年度工作总结按年度报送期生成" in done.stderr
    assert not (tmp_path / "x.docx").exists()
    done = _cli(db, "--lang", "en", "bureau", "report", "--out", str(tmp_path / "no" / "x.docx"))
    assert done.returncode == 2 and f"Folder not found: {tmp_path / 'no'}" in done.stderr


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_document(written, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    profile = tmp_path / "profile"
    done = subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                           "--outdir", str(tmp_path), str(written[0])], capture_output=True, text=True, timeout=240,
                          check=False)  # fmt: skip
    pdf = tmp_path / (written[0].stem + ".pdf")
    assert done.returncode == 0 and pdf.exists(), done.stderr
    reader = PdfReader(str(pdf))
    assert len(reader.pages) >= 5
    first = reader.pages[0].extract_text()
    assert "2022" in first and "工作总结" in first


@pytest.mark.gui
def test_the_bureau_window_drafts_off_the_ui_thread_with_progress(qtbot, district, bureau_pack, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import docx

    from desktop_app.ui.bureau.window import BureauWindow

    db, _schools, _folder = district
    window = BureauWindow(bureau_pack, str(db))
    qtbot.addWidget(window)
    window.show()
    action = window.draft
    assert action.button.text() == "生成年度总结草稿…" and action.button.parent() is not None
    window.period.setCurrentIndex(window.period.findData("2022-2023-1"))
    assert action.annual_period(window.period.currentData()) == "2022"  # a semester chosen: the year's draft
    steps: list[tuple[int, str]] = []
    shown = action._step
    action._step = lambda percent, text: (steps.append((percent, text)), shown(percent, text))  # type: ignore[method-assign]
    target = tmp_path / "草稿.docx"
    action.start(str(target), "2022")
    assert action.busy and not action.button.isEnabled() and action.progress is not None
    qtbot.waitUntil(lambda: not action.busy, timeout=120000)
    assert action.button.isEnabled() and action.message is not None and action.progress is None
    assert "年度总结草稿已生成" in action.message.text() and "待核实 1 句" in action.message.text()
    assert [p for p, _t in steps] == sorted(p for p, _t in steps) and len(steps) >= 4
    assert any("数据质量" in text for _p, text in steps) and steps[-1][1] == "写入文件"
    assert "累计下沉2700余人次" in "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    window.grab().save(str(tmp_path / "bureau-draft.png"))
    action.message.close()
    window.wait()


@pytest.mark.gui
def test_switching_the_period_while_the_figures_load_shows_the_chosen_periods(qtbot, district, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    """A refresh of 2022 finishing after the officer chose the semester must not be laid out as the semester's
    (it raised KeyError in the slot: the annual totals have no 校园安全 fields)."""
    from desktop_app.ui.bureau.window import BureauWindow

    db, _schools, _folder = district
    window = BureauWindow(bureau_pack, str(db))  # starts loading 2022
    qtbot.addWidget(window)
    window.period.setCurrentIndex(window.period.findData("2022-2023-1"))  # before 2022's figures arrive
    window.wait()
    qtbot.waitUntil(lambda: window.figures.totals.rowCount() > 0, timeout=60000)
    qtbot.wait(200)
    labels = {window.figures.totals.item(row, 0).text() for row in range(window.figures.totals.rowCount())}
    assert "校园安全" in labels and "党建工作" not in labels
