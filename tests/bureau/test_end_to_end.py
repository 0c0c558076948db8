"""100 generated schools exported by the school side, imported by the bureau with hostile files mixed in."""

from __future__ import annotations

import shutil
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.bureau.consolidate import consolidate
from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.store import BureauStore
from desktop_app.domain.pack import FieldType
from desktop_app.domain.periods import kind_of
from desktop_app.domain.values import is_empty, quantum
from tests.bureau.helpers import PERIOD, register_of, revised, write_workbook
from tests.bureau.hostile import write_hostile

NUMERIC = (FieldType.INTEGER, FieldType.DECIMAL)


def _independent_sums(pack, submissions):  # type: ignore[no-untyped-def]
    """Sums, answer counts and column sums computed straight from the generated values."""
    sums: dict[tuple[str, str], object] = {}
    options: dict[tuple[str, str], Counter[str]] = {}
    columns: dict[tuple[str, str, str], object] = {}
    for submission in submissions:
        for category in pack.categories_for(kind_of(PERIOD)):
            for item in category.fields:
                value = submission.values.get(category.key, {}).get(item.key)
                if is_empty(value):
                    continue
                where = (category.key, item.key)
                if item.type in NUMERIC:
                    sums[where] = sums.get(where, 0) + value
                elif item.type in (FieldType.CHOICE, FieldType.BOOLEAN):
                    key = ("true" if value else "false") if item.type is FieldType.BOOLEAN else value
                    options.setdefault(where, Counter())[key] += 1
                elif item.type is FieldType.MULTICHOICE:
                    options.setdefault(where, Counter()).update(value)
                elif item.type is FieldType.TABLE:
                    for row in value:
                        for column in item.columns:
                            if column.type in NUMERIC and not is_empty(row.get(column.key)):
                                at = (*where, column.key)
                                columns[at] = columns.get(at, 0) + row[column.key]
    return sums, options, columns


@pytest.fixture(scope="module")
def mixed_import(tmp_path_factory: pytest.TempPathFactory, exported, bureau_pack):  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    tmp_path = tmp_path_factory.mktemp("mixed")
    batch = tmp_path / "batch"
    shutil.copytree(folder, batch)
    good = (folder / f"{submissions[0].school_code}_r1.xlsx").read_bytes()
    expected = write_hostile(good, batch / "hostile")
    stranger = revised(submissions[1], school_code="2137999999", school_name="名单外学校")
    expected[write_workbook(bureau_pack, stranger, batch, "stranger.xlsx")] = "not_in_register"
    store = BureauStore.open(tmp_path / "bureau.sqlite3")
    store.save_schools(register_of(schools))
    outcomes = import_files(store, bureau_pack, [batch])
    yield store, outcomes, expected, submissions
    store.close()


def test_every_good_file_is_accepted_and_every_hostile_one_rejected_with_its_reason(mixed_import):  # type: ignore[no-untyped-def]
    store, outcomes, expected, submissions = mixed_import
    by_path = {Path(o.path): o for o in outcomes}
    for path, code in expected.items():
        assert by_path[path].decision == "rejected", path.name
        assert by_path[path].code == code, (path.name, by_path[path].reason_zh)
        assert by_path[path].reason_zh and by_path[path].reason_en
    good = [o for o in outcomes if Path(o.path) not in expected]
    assert len(good) == len(submissions)
    assert {o.decision for o in good} == {"accepted"}
    # The database holds exactly the good submissions: the hostile files changed nothing but the ledger.
    assert store.count_submissions() == len(submissions)
    assert sum(1 for e in store.ledger() if e.decision == "rejected") == len(expected)


def test_district_totals_equal_the_sums_of_the_generated_values(mixed_import, bureau_pack):  # type: ignore[no-untyped-def]
    store, _outcomes, _expected, submissions = mixed_import
    register = {s.code: s for s in store.schools()}
    received = [r.submission for r in store.current(bureau_pack, PERIOD)]
    result = consolidate(bureau_pack, PERIOD, received, register).district
    sums, options, columns = _independent_sums(bureau_pack, submissions)
    assert result.schools == len(submissions)
    checked = 0
    for (category, key), figure in result.fields.items():
        if figure.type in ("integer", "decimal") and figure.aggregation == "sum":
            assert figure.total == sums.get((category, key)), (category, key)
            if figure.type == "decimal" and figure.total is not None:
                assert isinstance(figure.total, Decimal)
            checked += 1
        elif figure.aggregation == "distribution":  # a scale or a frequency: never a sum
            assert figure.total is None and figure.distribution is not None, (category, key)
            given = sorted(s.values[category][key] for s in submissions if key in s.values.get(category, {}))
            assert (figure.distribution.minimum, figure.distribution.maximum) == (given[0], given[-1])
            assert figure.distribution.count == len(given)
            checked += 1
        elif figure.type in ("choice", "boolean", "multichoice"):
            assert figure.options == dict(options.get((category, key), {})), (category, key)
            checked += 1
        elif figure.type == "table":
            for column, total in figure.columns.items():
                assert total == columns[(category, key, column)]
    assert checked > 50
    # Named schools: every school at 市级示范校 in category 1, by name.
    municipal = sorted(
        s.school_name for s in submissions if s.values.get("party", {}).get("brand_level") == "municipal"
    )
    assert sorted(result.get("party", "brand_level").names.get("municipal", [])) == municipal


