"""The PDF's, the command line's, the exporters' shared parts' and the bureau's own words (its summary PDF,
its text views, its figures written out, the kinds of a quality line) come from each layer's keyed catalogue
(exporters/pdf/words.py, exporters/words.py, cli/words.py, bureau/words.py; the window's are checked by
test_ui_strings.py): every key used exists and is given exactly its placeholders, every entry is in both
languages, and no inline (zh, en) pair is left."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

import pytest

from desktop_app.bureau.quality import KINDS, kind_label
from desktop_app.bureau.words import ALL_WORDS as BUREAU
from desktop_app.bureau.words import NOT_YET_IN_ENGLISH, OWN_PLACEHOLDERS
from desktop_app.bureau.words import tr as bureau_tr
from desktop_app.cli.words import CLI_WORDS
from desktop_app.cli.words import WORDS as CLI
from desktop_app.domain.text import Catalogue, DuplicateKeyError
from desktop_app.exporters.atomic import TargetLockedError
from desktop_app.exporters.pdf.context import RenderContext
from desktop_app.exporters.pdf.words import BLANK_IN_ENGLISH, PDF_WORDS
from desktop_app.exporters.pdf.words import WORDS as PDF
from desktop_app.exporters.words import WORDS as EXPORTERS

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
LAYERS = {"exporters/pdf": PDF, "cli": CLI}
PLACEHOLDER = r"{(\w+)[^}]*}"


def _calls(folder: str, method: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted((PACKAGE / folder).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
                found.append((path.name, node))
    return found


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_word_a_layer_prints_is_a_key_of_its_catalogue(folder: str) -> None:
    words = LAYERS[folder]
    calls = _calls(folder, "tr")
    assert len(calls) > 30
    wrong = []
    for name, call in calls:
        first = call.args[0]
        if isinstance(first, ast.JoinedStr):  # context.tr(f"signatures.{key}"): its constant start
            start = first.values[0]
            assert isinstance(start, ast.Constant)
            if not any(key.startswith(str(start.value)) for key in words):
                wrong.append(f"{name}:{call.lineno}: {start.value}…")
            continue
        assert isinstance(first, ast.Constant), f"{name}:{call.lineno}"
        key = str(first.value)
        if key not in words:
            wrong.append(f"{name}:{call.lineno}: {key} is not in {folder}/words.py")
            continue
        wanted = set(re.findall(PLACEHOLDER, words[key][0]))
        if wanted != {k.arg for k in call.keywords}:
            wrong.append(f"{name}:{call.lineno}: {key} wants {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)
    assert not _calls(folder, "t"), f"an inline .t(zh, en) pair: key it in {folder}/words.py"


def test_no_inline_pair_is_left_anywhere() -> None:
    """RenderContext.t, the last inline (zh, en) pair of the PDFs, is gone: no `x.t(zh, en)` call anywhere."""
    assert not hasattr(RenderContext, "t")
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "t":
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert not found, f"an inline .t(zh, en) pair: key it in its layer's words.py: {found}"


# --- the bureau: tr(lang, key, **values) from bureau/words.py ----------------------------------------------

SUMMARY_FILES = ("summary_pdf.py", "summary_pdf_sections.py")


def _summary_trees() -> list[tuple[str, ast.Module]]:
    return [(name, ast.parse((PACKAGE / "bureau" / name).read_text(encoding="utf-8"))) for name in SUMMARY_FILES]


def _bureau_trees() -> list[tuple[str, ast.Module]]:
    return [(str(path.relative_to(PACKAGE)), ast.parse(path.read_text(encoding="utf-8")))
            for path in sorted((PACKAGE / "bureau").rglob("*.py"))]  # fmt: skip


def _placeholders(text: str) -> set[str]:
    return set(re.findall(PLACEHOLDER, text))


def _wanted(key: str) -> set[str]:
    """The values a key is given: its placeholders in both languages (they differ only for OWN_PLACEHOLDERS)."""
    zh, en = BUREAU[key]
    return _placeholders(zh) | _placeholders(en)


def test_no_inline_pair_function_is_left_in_the_bureau() -> None:
    """texts.py's and figures.py's `_t(lang, zh, en)` are gone: no such function, and no call to one."""
    found = []
    for name, tree in _bureau_trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "_t":
                found.append(f"{name}:{node.lineno}: def _t")
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_t":
                found.append(f"{name}:{node.lineno}: _t(…)")
    assert not found, f"an inline (zh, en) pair: key it in bureau/words.py: {found}"


@pytest.mark.parametrize("files", ["summary PDF", "all of the bureau"])
def test_every_word_the_bureau_prints_is_a_key_given_its_placeholders(files: str) -> None:
    calls, problems = 0, []
    for name, tree in _summary_trees() if files == "summary PDF" else _bureau_trees():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr"):
                continue
            calls += 1
            key, given = node.args[1], {k.arg for k in node.keywords}
            if isinstance(key, ast.Constant):
                keys = [str(key.value)]
            elif isinstance(key, ast.JoinedStr):  # tr(lang, f"summary.col.{column}"): every key it can be
                start = key.values[0]
                assert isinstance(start, ast.Constant), f"{name}:{node.lineno}"
                keys = [k for k in BUREAU if k.startswith(str(start.value))]
            else:  # a key passed in (heading's title, the tables' heads): test_every_key_the_bureau_names…
                continue
            if not keys or any(k not in BUREAU for k in keys):
                problems.append(f"{name}:{node.lineno}: {ast.unparse(key)} is not in bureau/words.py")
            for k in keys:
                if k in BUREAU and _wanted(k) != given:
                    problems.append(f"{name}:{node.lineno}: {k} wants {sorted(_wanted(k))}")
    assert calls > (25 if files == "summary PDF" else 80)
    assert not problems, "\n".join(problems)


def test_every_kind_of_a_quality_line_has_its_label() -> None:
    assert {key.removeprefix("quality.kind.") for key in BUREAU if key.startswith("quality.kind.")} == set(KINDS)
    assert [kind_label(kind) for kind in KINDS] == [
        "逻辑错误",
        "偏离同类",
        "同比突变",
        "经验提示",
        "比率缺项",
        "缺少基期",
    ]
    assert kind_label("missing_part", "en") == "ratio part missing"


KEY_STARTS = ("summary.", "text.", "figures.", "quality.kind.")


def test_every_key_the_bureau_names_is_in_the_catalogue() -> None:
    """Keys passed around as strings (heading(context, 2, "summary.totals"), the tables' heads, the targets'
    outcomes in texts.py) exist too."""
    strings = [node.value for _name, tree in _bureau_trees() for node in ast.walk(tree)
               if isinstance(node, ast.Constant) and isinstance(node.value, str)]  # fmt: skip
    # "summary.col." is a key's start in an f-string: checked with its call above.
    named = {text for text in strings if text.startswith(KEY_STARTS) and not text.endswith(".")}
    assert len({text for text in named if text.startswith("summary.")}) > 20
    assert len(named) > 80
    assert named - set(BUREAU) == set()


def test_every_bureau_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in BUREAU.items():
        assert zh.strip(), key
        assert en.strip() or key in NOT_YET_IN_ENGLISH, key
        if en and key not in OWN_PLACEHOLDERS:  # an English left blank (the quality list's criteria) has none
            assert _placeholders(zh) == _placeholders(en), key
        if key not in NOT_YET_IN_ENGLISH:
            assert not re.search(r"[\u4e00-\u9fff]", en), f"{key}: Chinese in the English entry"
    assert set(BUREAU) >= NOT_YET_IN_ENGLISH | OWN_PLACEHOLDERS
    assert all(BUREAU[key][1] for key in OWN_PLACEHOLDERS)


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_entry_has_both_languages_with_the_same_placeholders(folder: str) -> None:
    for key, (zh, en) in LAYERS[folder].items():
        assert zh.strip(), key
        assert en.strip() or key in BLANK_IN_ENGLISH, key
        assert set(re.findall(PLACEHOLDER, zh)) == set(re.findall(PLACEHOLDER, en)), key


def test_the_words_in_each_language() -> None:
    assert PDF_WORDS.text("page.foot", "zh", revision=2, fingerprint="3F2A") == "第2版  校验码 3F2A"
    assert PDF_WORDS.text("page.foot", "en", revision=2, fingerprint="3F2A") == "Revision 2 · fingerprint 3F2A"
    assert PDF_WORDS.text("signatures.date_blank", "en") == ""
    assert CLI_WORDS.text("common.error", "zh") == "错误："
    assert CLI_WORDS.text("bureau.imported", "en", count=3, counts="accepted 3") == "3 files: accepted 3."
    assert bureau_tr("zh", "summary.foot", fingerprint="3F2A") == "区教体局汇总  汇总校验码 3F2A"
    assert bureau_tr("en", "summary.foot", fingerprint="3F2A") == "District summary · checksum 3F2A"
    assert bureau_tr("zh", "summary.heading", number="三", title="数据质量") == "三、数据质量"
    assert bureau_tr("zh", "summary.returns.rejected", reason="文件{已}损坏") == "被拒收：文件{已}损坏"
    assert bureau_tr("zh", "figures.list.more", total=15, more=3) == "等15种"
    assert bureau_tr("en", "figures.list.more", total=15, more=3) == " and 3 more"
    assert bureau_tr("en", "text.targets.when", when="has_canteen") == ""  # English leaves the condition out
    assert bureau_tr("en", "text.totals.list_head", label="Renewal date") == "School\tRenewal date"


# --- the exporters' shared parts: EXPORTER_WORDS.text(key, lang, **values) from exporters/words.py --------------


def test_the_exporters_shared_words_are_keys_in_both_languages() -> None:
    """atomic.py's message for a file open in Excel was an inline pair; now a key of exporters/words.py."""
    calls = []
    for path in sorted((PACKAGE / "exporters").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        assert 'lang == "en"' not in source and 'lang == "zh"' not in source, path.name
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "text"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "EXPORTER_WORDS"):  # fmt: skip
                key = node.args[0]
                assert isinstance(key, ast.Constant) and key.value in EXPORTERS, f"{path.name}:{node.lineno}"
                assert _placeholders(EXPORTERS[key.value][0]) == {k.arg for k in node.keywords}, key.value
                calls.append(key.value)
    assert "atomic.locked" in calls
    for key, (zh, en) in EXPORTERS.items():
        assert zh.strip() and en.strip(), key
        assert _placeholders(zh) == _placeholders(en), key
        assert not re.search(r"[\u4e00-\u9fff]", en), key
    error = TargetLockedError(Path("学校{1}.xlsx"))
    assert error.text("zh") == str(error) == "无法保存“学校{1}.xlsx”：该文件正被其他程序打开。请关闭该文件后重试。"
    assert (
        error.text("en") == "Cannot save “学校{1}.xlsx”: the file is open in another program. Close it and try again."
    )


