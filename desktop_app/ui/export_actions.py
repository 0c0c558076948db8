"""报送 menu: 导出 PDF… (preview, print, save, open) and 导出 Excel… (folder, locked-file retry)."""

from __future__ import annotations

from typing import Any

from desktop_app.ui.actions import ActionSpec, register_action


def export_pdf(window: Any) -> None:
    from desktop_app.ui.exports.pdf_preview import open_pdf_preview

    open_pdf_preview(window)


def export_excel(window: Any) -> None:
    from desktop_app.ui.exports.xlsx_export import export_excel as start

    start(window)


register_action(ActionSpec("export_pdf", "report", export_pdf, "Ctrl+P", order=10))
register_action(ActionSpec("export_excel", "report", export_excel, "Ctrl+E", order=20))
