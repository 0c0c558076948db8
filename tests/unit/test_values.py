"""Every field type: parse what a clerk types, and round-trip the exact JSON form."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.domain.loader import load_pack
from desktop_app.domain.messages import ValueProblem
from desktop_app.domain.pack import FormPack
from desktop_app.domain.values import display, from_json, parse_text, to_json
from tests.unit.pack_builder import category, write_pack

FIELDS: list[dict[str, Any]] = [
    {"key": "count", "type": "integer", "label": "人数"},
    {"key": "money", "type": "decimal", "places": 2, "label": "金额"},
    {"key": "name", "type": "text", "max_length": 30, "label": "名称"},
    {"key": "story", "type": "longtext", "max_length": 500, "label": "亮点"},
    {"key": "day", "type": "date", "label": "日期"},
    {"key": "flag", "type": "boolean", "label": "是否达标"},
    {"key": "star", "type": "choice", "choices": "star", "label": "星级"},
    {"key": "themes", "type": "multichoice", "choices": "themes", "label": "五融入"},
    {"key": "rows", "type": "table", "label": "资助", "columns": [
        {"key": "amount", "type": "decimal", "places": 2, "label": "金额"},
        {"key": "kind", "type": "choice", "choices": "star", "label": "类别"},
    ]},
]  # fmt: skip


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> FormPack:
    return load_pack(write_pack(tmp_path_factory.mktemp("v") / "pack", category(fields=FIELDS)))


def field(pack: FormPack, key: str) -> Any:
    return pack.category("safety").field(key)


@pytest.mark.parametrize(
    ("key", "text", "expected"),
    [
        ("count", " 1,200 ", 1200),
        ("count", "１２", 12),  # full-width digits from WPS
        ("money", "1234.5", Decimal("1234.50")),
        ("money", "0", Decimal("0.00")),
        ("day", "2022年6月6日", date(2022, 6, 6)),
        ("day", "2022/6/6", date(2022, 6, 6)),
        ("flag", "是", True),
        ("flag", "否", False),
        ("star", "五星", "five"),
        ("star", "five", "five"),
        ("themes", "教育教学、学生思政教育", ("a", "c")),
        ("name", "  R&D <b>  ", "R&D <b>"),
        ("count", "", None),
    ],
)
def test_parse_what_clerks_type(tiny: FormPack, key: str, text: str, expected: Any) -> None:
    assert parse_text(field(tiny, key), text, tiny) == expected


@pytest.mark.parametrize(
    ("key", "text", "code"),
    [
        ("count", "十二", "not_integer"),
        ("count", "1.5", "not_integer"),
        ("money", "1.234", "too_many_places"),
        ("money", "NaN", "not_decimal"),
        ("day", "2022-02-30", "not_date"),
        ("flag", "也许", "not_boolean"),
        ("star", "六星", "unknown_choice"),
        ("name", "a\x07b", "control_character"),
        ("rows", "x", "not_scalar"),
    ],
)
def test_bad_typing_is_refused_with_a_message_naming_the_field(tiny: FormPack, key: str, text: str, code: str) -> None:
    with pytest.raises(ValueProblem) as caught:
        parse_text(field(tiny, key), text, tiny)
    assert caught.value.code == code
    assert field(tiny, key).label.zh in caught.value.text("zh")


values_by_key = {
    "count": st.integers(min_value=0, max_value=10**12),
    "money": st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    "name": st.text(max_size=30),
    "day": st.dates(),
    "flag": st.booleans(),
    "star": st.sampled_from(["five", "four"]),
    "themes": st.sets(st.sampled_from(["a", "b", "c"])).map(lambda s: tuple(k for k in "abc" if k in s)),
}


@pytest.mark.parametrize("key", sorted(values_by_key))
def test_json_round_trip_is_exact(tiny: FormPack, key: str) -> None:
    @given(values_by_key[key])
    def round_trip(value: Any) -> None:
        target = field(tiny, key)
        text = json.dumps(to_json(target, value), ensure_ascii=False)
        back = from_json(target, json.loads(text), tiny)
        assert back == value and type(back) is type(value)

    round_trip()


def test_table_round_trip_and_display(tiny: FormPack) -> None:
    table = field(tiny, "rows")
    rows = [{"amount": Decimal("12.30"), "kind": "five"}, {"amount": None, "kind": None}]
    assert from_json(table, json.loads(json.dumps(to_json(table, rows))), tiny) == rows
    assert to_json(field(tiny, "money"), Decimal("1.50")) == "1.50"  # never a float
    assert display(field(tiny, "money"), Decimal("1234.5"), tiny) == "1,234.50"
    assert display(field(tiny, "day"), date(2022, 6, 6), tiny) == "2022年6月6日"
    assert display(field(tiny, "themes"), ("a", "c"), tiny) == "学生思政教育、教育教学"


@pytest.mark.parametrize(("key", "data"), [("count", "12"), ("count", True), ("money", 1.5), ("star", "six"),
                                            ("day", "2022-13-01"), ("themes", ["z"])])  # fmt: skip
def test_wrong_types_are_refused_on_read(tiny: FormPack, key: str, data: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueProblem):
        from_json(field(tiny, key), data, tiny)
