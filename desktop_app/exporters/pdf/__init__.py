"""The PDF submission: `render_pdf` builds it in memory, `write_pdf` saves it atomically.

reportlab is imported only when a PDF is rendered, never when this package is imported.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.periods import PeriodKeyError
from desktop_app.domain.periods import label as period_label
from desktop_app.domain.submission import Submission
from desktop_app.domain.text import strip_bidi_controls
from desktop_app.exporters.atomic import write_atomic

if TYPE_CHECKING:
    from desktop_app.exporters.pdf.document import PdfBytes
    from desktop_app.exporters.pdf.fonts import FontSet

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
             *(f"LPT{i}" for i in range(1, 10))}  # fmt: skip
MAX_NAME = 120  # characters; keeps the full path under Windows' 260 in ordinary folders


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


def safe_file_part(text: str) -> str:
    """Text usable in a Windows file name: no reserved characters, no trailing dots or spaces, no bidi
    controls (which would show the name in another order than it is)."""
    cleaned = _UNSAFE.sub("_", strip_bidi_controls(text)).strip().rstrip(". ")
    return cleaned or "_"


def pdf_file_name(submission: Submission, category: str | None = None) -> str:
    """e.g. 2137000001_某某小学_2022年度_第1版.pdf (a draft ends in _草稿; a category adds its name)."""
    try:
        period = period_label(submission.period)
    except PeriodKeyError:
        period = submission.period
    parts = [submission.school_code, submission.school_name, period]
    if category:
        parts.append(category)
    parts.append(f"第{submission.revision}版")
    if submission.is_draft:
        parts.append("草稿")
    stem = "_".join(safe_file_part(p) for p in parts)[:MAX_NAME].rstrip(". ")
    if stem.split(".")[0].upper() in _RESERVED:
        stem = "_" + stem
    return stem + ".pdf"


def write_pdf(path: str | Path, data: bytes) -> Path:
    """Save the PDF so that an existing file is replaced whole or not at all."""
    return write_atomic(path, data)


__all__ = ["pdf_file_name", "render_pdf", "safe_file_part", "write_pdf"]
