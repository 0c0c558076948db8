"""Plain records passed between the bureau's store and its pure parts (completeness, consolidation)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.submission import Submission

DECISIONS = ("accepted", "replaced", "duplicate", "older", "conflict", "rejected")
DECISION_LABELS = {
    "accepted": ("已接收", "accepted"),
    "replaced": ("已更新（新版本替换旧版本）", "replaced"),
    "duplicate": ("重复文件（已接收过）", "duplicate"),
    "older": ("旧版本（已忽略）", "older"),
    "conflict": ("版本冲突（未覆盖）", "conflict"),
    "rejected": ("已拒收", "rejected"),
}


@dataclass(frozen=True, slots=True)
class SchoolEntry:
    """A school of the register (学校名单)."""

    code: str  # 学校标识码
    name: str
    school_type: str  # choice key
    town: str  # choice key (镇街)
    contact: str = ""
    phone: str = ""


@dataclass(frozen=True, slots=True)
class Received:
    """The current (highest) accepted revision of one school's submission for a period."""

    submission: Submission
    fingerprint: str
    received_at: datetime
    file_name: str


@dataclass(frozen=True, slots=True)
class Rejection:
    """The latest rejected file that named a school (or not) for a period."""

    file_name: str
    school_code: str | None
    period: str | None
    reason_zh: str
    reason_en: str
    at: datetime
