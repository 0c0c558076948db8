"""Building what the schools send: generated schools, their Submissions and their exported workbooks."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from desktop_app.bureau.records import SchoolEntry
from desktop_app.domain.demo import DemoData, generate_school
from desktop_app.domain.pack import PROFILE_CATEGORY, FormPack
from desktop_app.domain.submission import Signatories, Status, Submission

PERIOD = "2022"


def school_submission(pack: FormPack, data: DemoData, period: str = PERIOD, revision: int = 1) -> Submission:
    profile = data.profile
    return Submission(
        pack_id=pack.id,
        pack_version=pack.version,
        period=period,
        school_code=str(profile["school_code"]),
        school_name=str(profile["school_name"]),
        revision=revision,
        status=Status.SUBMITTED,
        values={PROFILE_CATEGORY: dict(profile), **data.periods.get(period, {})},
        explanations=data.explanations.get(period, {}),
        signatories=Signatories(
            head=str(profile.get("head", "")),
            preparer=str(profile.get("preparer", "")),
            phone=str(profile.get("phone", "")),
        ),
        generated_at=datetime(2023, 1, 6, 9, 0),
        submitted_at=datetime(2023, 1, 6, 9, 0),
        attachments=data.attachments,
    )


def generate(pack: FormPack, count: int, seed: int = 7) -> list[DemoData]:
    rng = random.Random(seed)
    return [generate_school(pack, index, rng) for index in range(count)]


def register_of(schools: list[DemoData]) -> list[SchoolEntry]:
    return [
        SchoolEntry(str(s.profile["school_code"]), str(s.profile["school_name"]), str(s.profile["school_type"]),
                    str(s.profile["town"]), str(s.profile.get("preparer", "")), str(s.profile.get("phone", "")))
        for s in schools
    ]  # fmt: skip


def write_workbook(pack: FormPack, submission: Submission, folder: Path, name: str | None = None) -> Path:
    from desktop_app.exporters.xlsx import build_workbook_bytes

    path = folder / (name or f"{submission.school_code}_r{submission.revision}.xlsx")
    path.write_bytes(build_workbook_bytes(pack, submission, []))
    return path


def revised(submission: Submission, **changes: object) -> Submission:
    return replace(submission, **changes)  # type: ignore[arg-type]
