"""Checks made before any spreadsheet parser sees a file (reliability-notes #13, #14).

A submission workbook is a few dozen KB; the limits below leave wide room for photos-free workbooks of
any real school while refusing files built to exhaust memory: a zip bomb is caught from the central
directory alone, before anything is decompressed, and XML parts with a DTD are refused outright.
Only a regular file is opened (a device or a pipe would be read without end, or hang), and the limits
apply to the bytes actually read, not to what the file system said beforehand.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path

from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected
from desktop_app.exporters.xlsx.parts import SheetPart, sheet_members

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


_OPEN_FLAGS = (
    os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)  # fmt: skip  # O_NONBLOCK: opening a FIFO without a writer returns at once instead of hanging


def read_regular(path: str | os.PathLike[str], limit: int) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, or WorkbookRejected.

    stat before opening (a device or a FIFO is never opened; a link is followed only to a regular
    file), fstat after (the same file, still regular), then at most limit + 1 bytes are read: a file
    that grows, or that the file system misreports, is refused for what was actually read.
    """
    name = os.path.basename(os.fspath(path)) or os.fspath(path)
    try:
        before = os.stat(path)
    except FileNotFoundError:
        raise WorkbookRejected("missing") from None
    except OSError as error:
        raise WorkbookRejected("unreadable", detail=error.strerror or type(error).__name__) from None
    if stat.S_ISDIR(before.st_mode):
        raise WorkbookRejected("missing")
    if not stat.S_ISREG(before.st_mode):
        raise WorkbookRejected("not_regular", name=name)
    if before.st_size > limit:
        raise WorkbookRejected("too_large", size=_size(before.st_size), limit=_size(limit))
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as error:  # no permission, or locked by another program
        raise WorkbookRejected("unreadable", detail=error.strerror or type(error).__name__) from None
    with os.fdopen(descriptor, "rb") as handle:
        after = os.fstat(handle.fileno())
        if not stat.S_ISREG(after.st_mode) or (after.st_dev, after.st_ino) != (before.st_dev, before.st_ino):
            raise WorkbookRejected("not_regular", name=name)  # replaced between the two looks
        try:
            data = handle.read(limit + 1)
        except OSError as error:
            raise WorkbookRejected("unreadable", detail=error.strerror or type(error).__name__) from None
    if len(data) > limit:
        raise WorkbookRejected("too_large", size=f"> {_size(limit)}", limit=_size(limit))
    if not data:
        raise WorkbookRejected("empty")
    return data


def precheck(path: Path) -> bytes:
    """The file's bytes, unless it is not a sane, macro-free .xlsx package (WorkbookRejected)."""
    data = read_regular(path, MAX_FILE_BYTES)
    check_package(data)
    return data


def check_package(data: bytes) -> None:
    """Raise WorkbookRejected unless `data` is a sane, macro-free .xlsx package."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRejected("too_large", size=_size(len(data)), limit=_size(MAX_FILE_BYTES))
    if data[:8] == OLE_MAGIC:
        raise WorkbookRejected("legacy_xls")
    if not data.startswith(ZIP_MAGIC) or not zipfile.is_zipfile(io.BytesIO(data)):
        raise WorkbookRejected("not_zip")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_directory(archive)
            _scan_xml(archive)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError) as error:
        raise WorkbookRejected("unreadable", detail=type(error).__name__) from None


def visible_sheets(data: bytes) -> dict[str, SheetPart]:
    """Each visible sheet's part (name → bytes, CRC-32, size), for parts.unchanged_sheets. Only after
    check_package: the sizes the directory declares are then bounded, and zipfile checks the CRC."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/_rels/workbook.xml.rels" not in names:
                raise WorkbookRejected("unreadable", detail="缺少 workbook.xml.rels")
            sheets = sheet_members(archive.read("xl/workbook.xml"), archive.read("xl/_rels/workbook.xml.rels"))
            parts = {}
            for name, member in sheets.items():
                if name != MACHINE_SHEET and member in names:
                    info = archive.getinfo(member)
                    parts[name] = SheetPart(archive.read(member), info.CRC, info.file_size)
            return parts
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
