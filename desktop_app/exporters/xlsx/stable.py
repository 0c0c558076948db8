"""The same submission gives the same workbook bytes: document times and zip member times are the
submission's own (not the clock's), so a revision regenerated next year is byte-identical to the file
sent, as its PDF is (exporters/pdf: reportlab's invariant mode)."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from typing import Any

_EARLIEST = datetime(1980, 1, 1)  # the zip format cannot say anything earlier
_CORE = "docProps/core.xml"
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")  # openpyxl stamps the save time


def fixed_time(submission: Any) -> datetime:
    when = submission.generated_at or submission.submitted_at or _EARLIEST
    return max(when.replace(tzinfo=None, microsecond=0), _EARLIEST)


def set_document_times(workbook: Any, when: datetime) -> None:
    workbook.properties.created = when
    workbook.properties.modified = when


def stable_zip(data: bytes, when: datetime) -> bytes:
    """The workbook with every member stamped `when`, in the same order and compression."""
    stamp = when.timetuple()[:6]
    stamp_text = when.isoformat(timespec="seconds").encode() + b"Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            copy = zipfile.ZipInfo(info.filename, date_time=stamp)
            copy.compress_type = info.compress_type
            copy.external_attr = info.external_attr
            data = source.read(info)
            if info.filename == _CORE:
                data = _MODIFIED.sub(rb"\g<1>" + stamp_text + rb"\g<2>", data)
            target.writestr(copy, data)
    return out.getvalue()
