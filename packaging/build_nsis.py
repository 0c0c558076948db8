"""makensis and 7z: find them (naming the Debian package when missing), compile, list an installer."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from build_errors import BuildError

TOOLS = {
    "makensis": ("nsis", "编译 Windows 安装程序"),
    "7z": ("p7zip-full", "列出安装程序的内容"),
}


def require_tool(name: str) -> str:
    """Full path of a build tool, or a BuildError naming the Debian package that provides it."""
    found = shutil.which(name)
    if found is None:
        package, purpose = TOOLS[name]
        raise BuildError(
            f"找不到 {name}（用于{purpose}）：请安装 Debian 软件包 {package}："
            f"apt-get install -y {package}  (missing tool {name}: install the Debian package {package})"
        )
    return found


def compile_installer(script: Path, stage: Path, version: str, output: Path, fast: bool = False) -> str:
    """Run `makensis -WX` (warnings are errors); returns its output. `fast`: zlib instead of LZMA."""
    makensis = require_tool("makensis")
    output.parent.mkdir(parents=True, exist_ok=True)
    command = [
        makensis, "-WX", "-V2", "-INPUTCHARSET", "UTF8",
        f"-DVERSION={version}", f"-DSTAGE={stage}", f"-DOUTFILE={output}",
        *(["-DFAST=1"] if fast else []), str(script),
    ]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    log = result.stdout + result.stderr
    if result.returncode != 0:
        raise BuildError(f"makensis 失败 (exit {result.returncode})：\n{log[-3000:]}")
    return log


def list_installer(installer: Path) -> list[str]:
    """Paths inside the installer, as 7z lists them (forward slashes)."""
    seven = require_tool("7z")
    result = subprocess.run([seven, "l", "-slt", "-ba", str(installer)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"7z 无法读取 {installer.name}：{result.stderr.strip()[-500:]}")
    return [
        line[len("Path = ") :].replace("\\", "/") for line in result.stdout.splitlines() if line.startswith("Path = ")
    ]


def extract_installer(installer: Path, target: Path) -> None:
    seven = require_tool("7z")
    result = subprocess.run([seven, "x", "-y", f"-o{target}", str(installer)], capture_output=True, text=True)
    if result.returncode != 0:
        raise BuildError(f"7z 无法解开 {installer.name}：{result.stderr.strip()[-500:]}")
