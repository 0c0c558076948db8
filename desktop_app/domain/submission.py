"""A submission: one school's values for one period, as the exporters and the bureau see it.

The fingerprint is SHA-256 over a canonical JSON serialisation of the identity and the values (not of
any file's bytes), so the PDF, the workbook and the bureau's import all carry and check the same one,
and a harmless re-save of the workbook in Excel still verifies.

A submission is sealed once (`seal`: at 上报, when a snapshot is rebuilt and verified, when a draft is
exported) and then carries its fingerprint; the exporters print the carried one (`fingerprint_of`)
instead of computing it again. Only a reader of a received file (the workbook reader, the bureau)
computes it anew, to verify the file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from desktop_app.domain.pack import PROFILE_CATEGORY, Category, FormPack, PeriodKind
from desktop_app.domain.periods import Period
from desktop_app.domain.text import Text
from desktop_app.domain.values import Value, to_json

if TYPE_CHECKING:
    from desktop_app.domain.questions import Answer

FINGERPRINT_SCHEME = "sha256-canonical-json-v1"
_SEALED = "_sealed_fingerprint"  # where `seal` keeps the fingerprint on the instance


class Status(StrEnum):
    DRAFT = "draft"  # 草稿
    SUBMITTED = "submitted"  # 已提交


STATUS_LABELS = {Status.DRAFT: ("草稿", "Draft"), Status.SUBMITTED: ("已提交", "Submitted")}


@dataclass(frozen=True, slots=True)
class Signatories:
    """The foot of a statistical submission (《教育统计管理规定》第二十七条)."""

    head: str = ""  # 单位负责人
    statistician: str = ""  # 统计负责人（审核人）
    preparer: str = ""  # 填表人
    phone: str = ""  # 联系电话
    reported_on: date | None = None  # 报出日期
    reviewer: str = ""  # 审核 (optional internal review)
    reviewed_on: date | None = None


@dataclass(frozen=True)  # not slots: `seal` keeps the fingerprint beside the fields (see `fingerprint`)
class Submission:
    pack_id: str
    pack_version: str
    period: str
    school_code: str
    school_name: str
    revision: int  # 1, 2, …; a draft carries the revision it would be submitted as
    status: Status
    # category key → field key → value (input fields relevant to this school; the profile is "profile")
    values: Mapping[str, Mapping[str, Value]]
    # category key → rule id → the clerk's 说明 for that warning
    explanations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    signatories: Signatories = field(default_factory=Signatories)
    generated_at: datetime | None = None
    submitted_at: datetime | None = None
    # content hash (sha256 hex) → photo bytes, for image columns
    attachments: Mapping[str, bytes] = field(default_factory=dict)
    # the answers to the bureau's questions (退回修改意见) this revision carries (domain/questions.py)
    answers: tuple[Answer, ...] = ()

    @property
    def fingerprint(self) -> str:
        """The fingerprint `seal` set ("" until then). Not a field: neither equality nor the constructor
        know it, so dataclasses.replace (any change) gives an unsealed copy and it is never stale."""
        return str(self.__dict__.get(_SEALED, ""))

    @property
    def is_draft(self) -> bool:
        return self.status is Status.DRAFT

    @property
    def reporting_period(self) -> Period:
        """The period key parsed: kind and label (the files print it in several places)."""
        return Period.parse(self.period)


def canonical_values(pack: FormPack, values: Mapping[str, Mapping[str, Value]]) -> dict[str, dict[str, Any]]:
    """The JSON form of every value, keyed by category and field, in the pack's terms."""
    result: dict[str, dict[str, Any]] = {}
    for category_key, fields in values.items():
        category = pack.category(category_key)
        result[category_key] = {key: to_json(category.field(key), value) for key, value in fields.items()}
    return result


def canonical_document(pack: FormPack, submission: Submission) -> dict[str, Any]:
    document: dict[str, Any] = {
        "scheme": FINGERPRINT_SCHEME,
        "pack": submission.pack_id,
        "pack_version": submission.pack_version,
        "school_code": submission.school_code,
        "period": submission.period,
        "revision": submission.revision,
        "values": canonical_values(pack, submission.values),
        "explanations": {k: dict(v) for k, v in submission.explanations.items() if v},
    }
    if submission.answers:  # only then: a submission without answers keeps the fingerprint it always had
        from desktop_app.domain.questions import answers_document

        document["answers"] = answers_document(submission.answers)
    return document


def canonical_bytes(document: Mapping[str, Any]) -> bytes:
    return json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def fingerprint(pack: FormPack, submission: Submission) -> str:
    """SHA-256 (hex) over the canonical form of the submission's identity, values and 说明."""
    return hashlib.sha256(canonical_bytes(canonical_document(pack, submission))).hexdigest()


def seal(pack: FormPack, submission: Submission, verified: str = "") -> Submission:
    """The submission carrying its fingerprint: computed here once, or `verified`, one just checked
    against these very values (a stored snapshot's, a received file's)."""
    sealed = replace(submission)
    object.__setattr__(sealed, _SEALED, verified or fingerprint(pack, submission))  # frozen: set once, here
    return sealed


def fingerprint_of(pack: FormPack, submission: Submission) -> str:
    """The fingerprint a file prints: the one the submission carries, computed only for an unsealed one."""
    return submission.fingerprint or fingerprint(pack, submission)


# The fingerprint's one name, wherever a clerk or the bureau reads it (window, CLI, PDF, workbook, e-mail).
FINGERPRINT_NAME = Text("校验码", "Fingerprint")
FULL_FINGERPRINT_NAME = Text("完整校验码（SHA-256）", "Full fingerprint (SHA-256)")


def short_fingerprint(full: str) -> str:
    """The one printed form: 16 hex digits in groups of four (e.g. 3F2A-9C1B-77D0-0B41)."""
    head = full[:16].upper()
    return "-".join(head[i : i + 4] for i in range(0, 16, 4))


def fingerprint_line(full: str, lang: str = "zh") -> str:
    """“校验码：3F2A-9C1B-77D0-0B41”, as the CLI and the e-mail say it."""
    separator = "：" if lang != "en" else ": "
    return f"{FINGERPRINT_NAME.get(lang)}{separator}{short_fingerprint(full)}"


def categories_in(pack: FormPack, period_kind: PeriodKind) -> list[str]:
    return [category.key for category in pack.categories_for(period_kind)]


def stamped_categories(pack: FormPack, period: str) -> list[Category]:
    """The categories whose reports a submission of the period stamps (every one but the profile)."""
    return [c for c in pack.categories_for(Period.parse(period).kind) if c.key != PROFILE_CATEGORY]


def period_status(states: Sequence[tuple[str, int]]) -> tuple[bool, int]:
    """(submitted, revision) of a period from its stamped reports' (status, revision): submitted when
    every one is; the revision is the highest of them (1 before any was saved)."""
    revision = max([revision for _status, revision in states] or [1])
    return bool(states) and all(status == Status.SUBMITTED.value for status, _rev in states), revision
