"""Shared helpers of the workbook tests: submissions that fill every field, reading sheets back.

(Named test_xlsx_* so that it lives among the files of the workbook tests; it holds no tests.)
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from desktop_app.domain import demo as demo_module
from desktop_app.domain.identifiers import uscc_check_character
from desktop_app.domain.pack import Field, FieldType, FormPack, PeriodKind, Severity
from desktop_app.domain.submission import Signatories, Status, Submission
from desktop_app.domain.values import quantum

# Text a clerk might type that a spreadsheet would take for a formula.
FORMULA_LIKE = ('=HYPERLINK("http://x","y")', "=1+1", "+1", "-2+3", "@SUM(1,1)")
PHOTO = hashlib.sha256(b"photo").hexdigest()
SCHOOL_CODE = "2137012345"


def _uscc() -> str:
    first = "12370115MB0000123"
    return first + uscc_check_character(first)


def _text(field: Field, counter: list[int]) -> str:
    if field.pattern == "school_code":
        return SCHOOL_CODE
    if field.pattern == "uscc":
        return _uscc()
    if field.pattern in ("phone", "landline"):
        return "0531-84235116"  # a leading zero that a number would lose
    if field.pattern == "mobile":
        return "13905310001"
    if field.pattern == "email":
        return "office@example.cn"
    if field.pattern == "postcode":
        return "251400"
    if field.identifier:
        return "0012345678"
    counter[0] += 1
    return FORMULA_LIKE[counter[0] % len(FORMULA_LIKE)]


def value_for(field: Field, pack: FormPack, index: int, counter: list[int]) -> Any:
    kind = field.type
    if kind is FieldType.INTEGER:
        low = int(field.minimum) if field.minimum is not None else 0
        high = int(field.maximum) if field.maximum is not None else low + 1000
        return min(high, low + 7 + index)
    if kind is FieldType.DECIMAL:
        number = Decimal("1234567.25") + index
        if field.maximum is not None:
            number = min(number, Decimal(str(field.maximum)))
        return number.quantize(quantum(field.places))
    if kind is FieldType.TEXT:
        return _text(field, counter)
    if kind is FieldType.LONGTEXT:
        return "第一行：学校工作总结\n=SUM(A1:A2) 第二行"
    if kind is FieldType.DATE:
        return date.fromisoformat(str(field.minimum)) if field.minimum else date(2022, 6, 6 + index % 20)
    if kind is FieldType.BOOLEAN:
        return index % 2 == 0
    if kind is FieldType.CHOICE:
        keys = pack.choice_list(field.choices or "").keys
        return keys[(index + 1) % len(keys)]
    if kind is FieldType.MULTICHOICE:
        keys = pack.choice_list(field.choices or "").keys
        return tuple(keys[::2])
    if kind is FieldType.IMAGE:
        return PHOTO
    if kind is FieldType.TABLE:
        return [{column.key: value_for(column, pack, row, counter) for column in field.columns} for row in range(3)]
    raise AssertionError(kind)


def full_submission(pack: FormPack, period: str = "2022") -> Submission:
    """A submission with every input field of every annual category filled, and a 说明 per category."""
    counter = [0]
    values: dict[str, dict[str, Any]] = {}
    explanations: dict[str, dict[str, str]] = {}
    for category in pack.categories_for(PeriodKind.ANNUAL):
        values[category.key] = {
            field.key: value_for(field, pack, index, counter) for index, field in enumerate(category.input_fields)
        }
        warning = next((rule for rule in category.rules if rule.severity is Severity.WARNING), None)
        if warning is not None:
            explanations[category.key] = {warning.id: f"=1+1 本年度情况特殊（{category.label.zh}）。"}
    return Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=period,
        school_code=SCHOOL_CODE,
        school_name="济阳街道实验小学（虚构）",
        revision=1,
        status=Status.SUBMITTED,
        values=values,
        explanations=explanations,
        signatories=Signatories(
            head="张校长",
            statistician="李统计",
            preparer="王填表",
            phone="0531-84235116",
            reported_on=date(2023, 1, 5),
        ),
        generated_at=datetime(2023, 1, 5, 9, 30, 0).astimezone(),
        submitted_at=datetime(2023, 1, 5, 9, 31, 0).astimezone(),
    )


def demo_submission(pack: FormPack, period: str = "2022") -> Submission:
    """The demo school (domain/demo.py) as a submission, or a full submission while demo data is missing."""
    factory = getattr(demo_module, "demo_data", None)
    if factory is None:
        return full_submission(pack, period)
    data = factory(pack)
    values = {key: dict(fields) for key, fields in data.period_values(period).items()}
    base = full_submission(pack, period)
    profile = values.get("profile", {})
    return Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=period,
        school_code=str(profile.get("school_code") or SCHOOL_CODE),
        school_name=str(profile.get("school_name") or base.school_name),
        revision=1,
        status=Status.SUBMITTED,
        values=values,
        explanations=data.explanations.get(period, {}),
        signatories=base.signatories,
        generated_at=base.generated_at,
        attachments=dict(data.attachments),
    )


def normalised(pack: FormPack, submission: Submission) -> dict[str, dict[str, Any]]:
    """Values as the reader returns them: table rows with every column present."""
    result: dict[str, dict[str, Any]] = {}
    for category_key, fields in submission.values.items():
        category = pack.category(category_key)
        result[category_key] = {}
        for key, value in fields.items():
            field = category.field(key)
            if field.type is FieldType.TABLE:
                value = [{c.key: row.get(c.key) for c in field.columns} for row in value or []]
            result[category_key][key] = value
    return result
