"""Loading a form pack from YAML and checking it against the pack schema.

A broken pack fails with a PackError naming the file, the key and what is wrong, so that whoever
edits the pack is told where to look. The schema is written out here as allowed keys and types,
because the pack format is small and the messages must be in the clerks' and support staff's terms.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from desktop_app.domain.pack import (
    BLANK_KEYS,
    PROFILE_CATEGORY,
    SCHOOL_TYPE_CHOICES,
    Category,
    Choice,
    ChoiceList,
    FormPack,
    PeriodKind,
    PeriodSpec,
)
from desktop_app.domain.pack_changes import CHANGES_FILE, PackChanges, parse_changes
from desktop_app.domain.pack_changes_checks import check_changes
from desktop_app.domain.pack_checks import check_pack
from desktop_app.domain.pack_district import parse_district
from desktop_app.domain.pack_parts import PackError, parse_category, parse_text, require
from desktop_app.domain.periods import Period, PeriodKeyError
from desktop_app.domain.report_loader import load_report
from desktop_app.domain.text import Text

__all__ = ["PackError", "load_pack", "shipped_pack"]

_PACK_KEYS = {"id", "version", "year", "title", "authority", "periods", "categories", "blanks"}


_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 7x faster


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """PyYAML keeps the last of two equal keys silently; a pack must not."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise PackError(str(getattr(loader, "name", "")), str(key), f"键重复（第{key_node.start_mark.line + 1}行）")
        seen.add(key)
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=deep)
    return mapping


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise PackError(str(path), "", "文件不存在") from error
    except (OSError, UnicodeDecodeError) as error:
        raise PackError(str(path), "", f"无法读取：{error}") from error
    try:
        loader = _UniqueKeyLoader(text)
        loader.name = str(path)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except PackError as error:
        raise PackError(str(path), error.key, error.problem) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"第{mark.line + 1}行第{mark.column + 1}列" if mark else ""
        raise PackError(str(path), "", f"YAML 格式错误{where}：{getattr(error, 'problem', error)}") from error


def _parse_choices(path: Path, data: Any) -> dict[str, ChoiceList]:
    if not isinstance(data, dict):
        raise PackError(str(path), "", "应为“列表名: [选项…]”的映射")
    lists: dict[str, ChoiceList] = {}
    for list_key, options in data.items():
        if not isinstance(options, list) or not options:
            raise PackError(str(path), str(list_key), "选项列表应为非空列表")
        choices = []
        seen: set[str] = set()
        for index, option in enumerate(options):
            where = f"{list_key}[{index}]"
            if not isinstance(option, dict) or "key" not in option or "zh" not in option:
                raise PackError(str(path), where, "每个选项需有 key 和 zh（可选 en）")
            key = str(option["key"])
            if key in seen:
                raise PackError(str(path), where, f"选项键“{key}”重复")
            seen.add(key)
            choices.append(Choice(key, parse_text(str(path), where, {"zh": option["zh"], "en": option.get("en", "")})))
        lists[str(list_key)] = ChoiceList(str(list_key), tuple(choices))
    return lists


def _parse_periods(path: str, data: Any) -> tuple[PeriodSpec, ...]:
    if not isinstance(data, list) or not data:
        raise PackError(path, "periods", "应为非空列表")
    periods = []
    for index, item in enumerate(data):
        where = f"periods[{index}]"
        if not isinstance(item, dict):
            raise PackError(path, where, "应为映射")
        key = str(require(path, where, item, "key"))
        try:
            actual = Period.parse(key).kind
        except PeriodKeyError as error:
            raise PackError(path, where, f"报送期“{key}”应为“2022”或“2022-2023-1”形式") from error
        declared = PeriodKind(str(item.get("kind", actual.value)))
        if declared is not actual:
            raise PackError(path, where, f"报送期“{key}”的 kind 应为 {actual.value}")
        deadline = item.get("deadline")
        if deadline is not None and not isinstance(deadline, date):
            raise PackError(path, f"{where}.deadline", "截止日期应为 YYYY-MM-DD")
        periods.append(PeriodSpec(key, actual, parse_text(path, f"{where}.label", item.get("label")), deadline))
    return tuple(periods)


