"""The byte-level checks of the fast import path (bureau.safety): each hostile shape has its reason.

These pin what the faster scan (parts inflated straight from the archive, a suspect-only cell scan)
must still refuse, including shapes the earlier head-only scan let through.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from desktop_app.bureau.safety import check_workbook
from desktop_app.exporters.xlsx.errors import WorkbookRejected
from tests.bureau.hostile import _members, _zip, data_sheet


@pytest.fixture(scope="module")
def good(exported) -> bytes:  # type: ignore[no-untyped-def]
    _schools, _submissions, folder = exported
    return sorted(Path(folder).glob("*.xlsx"))[0].read_bytes()


def _code(data: bytes) -> str:
    with pytest.raises(WorkbookRejected) as caught:
        check_workbook(data)
    return caught.value.code


def _other_sheet(members: dict[str, bytes]) -> str:
    machine = data_sheet(members)
    return next(name for name in sorted(members) if name.startswith("xl/worksheets/sheet") and name != machine)


def test_the_good_file_passes(good: bytes) -> None:
    checked = check_workbook(good)
    assert checked.machine_member == data_sheet(_members(good))


def test_a_dtd_after_a_long_prolog_in_a_sheet_no_parser_reads_is_refused(good: bytes) -> None:
    members = _members(good)
    name = _other_sheet(members)
    head, _, rest = members[name].partition(b"?>")
    padding = b"<!--" + b" " * 8192 + b"-->"  # past the 4 KB that a head-only scan would look at
    members[name] = head + b"?>" + padding + b'<!DOCTYPE ws [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest
    assert _code(_zip(members)) == "xml_unsafe"


def test_a_dtd_in_document_properties_is_refused(good: bytes) -> None:
    members = _members(good)
    members["docProps/app.xml"] = b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
    assert _code(_zip(members)) == "xml_unsafe"


def test_utf16_without_a_byte_order_mark_is_refused(good: bytes) -> None:
    members = _members(good)
    text = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE a [<!ENTITY b "c">]><a>&b;</a>'
    members["docProps/app.xml"] = text.encode("utf-16-le")
    assert _code(_zip(members)) == "xml_unsafe"


def test_a_far_cell_whose_position_is_not_the_first_attribute_is_refused(good: bytes) -> None:
    members = _members(good)
    name = data_sheet(members)
    cell = b'<row r="1048576"><c t="inlineStr" r="XFD1048576"><is><t>x</t></is></c></row>'
    body = re.sub(rb"<dimension[^>]*/>", b"", members[name])
    members[name] = body.replace(b"</sheetData>", cell + b"</sheetData>")
    assert _code(_zip(members)) == "too_many_rows"


def test_a_third_column_is_refused(good: bytes) -> None:
    members = _members(good)
    name = data_sheet(members)
    cell = b'<c s="0" r="C2" t="inlineStr"><is><t>x</t></is></c>'
    members[name] = re.sub(rb"(<row [^>]*>)", lambda m: m.group(1) + cell, members[name], count=1)
    assert _code(_zip(members)) == "out_of_range"


def _central_entry(data: bytes, name: str) -> int:
    """Where `name`'s central-directory record starts (its sizes are at +20 and +24)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert name in archive.namelist()
    offset = 0
    while True:
        offset = data.index(b"PK\x01\x02", offset + 1)
        length = struct.unpack("<H", data[offset + 28 : offset + 30])[0]
        if data[offset + 46 : offset + 46 + length] == name.encode():
            return offset


def test_a_part_larger_than_it_declares_is_never_inflated_past_its_size(good: bytes) -> None:
    data = bytearray(_zip(_members(good)))
    entry = _central_entry(bytes(data), "xl/styles.xml")
    declared = struct.unpack("<I", data[entry + 24 : entry + 28])[0]
    data[entry + 24 : entry + 28] = struct.pack("<I", declared // 2)
    assert _code(bytes(data)) == "zip_bomb"


def test_a_local_header_that_names_another_part_is_refused(good: bytes) -> None:
    data = bytearray(_zip(_members(good)))
    name = b"docProps/app.xml"
    at = bytes(data).index(b"PK\x03\x04")
    while data[at + 30 : at + 30 + len(name)] != name:
        at = bytes(data).index(b"PK\x03\x04", at + 1)
    data[at + 30 : at + 30 + len(name)] = b"docProps/apq.xml"  # same length, another part's name
    assert _code(bytes(data)) == "unreadable"
