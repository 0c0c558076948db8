"""The PDF submission: `render_pdf` builds it in memory, `write_pdf` saves it atomically.

reportlab is imported only when a PDF is rendered, never when this package is imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import Text
from desktop_app.exporters.atomic import write_atomic
from desktop_app.exporters.names import safe_file_part, submission_file_name

if TYPE_CHECKING:
    from desktop_app.exporters.pdf.document import PdfBytes
    from desktop_app.exporters.pdf.fonts import FontSet


def render_pdf(
    pack: FormPack,
    submission: Submission,
    issues: Sequence[Any],
    *,
    categories: list[str] | None = None,
    lang: str = "zh",
    fonts: FontSet | None = None,
) -> PdfBytes:
    """The submission as PDF bytes (with `.missing_characters` and `.warnings` to show the clerk)."""
    from desktop_app.exporters.pdf.document import render
    from desktop_app.exporters.pdf.fonts import font_set

    return render(pack, submission, issues, categories=categories, lang=lang,
                  fonts=fonts or font_set())  # fmt: skip


def missing_characters_text(missing: Sequence[str]) -> Text:
    """What to tell the clerk about characters no installed font has (they print as blanks)."""
    shown = "、".join(f"{c}（U+{ord(c):04X}）" for c in missing)
    shown_en = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
    return Text(
        f"以下字符在本机所有字体中都没有，打印时显示为空白：{shown}。请安装含这些字符的字体后重新导出。",
        f"No installed font has these characters; they print as blanks: {shown_en}",
    )


def pdf_file_name(submission: Submission, category: str | None = None) -> str:
    """e.g. 2137000001_某某小学_2022年度_第1版.pdf (a draft ends in _草稿; a category adds its name).

    The same name as the workbook's but for the extension (exporters/names.py).
    """
    return submission_file_name(submission, "pdf", category)


def write_pdf(path: str | Path, data: bytes) -> Path:
    """Save the PDF so that an existing file is replaced whole or not at all."""
    return write_atomic(path, data)


__all__ = ["missing_characters_text", "pdf_file_name", "render_pdf", "safe_file_part", "write_pdf"]
