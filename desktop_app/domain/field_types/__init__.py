"""Field types: one object per type (parse, display, JSON in and out, field checks, the district's
aggregation default) in one registry. domain/values.py is the API the rest of the app calls."""

from desktop_app.domain.field_types.base import FieldKind
from desktop_app.domain.field_types.registry import REGISTRY, check_registry, field_kind, kind_of_type

__all__ = ["REGISTRY", "FieldKind", "check_registry", "field_kind", "kind_of_type"]