def test_a_key_declared_twice_fails_when_the_catalogue_is_made() -> None:
    with pytest.raises(DuplicateKeyError, match=r"again in extra: page\.draft"):
        Catalogue(("words", PDF), ("extra", {"page.draft": ("样稿", "SAMPLE")}))


# --- the last inline language switches of the bureau and the workbook: keys, the printed text unchanged ----------

SWITCH_FOLDERS = ("bureau", "exporters/xlsx")


# Comparisons that stay, by (module, function): message objects carrying both languages' text as data (like
# email/*'s; a stored reason_en may be empty and then prints empty), and the form of a number or a date, not words.
SWITCHES_LEFT = {
    ("bureau/commit.py", "text"): "ImportOutcome: its reason_zh / reason_en, as stored",
    ("bureau/paper.py", "text"): "PaperVerdict: its zh / en, as judged",
    ("exporters/xlsx/errors.py", "text"): "WorkbookWriteError: its zh / en, as raised",
    ("bureau/texts.py", "_heading"): "一、二、… in Chinese, 1. 2. … in English",
    ("bureau/summary_pdf_sections.py", "section_number"): "三、 in Chinese, 3. in English",
    ("bureau/figures.py", "value_text"): "a date: 2024年3月1日 in Chinese, 2024-03-01 in English",
}


