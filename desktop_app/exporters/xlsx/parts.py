"""The worksheet parts of a workbook, read as bytes before any spreadsheet parser sees them.

Shared by the school-side reader (safety.py, reader.py) and the bureau's pre-checks (bureau/safety.py):
which zip member holds which sheet, whether a visible sheet holds a formula, and whether it has content
beyond the area a submission can fill (python-calamine would allocate the whole area). Pure bytes work.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from xml.etree import ElementTree

from desktop_app.exporters.xlsx.errors import WorkbookRejected
from desktop_app.exporters.xlsx.view import MAX_VIEW_COLUMNS, MAX_VIEW_ROWS, ViewMap, column_number

REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# A cell's position, whichever attribute comes first.
CELL_REF = re.compile(rb"""<c\s[^>]*?\br\s*=\s*["']([A-Z]+)(\d+)["']""")
FORMULA = re.compile(rb"<f[\s>/]")
# Only a position that may be out of range (two or more column letters, a row of five digits or more):
# a normal sheet costs one C-level scan (starting at the letter r: three times faster than at a space).
SUSPECT_VISIBLE = re.compile(rb"""r\s*=\s*["'](?:[A-Z]+\d{5}|[A-Z]{2})""")


def is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def sheet_members(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name → its zip member, in the workbook's order (workbook.xml → its relationships)."""
    try:
        book = ElementTree.fromstring(workbook_xml)
        rels = ElementTree.fromstring(rels_xml)
    except ElementTree.ParseError as error:
        raise WorkbookRejected("unreadable", detail="workbook.xml 损坏") from error
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    members = {}
    for sheet in book.iter(f"{{{MAIN_NS}}}sheet"):
        name, member = sheet.get("name"), targets.get(sheet.get(f"{{{REL_NS}}}id"))
        if name is not None and member is not None and is_sheet(member):
            members[name] = member
    return members


def check_visible_sheet(name: str, body: bytes) -> None:
    """No formula, and nothing beyond the area a submission's sheet can fill."""
    for tag in suspect_cells(body, SUSPECT_VISIBLE):
        match = CELL_REF.match(body, tag)
        if match is None:
            raise WorkbookRejected("view_too_large", sheet=name, cell="?")
        if int(match.group(2)) > MAX_VIEW_ROWS or column_number(match.group(1).decode()) > MAX_VIEW_COLUMNS:
            raise WorkbookRejected("view_too_large", sheet=name, cell=(match.group(1) + match.group(2)).decode())
    formula = FORMULA.search(body)
    if formula:
        cells = list(CELL_REF.finditer(body, max(0, formula.start() - 4096), formula.start()))
        cell = (cells[-1].group(1) + cells[-1].group(2)).decode() if cells else "?"
        raise WorkbookRejected("view_formula", sheet=name, cell=cell)


def suspect_cells(body: bytes, suspect: re.Pattern[bytes]) -> Iterator[int]:
    """Where each `<c` element starts whose r attribute `suspect` matches (other elements' r skipped)."""
    for found in suspect.finditer(body):
        start = found.start()
        if not body[start - 1 : start].isspace():
            continue  # the tail of another attribute's name
        tag = body.rfind(b"<", 0, start)
        if body[tag : tag + 3].rstrip(b" \t\r\n") == b"<c":
            yield tag


@dataclass(frozen=True, slots=True)
class SheetPart:
    """A visible sheet's part: its bytes, and the CRC-32 and size the zip directory states (every reader
    has verified the bytes against them while inflating)."""

    body: bytes
    crc: int
    size: int


def unchanged_sheets(view: ViewMap, parts: Mapping[str, SheetPart], fingerprint: str) -> set[str]:
    """The visible sheets as the app wrote them, together with this `_data`: nothing on them can differ
    from it. A sheet counts only if its part has the CRC-32 and size `_data` records, and only if a sheet
    showing the fingerprint is itself as written and shows `_data`'s own (verified) fingerprint: `_data`
    rewritten with a recomputed fingerprint, under sheets left as they were, is then compared cell by cell.
    Every other sheet (re-saved, edited, or added) is checked here for formulas and for content beyond a
    submission's area, before any parser reads it."""
    unchanged = {name for name, part in parts.items() if view.digests.get(name) == [part.crc, part.size]}
    stated = fingerprint.encode("ascii")
    bound = any(
        name in unchanged and "fingerprint" in cells.sources and stated in parts[name].body
        for name, cells in view.sheets.items()
    )
    if not bound:
        unchanged = set()
    for name, part in parts.items():
        if name not in unchanged:
            check_visible_sheet(name, part.body)
    return unchanged
