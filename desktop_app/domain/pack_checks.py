"""Cross-checks of a loaded pack: every name a field or rule uses must exist, once."""

from __future__ import annotations

from desktop_app.domain.expressions import PERIOD_NAMES, ExpressionError, compile_expression
from desktop_app.domain.identifiers import PATTERNS
from desktop_app.domain.pack import SCHOOL_TYPE_FIELD, Category, Field, FieldRef, FieldType, FormPack
from desktop_app.domain.pack_basics import PackError

_WIDGETS = {None, "combo", "radio"}
_NUMBERS = (FieldType.INTEGER, FieldType.DECIMAL, FieldType.DERIVED)
_GLOBAL_NAMES = {SCHOOL_TYPE_FIELD, *PERIOD_NAMES}


def check_pack(pack: FormPack) -> None:
    _unique(pack, [c.key for c in pack.categories], "categories", "类别键")
    _unique(pack, [str(c.number) for c in pack.categories], "categories", "类别序号")
    rule_ids: dict[str, str] = {}
    for category in pack.categories:
        for rule in category.rules:
            if rule.id in rule_ids:
                raise PackError(category.source_file, f"rules({rule.id})", f"规则编号与 {rule_ids[rule.id]} 重复")
            rule_ids[rule.id] = category.source_file
        _check_category(pack, category)
    _check_cycles(pack)
    _check_district(pack)


def _check_ref(pack: FormPack, file: str, where: str, ref: FieldRef) -> None:
    """A ratio's or an indicator's part: an existing number field of a category."""
    if not pack.has_category(ref.owner) or not pack.category(ref.owner).has_field(ref.key):
        raise PackError(file, where, f"字段“{ref}”不存在")
    if pack.category(ref.owner).field(ref.key).type not in _NUMBERS:
        raise PackError(file, where, f"字段“{ref}”不是数值字段")


def _check_district(pack: FormPack) -> None:
    file = f"{pack.source_dir}/district.yaml"
    own = {spec.key for spec in pack.periods}
    for spec in pack.baseline_periods:
        if spec.key in own:
            raise PackError(file, "baseline_periods", f"报送期“{spec.key}”已在 pack.yaml 中，不是对比基期")
    quality = pack.quality
    for index, ref in enumerate(quality.jump_fields):
        _check_ref(pack, file, f"quality.year_on_year.fields[{index}]", ref)
    keys: set[str] = set()
    for indicator in quality.indicators:
        if indicator.key in keys:
            raise PackError(file, f"quality.indicators({indicator.key})", "指标键重复")
        keys.add(indicator.key)
        _check_ref(pack, file, f"quality.indicators({indicator.key}).numerator", indicator.numerator)
        _check_ref(pack, file, f"quality.indicators({indicator.key}).denominator", indicator.denominator)


def _unique(pack: FormPack, keys: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PackError(f"{pack.source_dir}/pack.yaml", where, f"{what}“{key}”重复")
        seen.add(key)


def _check_field(pack: FormPack, category: Category, field: Field, where: str) -> None:
    file = category.source_file
    if field.choices is not None and field.choices not in pack.choice_lists:
        raise PackError(file, f"{where}.choices", f"选项列表“{field.choices}”不存在")
    if field.pattern is not None and field.pattern not in PATTERNS:
        raise PackError(file, f"{where}.pattern", f"未知的格式“{field.pattern}”，可选：{'、'.join(PATTERNS)}")
    if field.widget not in _WIDGETS:
        raise PackError(file, f"{where}.widget", f"未知的控件提示“{field.widget}”")
    for column in field.columns:
        _check_field(pack, category, column, f"{where}.columns({column.key})")


def _check_category(pack: FormPack, category: Category) -> None:
    file = category.source_file
    sections = {s.key for s in category.sections}
    for field in category.fields:
        where = f"fields({field.key})"
        _check_field(pack, category, field, where)
        if field.section is not None and field.section not in sections:
            raise PackError(file, f"{where}.section", f"分组“{field.section}”不存在")
        if field.ratio is not None:  # before its formula, which is made of these two
            _check_ref(pack, file, f"{where}.ratio.numerator", field.ratio.numerator)
            _check_ref(pack, file, f"{where}.ratio.denominator", field.ratio.denominator)
        for label, source in (("formula", field.formula), ("visible_when", field.visible_when)):
            if source is not None:
                _check_expression(pack, category, source, f"{where}.{label}")
    for rule in category.rules:
        where = f"rules({rule.id})"
        for key in rule.fields:
            if not category.has_field(key):
                raise PackError(file, f"{where}.fields", f"字段“{key}”不存在")
        _check_expression(pack, category, rule.check, f"{where}.check")
        if rule.when is not None:
            _check_expression(pack, category, rule.when, f"{where}.when")
        ratio = rule.target.ratio if rule.target is not None else None
        if ratio is not None and (not category.has_field(ratio) or category.field(ratio).ratio is None):
            raise PackError(file, f"targets({rule.id}).ratio", f"“{ratio}”不是本类别声明的比率字段")


def _check_expression(pack: FormPack, category: Category, source: str, where: str) -> None:
    file = category.source_file
    try:
        expression = compile_expression(source)
    except ExpressionError as error:
        raise PackError(file, where, str(error)) from error
    for ref in expression.references():
        if ref.column_of:
            table_key, _, column_key = ref.key.partition(".")
            if not category.has_field(table_key) or category.field(table_key).type is not FieldType.TABLE:
                raise PackError(file, where, f"“{table_key}”不是本类别的表格")
            if column_key and column_key not in {c.key for c in category.field(table_key).columns}:
                raise PackError(file, where, f"表格“{table_key}”没有列“{column_key}”")
        elif ref.owner is not None:
            if not pack.has_category(ref.owner) or not pack.category(ref.owner).has_field(ref.key):
                raise PackError(file, where, f"引用的字段“{ref.owner}.{ref.key}”不存在")
        elif not category.has_field(ref.key) and ref.key not in _GLOBAL_NAMES:
            raise PackError(file, where, f"引用的字段“{ref.key}”不存在")


def _check_cycles(pack: FormPack) -> None:
    """Derived fields may use other derived fields, never in a circle."""
    for category in pack.categories:
        graph: dict[str, set[str]] = {}
        for field in category.fields:
            if field.type is FieldType.DERIVED and field.formula:
                refs = compile_expression(field.formula).references()
                graph[field.key] = {r.key for r in refs if r.owner is None and not r.column_of}
        state: dict[str, int] = {}
        for node in graph:
            _visit(category, graph, state, node)


def _visit(category: Category, graph: dict[str, set[str]], state: dict[str, int], node: str) -> None:
    """Depth-first search; state 1 = on the current path, 2 = done."""
    if state.get(node) == 1:
        raise PackError(category.source_file, f"fields({node}).formula", "派生字段循环引用")
    if state.get(node) == 2:
        return
    state[node] = 1
    for neighbour in graph.get(node, ()):
        _visit(category, graph, state, neighbour)
    state[node] = 2