def test_rates_are_recomputed_from_summed_numerators_and_denominators(mixed_import, bureau_pack):  # type: ignore[no-untyped-def]
    store, _outcomes, _expected, submissions = mixed_import
    register = {s.code: s for s in store.schools()}
    received = [r.submission for r in store.current(bureau_pack, PERIOD)]
    result = consolidate(bureau_pack, PERIOD, received, register).district
    ratios = 0
    for category in bureau_pack.categories_for(kind_of(PERIOD)):
        for item in category.fields:
            if item.ratio is None:
                continue
            top = bottom = Decimal(0)
            counted = 0
            for submission in submissions:  # independently: the schools of its types that gave both parts
                kind = submission.values["profile"]["school_type"]
                if item.ratio.applies_to is not None and kind not in item.ratio.applies_to:
                    continue
                a = submission.values.get(item.ratio.numerator.owner, {}).get(item.ratio.numerator.key)
                b = submission.values.get(item.ratio.denominator.owner, {}).get(item.ratio.denominator.key)
                if a is None or b is None:
                    continue
                top, bottom, counted = top + a, bottom + b, counted + 1
            places = item.places + (2 if item.derived_format.value == "percent" else 0)
            want = (top / bottom).quantize(quantum(places)) if bottom else None
            figure = result.get(category.key, item.key)
            assert figure.total == want, item.key
            assert figure.answered == counted and figure.aggregation == "ratio", item.key
            ratios += 1
    assert ratios >= 7  # every annual ratio of the pack
    sums, _options, _columns = _independent_sums(bureau_pack, submissions)
    # 人均服务时长 is Σ hours ÷ Σ person-times, not the mean of the schools' figures.
    party = result.get("party", "hours_per_person").total
    assert party == (sums[("party", "volunteer_hours")] / sums[("party", "volunteer_times")]).quantize(Decimal("0.1"))


def test_revisions_replace_duplicate_older_and_conflict(mixed_import, bureau_pack, tmp_path: Path):  # type: ignore[no-untyped-def]
    store, _outcomes, _expected, submissions = mixed_import
    first, second = submissions[2], submissions[3]
    folder = tmp_path / "revisions"
    folder.mkdir()
    members = first.values["party"]["members"] + 5
    party = {**first.values["party"], "members": members}
    replacement = revised(first, revision=2, values={**first.values, "party": party})
    path = write_workbook(bureau_pack, replacement, folder)
    [outcome] = import_files(store, bureau_pack, [path], isolate=False)
    assert outcome.decision == "replaced"
    current = {r.submission.school_code: r for r in store.current(bureau_pack, PERIOD)}
    assert current[first.school_code].submission.revision == 2
    assert current[first.school_code].submission.values["party"]["members"] == members
    assert [revision for revision, _fp, _at in store.history(first.school_code, PERIOD)] == [1, 2]
    # The same file again: a no-op.
    [again] = import_files(store, bureau_pack, [path], isolate=False)
    assert again.decision == "duplicate"
    # Revision 2 again, with other content: a conflict, never overwritten.
    other = revised(replacement, values={**first.values, "party": {**party, "members": members + 1}})
    [conflict] = import_files(store, bureau_pack, [write_workbook(bureau_pack, other, folder, "other.xlsx")],
                              isolate=False)  # fmt: skip
    assert conflict.decision == "conflict"
    assert (
        current[first.school_code].fingerprint
        == {r.submission.school_code: r for r in store.current(bureau_pack, PERIOD)}[first.school_code].fingerprint
    )
    # An older revision arriving late: reported and ignored.
    newer = write_workbook(bureau_pack, revised(second, revision=3), folder)
    older = write_workbook(bureau_pack, revised(second, revision=2), folder)
    assert [o.decision for o in import_files(store, bureau_pack, [newer, older], isolate=False)] == [
        "replaced",
        "older",
    ]
    assert store.count_submissions() == len(submissions) + 2
