"""Each kind of broken pack fails with a message naming the file, the key and what is wrong."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.loader import PackError, load_pack
from tests.unit.pack_builder import category, write_pack

FOUND = {"key": "found", "type": "integer", "label": {"zh": "发现隐患数"}}
RESOLVED = {"key": "resolved", "type": "integer", "label": {"zh": "整改隐患数"}}


def _load(tmp_path: Path, *categories: dict[str, Any], **kwargs: Any) -> Any:
    return load_pack(write_pack(tmp_path / "pack", *categories, **kwargs))


def test_a_good_tiny_pack_loads(tmp_path: Path) -> None:
    rule = {"id": "safety.resolved_le_found", "severity": "error", "check": "resolved <= found",
            "message": {"zh": "整改数不能超过发现数。"}, "fields": ["resolved"]}  # fmt: skip
    pack = _load(tmp_path, category(fields=[FOUND, RESOLVED], rules=[rule]))
    assert pack.category("safety").field("resolved").label.zh == "整改隐患数"
    assert pack.category("safety").rules[0].check == "resolved <= found"


@pytest.mark.parametrize(
    ("fields", "rules", "file_part", "key_part", "problem_part"),
    [
        ([{**FOUND, "type": "money"}], [], "06-safety.yaml", "fields[0](found).type", "“money”无效"),
        (
            [FOUND],
            [{"id": "safety.x", "severity": "error", "check": "ghost <= found", "message": "x"}],
            "06-safety.yaml",
            "rules(safety.x).check",
            "“ghost”不存在",
        ),
        (
            [FOUND],
            [{"id": "safety.x", "severity": "error", "check": "found >= 0", "message": "x", "fields": ["ghost"]}],
            "06-safety.yaml",
            "rules(safety.x).fields",
            "“ghost”不存在",
        ),
        ([FOUND, {**FOUND}], [], "06-safety.yaml", "fields.found", "键重复"),
        (
            [{"key": "star", "type": "choice", "choices": "no_such_list", "label": "评星"}],
            [],
            "06-safety.yaml",
            "fields(star).choices",
            "“no_such_list”不存在",
        ),
        ([{"key": "name", "type": "text", "label": "名称"}], [], "06-safety.yaml", "max_length", "最大长度"),
        ([{**FOUND, "applies_to": ["university"]}], [], "06-safety.yaml", "applies_to", "university"),
        (
            [FOUND],
            [{"id": "safety.x", "severity": "fatal", "check": "found >= 0", "message": "x"}],
            "06-safety.yaml",
            "severity",
            "“fatal”无效",
        ),
        (
            [FOUND],
            [{"id": "safety.x", "severity": "error", "check": "__import__('os')", "message": "x"}],
            "06-safety.yaml",
            "check",
            "表达式",
        ),
        (
            [
                {"key": "a", "type": "derived", "formula": "b + 1", "label": "甲"},
                {"key": "b", "type": "derived", "formula": "a + 1", "label": "乙"},
            ],
            [],
            "06-safety.yaml",
            "formula",
            "循环",
        ),
    ],
)
def test_broken_category(
    tmp_path: Path, fields: list[Any], rules: list[Any], file_part: str, key_part: str, problem_part: str
) -> None:
    with pytest.raises(PackError) as caught:
        _load(tmp_path, category(fields=fields, rules=rules))
    message = str(caught.value)
    assert file_part in caught.value.file
    assert key_part in caught.value.key, message
    assert problem_part in caught.value.problem, message


def test_duplicate_rule_ids_across_categories(tmp_path: Path) -> None:
    rule = {"id": "dup", "severity": "warning", "check": "found >= 0", "message": "x"}
    with pytest.raises(PackError, match="重复"):
        _load(tmp_path, category(fields=[FOUND], rules=[rule]),
              category(key="party", number=1, fields=[FOUND], rules=[rule]))  # fmt: skip


def test_malformed_yaml_names_the_file_and_line(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", category(fields=[FOUND]))
    (folder / "06-safety.yaml").write_text("key: safety\nfields: [\n  - oops: {\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert caught.value.file.endswith("06-safety.yaml")
    assert "YAML" in caught.value.problem and "行" in caught.value.problem


def test_a_duplicate_yaml_key_is_not_silently_kept(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", category(fields=[FOUND]))
    path = folder / "06-safety.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "number: 7\n", encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(folder)
    assert caught.value.key == "number" and "重复" in caught.value.problem


def test_a_missing_category_file(tmp_path: Path) -> None:
    folder = write_pack(tmp_path / "pack", category(fields=[FOUND]))
    (folder / "06-safety.yaml").unlink()
    with pytest.raises(PackError, match="文件不存在"):
        load_pack(folder)
