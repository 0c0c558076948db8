from __future__ import annotations

import pytest

from desktop_app.domain import identifiers


@pytest.mark.parametrize("code", ["91350100M000100Y43", "12370115MB0000001" + "0"])
def test_uscc_check_character(code: str) -> None:
    expected = identifiers.uscc_check_character(code[:17])
    assert identifiers.is_uscc(code[:17] + expected)


def test_uscc_examples_from_the_standard() -> None:
    assert identifiers.is_uscc("91350100M000100Y43")
    assert not identifiers.is_uscc("91350100M000100Y4Z")
    assert not identifiers.is_uscc("91350100M000100Y4")  # 17 characters
    assert not identifiers.is_uscc("91350100I000100Y43")  # I is never used


@pytest.mark.parametrize(
    ("text", "valid"),
    [("13812345678", True), ("12812345678", False), ("+8613812345678", True), ("1381234567", False)],
)
def test_mobile(text: str, valid: bool) -> None:
    assert identifiers.is_mobile(text) is valid


@pytest.mark.parametrize(
    ("text", "valid"), [("0531-84235116", True), ("053184235116", True), ("84235116", False), ("0531-1234", False)]
)
def test_landline(text: str, valid: bool) -> None:
    assert identifiers.is_landline(text) is valid


@pytest.mark.parametrize(
    ("text", "valid"),
    [("2137000001", True), ("1137123456", True), ("2144000001", False), ("99370000011", False), ("213700000", False)],
)
def test_school_code(text: str, valid: bool) -> None:
    assert identifiers.is_school_code(text) is valid
