"""The form pack read back from its cache is the pack parsed from YAML; any change parses again."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

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
    code = (
        f"from pathlib import Path\nfrom desktop_app.services.pack_cache import load_pack_cached\n"
        f"load_pack_cached(folder=Path({str(tmp_path)!r}))\n"
        "import sys\nprint('yaml' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.strip() == "False"


def test_a_changed_report_template_is_parsed_again(tmp_path: Path) -> None:
    """The year-end report's templates live in report/: a change there is a new pack too."""
    copy = tmp_path / "pack"
    shutil.copytree(load_pack().source_dir, copy)
    before = load_pack_cached(copy, folder=tmp_path / "cache")
    template = sorted((copy / "report").glob("*.yaml"))[0]
    digest = pack_digest(copy)
    template.write_text(template.read_text(encoding="utf-8") + "\n# 修订\n", encoding="utf-8")
    assert pack_digest(copy) != digest
    after = load_pack_cached(copy, folder=tmp_path / "cache")
    assert after == load_pack(copy) and before.version == after.version


def test_each_pack_folder_keeps_its_own_entry(tmp_path: Path) -> None:
    """The shipped pack and an installed version are read at every start: neither evicts the other."""
    copy = tmp_path / "installed"
    shutil.copytree(load_pack().source_dir, copy)
    cache = tmp_path / "cache"
    load_pack_cached(folder=cache)
    load_pack_cached(copy, folder=cache)
    assert len(list(cache.glob("pack-*.pickle"))) == 2
    load_pack_cached(folder=cache)
    assert len(list(cache.glob("pack-*.pickle"))) == 2


def test_the_shelf_reads_installed_packs_through_the_cache(tmp_path: Path, monkeypatch: Any) -> None:
    from desktop_app.services import packs

    monkeypatch.setattr(packs, "_LOADED", {})
    copy = tmp_path / "installed"
    shutil.copytree(load_pack().source_dir, copy)
    first = packs._load(copy)
    monkeypatch.setattr(packs, "_LOADED", {})

    def refuse(*args: Any, **options: Any) -> Any:
        raise AssertionError("parsed again")

    monkeypatch.setattr("desktop_app.domain.loader.load_pack", refuse)
    monkeypatch.setattr(packs, "load_pack", refuse, raising=False)  # imported at module level before
    assert packs._load(copy) == first  # the second process-start reads it back from the cache
