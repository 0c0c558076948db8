"""What every step of `build.py wine-test` works with: the run's state and the installed program.

Output of the installed program is read in code page 936, as a Chinese Windows writes it into a pipe or
a file.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_wine import WineBox

ROOT = Path(__file__).resolve().parent.parent
APPNAME = "学校工作报送"
UNINSTALL_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\school-report"
SHORTCUTS_ZH = {f"{APPNAME}.lnk", f"{APPNAME} 自检.lnk", f"卸载 {APPNAME}.lnk"}
SHORTCUTS_EN = {f"{APPNAME}.lnk", f"{APPNAME} self-test.lnk", f"卸载 {APPNAME}.lnk"}


class StepFailed(Exception):
    """A step found something wrong; str() says what, where."""


@dataclass
class Run:
    box: WineBox
    installer: Path
    version: str
    artifacts: Path  # build/wine-test: the screenshot and the exported files, kept for CI
    build_upgrade: Callable[[], tuple[Path, str, str]]  # → (installer, version, schema revision)
    figures: dict[str, float] = field(default_factory=dict)
    install_dir: Path | None = None
    data_dir: Path | None = None
    workbook: Path | None = None
    paper: Path | None = None  # the submitted PDF (what the school prints, seals and sends)
    bureau_db: str = ""  # the bureau's database (a Windows path) once bureau_import made it
    workbook_json: dict[str, object] = field(default_factory=dict)
    history: list[object] = field(default_factory=list)
    upgrade: tuple[Path, str, str] | None = None

    # --- helpers -------------------------------------------------------------------------------
    def user_dir(self, *parts: str) -> Path:
        users = [p for p in self.box.drive_c("users").iterdir() if p.is_dir() and p.name != "Public"]
        return users[0].joinpath(*parts)

    def start_menu(self) -> Path:
        return self.user_dir("AppData", "Roaming", "Microsoft", "Windows", "Start Menu", "Programs", APPNAME)

    def program(self) -> tuple[str, str]:
        assert self.install_dir is not None
        folder = self.box.windows_path(self.install_dir)
        return f"{folder}\\python.exe", f"{folder}\\school-report.pyw"

    def cli(self, *args: str, timeout: float = 180) -> str:
        """The installed console entry point (python.exe + the launcher), as the 自检 shortcut runs it."""
        ran = self.box.wine([*self.program(), *args], timeout=timeout)
        if ran.code != 0:
            raise StepFailed(f"school-report {' '.join(args)}：exit {ran.code}\n{tail(ran.out)}")
        return ran.out

    def redirected(self, name: str, *args: str) -> tuple[int, bytes]:
        """`school-report ARGS > name 2>&1` typed in cmd.exe: the bytes of the file it writes."""
        folder = self.box.drive_c("wine-test")
        folder.mkdir(exist_ok=True)
        output = folder / name
        output.unlink(missing_ok=True)
        python, launcher = self.program()
        line = f'"{python}" "{launcher}" {" ".join(args)} > "{self.box.windows_path(folder)}\\{name}" 2>&1'
        script = folder / "redirect.bat"
        script.write_bytes(f"@echo off\r\n{line}\r\nexit /b %ERRORLEVEL%\r\n".encode("gbk"))
        ran = self.box.wine(["cmd", "/c", self.box.windows_path(script)], timeout=180)
        return ran.code, output.read_bytes() if output.exists() else ran.out.encode("gbk", "replace")

    def uninstall_entry(self) -> str:
        return self.box.registry_keys("user.reg").get(UNINSTALL_KEY, "")


def tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def reg_value(entry: str, name: str) -> str:
    match = re.search(rf'^"{re.escape(name)}"="(.*)"$', entry, re.M)
    return match[1] if match else ""


def files_under(*folders: Path) -> set[Path]:
    return {p for folder in folders if folder.exists() for p in folder.rglob("*")}


def linux(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """This checkout's program on the Linux side (to read back what the Windows program wrote)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], capture_output=True, text=True,
                          env=env, timeout=timeout)  # fmt: skip
