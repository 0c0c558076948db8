"""Hostile and broken workbooks, built in memory from a good one (never committed as files)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

BOMB_MB = 600


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
    return buffer.getvalue()


def data_sheet(members: dict[str, bytes]) -> str:
    """The zip path of the `_data` sheet, found independently of the code under test."""
    book = members["xl/workbook.xml"].decode()
    rel = re.search(r'<sheet[^>]*name="_data"[^>]*r:id="([^"]+)"', book) or re.search(
        r'<sheet[^>]*r:id="([^"]+)"[^>]*name="_data"', book
    )
    assert rel, "no _data sheet"
    rels = members["xl/_rels/workbook.xml.rels"].decode()
    target = re.search(rf'Id="{rel.group(1)}"[^>]*Target="([^"]+)"', rels) or re.search(
        rf'Target="([^"]+)"[^>]*Id="{rel.group(1)}"', rels
    )
    assert target
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/") else "xl/" + path


def _edit_sheet(good: bytes, edit: Callable[[bytes], bytes]) -> bytes:
    members = _members(good)
    name = data_sheet(members)
    members[name] = edit(members[name])
    return _zip(members)


def not_zip(_good: bytes) -> bytes:
    return b"This is a letter, not a workbook.\n" * 20


def legacy_xls(_good: bytes) -> bytes:
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096


def zip_bomb(good: bytes) -> bytes:
    """A member holding 600 MB of zeros (about 600 KB compressed)."""
    members = _members(good)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in members.items():
            archive.writestr(name, body)
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as handle:
            block = b"\0" * (1024 * 1024)
            for _ in range(BOMB_MB):
                handle.write(block)
    return buffer.getvalue()


def xml_bomb(good: bytes) -> bytes:
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10) for i in range(1, 10)
        )
        + b']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'
    )
    members = _members(good)
    members["xl/sharedStrings.xml"] = lol
    return _zip(members)


def xxe(good: bytes) -> bytes:
    def edit(body: bytes) -> bytes:
        head, _, rest = body.partition(b"?>")
        return head + b'?><!DOCTYPE ws [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + rest

    return _edit_sheet(good, edit)


def million_rows_claimed(good: bytes) -> bytes:
    return _edit_sheet(good, lambda body: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', body))


def far_cell(good: bytes) -> bytes:
    cell = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'

    def edit(body: bytes) -> bytes:
        body = re.sub(rb"<dimension[^>]*/>", b"", body)  # hide the extent: only the cell tells
        return body.replace(b"</sheetData>", cell + b"</sheetData>")

    return _edit_sheet(good, edit)


def _openpyxl_edit(good: bytes, key: str, text: str) -> bytes:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(good))
    sheet = book["_data"]
    for row in sheet.iter_rows(min_col=1, max_col=2):
        if row[0].value == key:
            row[1].value = text
            break
    else:
        raise AssertionError(key)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def formula(good: bytes) -> bytes:
    return _openpyxl_edit(good, "value.party.members", "=1+1")


def wrong_type(good: bytes) -> bytes:
    return _openpyxl_edit(good, "value.party.members", '"十二"')


def tampered(good: bytes) -> bytes:
    import json

    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(good))
    for row in book["_data"].iter_rows(min_col=1, max_col=2):
        if row[0].value == "value.party.members":
            row[1].value = json.dumps(json.loads(row[1].value) + 1)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def other_pack_version(good: bytes) -> bytes:
    return _openpyxl_edit(good, "pack_version", '"2021.1"')


# name → (builder, the rejection code expected)
HOSTILE: dict[str, tuple[Callable[[bytes], bytes], str]] = {
    "not_zip": (not_zip, "not_zip"),
    "legacy_xls": (legacy_xls, "legacy_xls"),
    "zip_bomb": (zip_bomb, "zip_bomb"),
    "xml_bomb": (xml_bomb, "xml_unsafe"),
    "xxe": (xxe, "xml_unsafe"),
    "million_rows": (million_rows_claimed, "too_many_rows"),
    "far_cell": (far_cell, "too_many_rows"),
    "formula": (formula, "formula"),
    "wrong_type": (wrong_type, "wrong_type"),
    "tampered": (tampered, "modified"),
    "other_version": (other_pack_version, "wrong_pack_version"),
}


def write_hostile(good: bytes, folder: Path) -> dict[Path, str]:
    """Every hostile file in `folder`; returns path → expected rejection code."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (build, code) in HOSTILE.items():
        path = folder / f"hostile_{name}.xlsx"
        path.write_bytes(build(good))
        expected[path] = code
    return expected
