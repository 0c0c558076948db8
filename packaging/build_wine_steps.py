"""The steps of `build.py wine-test`: what a clerk does with the installer, each proven from outside.

Each step returns one line of detail or raises StepFailed saying what is wrong; `run_steps` prints
`✓`/`✗`, the step's time and that line, and stops at the first failure (later steps need the earlier
ones). The installer's own steps are in build_wine_install.py, the shared state in build_wine_run.py.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from build_errors import BuildError
from build_wine import wait_for
from build_wine_install import build_upgrade, silent_install, silent_uninstall, upgrade
from build_wine_run import ROOT, Run, StepFailed, linux, tail

READY = re.compile(r"school-report:ready platform=(?P<platform>\S+) listed=(?P<listed>\d+) windows=(?P<windows>\S*)")
BOX = re.compile(r"school-report:box .*")
GUI_TIMEOUT_S = 150
HOLD_MS = 4000  # the window stays this long after "ready": time for the screenshot


def prefix(run: Run) -> str:
    return run.box.start()


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
    match = re.search(r"第(\d+)版，校验码[：: ]*((?:[0-9A-F]{4}-?){4})", out)  # D964-2B95-7BA3-A8D5
    pdfs, books = sorted(folder.glob("*.pdf")), sorted(folder.glob("*.xlsx"))
    if match is None or len(pdfs) != 1 or len(books) != 1:
        raise StepFailed(f"未生成一个 PDF 和一个 Excel：{[p.name for p in folder.glob('*')]}\n{tail(out)}")
    fonts = pdf_fonts(pdfs[0])
    read = linux("read-xlsx", "--json", str(books[0]))
    document = json.loads(read.stdout) if read.returncode == 0 else {}
    short = match[2].replace("-", "")
    if not str(document.get("fingerprint", "")).upper().startswith(short):
        raise StepFailed(f"Linux 上 read-xlsx 读回不符（exit {read.returncode}）：{(read.stdout + read.stderr)[-800:]}")
    run.workbook, run.workbook_json, run.paper = books[0], document, pdfs[0]
    artifacts = run.artifacts / "exported"
    artifacts.mkdir(parents=True, exist_ok=True)
    for path in (pdfs[0], books[0]):
        (artifacts / path.name).write_bytes(path.read_bytes())
    return (
        f"第{match[1]}版 {books[0].stem}；PDF 字体全部嵌入（{', '.join(fonts)}）；"
        f"Excel 经 Linux 上的 read-xlsx 核验通过，校验码 {short} 一致"
    )


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
        raise StepFailed(f"窗口弹出了消息框：{boxes[0][len('school-report:box ') :]}")
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
    process = run.box.start_program(
        [f"{folder}\\pythonw.exe", f"{folder}\\school-report.pyw"],
        {"SCHOOL_REPORT_EXIT_WHEN": "ready", "SCHOOL_REPORT_EXIT_AFTER_MS": str(HOLD_MS)},
    )
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
    database = run.bureau_db = run.box.windows_path(folder) + "\\区汇总.sqlite3"
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
    report = folder / "年终报告初稿.docx"  # python-docx and lxml.etree in the installed program (trim-win.txt)
    out = run.cli("--db", database, "bureau", "report", "--out", run.box.windows_path(report))
    try:
        with zipfile.ZipFile(report) as docx:
            body = docx.read("word/document.xml").decode("utf-8")
    except (OSError, KeyError, zipfile.BadZipFile) as error:
        raise StepFailed(f"年终报告初稿未写出或无法打开：{error}\n{tail(out)}") from error
    if "<w:t" not in body:
        raise StepFailed(f"年终报告初稿没有正文：{tail(out)}")
    return (
        f"导入结果 accepted（{school}）；python-calamine 载入（ProcessPrng）并读出 {sheets} 个工作表；"
        f"年终报告初稿 {report.stat().st_size // 1024} KB"
    )


def paper_check(run: Run) -> str:
    """The sealed paper as the bureau gets it back (the cover scanned into a PDF), checked by the installed
    `bureau verify-paper`: QtPdf rasterises the scan and zxing-cpp reads the code, in the program as
    installed (this also proves the trim of icudtl.dat in trim-win.txt)."""
    from PIL import Image

    assert run.paper is not None and run.bureau_db
    scan = run.box.drive_c("wine-test", "盖章纸质件扫描.pdf")
    with tempfile.TemporaryDirectory() as scratch:
        made = subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(run.paper),
                               f"{scratch}/cover"], capture_output=True, text=True)  # fmt: skip
        pages = sorted(Path(scratch).glob("cover*.png"))
        if made.returncode != 0 or not pages:
            raise StepFailed(f"pdftoppm 无法渲染 {run.paper.name}：{made.stderr.strip()}")
        with Image.open(pages[0]) as page:
            page.convert("L").save(scan, "PDF", resolution=150)
    out = run.cli("--db", run.bureau_db, "bureau", "verify-paper", "--json", run.box.windows_path(scan))
    verdicts = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    if len(verdicts) != 1 or verdicts[0].get("outcome") != "match":
        raise StepFailed(f"纸质件核验结果不是 match：{tail(out)}")
    verdict = verdicts[0]
    return f"扫描件（QtPdf 渲染，zxing-cpp 读码）与导入的第{verdict.get('revision')}版一致"


STEPS: list[tuple[str, Callable[[Run], str]]] = [
    ("Wine 环境 (prefix)", prefix),
    ("静默安装 (install /S, per user)", silent_install),
    ("控制台 --version", console_version),
    ("控制台 selftest > 文件 (cp936)", console_selftest),
    ("demo", demo),
    ("submit：PDF + Excel", submit),
    ("窗口就绪 (pythonw.exe, qwindows)", gui_ready),
    ("区教体局导入 (bureau import)", bureau_import),
    ("纸质件核验 (bureau verify-paper)", paper_check),
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
    print(
        f"wine-test: {verdict} in {time.monotonic() - started:.0f} s "
        f"(wine_install_s {run.figures.get('wine_install_s')}, wine_ready_s {run.figures.get('wine_ready_s')})"
    )
    return ok
