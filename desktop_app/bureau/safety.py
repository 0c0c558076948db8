"""Checks on a workbook's bytes before any spreadsheet parser sees them (reliability-notes #13-#16).

Order: size → legacy/OLE header → zip central directory (member count, declared sizes, ratio, macros)
→ every XML part inflated whole (never past its declared size; no DTD/entities, no hidden UTF-16) → the
data sheet's extent and formulas. Only a file that passes all of these reaches openpyxl or
python-calamine; a visible sheet is read only after its own extent and formula checks (parse.py).
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass, field

from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected
from desktop_app.exporters.xlsx.parts import SheetPart, sheet_members, suspect_cells

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
# A cell's position, whichever attribute comes first; SUSPECT matches only a position that may be out of
# range (column past B, or a row of five digits or more), so a normal sheet costs one C-level scan.
_CELL_REF = re.compile(rb"""<c\s[^>]*?\br\s*=\s*["']([A-Z]+)(\d+)["']""")
_SUSPECT_REF = re.compile(rb"""r\s*=\s*["'](?:[A-Z]+\d{5}|[A-Z]{2}|[C-Z])""")  # any element's r
_FORMULA = re.compile(rb"<f[\s>/]")
_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature … file name length, extra field length


@dataclass(frozen=True, slots=True)
class Checked:
    """A workbook that passed the checks: its bytes, the zip path of its data sheet, and the bytes of
    its visible sheets (name → part; not yet checked: parts.unchanged_sheets)."""

    data: bytes
    machine_member: str
    visible: dict[str, SheetPart] = field(default_factory=dict)


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
        infos = _check_directory(archive)
    # Every XML part is inflated whole and scanned, whether or not a parser will open it (as the
    # school-side reader does), so a file gets the same decision here as on the openpyxl path.
    xml = {info.filename: _scanned(data, info) for info in infos if _is_xml(info.filename)}
    try:
        sheets = sheet_members(xml["xl/workbook.xml"], xml["xl/_rels/workbook.xml.rels"])
    except KeyError as error:
        raise WorkbookRejected("unreadable", detail="缺少或损坏的 workbook.xml") from error
    member = sheets.get(MACHINE_SHEET)
    if member is None or member not in xml:
        raise WorkbookRejected("no_machine_sheet", sheet=MACHINE_SHEET)
    _check_machine_sheet(member, xml[member])
    # The visible sheets are checked once `_data` says which of them are as written (parts.unchanged_sheets).
    by_name = {info.filename: info for info in infos}
    visible = {
        name: SheetPart(xml[part], by_name[part].CRC, by_name[part].file_size)
        for name, part in sheets.items() if name != MACHINE_SHEET and part in xml
    }  # fmt: skip
    return Checked(data, member, visible)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def _scanned(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """The part's bytes, refused if they hide their encoding (UTF-16/32: the markers below would not
    match) or declare a DTD or entities anywhere (XXE, billion laughs)."""
    body = member_bytes(data, info)
    if body[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in body[:64] or _DTD.search(body):
        raise WorkbookRejected("xml_unsafe", member=info.filename)
    return body


def member_bytes(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """One member inflated straight from the archive's bytes: never more than its declared size (itself
    capped by _check_directory), CRC checked. zipfile's per-member file objects cost more than the
    inflating itself on a 30-part workbook, 2,000 times per import."""

    def unreadable(detail: str) -> WorkbookRejected:
        return WorkbookRejected("unreadable", detail=f"部件 {info.filename}：{detail}")

    offset = info.header_offset
    header = data[offset : offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise unreadable("本地文件头缺失")
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(header)
    start = offset + _LOCAL_HEADER.size
    if signature != b"PK\x03\x04" or _local_name(data[start : start + name_length], info) != info.orig_filename:
        raise unreadable("本地文件头与目录不符")  # as zipfile refuses it: two names for one part
    start += name_length + extra_length
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise unreadable("数据不完整")
    if info.compress_type == zipfile.ZIP_STORED:
        body = bytes(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-15)
        try:
            body = inflater.decompress(raw, info.file_size + 1)  # one byte more reveals a lying size
        except zlib.error as error:
            raise unreadable("压缩数据损坏") from error
    else:
        raise unreadable(f"不支持的压缩方式 {info.compress_type}")
    if len(body) > info.file_size:
        raise WorkbookRejected("zip_bomb", detail=f"部件 {info.filename} 实际解压超过声明大小")
    if len(body) != info.file_size or zlib.crc32(body) != info.CRC:
        raise unreadable("校验失败")
    return body


def _check_directory(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
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
    return infos


def _local_name(name: bytes, info: zipfile.ZipInfo) -> str:
    if name.isascii():  # every name a workbook writer uses; the cp437 codec is slow Python code
        return name.decode("ascii")
    return name.decode("utf-8" if info.flag_bits & 0x800 else "cp437", "replace")


def _check_machine_sheet(member: str, body: bytes) -> None:
    """Bounded extent, two columns, no formulas: what calamine may then read without surprise."""
    claimed = _DIMENSION.search(body[:4096])
    if claimed:
        rows = int(claimed.group(2))
        if rows > MAX_SHEET_ROWS or column_number(claimed.group(1)) > MAX_SHEET_COLUMNS:
            raise WorkbookRejected("too_many_rows", sheet=MACHINE_SHEET, rows=rows, limit=MAX_SHEET_ROWS)
    for tag in suspect_cells(body, _SUSPECT_REF):  # a row's r is a number, never suspect
        match = _CELL_REF.match(body, tag)
        if match is None:  # a cell position that is not column letters and a row number
            raise WorkbookRejected("out_of_range", sheet=MACHINE_SHEET, row="?")
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