def _switches_in(node: ast.AST, function: str = "") -> list[tuple[str, ast.Compare]]:
    """(the innermost function it is in, the comparison) for every `lang == "zh"`-like comparison under node."""
    found = []
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef):
            found += _switches_in(child, child.name)
            continue
        if isinstance(child, ast.Compare):
            sides = [child.left, *child.comparators]
            names = {side.id if isinstance(side, ast.Name) else side.attr if isinstance(side, ast.Attribute)
                     else "" for side in sides}  # fmt: skip
            if "lang" in names and any(isinstance(s, ast.Constant) and s.value in ("zh", "en") for s in sides):
                found.append((function, child))
        found += _switches_in(child, function)
    return found


def _language_switches(folder: str) -> list[str]:
    """Every `lang == "zh"` / `x.lang != "en"` comparison in the folder's modules, but SWITCHES_LEFT."""
    found = []
    for path in sorted((PACKAGE / folder).rglob("*.py")):
        name = str(path.relative_to(PACKAGE))
        for function, node in _switches_in(ast.parse(path.read_text(encoding="utf-8"))):
            if (name, function) not in SWITCHES_LEFT:
                found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
    return found


@pytest.mark.parametrize("folder", SWITCH_FOLDERS)
def test_no_inline_language_switch_is_left(folder: str) -> None:
    """`"未填" if lang == "zh" else "blank"` and `BASELINE_LABELS[...][0 if lang == "zh" else 1]` are keys of
    the layer's catalogue (bureau/words.py, exporters/words.py) or the domain's `baseline_label`."""
    found = _language_switches(folder)
    assert not found, "an inline language switch: key it in the layer's words.py:\n" + "\n".join(found)


