"""The window's words come from one catalogue: no Chinese literal of its own in a UI module, every key used
exists, every entry in both languages, and no key declared twice.

Read with `ast` (not imported), so a module that is never opened in a test is checked too; docstrings and
comments may hold Chinese (they explain the clerks' words).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desktop_app.ui import i18n

UI = Path(__file__).resolve().parents[2] / "desktop_app" / "ui"
CATALOGUE_MODULES = {"i18n.py", "catalogue/__init__.py", "catalogue/window.py", "catalogue/dialogs.py",
                     "catalogue/exports.py", "catalogue/bureau.py"}  # fmt: skip
# CJK ideographs, CJK punctuation (、。「」…), fullwidth forms (：，（）＊) and the ideographic space.
CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
# Literals that are not words of the window, each with why.
NOT_WORDS = {
    ("storage_location.py", "坚果云"): "a sync client's folder name, matched in a path",
    ("storage_location.py", "百度网盘"): "a sync client's folder name, matched in a path",
    ("storage_location.py", "WPS云盘"): "a sync client's folder name, matched in a path",
    ("storage_location.py", "阿里云盘"): "a sync client's folder name, matched in a path",
    ("forms/field_row.py", "中"): "one Chinese character's width: a font measure",
    ("forms/editors_table.py", "中"): "one Chinese character's width: a font measure",
    ("forms/editors_date.py", "2022年12月31日"): "the widest date a clerk types: a font measure",
    ("unexpected.py", "未预料的错误"): "a line of the support log file, never shown in the window",
}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(UI.rglob("*.py")):
        name = path.relative_to(UI).as_posix()
        found.append((name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))))
    return found


def _docstrings(tree: ast.Module) -> set[int]:
    nodes: list[ast.AST] = [tree, *ast.walk(tree)]
    ids = set()
    for node in nodes:
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                ids.add(id(first.value))
    return ids


def chinese_literals(name: str, tree: ast.Module) -> list[str]:
    docs = _docstrings(tree)
    return [
        f"ui/{name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
        and (name, node.value) not in NOT_WORDS
    ]


def test_no_ui_module_holds_chinese_words_of_its_own() -> None:
    found = [
        line for name, tree in _modules() if name not in CATALOGUE_MODULES for line in chinese_literals(name, tree)
    ]
    assert not found, "UI words outside the catalogue (put them in ui/catalogue/ and use tr(key)):\n" + "\n".join(found)


def test_the_check_sees_a_chinese_literal_but_not_a_docstring() -> None:
    tree = ast.parse('"""模块说明"""\ndef f():\n    """函数说明"""\n    return "保存"  # 注释\n')
    assert chinese_literals("x.py", tree) == ["ui/x.py:4: '保存'"]


def _keys_used(tree: ast.Module) -> list[tuple[int, str, bool]]:
    """(line, key, whole): a constant key, or the constant start of an f-string key (tr(f"audit.col.{name}"))."""
    used = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        first = node.args[0]
        if name not in {"tr", "tr_in"}:
            continue
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            used.append((node.lineno, first.value, True))
        elif isinstance(first, ast.JoinedStr) and isinstance(start := first.values[0], ast.Constant):
            used.append((node.lineno, str(start.value), False))
    return used


def test_every_key_used_in_the_ui_is_in_the_catalogue() -> None:
    used = [(name, line, key, whole) for name, tree in _modules() for line, key, whole in _keys_used(tree)]
    assert len(used) > 400  # the scan does see the calls
    missing = [
        f"ui/{name}:{line}: {key}" + ("" if whole else "…")
        for name, line, key, whole in used
        if (key not in i18n.CATALOGUE if whole else not any(k.startswith(key) for k in i18n.CATALOGUE))
    ]
    assert not missing, "keys not in the catalogue:\n" + "\n".join(missing)


def test_every_call_fills_exactly_the_placeholders_of_its_entry() -> None:
    """tr("x", name=...) with a placeholder left out raises KeyError in the clerk's face; one too many is a typo."""
    wrong = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            key = node.args[0].value
            if called not in {"tr", "tr_in"} or key not in i18n.CATALOGUE or any(k.arg is None for k in node.keywords):
                continue
            wanted = set(re.findall(r"{(\w+)[^}]*}", i18n.CATALOGUE[key][0]))
            given = {k.arg for k in node.keywords}
            if wanted != given:
                wrong.append(f"ui/{name}:{node.lineno}: {key} wants {sorted(wanted)}, given {sorted(given)}")
    assert not wrong, "\n".join(wrong)


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, pair in i18n.CATALOGUE.items():
        assert isinstance(pair, tuple) and len(pair) == 2, key
        zh, en = pair
        assert zh.strip() and en.strip(), key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_no_key_is_declared_twice_in_any_part() -> None:
    for name, tree in _modules():
        if name not in CATALOGUE_MODULES:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Dict):
                keys = [k.value for k in node.keys if isinstance(k, ast.Constant)]
                twice = sorted({k for k in keys if keys.count(k) > 1})
                assert not twice, f"ui/{name}: declared twice in one part: {twice}"


def test_a_key_in_two_parts_fails_loudly() -> None:
    from desktop_app.domain.text import Catalogue, DuplicateKeyError, join_part

    catalogue = {"app.title": ("学校工作报送", "School Reporting")}
    clash = {"app.title": ("另一个", "Another"), "x.new": ("新", "New")}
    with pytest.raises(DuplicateKeyError, match=r"again in desktop_app\.ui\.catalogue\.x: app\.title"):
        join_part(catalogue, clash, "desktop_app.ui.catalogue.x")
    assert catalogue == {"app.title": ("学校工作报送", "School Reporting")}  # nothing half joined
    with pytest.raises(DuplicateKeyError, match=r"again in b: app\.title"):
        Catalogue(("a", catalogue), ("b", clash))


def test_importing_the_catalogue_with_a_key_in_two_parts_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from desktop_app.domain.text import DuplicateKeyError
    from desktop_app.ui.catalogue import bureau

    monkeypatch.setitem(bureau.WORDS, "app.title", ("重复", "Again"))
    try:
        with pytest.raises(DuplicateKeyError, match=r"again in desktop_app\.ui\.catalogue\.bureau: app\.title"):
            importlib.reload(i18n)
    finally:
        monkeypatch.undo()
        importlib.reload(i18n)
    assert i18n.CATALOGUE["app.title"] == ("学校工作报送", "School Reporting")


def test_a_pack_label_follows_the_window_language() -> None:
    from desktop_app.domain.text import Text

    both, chinese_only = Text("学校基本信息", "School profile"), Text("学校基本信息")
    assert i18n.label(both) == "学校基本信息"
    i18n.set_language("en")
    try:
        assert i18n.label(both) == "School profile"
        assert i18n.label(chinese_only) == "学校基本信息"  # no English in the pack: the Chinese, not a blank
    finally:
        i18n.set_language("zh")
