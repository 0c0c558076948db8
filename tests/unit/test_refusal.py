"""A refused step's message is built one way (domain.messages.Refusal): the code of its class's
catalogue, the values filled in, a bilingual value (a period's label) in the message's language."""

from __future__ import annotations

import pytest

from desktop_app.domain.messages import Refusal
from desktop_app.domain.text import Text
from desktop_app.services.questions import QuestionsRefused
from desktop_app.services.refusals_lifecycle import LifecycleError


def test_a_bilingual_value_is_filled_in_the_language_of_the_message() -> None:
    error = LifecycleError("not_submitted", period=Text("2022年度", "year 2022"))
    assert error.code == "not_submitted"
    assert error.text("zh") == "2022年度尚未上报，无需退回。"
    assert error.text("en") == "year 2022 has not been submitted; nothing to reopen."
    assert str(error) == error.text("zh")


def test_a_message_may_name_a_value_code() -> None:
    error = QuestionsRefused("other_school", other="实验中学", code="3737000001", ours="闻韶中学")
    assert error.code == "other_school"
    assert error.params["code"] == "3737000001"
    assert "实验中学（3737000001）" in error.text("zh")
    assert "not this school (闻韶中学)" in error.text("en")


def test_each_refusal_reads_its_own_catalogue() -> None:
    with pytest.raises(KeyError):
        QuestionsRefused("not_submitted", period="2022")
    assert isinstance(LifecycleError("reason_required"), Refusal)
