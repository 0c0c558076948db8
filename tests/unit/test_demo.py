"""The demo school and the generated schools: complete, exact in their value forms, and valid."""

from __future__ import annotations

import hashlib
import json
import random
import struct
import zlib
from collections.abc import Iterator
from typing import Any

import pytest

from desktop_app.domain.demo import DEMO_MARK, DemoData, demo_data, generate_school, uscc
from desktop_app.domain.evaluation import is_relevant
from desktop_app.domain.identifiers import is_phone, is_school_code, is_uscc
from desktop_app.domain.pack import Category, Field, FieldType, FormPack, PeriodKind, Severity
from desktop_app.domain.periods import kind_of, previous
from desktop_app.domain.validation import ValidationContext, validate
from desktop_app.domain.values import from_json, is_empty, to_json

SCHOOL_TYPES = ("kindergarten", "primary", "junior", "nine_year", "complete_middle", "senior", "vocational",
                "special")  # fmt: skip


@pytest.fixture(scope="module")
def demo(pack: FormPack) -> DemoData:
    return demo_data(pack)


@pytest.fixture(scope="module")
def generated(pack: FormPack) -> list[DemoData]:
    rng = random.Random(7)
    return [generate_school(pack, index, rng) for index in range(3 * len(SCHOOL_TYPES))]


def _categories(pack: FormPack, period: str) -> Iterator[Category]:
    for category in pack.categories_for(kind_of(period)):
        if category.period_kind is not PeriodKind.PROFILE:
            yield category


def _missing(pack: FormPack, data: DemoData, period: str) -> list[str]:
    """Relevant input fields (and table columns) the school left empty in a period."""
    values = data.period_values(period)
    missing = []
    for category in _categories(pack, period):
        own = values.get(category.key, {})
        for target in category.input_fields:
            if not is_relevant(pack, category, target, values):
                assert target.key not in own, f"{period} {category.key}.{target.key} is not relevant"
                continue
            value = own.get(target.key)
            if is_empty(value):
                missing.append(f"{category.key}.{target.key}")
            for column in target.columns:
                if all(is_empty(row.get(column.key)) for row in value or []):
                    missing.append(f"{category.key}.{target.key}.{column.key}")
    return missing


def test_demo_school_is_marked_and_identified(demo: DemoData) -> None:
    profile = demo.profile
    assert DEMO_MARK in profile["school_name"] and profile["school_name"].startswith("济南市济阳区实验小学")
    assert profile["school_type"] == "primary" and profile["town"] == "370115002"  # 济北街道
    assert profile["school_code"] == "2137000001"
    assert profile["uscc"].startswith("12370115") and is_uscc(profile["uscc"])
    assert profile["phone"].startswith("0531-8") and is_phone(profile["phone"])


def test_demo_fills_every_field_in_every_period(pack: FormPack, demo: DemoData) -> None:
    assert set(demo.periods) == {"2021", "2022", "2021-2022-2", "2022-2023-1"}
    for period in demo.periods:
        assert {c.key for c in _categories(pack, period)} == set(demo.periods[period]), period
        assert _missing(pack, demo, period) == [], period
    profile = demo.period_values("2022")["profile"]
    assert all(not is_empty(profile.get(f.key)) for f in pack.profile.input_fields)


def test_generated_schools_cover_every_field_of_the_pack(pack: FormPack, generated: list[DemoData]) -> None:
    assert {school.profile["school_type"] for school in generated} == set(SCHOOL_TYPES)
    seen: set[str] = set()
    for school in generated:
        for period, categories in school.periods.items():
            for category_key, own in categories.items():
                seen |= {f"{category_key}.{key}" for key, value in own.items() if not is_empty(value)}
            assert not [m for m in _missing(pack, school, period) if m.count(".") == 1 and not _optional(pack, m)]
    every = {f"{c.key}.{f.key}" for c in pack.categories if c.key != "profile" for f in c.input_fields}
    assert every - seen == set()


def _optional(pack: FormPack, where: str) -> bool:
    category, key = where.split(".")
    # A school that chose "none" hides nothing, but some generated schools have no brand or bus.
    return not pack.category(category).field(key).required


