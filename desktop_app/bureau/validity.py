"""What a verified file must also be before the bureau takes it: in range for the database, and valid
against the form pack. A fingerprint proves that the values are unchanged since the app wrote them, not
that the app would have accepted them (a `_data` sheet edited with the fingerprint recomputed).

Runs in the parsing worker, after the reader's checks; raises WorkbookRejected naming the key and the
reason. Plain domain code: no database, no spreadsheet parser.
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app.domain.evaluation import category_applies
from desktop_app.domain.identifiers import is_school_code
from desktop_app.domain.messages import Problem
from desktop_app.domain.pack import PROFILE_CATEGORY, SCHOOL_TYPE_FIELD, Category, Field, FieldType, FormPack
from desktop_app.domain.submission import Status, Submission
from desktop_app.domain.validation import Issue, ValidationContext, validate
from desktop_app.domain.values import field_problems
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected

MAX_REVISION = 9_999  # a school reopens a period a handful of times; the database holds 32-bit integers
MAX_NAME_CHARS = 80  # bureau_submission.school_name
MAX_PERIOD_CHARS = 16  # bureau_submission.period
MAX_SIGNATORY_CHARS = 100
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # never in a name the app lets a clerk type (values.parse_text)


def check_received(pack: FormPack, submission: Submission) -> None:
    """Raise WorkbookRejected unless the submission fits the database and the form pack."""
    check_bounds(submission)
    if submission.status is Status.SUBMITTED and submission.period in {spec.key for spec in pack.periods}:
        check_values(pack, submission)  # drafts and unknown periods get their own decision at commit


def check_bounds(submission: Submission) -> None:
    """Every identity field within what the database and the ledger hold (nothing is cut short)."""
    revision = submission.revision
    if not 1 <= revision <= MAX_REVISION:
        _out_of_bounds("revision", f"版次应为 1—{MAX_REVISION}", f"a revision is 1 to {MAX_REVISION}")
    if not is_school_code(submission.school_code):
        _out_of_bounds("school_code", "学校标识码应为10位数字", "a school code has 10 digits")
    if not 0 < len(submission.school_name) <= MAX_NAME_CHARS:
        _out_of_bounds("school_name", f"学校名称应为 1—{MAX_NAME_CHARS} 个字",
                       f"a school name has 1 to {MAX_NAME_CHARS} characters")  # fmt: skip
    if not 0 < len(submission.period) <= MAX_PERIOD_CHARS:
        _out_of_bounds("period", "报送期无效", "not a period")
    if _CONTROL.search(submission.school_name):
        _out_of_bounds("school_name", "含有控制字符", "contains a control character")
    sign = submission.signatories
    for key in ("head", "statistician", "preparer", "phone", "reviewer"):
        if _CONTROL.search(getattr(sign, key)):
            _out_of_bounds(f"sign.{key}", "含有控制字符", "contains a control character")
        if len(getattr(sign, key)) > MAX_SIGNATORY_CHARS:
            limit = MAX_SIGNATORY_CHARS
            _out_of_bounds(f"sign.{key}", f"最多 {limit} 个字", f"at most {limit} characters")


def _out_of_bounds(key: str, zh: str, en: str) -> None:
    raise WorkbookRejected("out_of_bounds", sheet=MACHINE_SHEET, key=key, detail=zh, detail_en=en)


def check_values(pack: FormPack, submission: Submission) -> None:
    """Type was checked by the reader; here the pack's checks as 上报 runs them (range, length, pattern,
    rows, required, error rules), then every other value present (a field not relevant to the school)."""
    context = ValidationContext(
        period=submission.period, values=submission.values, explanations=submission.explanations,
        for_submission=True, errors_only=True,
    )  # fmt: skip
    for issue in validate(pack, context):
        if issue.is_error:
            _invalid(pack, issue)
    # validate() checks the relevant fields; a value the school's side would not have kept (a field of
    # another school type, or hidden by visible_when) must still be in range before anything adds it up.
    school_type = submission.values.get(PROFILE_CATEGORY, {}).get(SCHOOL_TYPE_FIELD)
    checked = {c.key for c in pack.categories_for(submission.reporting_period.kind) if category_applies(c, school_type)}
    for category_key, fields in submission.values.items():
        category = pack.category(category_key)
        every = category_key not in checked
        for field_key, value in fields.items():
            field = category.field(field_key)
            if every or field.applies_to is not None or field.visible_when is not None:
                _field_values(category, field, value)


def _field_values(category: Category, field: Field, value: Any) -> None:
    for problem in field_problems(field, value):
        _invalid_problem(category, f"value.{category.key}.{field.key}", problem)
    if field.type is not FieldType.TABLE:
        return
    for number, row in enumerate(value or [], start=1):
        for column in field.columns:
            for problem in field_problems(column, row.get(column.key)):
                label = {"label": f"{field.label.zh}第{number}行“{column.label.zh}”",
                         "label_en": f"{field.label.get('en')} row {number}, {column.label.get('en')}"}  # fmt: skip
                key = f"cell.{category.key}.{field.key}.{number}.{column.key}"
                _invalid_problem(category, key, Problem(problem.code, {**problem.params, **label}))


def _invalid_problem(category: Category, key: str, problem: Problem) -> None:
    raise WorkbookRejected("invalid_value", sheet=MACHINE_SHEET, key=key, category=category.label.zh,
                           category_en=category.label.get("en"), detail=problem.text("zh"),
                           detail_en=problem.text("en"))  # fmt: skip


def _invalid(pack: FormPack, issue: Issue) -> None:
    category = pack.category(issue.category)
    if issue.field is None:
        key = f"rule {issue.rule_id}"
    elif issue.row is not None and issue.column is not None:
        key = f"cell.{issue.category}.{issue.field}.{issue.row + 1}.{issue.column}"
    else:
        key = f"value.{issue.category}.{issue.field}"
    raise WorkbookRejected("invalid_value", sheet=MACHINE_SHEET, key=key, category=category.label.zh,
                           category_en=category.label.get("en"), detail=issue.text("zh"),
                           detail_en=issue.text("en"))  # fmt: skip
