"""What the PDF preview prints: the whole submission or one category, rendered off the UI thread.

`prepare` reads the database on the caller's (UI) thread and returns the work for a worker, which
only renders (reportlab) and touches no database.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop_app.ui.i18n import tr

Report = Callable[..., None]  # report(percent, text)


@dataclass(frozen=True, slots=True)
class PdfResult:
    data: bytes
    name: str  # the file name, e.g. 2137012345_某某小学_2022年度_第1版_草稿.pdf
    warnings: tuple[str, ...]  # characters no font could print, in the clerk's language
    pages_hint: str  # what was rendered, for the title ("全部类别" or the category)


def scopes(window: Any) -> list[tuple[str | None, str]]:
    """(category key or None for all, label): the whole submission, and the category on screen."""
    lang = getattr(window, "lang", "zh")
    found: list[tuple[str | None, str]] = [(None, tr("pdf.scope.all"))]
    session = getattr(window, "session", None)
    try:
        current = window.workspace.categories.current_key()
    except AttributeError:
        current = ""
    if session is not None and current:
        for category in session.categories():
            if category.key == current:
                label = category.label.get(lang)
                found.append((category.key, tr("pdf.scope.category", label=label)))
    return found


def prepare(service: Any, period: str, category: str | None, lang: str) -> Callable[[Report], PdfResult]:
    """Read what the PDF needs now; the returned function renders it (safe on a worker thread)."""
    from desktop_app.services.lifecycle import current_submission, submission_pack

    submission, issues = current_submission(service, period)  # the frozen revision once submitted
    if category is not None:
        issues = [issue for issue in issues if issue.category == category]
    pack = submission_pack(service, submission)  # an earlier year: its own pack
    label = pack.category(category).label.get(lang) if category else None

    def work(report: Report) -> PdfResult:
        from desktop_app.exporters.pdf import pdf_file_name, render_pdf

        report(20, tr("pdf.rendering"))
        data = render_pdf(pack, submission, issues, categories=[category] if category else None, lang=lang)
        report(100, "")
        warnings = tuple(str(w) for w in getattr(data, "warnings", ()))
        return PdfResult(bytes(data), pdf_file_name(submission, label), warnings, label or "")

    return work
