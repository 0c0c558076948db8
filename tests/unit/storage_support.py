"""A small pack with every field type, and a service on a real SQLite file, for the storage,
service and CLI tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.unit.pack_builder import category, write_pack

FIELDS: list[dict[str, Any]] = [
    {"key": "students", "type": "integer", "label": {"zh": "在校学生数", "en": "Students"}, "max": 5000},
    {"key": "budget", "type": "decimal", "places": 2, "label": {"zh": "经费", "en": "Budget"}, "unit": {"zh": "元"}},
    {"key": "note", "type": "text", "max_length": 10, "label": {"zh": "备注", "en": "Note"}},
    {
        "key": "phone",
        "type": "text",
        "max_length": 20,
        "pattern": "phone",
        "identifier": True,
        "label": {"zh": "联系电话", "en": "Phone"},
    },
    {"key": "summary", "type": "longtext", "max_length": 500, "label": {"zh": "工作总结", "en": "Summary"}},
    {"key": "drill_on", "type": "date", "label": {"zh": "演练日期", "en": "Drill date"}},
    {"key": "daily_pe", "type": "boolean", "label": {"zh": "每天一节体育课", "en": "Daily PE"}},
    {"key": "star", "type": "choice", "choices": "star", "label": {"zh": "星级", "en": "Stars"}},
    {"key": "themes", "type": "multichoice", "choices": "themes", "label": {"zh": "五融入", "en": "Themes"}},
    {"key": "found", "type": "integer", "label": {"zh": "发现隐患", "en": "Hazards found"}},
    {"key": "resolved", "type": "integer", "label": {"zh": "整改隐患", "en": "Hazards resolved"}},
    {
        "key": "rate",
        "type": "derived",
        "formula": "resolved / found",
        "places": 1,
        "format": "percent",
        "label": {"zh": "整改率", "en": "Resolution rate"},
    },
    {
        "key": "events",
        "type": "table",
        "label": {"zh": "一会一报", "en": "Events"},
        "max_rows": 50,
        "columns": [
            {"key": "title", "type": "text", "max_length": 40, "label": {"zh": "题目", "en": "Title"}},
            {"key": "held_on", "type": "date", "label": {"zh": "日期", "en": "Date"}},
            {"key": "people", "type": "integer", "label": {"zh": "人数", "en": "People"}},
            {"key": "cost", "type": "decimal", "places": 2, "label": {"zh": "费用", "en": "Cost"}},
            {"key": "photo", "type": "image", "label": {"zh": "照片", "en": "Photo"}},
        ],
    },
]

RULES: list[dict[str, Any]] = [
    {
        "id": "safety.resolved_le_found",
        "severity": "error",
        "check": "resolved <= found",
        "fields": ["resolved"],
        "message": {"zh": "整改隐患数不能超过发现隐患数。", "en": "Resolved cannot exceed found."},
    },
    {
        "id": "safety.daily_pe",
        "severity": "warning",
        "check": "daily_pe == true",
        "fields": ["daily_pe"],
        "message": {"zh": "未落实每天一节体育课。", "en": "Daily PE is not in place."},
    },
]


def write_all_types_pack(folder: Path) -> Path:
    return write_pack(folder, category(fields=FIELDS, rules=RULES))


def load_all_types_pack(folder: Path) -> Any:
    from desktop_app.domain.loader import load_pack

    return load_pack(write_all_types_pack(folder))
