"""Path B: the PyInstaller one-folder bundle from school-report.spec."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from build_errors import BuildError

HERE = Path(__file__).resolve().parent


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def build(dist: Path, work: Path) -> Path:
    if shutil.which("pyinstaller") is None and _missing("PyInstaller"):
        raise BuildError("找不到 PyInstaller：pip install 'pyinstaller>=6.5,<7'（pyproject 的 packaging 可选依赖）")
    command = [
        sys.executable, "-m", "PyInstaller", str(HERE / "school-report.spec"), "--noconfirm", "--clean",
        "--log-level", "WARN", "--distpath", str(dist), "--workpath", str(work),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"PyInstaller 失败 (exit {result.returncode})：\n{result.stderr[-3000:]}")
    bundle = dist / "school-report"
    if not (bundle / "_internal" / "resources" / "forms" / "jiyang-2022" / "pack.yaml").is_file():
        raise BuildError(f"{bundle} 中没有 _internal/resources/forms/jiyang-2022（表单包未打入）")
    return bundle


def _missing(module: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(module) is None
