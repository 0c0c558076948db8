"""`school-report selftest` (自检): prove this installation can do its job, one line per check.

For support staff on a clerk's PC as much as for CI on the built bundle: resources present, form pack
loads, a temporary database opens through the real migrations, translations load, a PDF with the CJK
font embedded and an Excel workbook are written and read back. Each check runs on its own, so one
failure does not hide the others; the exit status is 0 only when all pass. Nothing touches the clerk's
own database: everything happens in a temporary folder that is removed afterwards.
"""

from __future__ import annotations

import argparse
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from desktop_app.cli.context import CommandContext

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack

PASS, FAIL = "✓", "✗"
# The same marks in the Chinese code page (cp936/GBK has no ✓ ✗): `selftest > 自检.txt` or `| more` on a
# Chinese Windows writes in that code page.
PASS_GBK, FAIL_GBK = "√", "×"


def marks(stream: TextIO) -> tuple[str, str]:
    """(pass, fail) marks that `stream`'s encoding can write."""
    try:
        (PASS + FAIL).encode(getattr(stream, "encoding", None) or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return PASS_GBK, FAIL_GBK
    return PASS, FAIL


class SelfTest:
    """Holds what earlier checks produced (pack, submission) so later ones can reuse it."""

    def __init__(self, folder: Path, lang: str) -> None:
        self.folder = folder
        self.lang = lang
        self._pack: FormPack | None = None
        self._submission: Any = None

    def pack(self) -> FormPack:
        if self._pack is None:
            from desktop_app.domain.loader import load_pack

            self._pack = load_pack()
        return self._pack

    def submission(self) -> Any:
        if self._submission is None:
            self._submission = self._open_service(self.folder / "submission.sqlite3")
        return self._submission

    def _open_service(self, path: Path) -> Any:
        from desktop_app.services.reporting import ReportingService

        service = ReportingService.open(path, self.pack(), self.lang)
        try:
            return service.build_submission()
        finally:
            service.close()

    # the checks: each returns its detail text, or raises ------------------------------------------

    def resources(self) -> str:
        from desktop_app.paths import default_pack_dir, resources_dir

        root = resources_dir()
        fonts = sorted(p.name for p in (root / "fonts").rglob("*") if p.suffix.lower() in {".ttf", ".ttc"})
        if not (default_pack_dir() / "pack.yaml").is_file():
            raise FileNotFoundError(f"{default_pack_dir()} 中没有 pack.yaml")
        if not fonts:
            raise FileNotFoundError(f"{root / 'fonts'} 中没有字体文件")
        return f"{root}（字体 {', '.join(fonts)}）"

    def form_pack(self) -> str:
        pack = self.pack()
        return f"{pack.id} {pack.version}，{len(pack.categories)} 个类别"

    def database(self) -> str:
        import sqlite3

        path = self.folder / "selftest.sqlite3"
        self._open_service(path)
        connection = sqlite3.connect(path)
        try:
            result = connection.execute("PRAGMA quick_check").fetchone()[0]
            tables = connection.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        finally:
            connection.close()
        if result != "ok":
            raise RuntimeError(f"quick_check: {result}")
        return f"临时数据库已按迁移建立，{tables} 张表，完整性检查 ok"

    def translations(self) -> str:
        from desktop_app.ui import i18n

        missing = [key for key, (zh, en) in i18n.CATALOGUE.items() if not zh or not en]
        if missing:
            raise ValueError(f"缺少译文：{', '.join(missing[:5])}")
        from PySide6.QtCore import QTranslator

        folder = i18n.qt_translations_dir()
        if folder is None:
            raise FileNotFoundError("找不到 Qt 的翻译文件 qtbase_zh_CN.qm")
        if not QTranslator().load("qtbase_zh_CN", str(folder)):
            raise ValueError(f"{folder / 'qtbase_zh_CN.qm'} 无法载入")
        return f"界面 {len(i18n.CATALOGUE)} 条（中/英），Qt zh_CN：{folder}"

    def pdf(self) -> str:
        from desktop_app.exporters.pdf import render_pdf

        data = render_pdf(self.pack(), self.submission(), [], lang=self.lang)
        path = self.folder / "selftest.pdf"
        path.write_bytes(data)
        raw = path.read_bytes()
        if not raw.startswith(b"%PDF-") or b"%%EOF" not in raw[-1024:]:
            raise ValueError("生成的文件不是完整的 PDF")
        if b"/FontFile2" not in raw:
            raise ValueError("PDF 中没有嵌入 TrueType 中文字体 (/FontFile2)")
        return f"{len(raw) // 1024} KB，已嵌入中文字体"

    def xlsx(self) -> str:
        from desktop_app.domain.submission import fingerprint
        from desktop_app.exporters.xlsx import build_workbook_bytes, read_submission

        pack, submission = self.pack(), self.submission()
        path = self.folder / "selftest.xlsx"
        path.write_bytes(build_workbook_bytes(pack, submission, [], lang=self.lang))
        back = read_submission(path, pack)
        if fingerprint(pack, back) != fingerprint(pack, submission):
            raise ValueError("读回的数据与写入的不一致")
        return f"{path.stat().st_size // 1024} KB，读回一致"


CHECKS: tuple[tuple[str, str], ...] = (
    ("resources", "程序资源 resources"),
    ("form_pack", "表单包 form pack"),
    ("database", "数据库与迁移 database"),
    ("translations", "翻译 translations"),
    ("pdf", "PDF 导出 PDF export"),
    ("xlsx", "Excel 导出与读回 Excel export"),
)


def run_checks(lang: str, emit: Callable[[str], None], marked: tuple[str, str] = (PASS, FAIL)) -> bool:
    """Run every check, emitting one line each (starting with a `marked` pass or fail mark); True when
    all passed."""
    ok_mark, fail_mark = marked
    passed = True
    with tempfile.TemporaryDirectory(prefix="school-report-selftest-") as scratch:
        test = SelfTest(Path(scratch), lang)
        for method, title in CHECKS:
            try:
                detail = getattr(test, method)()
                emit(f"{ok_mark} {title}：{detail}")
            except Exception as error:  # a failing check is reported, never fatal to the others
                passed = False
                where = traceback.extract_tb(error.__traceback__)[-1]
                at = f"{Path(where.filename).name}:{where.lineno}"
                emit(f"{fail_mark} {title}：{type(error).__name__}: {error}（{at}）")
    return passed


def handle(args: argparse.Namespace, context: CommandContext) -> int:
    ok = run_checks(context.lang, context.out, marks(context.stdout))
    context.out("自检通过。" if ok else "自检未通过：请将以上内容发给技术支持人员。")
    return 0 if ok else 1


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("selftest", help="自检：检查本机安装是否完整可用（self-test）")
    parser.set_defaults(handler=handle)
