"""The field-type → widget-factory table: adding a field to the pack needs no widget code.

A factory takes (field, context) and returns a FieldEditor. A factory may be registered for a type
and a rendering hint (`widget: radio`); the plain type entry is the fallback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop_app.domain.pack import Field, FieldType

if TYPE_CHECKING:
    from desktop_app.ui.forms.base import EditorContext, FieldEditor

Factory = Callable[["Field", "EditorContext"], "FieldEditor"]

_FACTORIES: dict[tuple[FieldType, str | None], Factory] = {}
_LOADED = False

# One module per type family; each registers its factories when imported.
_FAMILY_MODULES = (
    "desktop_app.ui.forms.editors_number",
    "desktop_app.ui.forms.editors_text",
    "desktop_app.ui.forms.editors_choice",
    "desktop_app.ui.forms.editors_date",
    "desktop_app.ui.forms.editors_table",
)


def register(field_type: FieldType, hint: str | None = None) -> Callable[[Factory], Factory]:
    def decorate(factory: Factory) -> Factory:
        _FACTORIES[(field_type, hint)] = factory
        return factory

    return decorate


def _load() -> None:
    global _LOADED
    if not _LOADED:
        import importlib

        for name in _FAMILY_MODULES:
            importlib.import_module(name)
        _LOADED = True


def factory_for(field: Field) -> Factory:
    _load()
    found = _FACTORIES.get((field.type, field.widget)) or _FACTORIES.get((field.type, None))
    if found is None:
        raise LookupError(f"no widget factory for field type {field.type!r}")
    return found


def registered_types() -> set[FieldType]:
    _load()
    return {field_type for field_type, _hint in _FACTORIES}


def create_editor(field: Field, context: EditorContext) -> FieldEditor:
    return factory_for(field)(field, context)
