"""`build.py check`: prove the built artifacts start and contain what they need.

Bundle: `--version`, `selftest`, and an offscreen start that shows the main window and quits, with no
unexpected warning line. Installer: the NSIS script compiles with -WX, the listing holds the launcher,
pythonw.exe, Qt6Widgets.dll, the zh_CN translations, the form pack and the uninstaller and no Linux .so,
every Windows binary is AMD64 with resolvable imports, and the file stays under the size budget.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import build_nsis
from build_errors import BuildError
from build_pecheck import check_tree
from build_qtmodules import SITE, imported_qt_modules, merged, missing_bindings
from build_trim import TrimRule, load_rules

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
INSTALLER_BUDGET_MB = 60.0  # measured 2026-12-06: 57.2 MB with --fast (zlib), with zxing-cpp, icudtl.dat trimmed
SHOWN_MARKER = "school-report:shown"  # printed by ui/app.py when SCHOOL_REPORT_EXIT_WHEN=shown
REQUIRED_ENTRIES = {
    "school-report.pyw": "启动程序 (launcher)",
    "pythonw.exe": "pythonw.exe",
    "Lib/site-packages/PySide6/Qt6Widgets.dll": "Qt Widgets DLL",
    "Lib/site-packages/PySide6/translations/qtbase_zh_CN.qm": "Qt 简体中文翻译 (zh_CN translations)",
    "Lib/site-packages/desktop_app/resources/forms/jiyang-2022/pack.yaml": "表单包 (form pack)",
    "Lib/site-packages/desktop_app/resources/fonts/wqy-microhei/wqy-microhei.ttc": "中文字体 (CJK font)",
    "Lib/site-packages/desktop_app/resources/fonts/fandol/FandolFang-Regular.ttf": "仿宋字体 (FangSong font)",
    "Lib/site-packages/desktop_app/resources/fonts/fandol/FandolSong-Bold.ttf": "标题字体 (title font)",
    "Lib/site-packages/desktop_app/resources/fonts/arphic/gkai00mp.ttf": "楷体字体 (KaiTi font)",
    "uninstall.exe": "卸载程序 (uninstaller)",
}
LINUX_SO = re.compile(r"\.so(\.\d+)*$")
WARNING_LINE = re.compile(r"warn|error|traceback|exception|qt\.|qfont|cannot|failed|失败|警告", re.I)


def unexpected_lines(output: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """Lines that look like a warning or error and are not a self-test result line."""
    lines = []
    for line in output.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith(("✓", SHOWN_MARKER)) or any(a in stripped for a in allowed):
            continue
        if WARNING_LINE.search(stripped):
            lines.append(stripped)
    return lines


def _run(command: list[str], env: dict[str, str], timeout: float = 120) -> tuple[int, str]:
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=timeout)
    return result.returncode, result.stdout + result.stderr


def check_bundle(bundle: Path, version: str) -> list[str]:
    cli, gui = bundle / "school-report", bundle / "school-report-gui"
    if not cli.exists():
        return [f"{cli} 不存在：请先运行 python packaging/build.py bundle"]
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as scratch:
        runtime = Path(scratch) / "runtime"
        runtime.mkdir(mode=0o700)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": f"{scratch}/data",
               "XDG_CONFIG_HOME": f"{scratch}/config", "XDG_RUNTIME_DIR": str(runtime),
               "SCHOOL_REPORT_EXIT_WHEN": "shown", "PYTHONWARNINGS": "default"}  # fmt: skip
        code, out = _run([str(cli), "--version"], env)
        if code != 0 or version not in out:
            failures.append(f"bundle --version：exit {code}，输出 {out.strip()[:200]!r}")
        code, out = _run([str(cli), "selftest"], env)
        if code != 0 or "✗" in out:
            failures.append(f"bundle selftest：exit {code}\n{out.strip()[-2000:]}")
        failures += [f"bundle selftest 有警告：{line}" for line in unexpected_lines(out)]
        code, out = _run([str(gui), "--db", f"{scratch}/gui.sqlite3"], env)
        if code != 0 or SHOWN_MARKER not in out:
            failures.append(f"bundle 启动主窗口失败：exit {code}，未见 {SHOWN_MARKER}\n{out.strip()[-2000:]}")
        failures += [f"bundle 启动有警告：{line}" for line in unexpected_lines(out)]
    return failures


def check_nsis_script() -> list[str]:
    """Compile installer.nsi with -WX against a one-file stage: proves the script, fast."""
    with tempfile.TemporaryDirectory() as scratch:
        stage = Path(scratch) / "stage"
        stage.mkdir()
        (stage / "school-report.pyw").write_text("", encoding="ascii")
        try:
            build_nsis.compile_installer(HERE / "installer.nsi", stage, "0.0.0", Path(scratch) / "t.exe", fast=True)
        except BuildError as error:
            return [f"makensis -WX：{error}"]
    return []


def check_installer(installer: Path, work: Path, trimmed_log: Path) -> list[str]:
    if not installer.exists():
        return [f"{installer} 不存在：请先运行 python packaging/build.py installer"]
    failures = check_nsis_script()
    size_mb = installer.stat().st_size / 1e6
    if size_mb > INSTALLER_BUDGET_MB:
        failures.append(f"{installer.name} 为 {size_mb:.1f} MB，超过预算 {INSTALLER_BUDGET_MB:.0f} MB")
    entries = build_nsis.list_installer(installer)
    present = {e.lower() for e in entries}
    for path, what in REQUIRED_ENTRIES.items():
        if path.lower() not in present:
            failures.append(f"{installer.name} 中缺少{what}：{path}")
    failures += [f"{installer.name} 中有 Linux 库：{e}" for e in entries if LINUX_SO.search(e)]
    extracted = work / "extracted"
    if extracted.exists():
        shutil.rmtree(extracted)
    build_nsis.extract_installer(installer, extracted)
    failures += qt_binding_failures(installer.name, entries, extracted / SITE / "desktop_app")
    shutil.rmtree(extracted / "$PLUGINSDIR", ignore_errors=True)  # NSIS's own plugins, x86 by design
    failures += [f"Windows 二进制文件：{p}" for p in check_tree(extracted, read_trimmed(trimmed_log))]
    return failures


def qt_binding_failures(name: str, entries: list[str], shipped_app: Path) -> list[str]:
    """Every PySide6 module that desktop_app/ (this tree's and the installer's copy) imports must keep
    its .pyd in the payload: the import check of DLLs cannot see a binding Python loads at run time."""
    scans = [imported_qt_modules(ROOT / "desktop_app")]
    if shipped_app.is_dir():
        scans.append(imported_qt_modules(shipped_app))
    return [f"{name} {message}" for message in missing_bindings(entries, merged(*scans))]


def read_trimmed(log: Path) -> dict[str, TrimRule]:
    """What the last installer build trimmed (path → rule), to name both sides of a broken import."""
    if not log.exists():
        return {}
    rules = {rule.line: rule for rule in load_rules(HERE / "trim-win.txt")}
    removed: dict[str, TrimRule] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        path, _, number = line.partition("\t")
        if number.isdigit() and int(number) in rules:
            removed[path] = rules[int(number)]
    return removed


def run_all(dist: Path, installer: Path, work: Path, only: str | None, version: str) -> list[str]:
    failures: list[str] = []
    if only in (None, "bundle"):
        failures += check_bundle(dist / "school-report", version)
    if only in (None, "installer"):
        trimmed_log = work.parent / "win" / "trimmed.txt"
        failures += check_installer(installer, work, trimmed_log)
    return failures
