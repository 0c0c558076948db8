"""Small crafted districts built the way real ones are: each school filled in its own database through the
ReportingService (as the window and `school-report set` do), every warning explained, submitted (上报 writes
the PDF and the workbook), and the workbooks imported by the bureau's real import."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.records import SchoolEntry
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.demo import DemoData, generate_school
from desktop_app.domain.pack import PROFILE_CATEGORY, FormPack

BLANK = object()  # a value the clerk leaves empty
EXPLANATION = "已核实，情况属实。"


@dataclass
class School:
    """A generated school of a given type, with the changes a test makes to its figures (BLANK: left empty)."""

    key: str  # the test's name for it
    school_type: str
    periods: tuple[str, ...] = ("2022",)
    changes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # period → category → field → value
    town: str | None = None
    data: DemoData | None = None

    @property
    def code(self) -> str:
        assert self.data is not None
        return str(self.data.profile["school_code"])

    @property
    def name(self) -> str:
        assert self.data is not None
        return str(self.data.profile["school_name"])


def generate(pack: FormPack, schools: list[School], seed: int = 2022) -> None:
    rng = random.Random(seed)
    towns = pack.choice_list("town").keys
    for index, school in enumerate(schools):
        data = generate_school(pack, 500 + index, rng, school.school_type)
        if school.town:
            data.profile["town"] = school.town
        elif school.town is None:
            data.profile["town"] = towns[index % len(towns)]
        for period, categories in school.changes.items():
            for category, values in categories.items():
                own = data.periods.setdefault(period, {}).setdefault(category, {})
                for key, value in values.items():
                    if value is BLANK:
                        own.pop(key, None)
                    else:
                        own[key] = value
        school.data = data


def fill_and_submit(pack: FormPack, school: School, folder: Path) -> list[Path]:
    """The school's clerk: every value typed in, every warning explained, each period submitted."""
    from desktop_app.domain.pack import Severity
    from desktop_app.services import lifecycle
    from desktop_app.services.reporting import ReportingService

    assert school.data is not None
    data = school.data
    service = ReportingService.open(folder / f"{school.key}.sqlite3", pack)
    files = []
    try:
        with service.store.write():
            for content in data.attachments.values():
                service.record_attachment(content)
            for key, value in data.profile.items():
                service.set_value(PROFILE_CATEGORY, key, value, source="test")
            for period in school.periods:
                for category, values in data.periods[period].items():
                    for key, value in values.items():
                        service.set_value(category, key, value, period=period, source="test")
        for period in school.periods:
            for issue in service.validate(period, for_submission=True):
                assert issue.severity is Severity.WARNING, (school.key, period, issue.rule_id, issue.text())
                service.set_explanation(issue.category, issue.rule_id, EXPLANATION, period=period, source="test")
            result = lifecycle.submit(service, period, out_dir=folder / "out" / school.key)
            assert result.xlsx is not None, result.files_error
            files.append(result.xlsx)
    finally:
        service.close()
    return files


def register_entries(schools: Iterable[School]) -> list[SchoolEntry]:
    entries = []
    for school in schools:
        assert school.data is not None
        profile = school.data.profile
        entries.append(SchoolEntry(school.code, school.name, school.school_type, str(profile["town"]),
                                   str(profile.get("preparer", "")), str(profile.get("phone", ""))))  # fmt: skip
    return entries


def build_district(pack: FormPack, schools: list[School], folder: Path) -> Path:
    """Every school filled, submitted and exported; the bureau's database with the register and the import."""
    generate(pack, schools)
    files: list[Path] = []
    for school in schools:
        files += fill_and_submit(pack, school, folder)
    db = folder / "bureau.sqlite3"
    store = BureauStore.open(db)
    try:
        store.save_schools(register_entries(schools))
        outcomes = import_files(store, pack, files, isolate=False)
    finally:
        store.close()
    refused = [(o.path, o.reason_zh) for o in outcomes if o.decision != "accepted"]
    assert not refused, refused
    return db
