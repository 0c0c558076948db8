"""The registry: one FieldKind per FieldType. A new type is one module with its kind, added here, and
its tests; `check_registry` (run by the pack loader) refuses a type that has none."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from desktop_app.domain.field_types.base import KINDS_BY_TYPE, FieldKind, JsonValue, Value
from desktop_app.domain.field_types.choices import BooleanKind, ChoiceKind, MultiChoiceKind
from desktop_app.domain.field_types.dates import DateKind
from desktop_app.domain.field_types.derived import DerivedKind
from desktop_app.domain.field_types.numbers import DecimalKind, IntegerKind
from desktop_app.domain.field_types.table import TableKind
from desktop_app.domain.field_types.texts import ImageKind, LongTextKind, TextKind
from desktop_app.domain.pack import Field, FieldType, FormPack

KINDS: tuple[FieldKind, ...] = (
    IntegerKind(), DecimalKind(), TextKind(), LongTextKind(), ImageKind(), DateKind(), BooleanKind(),
    ChoiceKind(), MultiChoiceKind(), DerivedKind(), TableKind(),
)  # fmt: skip
REGISTRY: Mapping[FieldType, FieldKind] = MappingProxyType({kind.type: kind for kind in KINDS})
KINDS_BY_TYPE.update(REGISTRY)  # a table's columns are read and written by their own kinds


class UnregisteredType(LookupError):
    """A field type without its kind in the registry (a programming error, caught by the loader)."""


def kind_of_type(field_type: FieldType) -> FieldKind:
    try:
        return REGISTRY[field_type]
    except KeyError:
        raise UnregisteredType(field_type) from None


def field_kind(field: Field) -> FieldKind:
    return kind_of_type(field.type)


def missing_types() -> list[FieldType]:
    """Field types the pack format names that have no kind here (none, when the registry is whole)."""
    return [field_type for field_type in FieldType if field_type not in REGISTRY]


def check_registry() -> None:
    """Raise UnregisteredType when a FieldType has no kind, or two kinds claim one type."""
    if len(REGISTRY) != len(KINDS):
        raise UnregisteredType("two kinds for one type")
    missing = missing_types()
    if missing:
        raise UnregisteredType(", ".join(missing))


def read_json(field: Field, data: JsonValue, pack: FormPack | None) -> Value:
    """A value from its JSON form; null is the kind's empty value."""
    kind = field_kind(field)
    return kind.empty() if data is None else kind.from_json(field, data, pack)
