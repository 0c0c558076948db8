"""The clerk's guide (使用说明): steps of a reporting year, each naming the place in the window where
it happens. Loaded from resources/guide/guide.yaml; shown by the window and printed as a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.pack_parts import PackError, parse_text
from desktop_app.domain.text import Text


@dataclass(frozen=True, slots=True)
class GuideStep:
    key: str
    title: Text
    text: Text  # paragraphs separated by blank lines
    place: str  # where it happens in the window (the window knows how to open it)
    link: Text  # the words of the link to that place

    def paragraphs(self, lang: str = "zh") -> list[str]:
        return [part.strip() for part in self.text.get(lang).split("\n\n") if part.strip()]


@dataclass(frozen=True, slots=True)
class Guide:
    title: Text
    intro: Text
    steps: tuple[GuideStep, ...]


def default_guide_path() -> Path:
    from desktop_app.paths import resource_path

    return resource_path("guide", "guide.yaml")


def load_guide(path: Path | None = None) -> Guide:
    from desktop_app.domain.loader import read_yaml

    source = path or default_guide_path()
    where = str(source)
    data = read_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list) or not data["steps"]:
        raise PackError(where, "steps", "应为非空的步骤列表")
    steps = [_step(where, index, item) for index, item in enumerate(data["steps"])]
    keys = [step.key for step in steps]
    if len(set(keys)) != len(keys):
        raise PackError(where, "steps", "步骤的 key 重复")
    return Guide(
        parse_text(where, "title", data.get("title")), parse_text(where, "intro", data.get("intro")), tuple(steps)
    )


def _step(where: str, index: int, item: Any) -> GuideStep:
    at = f"steps[{index}]"
    if not isinstance(item, dict) or not all(isinstance(item.get(k), str | dict) for k in ("key", "title", "text")):
        raise PackError(where, at, "每个步骤需有 key、title、text（可选 place、link）")
    return GuideStep(
        str(item["key"]),
        parse_text(where, f"{at}.title", item["title"]),
        parse_text(where, f"{at}.text", item["text"]),
        str(item.get("place") or ""),
        parse_text(where, f"{at}.link", item.get("link"), required=False),
    )