def _parse_blanks(path: str, data: Any) -> dict[str, Text]:
    """`blanks: {default: "—", text: 无}`: what a printed form shows for an empty value, per field type."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise PackError(path, "blanks", "应为“字段类型: 空白时显示的文字”的映射，如 {default: —, text: 无}")
    blanks: dict[str, Text] = {}
    for kind, text in data.items():
        if str(kind) not in BLANK_KEYS:
            raise PackError(path, f"blanks.{kind}", f"未知的字段类型，可选：{'、'.join(sorted(BLANK_KEYS))}")
        blanks[str(kind)] = parse_text(path, f"blanks.{kind}", text)
    return blanks


def load_pack(path: str | Path | None = None) -> FormPack:
    """Load and check a pack folder (or its pack.yaml); the default is the shipped pack."""
    if path is None:
        from desktop_app.paths import default_pack_dir

        path = default_pack_dir()
    folder = Path(path)
    if folder.is_file():
        folder = folder.parent
    pack_file = folder / "pack.yaml"
    data = read_yaml(pack_file)
    where = str(pack_file)
    if not isinstance(data, dict):
        raise PackError(where, "", "应为映射（键: 值）")
    unknown = set(data) - _PACK_KEYS
    if unknown:
        raise PackError(where, sorted(unknown)[0], "未知的键")
    choices = _parse_choices(folder / "choices.yaml", read_yaml(folder / "choices.yaml"))
    if SCHOOL_TYPE_CHOICES not in choices:
        raise PackError(str(folder / "choices.yaml"), SCHOOL_TYPE_CHOICES, "缺少办学类型选项列表")
    district_file = folder / "district.yaml"
    groups, baseline_periods, quality = parse_district(
        str(district_file), read_yaml(district_file) if district_file.exists() else {}
    )
    files = require(where, "", data, "categories")
    if not isinstance(files, list) or not files:
        raise PackError(where, "categories", "应为类别文件名的非空列表")
    categories: list[Category] = []
    for name in files:
        category_path = folder / str(name)
        categories.append(parse_category(str(category_path), read_yaml(category_path), groups))
    year = require(where, "", data, "year")
    if not isinstance(year, int):
        raise PackError(where, "year", "应为年份数字，如 2022")
    pack = FormPack(
        id=str(require(where, "", data, "id")),
        version=str(require(where, "", data, "version")),
        year=year,
        title=parse_text(where, "title", data.get("title")),
        authority=parse_text(where, "authority", data.get("authority")),
        categories=tuple(categories),
        choice_lists=choices,
        periods=_parse_periods(where, data.get("periods")),
        source_dir=str(folder),
        school_groups=groups,
        baseline_periods=baseline_periods,
        quality=quality,
        blanks=_parse_blanks(where, data.get("blanks")),
        changes=_parse_changes(folder),
    )
    if pack.changes is not None:  # first: a retired field still used is named as such, not as unknown
        check_changes(pack, pack.changes)
    check_pack(pack)
    if not pack.has_category(PROFILE_CATEGORY):
        raise PackError(where, "categories", "缺少学校基本信息类别（key: profile）")
    report = load_report(folder, pack, read_yaml)  # the year-end report's templates, checked against the pack
    return pack if report is None else replace(pack, report=report)


def _parse_changes(folder: Path) -> PackChanges | None:
    """changes.yaml, when the pack has one (a pack version that follows another)."""
    path = folder / CHANGES_FILE
    return parse_changes(str(path), read_yaml(path)) if path.exists() else None


@cache
def shipped_pack() -> FormPack:
    """The shipped pack, loaded once per process."""
    return load_pack()
