"""Windows binary check: every .dll/.pyd/.exe in a payload is AMD64 and finds the DLLs it imports.

"Finds" means: the imported name is a file somewhere in the payload (Python adds PySide6's folder with
os.add_dll_directory, so a folder-exact search would be wrong), or a DLL that every Windows 10/11 has.
Delay-loaded imports are checked too: Qt delay-loads some system DLLs, and a missing one fails the first
time the feature is used, which on a clerk's PC is too late.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from build_trim import TrimRule, removed_by_name

AMD64 = 0x8664
PE_SUFFIXES = {".dll", ".pyd", ".exe"}

# DLLs of Windows 10 (1809+) and 11 themselves, in System32. Lower case.
_SYSTEM_DLL_NAMES = """
    advapi32 authz bcrypt bcryptprimitives cfgmgr32 comctl32 comdlg32 crypt32 cryptbase cryptui d2d1
    d3d11 d3d12 d3d9 d3dcompiler_47 dbghelp dcomp dnsapi dwmapi dwrite dxgi dxva2 gdi32 gdiplus glu32
    hid icu imm32 iphlpapi kernel32 kernelbase mpr msimg32 mswsock msvcrt ncrypt netapi32 normaliz
    ntdll ole32 oleacc oleaut32 opengl32 powrprof propsys psapi rpcrt4 secur32 setupapi shcore shell32
    shlwapi sspicli ucrtbase urlmon user32 userenv usp10 uxtheme version winhttp wininet winmm winspool
    wintrust wldap32 ws2_32 wsock32 wtsapi32 windowscodecs mf mfplat mfreadwrite mfuuid evr
    dwmcore runtimeobject coremessaging ninput cabinet msi icuuc icuin mscms uiautomationcore
"""
SYSTEM_DLLS = frozenset(_SYSTEM_DLL_NAMES.split())


def is_system_dll(name: str) -> bool:
    lower = name.lower()
    if lower.startswith(("api-ms-win-", "ext-ms-win-")):
        return True  # API sets: resolved by the loader on every Windows 10/11
    stem = lower.removesuffix(".dll").removesuffix(".drv")
    return stem in SYSTEM_DLLS


@dataclass(frozen=True)
class PeProblem:
    binary: str
    message: str

    def __str__(self) -> str:
        return f"{self.binary}：{self.message}"


def imported_dlls(path: Path) -> tuple[int, list[str]]:
    """(machine, imported DLL names including delay-loaded ones) of one PE file."""
    import pefile  # only the packaging check needs it

    directories = [
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_IMPORT"],
        pefile.DIRECTORY_ENTRY["IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT"],
    ]
    pe = pefile.PE(str(path), fast_load=True)
    try:
        pe.parse_data_directories(directories=directories)
        names = [entry.dll.decode("ascii", "replace") for entry in getattr(pe, "DIRECTORY_ENTRY_IMPORT", [])]
        names += [entry.dll.decode("ascii", "replace") for entry in getattr(pe, "DIRECTORY_ENTRY_DELAY_IMPORT", [])]
        return pe.FILE_HEADER.Machine, names
    finally:
        pe.close()


def pe_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in PE_SUFFIXES)


# Made by makensis from its own x86 stub: 32-bit by design, and it runs on every 64-bit Windows.
NSIS_STUBS = frozenset({"uninstall.exe"})


def check_tree(root: Path, removed: dict[str, TrimRule] | None = None) -> list[PeProblem]:
    """All problems in the payload under `root`. `removed` (from the trim) lets a message name the
    trimmed file and the rule that removed it."""
    import pefile

    present = {p.name.lower() for p in root.rglob("*") if p.is_file()}
    trimmed = removed_by_name(removed or {})
    problems: list[PeProblem] = []
    for path in pe_files(root):
        relpath = path.relative_to(root).as_posix()
        try:
            machine, names = imported_dlls(path)
        except pefile.PEFormatError as error:
            problems.append(PeProblem(relpath, f"不是 Windows 可执行文件 (not a PE file: {error})"))
            continue
        if machine != AMD64 and relpath.lower() not in NSIS_STUBS:
            problems.append(PeProblem(relpath, f"不是 AMD64 程序 (machine 0x{machine:04x})"))
        for name in names:
            if name.lower() in present or is_system_dll(name):
                continue
            if name.lower() in trimmed:
                trimmed_path, rule = trimmed[name.lower()]
                problems.append(
                    PeProblem(
                        relpath,
                        f"导入的 {name} 已被精简规则删除 (imports {trimmed_path}, removed by trim "
                        f"line {rule.line}: {rule.pattern})",
                    )
                )
            else:
                problems.append(PeProblem(relpath, f"导入的 {name} 不在安装包中，也不是 Windows 系统 DLL"))
    return problems
