"""The spreadsheet submission: writer (human sheets + machine part) and the verifying reader.

Names are resolved lazily so that importing this package does not import openpyxl (start-up time).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop_app.exporters.xlsx.errors import WorkbookRejected, WorkbookWriteError

if TYPE_CHECKING:
    from desktop_app.exporters.xlsx.export import export_xlsx
    from desktop_app.exporters.xlsx.reader import read_submission
    from desktop_app.exporters.xlsx.writer import build_workbook_bytes

__all__ = ["WorkbookRejected", "WorkbookWriteError", "build_workbook_bytes", "export_xlsx", "read_submission"]

_LAZY = {
    "build_workbook_bytes": "desktop_app.exporters.xlsx.writer",
    "export_xlsx": "desktop_app.exporters.xlsx.export",
    "read_submission": "desktop_app.exporters.xlsx.reader",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(name)
