"""One 上报 checks the period once: the dialog's pre-check, the refusal, the frozen 说明 and the files read
one answer (services.answers), not a validation each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from desktop_app.services import answers, lifecycle, progress

PERIOD = "2022"


def _count_checks(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Every time a category's issues are asked for (whichever caller asks), by category."""
    asked: Counter[str] = Counter()
    real: Callable[..., Any] = progress.category_issues

    def counted(context: Any, period: str, category: str, *rest: Any) -> Any:
        asked[category] += 1
        return real(context, period, category, *rest)

    monkeypatch.setattr(progress, "category_issues", counted)
    monkeypatch.setattr(answers, "category_issues", counted)
    return asked


def test_one_submit_asks_each_category_s_issues_once(service: Any, pack: Any, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    asked = _count_checks(monkeypatch)
    result = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    assert result.revision == 1 and not result.files_error
    assert set(asked) == {c.key for c in pack.categories_for(pack.period(PERIOD).kind)}
    assert set(asked.values()) == {1}, dict(asked)  # was 3 a category: the check, the blockers, the draft


def test_the_dialog_s_pre_check_serves_the_submit(service: Any, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:  # fmt: skip
    asked = _count_checks(monkeypatch)
    assert lifecycle.blockers(service, PERIOD) == []  # what the 上报 dialog shows first
    before = sum(asked.values())
    lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    assert before and sum(asked.values()) == before  # the submit read the same answer again, checked nothing


def test_the_frozen_submission_keeps_the_explained_warnings(service: Any, tmp_path: Path) -> None:
    notes = service.explanations("integrity", PERIOD)
    result = lifecycle.submit(service, PERIOD, out_dir=tmp_path / "out")
    frozen, issues = lifecycle.current_submission(service, PERIOD)
    assert frozen.revision == result.revision and frozen.explanations.get("integrity") == notes
    assert {i.rule_id for i in issues if i.category == "integrity"} >= set(notes)
