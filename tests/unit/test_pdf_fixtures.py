"""Helpers for the PDF tests: a filled submission built from the shipped pack, PDF text extraction.

The submission is the demo school's (desktop_app.domain.demo) when that module exists, else one
filled here field by field from the pack, so every label and value of every category is exercised.
"""

from __future__ import annotations

import hashlib
import io
import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain.evaluation import relevant_values
from desktop_app.domain.pack import Field, FieldType, FormPack, PeriodKind
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.domain.values import quantum

SCHOOL_NAME = "济阳区实验小学（演示）"
SCHOOL_CODE = "2137000001"


def tiny_png(colour: tuple[int, int, int] = (200, 40, 40), size: tuple[int, int] = (64, 48)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def _scalar(field: Field, pack: FormPack, n: int) -> Any:
    kind = field.type
    if kind is FieldType.INTEGER:
        low = int(field.minimum or 0)
        high = int(field.maximum) if field.maximum is not None else low + 50
        return min(high, low + 3 + n % 7)
    if kind is FieldType.DECIMAL:
        return (Decimal(1234) + Decimal(n) / 7).quantize(quantum(field.places))
    if kind in (FieldType.TEXT, FieldType.LONGTEXT):
        return _text(field, n)
    if kind is FieldType.DATE:
        return date(2022, 6, 6)
    if kind is FieldType.BOOLEAN:
        return n % 2 == 0
    if kind is FieldType.CHOICE:
        return pack.choice_list(field.choices or "").keys[n % 2]
    if kind is FieldType.MULTICHOICE:
        return pack.choice_list(field.choices or "").keys[:2]
    if kind is FieldType.IMAGE:
        return None
    raise AssertionError(kind)


# A valid sample of each named pattern (domain.identifiers).
_PATTERN_SAMPLES = {
    "mobile": "13905310000",
    "phone": "13905310000",
    "landline": "0531-84235116",
    "school_code": SCHOOL_CODE,
    "uscc": "12370115MB1234567X",
    "email": "syxx@example.com",
    "postcode": "251400",
}


def _text(field: Field, n: int) -> str:
    if field.pattern in _PATTERN_SAMPLES:
        return _PATTERN_SAMPLES[field.pattern]
    text = f"{field.label.zh}示例{n}"
    if field.type is FieldType.LONGTEXT:
        text = (text + "，坚持立德树人，推进课后服务全覆盖。") * 3
    return text[: field.max_length or 80]


def _rows(field: Field, pack: FormPack, photos: dict[str, bytes], count: int) -> list[dict[str, Any]]:
    rows = []
    for r in range(count):
        row = {}
        for c, column in enumerate(field.columns):
            if column.type is FieldType.IMAGE:
                data = tiny_png((40 * r % 255, 120, 200))
                digest = hashlib.sha256(data).hexdigest()
                photos[digest] = data
                row[column.key] = digest
            else:
                row[column.key] = _scalar(column, pack, r + c)
        rows.append(row)
    return rows


def sample_values(pack: FormPack, rows: int = 3) -> tuple[dict[str, dict[str, Any]], dict[str, bytes]]:
    """Every relevant input field of a 小学 filled with a plausible value."""
    photos: dict[str, bytes] = {}
    values: dict[str, dict[str, Any]] = {}
    for category in pack.categories_for(PeriodKind.ANNUAL):
        filled: dict[str, Any] = {}
        for n, field in enumerate(category.input_fields):
            if field.type is FieldType.TABLE:
                filled[field.key] = _rows(field, pack, photos, rows)
            else:
                filled[field.key] = _scalar(field, pack, n)
        values[category.key] = filled
    values["profile"].update(school_name=SCHOOL_NAME, school_code=SCHOOL_CODE, school_type="primary")
    relevant = {key: relevant_values(pack, key, values) for key in values}
    for key, own in relevant.items():
        for field_key in own:
            own[field_key] = values[key].get(field_key, own[field_key])
    return relevant, photos


def sample_submission(pack: FormPack, *, status: Status = Status.SUBMITTED, rows: int = 3,
                      school_name: str = SCHOOL_NAME, **changes: Any) -> Submission:  # fmt: skip
    values, photos = sample_values(pack, rows)
    values["profile"]["school_name"] = school_name
    return Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=pack.default_period.key,
        school_code=SCHOOL_CODE,
        school_name=school_name,
        revision=1,
        status=status,
        values=values,
        signatories=Signatories(
            head="王校长",
            statistician="李统计",
            preparer="张填表",
            phone="0531-84235116",
            reported_on=date(2023, 1, 5),
        ),
        submitted_at=datetime(2023, 1, 5, 9, 30) if status is Status.SUBMITTED else None,
        attachments=photos,
        **changes,
    )


def demo_or_sample(pack: FormPack, status: Status = Status.SUBMITTED) -> Submission:
    """The demo school's submission when domain.demo offers demo_data(pack), else the sample one."""
    from desktop_app.domain import demo
    from desktop_app.domain.evaluation import category_applies

    if not hasattr(demo, "demo_data"):
        return sample_submission(pack, status=status)
    data = demo.demo_data(pack)
    period = pack.default_period.key
    every = data.period_values(period)
    school_type = every["profile"].get("school_type")
    values = {
        c.key: relevant_values(pack, c.key, every)
        for c in pack.categories_for(PeriodKind.ANNUAL)
        if category_applies(c, school_type)
    }
    profile = values["profile"]
    return Submission(
        pack_id=pack.id, pack_version=pack.version, period=period,
        school_code=str(profile["school_code"]), school_name=str(profile["school_name"]),
        revision=1, status=status, values=values,
        explanations=data.explanations.get(period, {}),
        signatories=Signatories(head="王校长", statistician="李统计", preparer="张填表",
                                phone="0531-84235116", reported_on=date(2023, 1, 5)),
        submitted_at=datetime(2023, 1, 5, 9, 30) if status is Status.SUBMITTED else None,
        attachments=dict(data.attachments),
    )  # fmt: skip


def issues_for(pack: FormPack, submission: Submission) -> list[Any]:
    from desktop_app.domain.validation import ValidationContext, validate

    context = ValidationContext(
        period=submission.period, values=submission.values,
        explanations=submission.explanations, for_submission=True,
    )  # fmt: skip
    return validate(pack, context)


def page_texts(data: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def squash(text: str) -> str:
    """Text without any whitespace: wrapped cells split labels across lines."""
    return re.sub(r"\s+", "", text)


def test_sample_submission_fills_every_category(pack: FormPack) -> None:
    submission = sample_submission(pack)
    for category in pack.categories_for(PeriodKind.ANNUAL):
        assert submission.values[category.key], category.key
    assert submission.attachments
