"""报送情况: schools × categories for a period — received, rejected or missing — from what actually came in."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from desktop_app.bureau.records import Received, Rejection, SchoolEntry
from desktop_app.bureau.words import tr
from desktop_app.domain.evaluation import category_applies
from desktop_app.domain.pack import PROFILE_CATEGORY, FormPack
from desktop_app.domain.periods import Period

RECEIVED, REJECTED, MISSING, NOT_APPLICABLE = "received", "rejected", "missing", "n/a"


@dataclass(frozen=True, slots=True)
class Cell:
    state: str
    revision: int | None = None
    received_at: datetime | None = None
    notes: tuple[str, ...] = ()  # the school's 说明 for warnings of this category
    reason: str = ""  # why the latest file was rejected

    def label(self, lang: str = "zh") -> str:
        text = tr(lang, f"returns.state.{self.state}")
        if self.state == RECEIVED and self.revision:
            text += tr(lang, "returns.revision", revision=self.revision)
        return text


@dataclass(frozen=True, slots=True)
class SchoolRow:
    school: SchoolEntry
    cells: dict[str, Cell]  # category key → cell

    @property
    def complete(self) -> bool:
        return all(cell.state in (RECEIVED, NOT_APPLICABLE) for cell in self.cells.values())


@dataclass(frozen=True, slots=True)
class Completeness:
    period: str
    categories: tuple[str, ...]
    rows: tuple[SchoolRow, ...]

    def missing_schools(self) -> list[SchoolEntry]:
        return [row.school for row in self.rows if not row.complete]

    def counts(self) -> dict[str, int]:
        result = {RECEIVED: 0, REJECTED: 0, MISSING: 0}
        for row in self.rows:
            states = {cell.state for cell in row.cells.values()}
            state = REJECTED if REJECTED in states else MISSING if MISSING in states else RECEIVED
            result[state] += 1
        return result


def period_categories(pack: FormPack, period: str) -> tuple[str, ...]:
    return tuple(c.key for c in pack.categories_for(Period.parse(period).kind) if c.key != PROFILE_CATEGORY)


def completeness(
    pack: FormPack,
    period: str,
    register: Iterable[SchoolEntry],
    received: Iterable[Received],
    rejections: Iterable[Rejection] = (),
    *,
    town: str | None = None,
    school_type: str | None = None,
) -> Completeness:
    """The matrix for the period, optionally only the schools of one 镇街 and/or one school type."""
    categories = period_categories(pack, period)
    by_school = {item.submission.school_code: item for item in received}
    last_rejection: dict[str, Rejection] = {}
    for item in rejections:  # newest first: keep the first seen per school
        if item.school_code and item.school_code not in last_rejection:
            last_rejection[item.school_code] = item
    rows = []
    for school in register:
        if (town and school.town != town) or (school_type and school.school_type != school_type):
            continue
        rows.append(SchoolRow(school, _cells(pack, categories, school, by_school.get(school.code),
                                             last_rejection.get(school.code))))  # fmt: skip
    return Completeness(period, categories, tuple(rows))


def _cells(
    pack: FormPack, categories: tuple[str, ...], school: SchoolEntry, item: Received | None, rejected: Rejection | None
) -> dict[str, Cell]:
    cells: dict[str, Cell] = {}
    for key in categories:
        if not category_applies(pack.category(key), school.school_type):
            cells[key] = Cell(NOT_APPLICABLE)
        elif item is not None and key in item.submission.values:
            notes = tuple(text for text in item.submission.explanations.get(key, {}).values() if text)
            cells[key] = Cell(RECEIVED, item.submission.revision, item.received_at, notes)
        elif rejected is not None:
            cells[key] = Cell(REJECTED, reason=rejected.reason_zh)
        else:
            cells[key] = Cell(MISSING)
    return cells


def completeness_json(result: Completeness, pack: FormPack) -> dict[str, Any]:
    def cell_json(cell: Cell) -> dict[str, Any]:
        data: dict[str, Any] = {"state": cell.state}
        if cell.revision is not None:
            data["revision"] = cell.revision
        if cell.received_at is not None:
            data["received_at"] = cell.received_at.isoformat(timespec="seconds")
        if cell.notes:
            data["notes"] = list(cell.notes)
        if cell.reason:
            data["reason"] = cell.reason
        return data

    def school_json(row: SchoolRow) -> dict[str, Any]:
        school = row.school
        return {
            "code": school.code, "name": school.name, "town": school.town, "school_type": school.school_type,
            "contact": school.contact, "phone": school.phone, "complete": row.complete,
            "cells": {key: cell_json(cell) for key, cell in row.cells.items()},
        }  # fmt: skip

    return {
        "period": result.period,
        "categories": list(result.categories),
        "counts": result.counts(),
        "schools": [school_json(row) for row in result.rows],
        "missing": [
            {"code": s.code, "name": s.name, "contact": s.contact, "phone": s.phone} for s in result.missing_schools()
        ],
    }
