"""Tiny form packs written from literals, so that tests state the whole form they rely on."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CHOICES: dict[str, Any] = {
    "school_type": [
        {"key": key, "zh": zh}
        for key, zh in [
            ("kindergarten", "幼儿园"),
            ("primary", "小学"),
            ("junior", "初中"),
            ("nine_year", "九年一贯制学校"),
            ("complete_middle", "完全中学"),
            ("senior", "普通高中"),
            ("vocational", "中等职业学校"),
            ("special", "特殊教育学校"),
        ]
    ],
    "star": [{"key": "five", "zh": "五星", "en": "Five stars"}, {"key": "four", "zh": "四星"}],
    "themes": [{"key": "a", "zh": "学生思政教育"}, {"key": "b", "zh": "意识形态"}, {"key": "c", "zh": "教育教学"}],
}

PROFILE: dict[str, Any] = {
    "key": "profile",
    "number": 0,
    "label": {"zh": "学校基本信息", "en": "School profile"},
    "period": "profile",
    "fields": [
        {"key": "school_name", "type": "text", "max_length": 60, "label": {"zh": "学校名称"}, "required": True},
        {"key": "school_type", "type": "choice", "choices": "school_type", "label": {"zh": "办学类型"}},
    ],
}


def write_pack(folder: Path, *categories: dict[str, Any], choices: dict[str, Any] | None = None,
               pack_extra: dict[str, Any] | None = None) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for category in (PROFILE, *categories):
        name = f"{category['number']:02d}-{category['key']}.yaml"
        (folder / name).write_text(yaml.safe_dump(category, allow_unicode=True), encoding="utf-8")
        files.append(name)
    (folder / "choices.yaml").write_text(yaml.safe_dump(choices or CHOICES, allow_unicode=True), encoding="utf-8")
    pack = {
        "id": "tiny",
        "version": "1",
        "year": 2022,
        "title": {"zh": "测试表单包", "en": "Test pack"},
        "authority": {"zh": "测试"},
        "periods": [
            {"key": "2022", "kind": "annual", "label": {"zh": "2022年度"}},
            {"key": "2022-2023-1", "kind": "semester", "label": {"zh": "2022—2023学年第一学期"}},
        ],
        "categories": files,
        **(pack_extra or {}),
    }
    (folder / "pack.yaml").write_text(yaml.safe_dump(pack, allow_unicode=True), encoding="utf-8")
    return folder


def category(key: str = "safety", number: int = 6, fields: list[Any] | None = None, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "number": number,
        "label": {"zh": "校园安全", "en": "Campus safety"},
        "period": extra.pop("period", "annual"),
        "fields": fields or [],
        **extra,
    }
