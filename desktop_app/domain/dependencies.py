"""Which categories' values a category's derived values, relevance and checks read.

What a category shows (derived values, which fields apply, its issues) is a function of its own values,
the school profile (the school type), the categories its expressions name (`category.field`, also
through another category's derived fields) and earlier periods (prev()). An edit of one category can
change only the categories that read it; the service recomputes those and keeps the rest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from desktop_app.domain.expressions import ExpressionError, compile_expression
from desktop_app.domain.pack import PROFILE_CATEGORY, Category, FormPack


def _expressions(category: Category) -> Iterable[str]:
    for target in category.fields:
        for source in (target.formula, target.visible_when):
            if source:
                yield source
        for column in target.columns:
            for source in (column.formula, column.visible_when):
                if source:
                    yield source
    for rule in category.rules:
        for source in (rule.check, rule.when):
            if source:
                yield source


def _named(pack: FormPack, category: Category) -> set[str]:
    """The other categories one category's expressions name directly (every one, if one cannot be read)."""
    named: set[str] = set()
    for source in _expressions(category):
        try:
            references = compile_expression(source).references()
        except ExpressionError:
            return {c.key for c in pack.categories}
        named.update(r.owner for r in references if r.owner and not r.column_of and pack.has_category(r.owner))
    return named


def reads(pack: FormPack) -> Mapping[str, frozenset[str]]:
    """Category → every category whose values it reads: itself, the profile, and what it names, closed
    over what those name in turn (a derived field of another category reads that category's names)."""
    known = _KNOWN.get(id(pack))
    if known is None or known[0] is not pack:  # a pack is immutable: worked out once
        known = (pack, _reads(pack))
        _KNOWN[id(pack)] = known
        while len(_KNOWN) > 8:
            del _KNOWN[next(iter(_KNOWN))]
    return known[1]


_KNOWN: dict[int, tuple[FormPack, dict[str, frozenset[str]]]] = {}


def _reads(pack: FormPack) -> dict[str, frozenset[str]]:
    direct = {c.key: _named(pack, c) for c in pack.categories}
    found: dict[str, frozenset[str]] = {}
    for key in direct:
        seen = {key, PROFILE_CATEGORY}
        todo = list(direct[key])
        while todo:
            other = todo.pop()
            if other not in seen:
                seen.add(other)
                todo.extend(direct.get(other, ()))
        found[key] = frozenset(seen)
    return found


def readers(pack: FormPack, changed: Iterable[str]) -> frozenset[str]:
    """Every category whose derived values, relevance or checks may change when these categories change."""
    changed = set(changed)
    return frozenset(key for key, read in reads(pack).items() if read & changed)