def test_the_switched_words_print_as_before(pack: Any) -> None:
    """The text these switches printed, in both languages, exactly as before they became keys."""
    from desktop_app.bureau.completeness import Cell
    from desktop_app.bureau.targets import _figures
    from desktop_app.domain.pack import Field, FieldType
    from desktop_app.domain.text import Text
    from desktop_app.exporters.xlsx.cells import excel_form
    from desktop_app.exporters.xlsx.view_check import _shown_text

    states = ("received", "rejected", "missing", "n/a")
    assert [Cell(state, 2).label("zh") for state in states] == ["已报送（第2版）", "被拒收", "未报送", "不适用"]
    assert [Cell(state, 2).label("en") for state in states] == ["received (rev. 2)", "rejected", "missing", "n/a"]
    assert (Cell("received").label("zh"), Cell("received").label("en")) == ("已报送", "received")

    teaching, safety = pack.category("teaching"), pack.category("safety")
    jump = next(rule for rule in teaching.rules if rule.id == "teaching.students_jump")
    halved = next(rule for rule in safety.rules if rule.id == "safety.guards_55_60_halved")
    now, before = {"teaching": {"students": 1200}}, {"teaching": {"students": 1000}}
    assert _figures(pack, teaching, jump, now, before, "zh") == "在校学生数 1,200，上期 1,000"
    assert _figures(pack, teaching, jump, now, before, "en") == "Students enrolled 1,200, the period before 1,000"
    assert _figures(pack, teaching, jump, {}, {}, "zh") == "在校学生数 未填，上期 未填"
    # the baseline's blank is 未填 in English too, as it was
    assert _figures(pack, teaching, jump, {}, {}, "en") == "Students enrolled blank, the period before 未填"
    guards = {"safety": {"guards_55_60": 3}}
    assert _figures(pack, safety, halved, guards, {"safety": {}}, "zh") == "55—60岁保安员数 3，上年年底 未填"
    assert (_figures(pack, safety, halved, guards, {"safety": {}}, "en")
            == "Of which: aged 55–60 3, the end of the previous year 未填")  # fmt: skip
    assert _figures(pack, teaching, jump, now, None, "en") == "Students enrolled 1,200"

    photo = Field("photo", Text("照片", "Photo"), FieldType.IMAGE)
    assert excel_form(photo, "abcdef0123456789xyz", pack, "zh").shown == "照片 abcdef012345"
    assert excel_form(photo, "abcdef0123456789xyz", pack, "en").shown == "Photo abcdef012345"
    assert excel_form(photo, "abcdef0123456789xyz", pack, "en", "Figure 2").shown == "Figure 2"
    assert (_shown_text("  ", "zh"), _shown_text("", "en"), _shown_text("x", "en")) == ("（空）", "(empty)", "x")


