"""The paper code's text format and the questions' pure parts (domain/paper.py, domain/questions.py)."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from desktop_app.domain.paper import PaperCode, encode, parse
from desktop_app.domain.questions import (
    Answer,
    QuestionFile,
    QuestionItem,
    Target,
    check_target,
    describe_change,
    file_fingerprint,
    target_value,
)

FP = "d9642b957ba3a8d54ddbb69574c6286a669c29af144f9f09f73ac85fb9910b97"


def test_paper_code_round_trip_and_alphabet() -> None:
    text = encode("2137000001", "2022-2023-1", 12, FP)
    assert text == f"SRP1:2137000001:2022-2023-1:12:{FP.upper()}"
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")  # QR alphanumeric mode
    assert parse(text) == PaperCode("2137000001", "2022-2023-1", 12, FP)
    assert parse(" " + text + "\n") == PaperCode("2137000001", "2022-2023-1", 12, FP)


@pytest.mark.parametrize("text", [
    "", "https://example.com", f"SRP2:2137000001:2022:1:{FP.upper()}", f"SRP1:2137000001:2022:0:{FP.upper()}",
    f"SRP1:2137000001:22:1:{FP.upper()}", f"SRP1:2137000001:2022:1:{FP.upper()[:-1]}",
    f"SRP1:2137000001:2022:1:{FP.upper()}:extra",
])  # fmt: skip
def test_texts_that_are_not_paper_codes(text: str) -> None:
    assert parse(text) is None


def test_encode_refuses_what_the_format_cannot_carry() -> None:
    with pytest.raises(ValueError):
        encode("学校", "2022", 1, FP)


def test_a_submission_without_answers_keeps_its_fingerprint(pack: Any) -> None:
    from desktop_app.domain.submission import Status, canonical_document, fingerprint
    from tests.unit.test_pdf_fixtures import demo_or_sample

    submission = demo_or_sample(pack, Status.SUBMITTED)
    assert "answers" not in canonical_document(pack, submission)
    answered = replace(submission, answers=(Answer("Q1", "无误", Target("party", "members")),))
    assert canonical_document(pack, answered)["answers"] == {"Q1": "无误"}
    assert fingerprint(pack, answered) != fingerprint(pack, submission)
    other_reply = replace(answered, answers=(Answer("Q1", "有误", Target("party", "members")),))
    assert fingerprint(pack, other_reply) != fingerprint(pack, answered)


def test_targets_values_and_changes(pack: Any) -> None:
    values = {
        "party": {"members": 25, "brand_name": "红烛"},
        "honours": {"photos": [{"caption": "a"}, {"caption": "b"}]},
    }
    assert target_value(values, Target("party", "members")) == 25
    assert target_value(values, Target("party")) == values["party"]
    assert target_value(values, Target("honours", "photos", 2)) == {"caption": "b"}
    assert target_value(values, Target("honours", "photos", 3)) is None
    assert describe_change(pack, Target("party", "members"), 25, 27) == "25 → 27"
    assert describe_change(pack, Target("party", "members"), 25, 25) == "数值未改"
    whole = describe_change(pack, Target("party"), {"members": 25, "brand_name": "红烛"},
                            {"members": 27, "brand_name": "红烛"})  # fmt: skip
    assert whole == "党员人数 25 → 27"
    assert check_target(pack, Target("party", "members")) is None
    assert check_target(pack, Target("nonesuch")) is not None
    assert check_target(pack, Target("party", "members", 2)) is not None  # not a table


def test_question_file_fingerprint_covers_every_question() -> None:
    made = QuestionFile("2137000001", "某校", "2022", 1, FP, "请核实", "2026-12-01T09:00:00+08:00",
                        (QuestionItem("Q1", Target("party", "members"), "请核实", 25),))  # fmt: skip
    changed = replace(made, questions=(QuestionItem("Q1", Target("party", "members"), "请改为 99", 25),))
    assert file_fingerprint(made) != file_fingerprint(changed)
    assert file_fingerprint(made) == file_fingerprint(replace(made))
