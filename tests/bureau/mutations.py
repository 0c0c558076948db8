"""Mutations of real exported workbooks for the import's fuzz test (built in memory, never committed)."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import replace
from xml.sax.saxutils import escape

from desktop_app.domain.pack import FieldType, FormPack
from desktop_app.domain.submission import Submission
from tests.bureau.hostile import _members, _zip, data_sheet


def flip_bytes(data: bytes, rng: random.Random) -> bytes:
    changed = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        changed[rng.randrange(len(changed))] ^= 1 << rng.randrange(8)
    return bytes(changed)


def truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(1, len(data))]


def remove_entry(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    del members[rng.choice(sorted(members))]
    return _zip(members)


_ADDED = {
    "xl/media/image9.png": lambda rng: rng.randbytes(300),
    "customXml/item1.xml": lambda rng: b'<?xml version="1.0"?><root>' + rng.randbytes(20).hex().encode() + b"</root>",
    "xl/vbaProject.bin": lambda rng: rng.randbytes(100),
    "xl/worksheets/sheet99.xml": lambda rng: b'<?xml version="1.0"?><worksheet/>',
}


def add_entry(data: bytes, rng: random.Random) -> bytes:
    members = _members(data)
    name = rng.choice(sorted(_ADDED))
    members[name] = _ADDED[name](rng)
    return _zip(members)


def with_machine_rows(data: bytes, rows: list[tuple[str, str]]) -> bytes:
    """The workbook with only its `_data` part replaced (inline strings); every other part byte for byte."""
    members = _members(data)
    name = data_sheet(members)
    head, rest = members[name].split(b"<sheetData>", 1)
    tail = rest.split(b"</sheetData>", 1)[1]
    head = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="A1:B{len(rows)}"'.encode(), head)
    cells = [
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{escape(k)}</t></is></c>'
        f'<c r="B{n}" t="inlineStr"><is><t xml:space="preserve">{escape(v)}</t></is></c></row>'
        for n, (k, v) in enumerate(rows, start=1)
    ]
    members[name] = head + b"<sheetData>" + "".join(cells).encode() + b"</sheetData>" + tail
    return _zip(members)


def rewrite_data(data: bytes, pack: FormPack, change: Callable[[Submission], Submission]) -> bytes:
    """`_data` rewritten for a changed submission, fingerprint, digest and view recomputed as the app
    would, the visible sheets left as they were (what someone who edits the hidden sheet produces)."""
    from desktop_app.bureau.parse import read_rows_calamine
    from desktop_app.bureau.safety import check_workbook
    from desktop_app.exporters.xlsx.machine import build_rows, read_machine

    part = read_machine(read_rows_calamine(check_workbook(data)), pack)
    return with_machine_rows(data, build_rows(pack, change(part.submission), part.view))


def changed_value(pack: FormPack, submission: Submission, rng: random.Random) -> Submission:
    """One scalar number or text of the submission replaced by a value that may or may not be allowed."""
    candidates = [
        (category_key, key) for category_key, fields in submission.values.items() for key in fields
        if pack.category(category_key).field(key).type in (FieldType.INTEGER, FieldType.TEXT)
    ]  # fmt: skip
    category_key, key = rng.choice(sorted(candidates))
    field = pack.category(category_key).field(key)
    if field.type is FieldType.INTEGER:
        value: object = rng.choice([rng.randint(0, 50), -rng.randint(1, 10**6), 10 ** rng.randint(4, 300), None])
    else:
        value = rng.choice(["改过的文字", "", "x" * rng.randint(1, 400), "=HYPERLINK(1)"])
    values = {name: dict(fields) for name, fields in submission.values.items()}
    values[category_key][key] = value
    return replace(submission, values=values)
