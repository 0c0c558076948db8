"""The school window's words outside the main frame: forms, overview, guide, pack import, questions."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
}
