"""The smallest parts of reading a pack file: the error that names file and key, bilingual text,
required keys and the school types (shared by pack_parts and pack_district)."""

from __future__ import annotations

from typing import Any

from desktop_app.domain.text import Text

SCHOOL_TYPES = frozenset(
    {"kindergarten", "primary", "junior", "nine_year", "complete_middle", "senior", "vocational", "special"}
)


class PackError(ValueError):
    """A broken form pack: which file, which key, what is wrong."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        self.file = file
        self.key = key
        self.problem = problem
        where = f"{file}: {key}: " if key else f"{file}: "
        super().__init__(f"表单包错误 {where}{problem}")


def require(file: str, where: str, data: dict[str, Any], key: str) -> Any:
    if key not in data or data[key] is None:
        raise PackError(file, f"{where}.{key}" if where else key, "缺少必填项")
    return data[key]


def parse_text(file: str, where: str, data: Any, required: bool = True) -> Text:
    if data is None and not required:
        return Text("")
    if isinstance(data, str):
        return Text(data)
    if not isinstance(data, dict) or not isinstance(data.get("zh"), str) or not data["zh"].strip():
        raise PackError(file, where, "应为 {zh: 中文, en: English}，中文不能为空")
    extra = set(data) - {"zh", "en"}
    if extra:
        raise PackError(file, where, f"未知的语言键 {sorted(extra)[0]}")
    return Text(data["zh"], str(data.get("en") or ""))
