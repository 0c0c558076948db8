"""A 退回意见 file made for a school database as the bureau would make it (without a bureau database)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop_app.domain.questions import QuestionFile, QuestionItem, Target, target_value


def question_file_for(service: Any, period: str, revision: int, asks: list[tuple[Target, str]],
                      uid_prefix: str = "QT", changes: dict[str, Any] | None = None) -> QuestionFile:  # fmt: skip
    from desktop_app.services import submissions as snaps

    record = next(r for r in snaps.snapshots(service.store, period) if r.revision == revision)
    values = record.document["values"]
    items = tuple(QuestionItem(f"{uid_prefix}{n:04d}", target, text, target_value(values, target))
                  for n, (target, text) in enumerate(asks, start=1))  # fmt: skip
    fields: dict[str, Any] = {
        "school_code": record.document["school_code"], "school_name": "测试学校", "period": period,
        "revision": revision, "fingerprint": record.fingerprint, "reason": "区教体局退回修改意见（测试）",
        "issued_at": "2026-12-01T09:00:00+08:00", "questions": items,
    }  # fmt: skip
    fields.update(changes or {})
    return QuestionFile(**fields)


def write_file(question_file: QuestionFile, pack: Any, path: Path) -> Path:
    from desktop_app.exporters.xlsx.questions import write_questions

    return write_questions(question_file, pack, path)
