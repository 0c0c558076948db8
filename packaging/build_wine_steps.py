"""The steps of `build.py wine-test`: what a clerk does with the installer, each proven from outside.

Each step returns one line of detail or raises StepFailed saying what is wrong; the runner (build.py)
prints `✓`/`✗`, the step's time and that line, and stops at the first failure (later steps need the
earlier ones). Output of the installed program is read in code page 936, as a Chinese Windows writes it.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from build_errors import BuildError
from build_wine import WineBox, wait_for

ROOT = Path(__file__).resolve().parent.parent
APPNAME = "学校工作报送"
UNINSTALL_KEY = "Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\school-report"
SHORTCUTS_ZH = {f"{APPNAME}.lnk", f"{APPNAME} 自检.lnk", f"卸载 {APPNAME}.lnk"}
SHORTCUTS_EN = {f"{APPNAME}.lnk", f"{APPNAME} self-test.lnk", f"卸载 {APPNAME}.lnk"}
LANG_ZH, LANG_EN = "2052", "1033"
READY = re.compile(r"school-report:ready platform=(?P<platform>\S+) listed=(?P<listed>\d+) windows=(?P<windows>\S*)")
BOX = re.compile(r"school-report:box .*")
GUI_TIMEOUT_S = 150
HOLD_MS = 4000  # the window stays this long after "ready": time for the screenshot


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


# --- the steps ---------------------------------------------------------------------------------
def prefix(run: Run) -> str:
    return run.box.start()


def silent_install(run: Run) -> str:
    box = run.box
    machine_wide = [box.drive_c("Program Files"), box.drive_c("Program Files (x86)"), box.drive_c("ProgramData")]
    files_before, hklm_before = files_under(*machine_wide), set(box.registry_keys("system.reg"))
    started = time.monotonic()
    ran = box.wine([str(run.installer), "/S"], timeout=300)
    box.wait_idle()
    run.figures["wine_install_s"] = round(time.monotonic() - started, 1)
    if ran.code != 0:
        raise StepFailed(f"安装程序 exit {ran.code}：{tail(ran.out)}")
    run.install_dir = run.user_dir("AppData", "Local", "Programs", APPNAME)
    run.data_dir = run.user_dir("AppData", "Local", "school-report", "school-report")
    missing = [n for n in ("python.exe", "pythonw.exe", "school-report.pyw", "uninstall.exe")
               if not (run.install_dir / n).is_file()]  # fmt: skip
    if missing:
        raise StepFailed(f"{run.install_dir} 中缺少 {', '.join(missing)}")
    entry = run.uninstall_entry()
    expected = {"DisplayVersion": run.version, "InstallLocation": box.windows_path(run.install_dir),
                "InstallerLanguage": LANG_ZH}  # fmt: skip
    wrong = {k: reg_value(entry, k) for k, v in expected.items() if reg_value(entry, k) != v}
    if not entry or wrong:
        raise StepFailed(f"HKCU\\{UNINSTALL_KEY} 缺少或不符：{wrong or '没有此项'}（应为 {expected}）")
    written = sorted(str(p.relative_to(box.drive_c())) for p in files_under(*machine_wide) - files_before)
    hklm = sorted(set(box.registry_keys("system.reg")) - hklm_before)
    if written or hklm:
        raise StepFailed(f"写入了全机范围：Program Files/ProgramData {written[:5]}，HKLM {hklm[:5]}")
    shortcuts = {p.name for p in run.start_menu().glob("*.lnk")}
    if shortcuts != SHORTCUTS_ZH or not run.user_dir("Desktop", f"{APPNAME}.lnk").exists():
        raise StepFailed(f"快捷方式不符：开始菜单 {sorted(shortcuts)}，应为 {sorted(SHORTCUTS_ZH)}，外加桌面快捷方式")
    return (f"{box.windows_path(run.install_dir)}；HKCU 卸载项 {run.version}，安装语言 {LANG_ZH}；"
            f"开始菜单 {len(shortcuts)} 个快捷方式 + 桌面；Program Files、ProgramData、HKLM 无写入")  # fmt: skip


def console_version(run: Run) -> str:
    code, data = run.redirected("版本.txt", "--version")
    text = data.decode("gbk", "replace").strip()
    if code != 0 or text != f"school-report {run.version}":
        raise StepFailed(f"exit {code}，输出 {text[-500:]!r}")
    return f"> 版本.txt：{text}"


def console_selftest(run: Run) -> str:
    code, data = run.redirected("自检.txt", "selftest")
    try:
        text = data.decode("gbk")
    except UnicodeDecodeError as error:
        raise StepFailed(f"自检.txt 不是代码页 936 的文本：{error}") from error
    lines = text.splitlines()
    passed = [line for line in lines if line.startswith(("√ ", "✓ "))]
    failed = [line for line in lines if line.startswith(("× ", "✗ ")) or "Error" in line]
    if code != 0 or failed or not passed or lines[-1:] != ["自检通过。"]:
        raise StepFailed(f"exit {code}\n{tail(text, 20)}")
    return f"> 自检.txt（代码页 936）：{len(passed)} 项 √，自检通过"


def demo(run: Run) -> str:
    out = run.cli("demo")
    if "已填入演示学校" not in out:
        raise StepFailed(tail(out))
    return out.strip().splitlines()[-1]


def submit(run: Run) -> str:
    folder = run.box.drive_c("wine-test", "报送文件")
    out = run.cli("submit", "--out", run.box.windows_path(folder.parent) + "\\报送文件")
    match = re.search(r"第(\d+)版，校验码 ([0-9A-F]{16})", out)
    pdfs, books = sorted(folder.glob("*.pdf")), sorted(folder.glob("*.xlsx"))
    if match is None or len(pdfs) != 1 or len(books) != 1:
        raise StepFailed(f"未生成一个 PDF 和一个 Excel：{[p.name for p in folder.glob('*')]}\n{tail(out)}")
    fonts = pdf_fonts(pdfs[0])
    read = linux("read-xlsx", "--json", str(books[0]))
    document = json.loads(read.stdout) if read.returncode == 0 else {}
    if not str(document.get("fingerprint", "")).upper().startswith(match[2]):
        raise StepFailed(f"Linux 上 read-xlsx 读回不符（exit {read.returncode}）：{(read.stdout + read.stderr)[-800:]}")
    run.workbook, run.workbook_json = books[0], document
    artifacts = run.artifacts / "exported"
    artifacts.mkdir(parents=True, exist_ok=True)
    for path in (pdfs[0], books[0]):
        (artifacts / path.name).write_bytes(path.read_bytes())
    return (f"第{match[1]}版 {books[0].stem}；PDF 字体全部嵌入（{', '.join(fonts)}）；"
            f"Excel 经 Linux 上的 read-xlsx 核验通过，校验码 {match[2]} 一致")


def pdf_fonts(pdf: Path) -> list[str]:
    """The fonts pdffonts lists, each of which must be embedded."""
    result = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True)
    rows = result.stdout.splitlines()[2:]
    if result.returncode != 0 or not rows:
        raise StepFailed(f"pdffonts 无法读取 {pdf.name}：{result.stderr.strip()}")
    fonts = []
    for row in rows:
        columns = row.split()
        embedded = columns[-5] if len(columns) >= 5 else ""
        if embedded != "yes":
            raise StepFailed(f"{pdf.name} 中的字体未嵌入：{row.strip()}")
        fonts.append(columns[0].split("+")[-1])
    return sorted(set(fonts))


def judge_ready(log: str) -> str:
    """What the window said in the launcher log: the details of a clean "ready", or StepFailed."""
    boxes = BOX.findall(log)
    if boxes:
        raise StepFailed(f"窗口弹出了消息框：{boxes[0][len('school-report:box '):]}")
    ready = READY.search(log)
    if ready is None:
        raise StepFailed("窗口未就绪（没有 school-report:ready）：\n" + tail(log))
    windows = [w for w in ready["windows"].split(",") if w]
    if ready["platform"] != "windows":
        raise StepFailed(f"平台插件为 {ready['platform']}，应为 windows（qwindows.dll）")
    if int(ready["listed"]) < 2:
        raise StepFailed(f"类别列表只有 {ready['listed']} 行")
    if "MainWindow" not in windows or any("MessageBox" in w for w in windows):
        raise StepFailed(f"就绪时的窗口为 {windows}")
    return f"平台 windows，列出 {ready['listed']} 行（总览与各类别），窗口 {', '.join(windows)}"


def gui_ready(run: Run) -> str:
    """The Start-menu shortcut's command under the Windows platform plugin, until the window is ready.

    pythonw.exe has no console on Windows, so the launcher writes the app's lines to launcher.log;
    under Wine it inherits the pipe of this process instead. Both are read."""
    import threading

    assert run.data_dir is not None and run.install_dir is not None
    log = run.data_dir / "logs" / "launcher.log"
    offset = log.stat().st_size if log.exists() else 0
    piped: list[str] = []

    def said() -> str:
        logged = log.read_bytes()[offset:].decode("utf-8", "replace") if log.exists() else ""
        return logged + "".join(piped)

    folder = run.box.windows_path(run.install_dir)
    started = time.monotonic()
    process = run.box.start_program([f"{folder}\\pythonw.exe", f"{folder}\\school-report.pyw"],
                                    {"SCHOOL_REPORT_EXIT_WHEN": "ready", "SCHOOL_REPORT_EXIT_AFTER_MS": str(HOLD_MS)})
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: piped.extend(line.decode("gbk", "replace") for line in process.stdout),
                              daemon=True)  # fmt: skip
    reader.start()
    answered = wait_for(lambda: "school-report:ready" in said() or "school-report:box" in said()
                        or process.poll() is not None, GUI_TIMEOUT_S)  # fmt: skip
    elapsed = time.monotonic() - started
    time.sleep(1.5)  # the first paint after "ready"
    name = "window.png" if "school-report:ready" in said() else "window-failed.png"
    shot = run.box.screenshot(run.artifacts / name)
    try:
        code = process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        run.box.kill_all()
        code = -1
    reader.join(timeout=10)
    text = said()
    where = f"；截图 {shot.relative_to(ROOT)}"
    try:
        detail = judge_ready(text if answered else text + f"\n（{GUI_TIMEOUT_S} s 内无结果）")
    except StepFailed as failed:
        raise StepFailed(f"{failed}{where}") from None
    if code != 0:
        raise StepFailed(f"pythonw.exe 退出码 {code}：{tail(text)}{where}")
    run.figures["wine_ready_s"] = round(elapsed, 1)
    return f"pythonw.exe + school-report.pyw 就绪用时 {elapsed:.1f} s；{detail}；无消息框{where}"


def bureau_import(run: Run) -> str:
    import openpyxl

    assert run.workbook is not None
    folder = run.box.drive_c("wine-test")
    profile = run.workbook_json["values"]["profile"]  # type: ignore[index]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["学校标识码", "学校名称", "办学类型", "镇街"])
    sheet.append([profile["school_code"], profile["school_name"], profile["school_type"], profile["town"]])
    book.save(folder / "学校名单.xlsx")
    database = run.box.windows_path(folder) + "\\区汇总.sqlite3"
    run.cli("--db", database, "bureau", "register", "import", run.box.windows_path(folder / "学校名单.xlsx"))
    out = run.cli("--db", database, "bureau", "import", "--json", run.box.windows_path(run.workbook))
    decisions = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if len(decisions) != 1 or decisions[0].get("decision") != "accepted":
        raise StepFailed(f"区教体局导入未接收：{tail(out)}")
    python, _ = run.program()
    code = ("import python_calamine as c, sys; "
            "print(len(c.CalamineWorkbook.from_path(sys.argv[1]).sheet_names), 'sheets')")  # fmt: skip
    ran = run.box.wine([python, "-c", code, run.box.windows_path(run.workbook)], timeout=120)
    if ran.code != 0 or not re.match(r"\d+ sheets", ran.out.strip()):
        raise StepFailed(f"python-calamine 无法载入或读取：exit {ran.code}\n{tail(ran.out)}")
    school, sheets = decisions[0].get("school_code"), ran.out.split()[0]
    return f"导入结果 accepted（{school}）；python-calamine 载入（ProcessPrng）并读出 {sheets} 个工作表"


def schema_of(database: Path) -> tuple[str, dict[str, int]]:
    """(alembic revision, {table: rows}) read on the Linux side."""
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts = {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        if connection.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
            raise StepFailed(f"{database.name} 的 integrity_check 未通过")
        return revision, counts
    finally:
        connection.close()


def build_upgrade(run: Run) -> str:
    run.upgrade = run.build_upgrade()
    installer, version, revision = run.upgrade
    size = installer.stat().st_size / 1e6
    return f"{installer.relative_to(ROOT)}（{size:.1f} MB），版本 {version}，含测试迁移 {revision}"


def upgrade(run: Run) -> str:
    assert run.upgrade is not None and run.data_dir is not None
    installer, version, revision = run.upgrade
    database = run.data_dir / "school-report.sqlite3"
    history_before = json.loads(run.cli("history", "--json"))
    old_revision, counts_before = schema_of(database)
    backups_before = set((run.data_dir / "backups").glob("*-before-upgrade.sqlite3"))
    # The clerk chose English this time: the self-test shortcut of the Chinese install must go.
    run.box.wine(["reg", "add", f"HKCU\\{UNINSTALL_KEY}", "/v", "InstallerLanguage", "/d", LANG_EN, "/f"])
    ran = run.box.wine([str(installer), "/S"], timeout=300)
    run.box.wait_idle()
    entry = run.uninstall_entry()
    if ran.code != 0 or reg_value(entry, "DisplayVersion") != version:
        shown = reg_value(entry, "DisplayVersion")
        raise StepFailed(f"升级安装 exit {ran.code}，卸载项版本 {shown!r}：{tail(ran.out)}")
    shortcuts = {p.name for p in run.start_menu().glob("*.lnk")}
    if shortcuts != SHORTCUTS_EN:
        raise StepFailed(f"换语言升级后的开始菜单 {sorted(shortcuts)}，应为 {sorted(SHORTCUTS_EN)}")
    said = run.cli("--version").strip()
    if said != f"school-report {version}":
        raise StepFailed(f"升级后 --version 为 {said!r}")
    history_after = json.loads(run.cli("history", "--json"))  # opens the data: backup, then migrate
    new_revision, counts_after = schema_of(database)
    made = sorted(set((run.data_dir / "backups").glob("*-before-upgrade.sqlite3")) - backups_before)
    if history_after != history_before:
        raise StepFailed(f"上报记录变了：{history_before} → {history_after}")
    lost = {t: (n, counts_after.get(t)) for t, n in counts_before.items()
            if t not in ("alembic_version",) and counts_after.get(t) != n}  # fmt: skip
    if lost or new_revision != revision:
        raise StepFailed(f"升级后数据库为 {new_revision}（应为 {revision}），行数不同：{lost}")
    if len(made) != 1 or schema_of(made[0])[0] != old_revision:
        raise StepFailed(f"迁移前没有完好的备份（{old_revision}）：{[p.name for p in made]}")
    revisions = len(history_after.get("revisions", []))
    return (f"{run.version} → {version}（安装语言改为英文）：数据与 {revisions} 个上报版次保留，"
            f"迁移 {old_revision} → {new_revision} 前已备份并核验 {made[0].name}；开始菜单只剩 self-test 快捷方式")


def silent_uninstall(run: Run) -> str:
    assert run.install_dir is not None and run.data_dir is not None
    ran = run.box.wine([run.box.windows_path(run.install_dir / "uninstall.exe"), "/S"], timeout=180)
    run.box.wait_idle()  # the uninstaller runs on from a copy in %TEMP%
    left = [str(p) for p in (run.install_dir, run.start_menu(), run.user_dir("Desktop", f"{APPNAME}.lnk"))
            if p.exists()]  # fmt: skip
    if ran.code != 0 or left or run.uninstall_entry():
        entry = "仍在" if run.uninstall_entry() else "已删"
        raise StepFailed(f"卸载 exit {ran.code}；仍在：{left}；HKCU 卸载项{entry}")
    database = run.data_dir / "school-report.sqlite3"
    if not database.is_file() or not any((run.data_dir / "backups").glob("*.sqlite3")):
        raise StepFailed(f"数据文件夹未保留：{run.data_dir}")
    return f"程序文件夹、快捷方式、HKCU 卸载项已删除；数据文件夹保留（{database.name} 与 backups）"


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("Wine 环境 (prefix)", prefix),
    ("静默安装 (install /S, per user)", silent_install),
    ("控制台 --version", console_version),
    ("控制台 selftest > 文件 (cp936)", console_selftest),
    ("demo", demo),
    ("submit：PDF + Excel", submit),
    ("窗口就绪 (pythonw.exe, qwindows)", gui_ready),
    ("区教体局导入 (bureau import)", bureau_import),
    ("构建升级安装程序 (upgrade installer)", build_upgrade),
    ("升级安装 (upgrade over it)", upgrade),
    ("静默卸载 (uninstall /S)", silent_uninstall),
]


def run_steps(run: Run, figures_file: Path) -> bool:
    """Every step in order, one line each (✓/✗, seconds, what was proven); stops at the first failure.
    The figures (wine_install_s, wine_ready_s) are written to `figures_file` for benchmarks/run.py."""
    size = run.installer.stat().st_size / 1e6
    print(f"wine-test: {run.installer.relative_to(ROOT) if run.installer.is_relative_to(ROOT) else run.installer}"
          f" ({size:.1f} MB, {run.version})", flush=True)  # fmt: skip
    started = time.monotonic()
    ok = True
    for old in run.artifacts.glob("window*.png"):
        old.unlink()  # a screenshot always belongs to this run
    try:
        for title, step in STEPS:
            begun = time.monotonic()
            try:
                detail = step(run)
            except Exception as failed:  # StepFailed, a BuildError of the upgrade build, or a bug: all end the run
                known = isinstance(failed, (StepFailed, BuildError))
                what = str(failed) if known else f"{type(failed).__name__}: {failed}"
                print(f"✗ {time.monotonic() - begun:6.1f} s  {title}：{what}", flush=True)
                ok = False
                break
            print(f"✓ {time.monotonic() - begun:6.1f} s  {title}：{detail}", flush=True)
    finally:
        run.box.stop()
    figures_file.parent.mkdir(parents=True, exist_ok=True)
    figures_file.write_text(json.dumps({**run.figures, "installer": run.installer.name, "passed": ok}, indent=2),
                            encoding="utf-8")  # fmt: skip
    verdict = "all steps passed" if ok else "FAILED"
    print(f"wine-test: {verdict} in {time.monotonic() - started:.0f} s "
          f"(wine_install_s {run.figures.get('wine_install_s')}, wine_ready_s {run.figures.get('wine_ready_s')})")
    return ok
