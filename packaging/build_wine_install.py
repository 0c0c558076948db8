"""The installer's own steps of `build.py wine-test`: silent install, upgrade over it, silent uninstall.

Each proves from outside what the installer wrote (files, the HKCU entry, shortcuts) and what it left
alone (Program Files, ProgramData, HKLM; the clerk's data folder).
"""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

from build_wine_run import (
    APPNAME,
    ROOT,
    SHORTCUTS_EN,
    SHORTCUTS_ZH,
    UNINSTALL_KEY,
    Run,
    StepFailed,
    files_under,
    reg_value,
    tail,
)  # fmt: skip

LANG_ZH, LANG_EN = "2052", "1033"


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
    return (
        f"{run.version} → {version}（安装语言改为英文）：数据与 {revisions} 个上报版次保留，"
        f"迁移 {old_revision} → {new_revision} 前已备份并核验 {made[0].name}；开始菜单只剩 self-test 快捷方式"
    )


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
