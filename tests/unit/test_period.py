"""`Period`: a period key parsed once, with its kind, its label in both languages and its deadline."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desktop_app.domain.pack import FormPack, PeriodKind
from desktop_app.domain.periods import Period, PeriodKeyError, kind_of, label
from tests.unit.test_xlsx_support import full_submission


def test_a_year_and_a_semester_parse_once_into_kind_and_label() -> None:
    year = Period.parse("2022")
    assert (year.kind, year.name(), year.name("en")) == (PeriodKind.ANNUAL, "2022年度", "Year 2022")
    term = Period.parse("2022-2023-1", deadline=date(2023, 2, 15))
    assert term.kind is PeriodKind.SEMESTER and term.deadline == date(2023, 2, 15)
    assert term.name() == "2022—2023学年第一学期" == label("2022-2023-1")
    assert term.span == (date(2022, 9, 1), date(2023, 1, 31))
    assert term.previous() == Period.parse("2021-2022-2")


@pytest.mark.parametrize("key", ["", "22", "2022-2024-1", "2022-2023-3", "2022年"])
def test_a_key_that_is_no_period_is_refused_as_kind_of_refuses_it(key: str) -> None:
    with pytest.raises(PeriodKeyError):
        Period.parse(key)
    with pytest.raises(PeriodKeyError):
        kind_of(key)


def test_the_pack_s_periods_carry_their_label_and_deadline(pack: FormPack) -> None:
    for spec in pack.periods:
        period = Period.of(spec)
        assert (period.key, period.kind, period.label, period.deadline) == (spec.key, spec.kind, spec.label,
                                                                             spec.deadline)  # fmt: skip
        assert period.name() == label(spec.key)


def test_a_submission_names_its_period(pack: FormPack) -> None:
    submission = replace(full_submission(pack), period="2022-2023-2")
    assert submission.reporting_period == Period.parse("2022-2023-2")
    assert submission.reporting_period.name("en") == "2022–2023 school year, semester 2"


def test_a_key_is_parsed_once_a_process_and_a_deadline_does_not_change_the_shared_one() -> None:
    assert Period.parse("2022-2023-1") is Period.parse("2022-2023-1")
    dated = Period.parse("2022-2023-1", deadline=date(2023, 2, 15))
    assert dated.deadline == date(2023, 2, 15) and Period.parse("2022-2023-1").deadline is None
    assert dated.label == Period.parse("2022-2023-1").label


def test_a_record_carrying_a_key_names_its_period() -> None:
    from desktop_app.bureau.quality import QualityReport
    from desktop_app.services.lifecycle import PeriodState

    state = PeriodState("2022-2023-2", "draft", 1)
    assert state.reporting_period.name() == "2022—2023学年第二学期" == label("2022-2023-2")
    report = QualityReport("2022", 0, [], [])
    assert (report.reporting_period.kind, report.reporting_period.name("en")) == (PeriodKind.ANNUAL, "Year 2022")
