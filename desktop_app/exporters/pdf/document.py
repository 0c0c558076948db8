"""Assemble one submission PDF: title block, a section per category, the signature foot, photos."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Flowable

from desktop_app.domain.figures import figures
from desktop_app.domain.pack import Category, FormPack
from desktop_app.domain.paper import encode
from desktop_app.domain.submission import Submission, fingerprint_of, short_fingerprint
from desktop_app.exporters.pdf.answers import answers_section
from desktop_app.exporters.pdf.blocks import photo_appendix, signature_foot, title_block
from desktop_app.exporters.pdf.context import RenderContext, build_styles
from desktop_app.exporters.pdf.fonts import FontSet, Role
from desktop_app.exporters.pdf.sections import category_flowables, join_page_breaks
from desktop_app.exporters.pdf.template import build_doc


class PdfBytes(bytes):
    """The PDF, plus what the caller should tell the clerk (characters no font could print)."""

    missing_characters: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


def chosen_categories(pack: FormPack, submission: Submission, categories: Sequence[str] | None) -> list[Category]:
    """The requested categories, or every category of the period that applies to this school."""
    if categories is not None:
        return [pack.category(key) for key in categories]
    kind = submission.reporting_period.kind
    return [c for c in pack.categories_for(kind) if c.key in submission.values]


def render(
    pack: FormPack,
    submission: Submission,
    issues: Sequence[Any],
    *,
    categories: Sequence[str] | None,
    lang: str,
    fonts: FontSet,
) -> PdfBytes:
    for role in Role:
        fonts.font(role)  # registered once per process; styles need their names
    chosen = chosen_categories(pack, submission, categories)
    full = fingerprint_of(pack, submission)  # the sealed submission's own
    context = RenderContext(
        pack=pack,
        submission=submission,
        issues=issues,
        lang=lang,
        fonts=fonts,
        styles=build_styles(fonts),
        short_fingerprint=short_fingerprint(full),
        figures=figures(pack, submission.values, [c.key for c in chosen], lang),
        paper_code=_paper_code(submission, full),
    )
    single = chosen[0].numbered_label(lang) if categories is not None and len(chosen) == 1 else None
    story: list[Flowable] = title_block(context, single)
    for category in chosen:
        story += category_flowables(context, category)
    if categories is None:  # the whole submission: its answers to the bureau's questions
        story += answers_section(context)
    story += signature_foot(context)
    story += photo_appendix(context)
    buffer = io.BytesIO()
    build_doc(buffer, context).build(join_page_breaks(story))
    result = PdfBytes(buffer.getvalue())
    result.missing_characters = context.coverage.characters
    result.warnings = tuple(_warnings(context))
    return result


def _paper_code(submission: Submission, full: str) -> str:
    """The QR code's text for a submitted revision (docs/paper-code.md); a draft carries none."""
    if submission.is_draft:
        return ""
    try:
        return encode(submission.school_code, submission.period, submission.revision, full)
    except ValueError:  # a school code outside the format (only a hand-made test file has one)
        return ""


def _warnings(context: RenderContext) -> list[str]:
    from desktop_app.exporters.pdf import missing_characters_text

    missing = context.coverage.characters
    return [missing_characters_text(missing).get(context.lang)] if missing else []
