"""Fuzzing the bureau's import with mutated real exports (issue 12): byte flips, truncations, zip entries
added or removed, values changed with the fingerprint recomputed (whole file, or `_data` alone under the
old sheets), and visible cells edited. Seeded and bounded: 64 files, well under a minute.

Whatever the mutation: exactly one decision per file, a reason for each rejection, both parsing engines
agree on accepting, and the district totals hold only files that are intact and valid.
"""

from __future__ import annotations

import io
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from desktop_app.bureau.consolidate import consolidate, consolidation_json
from desktop_app.bureau.parse import parse_file
from desktop_app.bureau.pipeline import import_files
from desktop_app.bureau.store import BureauStore
from desktop_app.bureau.validity import check_received
from desktop_app.domain.submission import Submission, fingerprint
from desktop_app.exporters.xlsx import WorkbookRejected, build_workbook_bytes
from tests.bureau.helpers import PERIOD, register_of
from tests.bureau.mutations import (
    add_entry,
    changed_value,
    flip_bytes,
    remove_entry,
    rewrite_data,
    truncate,
)

SEED = 20221
FILES = 64
KINDS = ("intact", "flip", "truncate", "remove", "add", "rewrite_file", "rewrite_data", "edit_cell")


def _edit_cell(data: bytes, rng: random.Random) -> bytes:
    """A clerk's edit: one cell that shows a value typed over with a number no field of the pack holds.
    The cells come from the map in `_data` (docs/xlsx-format.md); a heading changed is no value changed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = []
    for key, text in book["_data"].iter_rows(min_col=1, max_col=2, values_only=True):
        if isinstance(key, str) and key.startswith("view.") and key != "view.parts":
            part = json.loads(text)
            cells += [(part["sheet"], row, column) for row, column, source
                      in zip(part["rows"], part["columns"], part["sources"], strict=True)
                      if source.startswith(("value.", "cell.", "derived."))]  # fmt: skip
    sheet, row, column = rng.choice(cells)
    book[sheet].cell(row, column).value = rng.randint(100_000, 999_999)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _valid(pack: Any, submission: Submission) -> bool:
    try:
        check_received(pack, submission)
    except WorkbookRejected:
        return False
    return True


@pytest.mark.slow
def test_the_import_under_mutated_real_exports(tmp_path: Path, exported, bureau_pack) -> None:  # type: ignore[no-untyped-def]
    schools, submissions, folder = exported
    pack, rng = bureau_pack, random.Random(SEED)
    batch = tmp_path / "batch"
    batch.mkdir()
    carried: dict[str, tuple[str, Submission]] = {}  # file → (mutation, the submission it holds if intact)
    mutate: dict[str, Callable[[bytes], bytes]] = {
        "flip": lambda data: flip_bytes(data, rng), "truncate": lambda data: truncate(data, rng),
        "remove": lambda data: remove_entry(data, rng), "add": lambda data: add_entry(data, rng),
        "edit_cell": lambda data: _edit_cell(data, rng), "intact": lambda data: data,
    }  # fmt: skip
    for number, submission in enumerate(submissions[:FILES]):  # one school per file: totals add up by school
        kind = KINDS[number % len(KINDS)]
        data = (folder / f"{submission.school_code}_r1.xlsx").read_bytes()
        held = submission
        if kind == "rewrite_file":  # the school's writer, with a value the form may forbid
            held = changed_value(pack, submission, rng)
            data = build_workbook_bytes(pack, held, [])
        elif kind == "rewrite_data":  # the hidden sheet alone, fingerprint and digest recomputed
            held = changed_value(pack, submission, rng)
            data = rewrite_data(data, pack, lambda _old, new=held: new)
        else:
            data = mutate[kind](data)
        name = f"{number:02d}_{kind}.xlsx"
        (batch / name).write_bytes(data)
        carried[name] = (kind, held)

    store = BureauStore.open(tmp_path / "bureau.sqlite3")
    store.save_schools(register_of(schools))
    outcomes = import_files(store, pack, [batch])
    assert sorted(Path(o.path).name for o in outcomes) == sorted(carried)  # exactly one decision per file
    accepted: list[Submission] = []
    for outcome in outcomes:
        name = Path(outcome.path).name
        kind, held = carried[name]
        if outcome.decision == "rejected":
            assert outcome.code and outcome.reason_zh and outcome.reason_en, name
            assert kind != "intact", (name, outcome.reason_zh)
            continue
        assert outcome.decision == "accepted", (name, outcome.decision)
        assert _valid(pack, held), name  # never a value the form forbids
        assert kind not in ("rewrite_data", "edit_cell"), name  # the sheets no longer show `_data`
        accepted.append(held)
        # the other engine (openpyxl, as on Windows) takes the same file too
        assert parse_file(str(batch / name), pack, engine="openpyxl").parsed is not None, name
    stored = {r.submission.school_code: r for r in store.current(pack, PERIOD)}
    assert sorted(stored) == sorted(s.school_code for s in accepted)
    for held in accepted:
        assert stored[held.school_code].fingerprint == fingerprint(pack, held)
    register = {s.code: s for s in store.schools()}
    totals = consolidation_json(consolidate(pack, PERIOD, [r.submission for r in stored.values()], register))
    members = sum(s.values["party"]["members"] for s in accepted if s.values.get("party", {}).get("members"))
    assert totals["district"]["categories"]["party"]["members"]["total"] == members
    store.close()
    kinds = {carried[Path(o.path).name][0] for o in outcomes if o.decision == "rejected"}
    assert {"truncate", "rewrite_data", "edit_cell"} <= kinds  # the fuzz reached the checks it is for
    rejected = [o for o in outcomes if o.decision == "rejected"]
    assert rejected and len(accepted) >= FILES // len(KINDS)
    # the rejections of files whose rejection is not random
    for outcome in rejected:
        kind, _held = carried[Path(outcome.path).name]
        if kind in ("rewrite_data", "edit_cell"):
            assert outcome.code in ("view_differs", "invalid_value", "out_of_bounds"), outcome.reason_zh
