"""A throwaway Wine prefix under Xvfb in which `build.py wine-test` runs the Windows installer.

What Wine 8 (Debian bookworm) lacks compared with Windows 10/11 is bridged here, in the test prefix
only, never in the installer: stand-in icuuc.dll, bcryptprimitives.dll and mscms.dll built from
packaging/wine/*.c with mingw-w64 (see the comment at the top of each). The prefix speaks Chinese as a
clerk's PC does: the zh_CN locale (ANSI code page 936) and a UTF-8 Unix side for Chinese file names.
Screenshots come from Xvfb's own frame buffer file (-fbdir), so no screenshot tool is needed.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from build_errors import BuildError

HERE = Path(__file__).resolve().parent
STAND_INS = {"icuuc": [], "bcryptprimitives": ["-lbcrypt"], "mscms": []}  # packaging/wine/<name>.c
# mscoree/mshtml off: no Mono/Gecko download prompts; winemenubuilder off: nothing written to the
# host's menus; mscms native: the stand-in, not Wine's builtin whose WcsCreateIccProfile aborts.
DLL_OVERRIDES = "mscoree,mshtml=;winemenubuilder.exe=d;mscms=n"
# What the run needs → the Debian package that brings it (.ci/run installs them).
DEBIAN_PACKAGES = {"wine": "wine", "wineserver": "wine", "/usr/lib/wine/wine64": "wine64",
                   "/usr/lib/wine/wine": "wine32:i386", "Xvfb": "xvfb",
                   "x86_64-w64-mingw32-gcc": "gcc-mingw-w64-x86-64",
                   "/usr/share/i18n/charmaps/UTF-8.gz": "locales"}  # fmt: skip
SCREEN = (1280, 900)
# Wine's own settings: no crash dialog (a crash ends the process instead of waiting for a click).
PREFIX_REG = (
    "Windows Registry Editor Version 5.00\r\n\r\n"
    "[HKEY_CURRENT_USER\\Software\\Wine\\WineDbg]\r\n"
    '"ShowCrashDialog"=dword:00000000\r\n\r\n'
)


@dataclass
class Ran:
    code: int
    out: str  # stdout + stderr, decoded from the code page 936 the Windows programs write


def require_tools() -> dict[str, str]:
    """{tool: its path}, or a BuildError naming the Debian packages to install."""
    found = {tool: tool if tool.startswith("/") and Path(tool).exists() else shutil.which(tool)
             for tool in DEBIAN_PACKAGES}  # fmt: skip
    missing = sorted({DEBIAN_PACKAGES[tool] for tool, path in found.items() if path is None})
    if missing:
        packages = " ".join(missing)
        raise BuildError(
            f"wine-test 缺少工具：请安装 Debian 软件包 {packages}（wine32:i386 需先 dpkg --add-architecture i386）："
            f"apt-get install -y {packages}  (missing Debian packages: {packages})"
        )
    return {tool: path for tool, path in found.items() if path is not None}


def build_stand_ins(target: Path) -> list[Path]:
    """Compile packaging/wine/*.c into DLLs (x86-64, mingw-w64); rebuilt only when a source changed."""
    gcc = require_tools()["x86_64-w64-mingw32-gcc"]
    target.mkdir(parents=True, exist_ok=True)
    built = []
    for name, libraries in STAND_INS.items():
        source, dll = HERE / "wine" / f"{name}.c", target / f"{name}.dll"
        if not dll.exists() or dll.stat().st_mtime < source.stat().st_mtime:
            command = [gcc, "-O2", "-s", "-shared", "-Wall", "-Werror", "-o", str(dll), str(source), *libraries]
            result = subprocess.run(command, capture_output=True, text=True)
            if result.returncode != 0:
                raise BuildError(f"mingw-w64 无法编译 {source.name}：\n{result.stderr[-1500:]}")
        built.append(dll)
    return built


def chinese_locale(folder: Path) -> Path:
    """zh_CN.UTF-8 compiled into `folder` (LOCPATH): Wine takes code page 936 from it and keeps UTF-8
    Unix file names; the system's own locales are left alone."""
    if not (folder / "zh_CN.UTF-8" / "LC_CTYPE").exists():
        folder.mkdir(parents=True, exist_ok=True)
        result = subprocess.run(["localedef", "-i", "zh_CN", "-f", "UTF-8", str(folder / "zh_CN.UTF-8")],
                                capture_output=True, text=True)  # fmt: skip
        if not (folder / "zh_CN.UTF-8" / "LC_CTYPE").exists():
            raise BuildError(f"localedef zh_CN.UTF-8 失败：{(result.stdout + result.stderr)[-800:]}")
    return folder


class WineBox:
    """Xvfb + a fresh 64-bit Wine prefix in `work` (removed first), with the stand-ins in system32."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.prefix = work / "prefix"
        self.fb = work / "framebuffer"
        self.xvfb: subprocess.Popen[bytes] | None = None
        self.env: dict[str, str] = {}
        self.tools = require_tools()
        self.lock: TextIO | None = None

    # --- set-up and tear-down ------------------------------------------------------------------
    def start(self) -> str:
        self._lock()
        for folder in (self.prefix, self.fb, self.work / "home"):
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir(parents=True)
        dlls = build_stand_ins(self.work / "dlls")
        display = self._start_xvfb()
        keep = {k: v for k, v in os.environ.items()
                if not k.startswith(("QT_", "PYTHON", "XDG_", "LC_", "WINE", "SCHOOL_REPORT_"))}  # fmt: skip
        keep.pop("VIRTUAL_ENV", None)
        self.env = {**keep, "DISPLAY": display, "WINEPREFIX": str(self.prefix), "WINEARCH": "win64",
                    "WINEDEBUG": "-all", "WINEDLLOVERRIDES": DLL_OVERRIDES, "HOME": str(self.work / "home"),
                    "LOCPATH": str(chinese_locale(self.work / "locale")), "LANG": "zh_CN.UTF-8",
                    "LC_ALL": "zh_CN.UTF-8"}  # fmt: skip
        boot = self.wine(["wineboot", "--init"], timeout=240)
        self.wait_idle()
        if boot.code != 0 or not (self.prefix / "drive_c" / "windows" / "system32").is_dir():
            raise BuildError(f"wineboot 失败 (exit {boot.code})：{boot.out[-800:]}")
        for dll in dlls:
            shutil.copy2(dll, self.prefix / "drive_c" / "windows" / "system32" / dll.name)
        reg = self.drive_c("wine-test") / "prefix.reg"
        reg.parent.mkdir(parents=True, exist_ok=True)
        reg.write_text(PREFIX_REG, encoding="utf-16")
        self.wine(["regedit", "/S", self.windows_path(reg)], timeout=60)
        version = subprocess.run([self.tools["wine"], "--version"], capture_output=True, text=True).stdout.strip()
        return f"{version}, Xvfb {display}, zh_CN (code page 936), stand-ins {', '.join(d.name for d in dlls)}"

    def _lock(self) -> None:
        """One run per work folder: a second one would remove the first one's prefix under it."""
        import fcntl

        self.work.mkdir(parents=True, exist_ok=True)
        self.lock = (self.work / ".lock").open("w")
        try:
            fcntl.flock(self.lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"另一个 wine-test 正在使用 {self.work}（another wine-test is running）") from None

    def _start_xvfb(self) -> str:
        read_end, write_end = os.pipe()
        width, height = SCREEN
        command = [self.tools["Xvfb"], "-displayfd", str(write_end), "-screen", "0", f"{width}x{height}x24",
                   "-fbdir", str(self.fb), "-nolisten", "tcp"]  # fmt: skip
        self.xvfb = subprocess.Popen(command, pass_fds=(write_end,), stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        os.close(write_end)
        with os.fdopen(read_end) as stream:
            number = stream.readline().strip()
        if not number.isdigit():
            raise BuildError("Xvfb 未能启动（xvfb 软件包）")
        return f":{number}"

    def stop(self) -> None:
        if self.env:
            self.kill_all()
        if self.xvfb is not None:
            self.xvfb.send_signal(signal.SIGTERM)
            try:
                self.xvfb.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.xvfb.kill()
        if self.lock is not None:
            self.lock.close()

    # --- running Windows programs --------------------------------------------------------------
    def wine(self, args: list[str], timeout: float = 180, extra: dict[str, str] | None = None) -> Ran:
        """`wine ARGS` to the end, no input; on time-out every process of the prefix is ended."""
        try:
            result = subprocess.run([self.tools["wine"], *args], stdin=subprocess.DEVNULL, capture_output=True,
                                    env={**self.env, **(extra or {})}, timeout=timeout)  # fmt: skip
        except subprocess.TimeoutExpired as expired:
            self.kill_all()
            out = (expired.stdout or b"") + (expired.stderr or b"")
            return Ran(124, f"超时 {timeout:.0f} s (timed out)\n" + out.decode("gbk", "replace"))
        return Ran(result.returncode, (result.stdout + result.stderr).decode("gbk", "replace"))

    def start_program(self, args: list[str], extra: dict[str, str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen([self.tools["wine"], *args], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, env={**self.env, **extra})  # fmt: skip

    def wait_idle(self, timeout: float = 120) -> None:
        """Until every Windows process has ended and wineserver has saved the registry and left."""
        subprocess.run([self.tools["wineserver"], "-w"], env=self.env, capture_output=True, timeout=timeout)

    def kill_all(self) -> None:
        subprocess.run([self.tools["wineserver"], "-k"], env=self.env, capture_output=True, timeout=60)

    # --- paths, registry, screen ---------------------------------------------------------------
    def drive_c(self, *parts: str) -> Path:
        return self.prefix.joinpath("drive_c", *parts)

    def windows_path(self, path: Path) -> str:
        relative = path.resolve().relative_to(self.drive_c().resolve())
        return "C:\\" + "\\".join(relative.parts)

    def unix_path(self, windows: str) -> Path:
        drive, _, rest = windows.partition(":\\")
        if drive.upper() != "C":
            raise ValueError(windows)
        return self.drive_c(*[part for part in rest.split("\\") if part])

    def registry_keys(self, hive: str) -> dict[str, str]:
        """{key: its lines} of `system.reg` (HKLM) or `user.reg` (HKCU), as wineserver last saved them."""
        keys: dict[str, str] = {}
        current = ""
        for line in (self.prefix / hive).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith("["):
                current = decode_reg(line[1 : line.rindex("]")])
                keys[current] = ""
            elif current and line and not line.startswith("#"):
                keys[current] += decode_reg(line) + "\n"
        return keys

    def screenshot(self, target: Path) -> Path:
        """The whole Xvfb screen as PNG, from the XWD file Xvfb keeps in -fbdir."""
        target.parent.mkdir(parents=True, exist_ok=True)
        xwd_to_png((self.fb / "Xvfb_screen0").read_bytes(), target)
        return target


def decode_reg(text: str) -> str:
    r"""Wine's .reg files write non-ASCII as \xNNNN and a backslash as \\."""
    import re

    text = re.sub(r"\\x([0-9a-fA-F]{1,4})", lambda m: chr(int(m[1], 16)), text)
    return text.replace("\\\\", "\\")


def xwd_to_png(data: bytes, target: Path) -> None:
    """XWD (X Window Dump, as Xvfb -fbdir writes it: 24-bit TrueColor in 32-bit pixels) → PNG."""
    import struct

    from PIL import Image

    header = struct.unpack(">25I", data[:100])
    header_size, width, height, byte_order, bits_per_pixel, bytes_per_line, ncolors = (
        header[0], header[4], header[5], header[7], header[11], header[12], header[19])  # fmt: skip
    if bits_per_pixel != 32:
        raise BuildError(f"Xvfb 帧缓冲为 {bits_per_pixel} 位像素，应为 32 位")
    start = header_size + 12 * ncolors
    raw = "BGRX" if byte_order == 0 else "XRGB"  # LSBFirst: blue byte first
    image = Image.frombuffer("RGB", (width, height), data[start:start + bytes_per_line * height], "raw", raw,
                             bytes_per_line, 1)  # fmt: skip
    image.save(target)


def wait_for(predicate: object, timeout: float, step: float = 0.25) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return True
        time.sleep(step)
    return False