def test_the_paper_line_the_draft_summary_and_the_goal_print_as_before(pack: Any) -> None:
    from datetime import datetime
    from decimal import Decimal
    from types import SimpleNamespace

    from desktop_app.bureau.draft import Draft, summary_text
    from desktop_app.bureau.paper import PaperLine
    from desktop_app.bureau.summary_sheets import goal_text

    day = datetime(2024, 3, 1, 9, 30)
    lines = [PaperLine(2, None, None, False), PaperLine(2, 2, day, True), PaperLine(None, 1, None, False),
             PaperLine(3, 2, day, False)]  # fmt: skip
    assert [line.label("zh") for line in lines] == [
        "未收到纸质件", "纸质件第2版（2024-03-01），与文件一致", "纸质件第1版（），文件未导入",
        "纸质件第2版（2024-03-01），与文件第3版不符",
    ]  # fmt: skip
    assert [line.label("en") for line in lines] == [
        "no paper", "paper rev. 2 (2024-03-01), matches the file", "paper rev. 1 (), file not imported",
        "paper rev. 2 (2024-03-01), differs from file rev. 3",
    ]  # fmt: skip

    draft = Draft("报告", "2024", None, day, 100, 90, [], [], [object()] * 6)  # type: ignore[list-item]
    assert (
        summary_text(draft, "zh")
        == "生成语句 0 句（数据 0 个），其中待核实 0 句；待补充 0 处；未生成 6 句（见文末生成说明）。"
    )
    assert summary_text(draft, "en") == (
        "0 sentences (0 figures), 0 to verify; 0 placeholders; 6 sentences left out (see the notes at the end)."
    )

    def result(reached: bool | None) -> Any:
        target = SimpleNamespace(ratio=None, at_least=None, share=Decimal("0.75"))
        return SimpleNamespace(rule=SimpleNamespace(target=target), goal_reached=reached,
                               district=SimpleNamespace(share_met=Decimal("0.782")))  # fmt: skip

    outcomes = (True, False, None)
    assert [goal_text(pack, result(r), "zh") for r in outcomes] == [
        "达标占比 78.2%（≥75.0%，已达到）",
        "达标占比 78.2%（≥75.0%，未达到）",
        "达标占比 78.2%（≥75.0%，无法判断）",
    ]
    assert [goal_text(pack, result(r), "en") for r in outcomes] == [
        "达标占比 78.2%（≥75.0%，reached）",
        "达标占比 78.2%（≥75.0%，not reached）",
        "达标占比 78.2%（≥75.0%，cannot tell）",
    ]
