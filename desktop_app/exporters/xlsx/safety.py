"""Checks made before any spreadsheet parser sees a file (reliability-notes #13, #14).

A submission workbook is a few dozen KB; the limits below leave wide room for photos-free workbooks of
any real school while refusing files built to exhaust memory: a zip bomb is caught from the central
directory alone, before anything is decompressed, and XML parts with a DTD are refused outright.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from desktop_app.exporters.xlsx.errors import WorkbookRejected

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 150 * 1024 * 1024
MAX_RATIO = 100  # XML compresses well, but not a hundredfold in a real workbook
RATIO_FLOOR = 1024 * 1024  # small members may compress any amount
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, and also encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
MACRO_PARTS = ("vbaproject.bin", "vbadata.xml")
REQUIRED = ("[Content_Types].xml", "xl/workbook.xml")
_SCAN_CHUNK = 64 * 1024


def _size(number: int) -> str:
    return f"{number / 1024 / 1024:.1f} MB" if number >= 1024 * 1024 else f"{number / 1024:.0f} KB"


def precheck(path: Path) -> None:
    """Raise WorkbookRejected unless `path` looks like a sane, macro-free .xlsx package."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise WorkbookRejected("missing") from None
    if not path.is_file():
        raise WorkbookRejected("missing")
    if size == 0:
        raise WorkbookRejected("empty")
    if size > MAX_FILE_BYTES:
        raise WorkbookRejected("too_large", size=_size(size), limit=_size(MAX_FILE_BYTES))
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:  # no permission, or locked by another program
        raise WorkbookRejected("unreadable", detail=error.strerror or type(error).__name__) from None
    if head == OLE_MAGIC:
        raise WorkbookRejected("legacy_xls")
    if not head.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(path):
        raise WorkbookRejected("not_zip")
    try:
        with zipfile.ZipFile(path) as archive:
            _check_directory(archive)
            _scan_xml(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as error:
        raise WorkbookRejected("unreadable", detail=type(error).__name__) from None


def _check_directory(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise WorkbookRejected("zip_bomb", detail=f"{len(members)} 个部件，上限 {MAX_MEMBERS}")
    total = 0
    names = set()
    for info in members:
        names.add(info.filename)
        if info.filename.lower().rsplit("/", 1)[-1] in MACRO_PARTS:
            raise WorkbookRejected("macro", member=info.filename)
        if info.flag_bits & 0x1:
            raise WorkbookRejected("legacy_xls")  # an encrypted member: not something the app writes
        if info.file_size > MAX_MEMBER_BYTES:
            raise WorkbookRejected("zip_bomb", detail=f"{info.filename} 解压后 {_size(info.file_size)}")
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise WorkbookRejected("zip_bomb", detail=f"{info.filename} 压缩比 {ratio}:1")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise WorkbookRejected("zip_bomb", detail=f"解压后共 {_size(total)}")
    for name in REQUIRED:
        if name not in names:
            raise WorkbookRejected("not_zip")


def _scan_xml(archive: zipfile.ZipFile) -> None:
    """Refuse any XML part with a DTD or entity declaration (XXE, billion laughs), or not in UTF-8.

    Office never writes a DTD; refusing it here does not depend on which XML parser openpyxl picks.
    zipfile enforces the sizes declared in the directory while reading, so this stays bounded.
    """
    for info in archive.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        with archive.open(info) as member:
            first = True
            tail = b""
            while chunk := member.read(_SCAN_CHUNK):
                if first and chunk[:2] in (b"\xff\xfe", b"\xfe\xff"):
                    raise WorkbookRejected("xml_unsafe", member=info.filename)  # UTF-16 hides the markers
                first = False
                window = tail + chunk
                if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                    raise WorkbookRejected("xml_unsafe", member=info.filename)
                tail = chunk[-16:]
