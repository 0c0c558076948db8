"""submit, export, history, validate and read-xlsx print --json with the same conventions (docs/cli.md):
`ok`, `period`, `revision`, `fingerprint` (and `short_fingerprint`), `files` written; older keys kept."""

from __future__ import annotations

import json
from pathlib import Path

from tests.nextyear.conftest import Runner


def test_the_json_of_the_lifecycle_and_export_commands(cli: Runner, tmp_path: Path) -> None:
    db = tmp_path / "school" / "school-report.sqlite3"
    db.parent.mkdir()
    assert cli(db, "demo")[0] == 0
    validated = json.loads(cli(db, "validate", "--period", "2022", "--json")[1])
    assert {"errors", "warnings", "issues"} <= set(validated) and validated["ok"] is True
    assert validated["periods"] == ["2022"]

    code, out, _ = cli(db, "export", "xlsx", "--period", "2022", "--out", str(tmp_path / "draft"), "--json")
    draft = json.loads(out)
    assert code == 0 and draft["status"] == "draft" and Path(draft["files"][0]).is_file()

    code, out, err = cli(db, "submit", "--period", "2022", "--out", str(tmp_path / "sent"), "--json")
    assert code == 0, err
    submitted = json.loads(out)
    assert submitted["ok"] and submitted["revision"] == 1 and submitted["status"] == "submitted"
    assert [Path(p).suffix for p in submitted["files"]] == [".pdf", ".xlsx"]
    assert all(Path(p).is_file() for p in submitted["files"])
    assert submitted["short_fingerprint"].replace("-", "") == submitted["fingerprint"][:16].upper()

    history = json.loads(cli(db, "history", "--period", "2022", "--json")[1])
    assert {"period", "status", "revision", "revisions"} <= set(history)  # the keys it always had
    assert history["revisions"][0]["fingerprint"] == submitted["fingerprint"]

    for kind in ("pdf", "xlsx"):
        code, out, _ = cli(db, "export", kind, "--period", "2022", "--out", str(tmp_path / kind), "--json")
        exported = json.loads(out)
        assert code == 0 and exported["fingerprint"] == submitted["fingerprint"] and exported["revision"] == 1

    checked = json.loads(cli(db, "read-xlsx", submitted["xlsx"], "--json")[1])
    assert checked["ok"] and checked["fingerprint"] == submitted["fingerprint"]
    assert checked["file"] == submitted["xlsx"] and "values" in checked

    code, out, _ = cli(db, "submit", "--period", "2022", "--json")
    refused = json.loads(out)
    assert code == 1 and refused["ok"] is False and refused["code"] == "already_submitted"


def test_a_refused_submission_lists_its_blockers_in_json(cli: Runner, tmp_path: Path) -> None:
    db = tmp_path / "school" / "school-report.sqlite3"
    db.parent.mkdir()
    assert cli(db, "demo")[0] == 0
    assert cli(db, "set", "staff", "trained", "9999", "--period", "2022")[0] == 1  # strict: refused
    assert cli(db, "set", "staff", "staff_total", "", "--period", "2022")[0] == 0
    code, out, _ = cli(db, "submit", "--period", "2022", "--json")
    refused = json.loads(out)
    assert code == 1 and refused["ok"] is False and refused["code"] == "blocked"
    assert any(b["field"] == "staff_total" for b in refused["blockers"])
