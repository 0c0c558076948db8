"""The form pack read back from its cache is the pack parsed from YAML; any change parses again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from desktop_app.domain.loader import load_pack
from desktop_app.services.pack_cache import load_pack_cached, pack_digest

ROOT = Path(__file__).resolve().parents[2]


def test_the_cached_pack_equals_the_parsed_one(tmp_path: Path) -> None:
    parsed = load_pack()
    first = load_pack_cached(folder=tmp_path)
    assert len(list(tmp_path.glob("pack-*.pickle"))) == 1
    again = load_pack_cached(folder=tmp_path)
    assert first == parsed and again == parsed
    assert again.category("teaching").field("students") == parsed.category("teaching").field("students")
    assert again.category("teaching").rules == parsed.category("teaching").rules


def test_a_changed_pack_file_is_parsed_again(tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(load_pack().source_dir, copy)
    before = load_pack_cached(copy, folder=tmp_path / "cache")
    digest = pack_digest(copy)
    text = (copy / "pack.yaml").read_text(encoding="utf-8").replace('version: "2022.1"', 'version: "2022.9"')
    (copy / "pack.yaml").write_text(text, encoding="utf-8")
    assert pack_digest(copy) != digest
    after = load_pack_cached(copy, folder=tmp_path / "cache")
    assert before.version == "2022.1" and after.version == "2022.9"
    assert len(list((tmp_path / "cache").glob("pack-*.pickle"))) == 1  # the old entry is gone


def test_a_damaged_cache_is_parsed_again(tmp_path: Path) -> None:
    load_pack_cached(folder=tmp_path)
    (cached,) = tmp_path.glob("pack-*.pickle")
    cached.write_bytes(b"not a pickle")
    assert load_pack_cached(folder=tmp_path) == load_pack()


def test_the_cached_pack_needs_no_yaml(tmp_path: Path) -> None:
    load_pack_cached(folder=tmp_path)
    code = (f"from pathlib import Path\nfrom desktop_app.services.pack_cache import load_pack_cached\n"
            f"load_pack_cached(folder=Path({str(tmp_path)!r}))\n"
            "import sys\nprint('yaml' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"
