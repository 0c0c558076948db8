"""Checks on a workbook's bytes before any spreadsheet parser sees them (reliability-notes #13-#16).

Order: size → legacy/OLE header → zip central directory (member count, declared sizes, ratio, macros)
→ every XML part streamed with a cap (actual sizes, no DTD/entities) → the data sheet's extent and
formulas. Only a file that passes all of these reaches openpyxl or python-calamine.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from xml.etree import ElementTree

from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected

MAX_FILE_BYTES = 20 * 1024 * 1024  # an exported submission is ~25 KB; photos make it larger
MAX_MEMBERS = 400
MAX_MEMBER_BYTES = 40 * 1024 * 1024  # uncompressed, per part
MAX_TOTAL_BYTES = 120 * 1024 * 1024  # uncompressed, whole file
MAX_RATIO = 200  # uncompressed / compressed for parts over 1 MB
MAX_SHEET_ROWS = 20_000  # the data sheet holds one row per value: a few hundred to a few thousand
MAX_SHEET_COLUMNS = 2  # key | value

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, or an encrypted .xlsx
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_DIMENSION = re.compile(rb'<dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
_CELL_REF = re.compile(rb'<c\s+r="([A-Z]+)(\d+)"')
_FORMULA = re.compile(rb"<f[\s>/]")
_CHUNK = 64 * 1024
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


@dataclass(frozen=True, slots=True)
class Checked:
    """A workbook that passed the checks: its bytes and the zip path of its data sheet."""

    data: bytes
    machine_member: str


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _size_text(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def check_size(size: int) -> None:
    if size == 0:
        raise WorkbookRejected("empty")
    if size > MAX_FILE_BYTES:
        raise WorkbookRejected("too_large", size=_size_text(size), limit=_size_text(MAX_FILE_BYTES))


def check_workbook(data: bytes) -> Checked:
    """Raise WorkbookRejected with the precise reason, or return what the parsers may read."""
    check_size(len(data))
    if data.startswith(OLE_HEADER):
        raise WorkbookRejected("legacy_xls")
    if not data.startswith(b"PK"):
        raise WorkbookRejected("not_zip")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise WorkbookRejected("not_zip") from error
    with archive:
        parts = _check_directory(archive)
        # Parts a parser reads are read whole (capped); the other sheets only need their head checked
        # for a DTD: neither parser ever opens them.
        xml = {name: _read_capped(archive, name) for name in parts if _is_xml(name) and not _is_sheet(name)}
        sheets = [name for name in parts if _is_sheet(name)]
        for name in sheets:
            _check_head(archive, name)
        member = _machine_member(xml, sheets)
        xml[member] = _read_capped(archive, member)
        _check_machine_sheet(member, xml[member])
    return Checked(data, member)


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _is_sheet(name: str) -> bool:
    return name.startswith("xl/worksheets/") and name.endswith(".xml")


def _check_head(archive: zipfile.ZipFile, name: str) -> None:
    """A DTD can only come before the root element: the first 4 KB tell."""
    try:
        with archive.open(name) as handle:
            head = handle.read(4096)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise WorkbookRejected("unreadable", detail=f"部件 {name}：{type(error).__name__}") from error
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or _DTD.search(head):
        raise WorkbookRejected("xml_unsafe", member=name)


def _check_directory(archive: zipfile.ZipFile) -> list[str]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise WorkbookRejected("zip_bomb", detail=f"含有 {len(infos)} 个部件")
    total = 0
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise WorkbookRejected("not_zip")
    for info in infos:
        lowered = info.filename.lower()
        if info.flag_bits & 0x1:
            raise WorkbookRejected("legacy_xls")  # an encrypted member: never written by the app
        if lowered.rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml"):
            raise WorkbookRejected("macro", member=info.filename)
        if info.file_size > MAX_MEMBER_BYTES:
            raise WorkbookRejected("zip_bomb", detail=f"部件 {info.filename} 解压后 {_size_text(info.file_size)}")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise WorkbookRejected("zip_bomb", detail=f"部件 {info.filename} 压缩比异常")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise WorkbookRejected("zip_bomb", detail=f"解压后共 {_size_text(total)}")
    return [info.filename for info in infos]


def _read_capped(archive: zipfile.ZipFile, name: str) -> bytes:
    """The part's bytes, stopping at the cap whatever its header declares; no DTD allowed."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(name) as handle:
            while chunk := handle.read(_CHUNK):
                size += len(chunk)
                if size > MAX_MEMBER_BYTES:
                    raise WorkbookRejected("zip_bomb", detail=f"部件 {name} 实际解压超过上限")
                if not chunks and (chunk[:2] in (b"\xff\xfe", b"\xfe\xff") or _DTD.search(chunk[:4096])):
                    raise WorkbookRejected("xml_unsafe", member=name)
                chunks.append(chunk)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as error:
        raise WorkbookRejected("unreadable", detail=f"部件 {name}：{type(error).__name__}") from error
    body = b"".join(chunks)
    if _DTD.search(body):  # a declaration can only come first, but be strict
        raise WorkbookRejected("xml_unsafe", member=name)
    return body


def _machine_member(xml: dict[str, bytes], sheets: list[str]) -> str:
    """The zip path of the sheet named MACHINE_SHEET (workbook.xml → its relationship)."""
    try:
        book = ElementTree.fromstring(xml["xl/workbook.xml"])
        rels = ElementTree.fromstring(xml["xl/_rels/workbook.xml.rels"])
    except (KeyError, ElementTree.ParseError) as error:
        raise WorkbookRejected("unreadable", detail="缺少或损坏的 workbook.xml") from error
    rel_id = None
    for sheet in book.iter(f"{{{_MAIN_NS}}}sheet"):
        if sheet.get("name") == MACHINE_SHEET:
            rel_id = sheet.get(f"{{{_REL_NS}}}id")
    if rel_id is None:
        raise WorkbookRejected("no_machine_sheet", sheet=MACHINE_SHEET)
    for rel in rels:
        if rel.get("Id") == rel_id:
            target = rel.get("Target", "")
            member = target.lstrip("/") if target.startswith("/") else "xl/" + target
            if member in sheets:
                return member
    raise WorkbookRejected("no_machine_sheet", sheet=MACHINE_SHEET)


def _check_machine_sheet(member: str, body: bytes) -> None:
    """Bounded extent, two columns, no formulas: what calamine may then read without surprise."""
    claimed = _DIMENSION.search(body[:4096])
    if claimed:
        rows = int(claimed.group(2))
        if rows > MAX_SHEET_ROWS or column_number(claimed.group(1)) > MAX_SHEET_COLUMNS:
            raise WorkbookRejected("too_many_rows", sheet=MACHINE_SHEET, rows=rows, limit=MAX_SHEET_ROWS)
    for match in _CELL_REF.finditer(body):
        row = int(match.group(2))
        if row > MAX_SHEET_ROWS:
            raise WorkbookRejected("too_many_rows", sheet=MACHINE_SHEET, rows=row, limit=MAX_SHEET_ROWS)
        if column_number(match.group(1)) > MAX_SHEET_COLUMNS:
            raise WorkbookRejected("out_of_range", sheet=MACHINE_SHEET, row=row)
    formula = _FORMULA.search(body)
    if formula:
        cells = list(_CELL_REF.finditer(body, 0, formula.start()))
        where = (cells[-1].group(1) + cells[-1].group(2)).decode() if cells else member
        raise WorkbookRejected("formula", sheet=MACHINE_SHEET, key=where)
