"""makensis/7z look-ups and the PE import check on real Windows executables (pip's own launchers)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from build_errors import BuildError
from build_nsis import require_tool
from build_pecheck import AMD64, check_tree, imported_dlls
from build_trim import TrimRule

REPO = Path(__file__).resolve().parents[2]
DISTLIB = Path(__import__("pip").__file__).parent / "_vendor" / "distlib"


def test_missing_makensis_names_the_debian_package(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", "")
    with pytest.raises(BuildError, match="apt-get install -y nsis"):
        require_tool("makensis")
    with pytest.raises(BuildError, match="p7zip-full"):
        require_tool("7z")


def test_installer_build_without_nsis_says_which_package(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": str(tmp_path)}  # no makensis anywhere
    result = subprocess.run([sys.executable, str(REPO / "packaging" / "build.py"), "installer"],
                            capture_output=True, text=True, env=env, timeout=60)  # fmt: skip
    assert result.returncode == 1
    assert "nsis" in result.stderr and "apt-get install" in result.stderr


def test_real_amd64_launcher_resolves_against_windows_system_dlls(tmp_path: Path) -> None:
    shutil.copy(DISTLIB / "w64.exe", tmp_path / "w64.exe")
    machine, names = imported_dlls(tmp_path / "w64.exe")
    assert machine == AMD64 and any(n.lower() == "kernel32.dll" for n in names)
    assert check_tree(tmp_path) == []


def test_a_32_bit_binary_is_refused(tmp_path: Path) -> None:
    shutil.copy(DISTLIB / "t32.exe", tmp_path / "t32.exe")
    problems = [str(p) for p in check_tree(tmp_path)]
    assert problems and "t32.exe" in problems[0] and "AMD64" in problems[0]


def test_a_trimmed_dll_still_imported_names_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import build_pecheck

    shutil.copy(DISTLIB / "w64.exe", tmp_path / "w64.exe")
    _, names = imported_dlls(tmp_path / "w64.exe")
    victim = names[0]
    # Pretend the import is a DLL of our payload that the trim removed, not a Windows one.
    monkeypatch.setattr(build_pecheck, "is_system_dll", lambda name: name.lower() != victim.lower())
    rule = TrimRule(pattern="*.dll", keep=False, line=7)
    problems = [str(p) for p in check_tree(tmp_path, {f"lib/{victim}": rule})]
    assert len(problems) == 1
    assert "w64.exe" in problems[0] and victim in problems[0] and "line 7" in problems[0]