def _round_trip(pack: FormPack, target: Field, value: Any) -> None:
    data = to_json(target, value)
    text = json.dumps(data, ensure_ascii=False)  # never a float, always JSON
    assert "e+" not in text.lower()
    back = from_json(target, json.loads(text), pack)
    assert back == value and type(back) is type(value), target.key
    if target.type is FieldType.TABLE:
        for row, back_row in zip(value, back, strict=True):
            for column in target.columns:
                assert type(back_row[column.key]) is type(row[column.key]), f"{target.key}.{column.key}"


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_every_value_round_trips_json(pack: FormPack, demo: DemoData, generated: list[DemoData], which: str) -> None:
    schools = [demo] if which == "demo" else generated
    for school in schools:
        for key, value in school.profile.items():
            _round_trip(pack, pack.profile.field(key), value)
        for categories in school.periods.values():
            for category_key, own in categories.items():
                for key, value in own.items():
                    _round_trip(pack, pack.category(category_key).field(key), value)


def _issues(pack: FormPack, school: DemoData, period: str) -> list[Any]:
    prior = previous(period)
    prior_values = school.period_values(prior) if prior in school.periods else None
    context = ValidationContext(period, school.period_values(period), prior_values, for_submission=True)
    return validate(pack, context)


def test_generated_schools_pass_every_rule(pack: FormPack, generated: list[DemoData]) -> None:
    for school in generated:
        profile = school.profile
        assert DEMO_MARK in profile["school_name"]
        assert is_school_code(profile["school_code"]) and is_uscc(profile["uscc"]), profile
        for period in school.periods:
            errors = [i for i in _issues(pack, school, period) if i.severity is Severity.ERROR]
            assert errors == [], (profile["school_type"], period, [e.text() for e in errors])
            # Warnings too: the generated schools are meant to be plausible.
            assert _issues(pack, school, period) == [], (profile["school_type"], period)


def test_generated_schools_differ_and_repeat(pack: FormPack, generated: list[DemoData]) -> None:
    codes = [school.profile["school_code"] for school in generated]
    assert len(set(codes)) == len(codes) and "2137000001" not in codes
    assert len({school.profile["town"] for school in generated}) == 10
    again = generate_school(pack, 5, random.Random(11))
    assert again == generate_school(pack, 5, random.Random(11))
    chosen = generate_school(pack, 1, random.Random(3), school_type="special")
    assert chosen.profile["school_type"] == "special" and chosen.profile["school_code"].startswith("5137")
    assert demo_data(pack) == demo_data(pack)


def test_uscc_check_characters() -> None:
    for sequence in (1, 42, 99_999_999):
        assert is_uscc(uscc(sequence)) and is_uscc(uscc(sequence, private=True))
    assert uscc(7, private=True).startswith("52370115")


def _png_size(image: bytes) -> tuple[int, int]:
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", image[16:24])
    start = image.index(b"IDAT") + 4
    length = struct.unpack(">I", image[start - 8 : start - 4])[0]
    assert len(zlib.decompress(image[start : start + length])) == height * (1 + 3 * width)
    return width, height


def test_photos_are_attachments_named_by_their_hash(pack: FormPack, demo: DemoData) -> None:
    honours = demo.periods["2022"]["honours"]
    referenced = {row["photo"] for row in honours["photos"]} | {honours["honours"][0]["photo"]}
    assert referenced == set(demo.attachments) and len(referenced) == 3
    for digest, image in demo.attachments.items():
        assert hashlib.sha256(image).hexdigest() == digest
        assert _png_size(image) == (96, 64)
    assert all(row["caption"] for row in honours["photos"])


def test_explanations_belong_to_rules_of_the_pack(pack: FormPack, demo: DemoData) -> None:
    rules = {rule.id for category in pack.categories for rule in category.rules}
    notes = [(p, c, r) for p, cats in demo.explanations.items() for c, rs in cats.items() for r in rs]
    assert notes and all(rule in rules and rule.startswith(f"{c}.") and p in demo.periods for p, c, rule in notes)
