"""One object per field type (domain/field_types), in a registry the loader checks; values.py only
dispatches to it, with no branch of its own on the type."""

from __future__ import annotations

import inspect
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType

import pytest

from desktop_app.domain import pack_parts
from desktop_app.domain.aggregation import ALLOWED_AGGREGATIONS, DEFAULT_AGGREGATION, default_aggregation
from desktop_app.domain.field_types import REGISTRY, FieldKind, check_registry, field_kind
from desktop_app.domain.pack import Aggregation, Field, FieldType, FormPack
from desktop_app.domain.pack_basics import PackError
from desktop_app.domain.text import Text
from desktop_app.domain.values import display, from_json, parse_text, to_json
from tests.unit.test_xlsx_support import full_submission

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"


def test_every_field_type_of_the_pack_format_has_exactly_one_kind() -> None:
    check_registry()
    assert set(REGISTRY) == set(FieldType)
    for field_type, kind in REGISTRY.items():
        assert isinstance(kind, FieldKind) and kind.type is field_type
        assert kind.default_aggregation in kind.allowed_aggregations


def test_values_py_dispatches_without_branching_on_the_type() -> None:
    source = (PACKAGE / "domain" / "values.py").read_text(encoding="utf-8")
    assert "FieldType" not in source


def test_each_kind_lives_in_a_module_of_the_field_types_package() -> None:
    for kind in REGISTRY.values():
        module = inspect.getmodule(type(kind))
        assert module is not None and module.__name__.startswith("desktop_app.domain.field_types.")


def test_the_aggregation_defaults_are_the_kinds_own() -> None:
    for field_type, kind in REGISTRY.items():
        assert DEFAULT_AGGREGATION[field_type] is kind.default_aggregation
        assert ALLOWED_AGGREGATIONS[field_type] == kind.allowed_aggregations
    rate = Field("rate", Text("比率"), FieldType.DERIVED, ratio=object())  # type: ignore[arg-type]
    assert default_aggregation(rate) is Aggregation.RATIO


def test_the_loader_refuses_a_field_type_without_its_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = {t: k for t, k in REGISTRY.items() if t is not FieldType.DATE}
    monkeypatch.setattr(pack_parts, "REGISTRY", MappingProxyType(registry))
    with pytest.raises(PackError, match="date") as raised:
        pack_parts.parse_field("x.yaml", "fields[0]", {"key": "opened", "label": "建校日期", "type": "date"})
    assert raised.value.key == "fields[0](opened).type"
    field = pack_parts.parse_field("x.yaml", "fields[0]", {"key": "n", "label": "人数", "type": "integer"})
    assert field.aggregate is Aggregation.SUM


def test_every_value_of_a_full_submission_round_trips_through_its_kind(pack: FormPack) -> None:
    submission = full_submission(pack)
    seen: set[FieldType] = set()
    for category_key, values in submission.values.items():
        category = pack.category(category_key)
        for key, value in values.items():
            item = category.field(key)
            seen.add(item.type)
            for column in item.columns:
                seen.add(column.type)
            assert from_json(item, to_json(item, value), pack) == value
            assert field_kind(item).type is item.type
            if value not in (None, [], ()):
                assert display(item, value, pack) != ""
    assert {FieldType.INTEGER, FieldType.DECIMAL, FieldType.TEXT, FieldType.TABLE} <= seen


def test_a_kind_parses_displays_and_refuses_in_its_own_terms(pack: FormPack) -> None:
    amount = Field("amount", Text("金额"), FieldType.DECIMAL, places=2)
    assert parse_text(amount, "１,234.5", pack) == Decimal("1234.50")
    assert to_json(amount, Decimal("1234.50")) == "1234.50"
    assert display(amount, Decimal("1234.5"), pack) == "1,234.50"
    rate = Field("rate", Text("比率"), FieldType.DERIVED, places=1)
    assert from_json(rate, 3) == 3 and from_json(rate, "0.25") == Decimal("0.25")
    table = Field("rows", Text("明细"), FieldType.TABLE, columns=(amount,))
    assert from_json(table, None) == [] and display(table, [{"amount": None}], pack) == "1行"
