"""The second installer of wine-test's upgrade step: a higher version with a schema change.

The app's wheel is built from a copy of this tree whose version is one patch level higher and which
carries one extra, throwaway migration (a new empty table). Starting the upgraded program on the first
version's data must then back the database up, verify the copy and migrate, as a release with a schema
change does on a clerk's PC. The payload around it is the first installer's (`build.py installer` left it
in build/packaging/win/stage) with only the app replaced, which saves re-installing the pinned wheels:
a release with the same dependencies; without that stage the whole payload is assembled again. makensis
--fast wraps it. Never in dist/, never a release.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import build_nsis
import build_windows
from build_errors import BuildError
from build_qtmodules import imported_qt_modules, keep_rules
from build_trim import apply_trim, load_rules

ROOT = Path(__file__).resolve().parent.parent
VERSIONS = ROOT / "desktop_app" / "storage" / "migrations" / "versions"
PROBE_TABLE = "wine_upgrade_probe"
PROBE = '''"""wine-test only: a schema change for the upgrade step of `build.py wine-test` (never released).

Revision ID: {revision}
Revises: {down}
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "{revision}"
down_revision = "{down}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("{table}", sa.Column("id", sa.Integer, primary_key=True))


def downgrade() -> None:
    op.drop_table("{table}")
'''


def next_version(version: str) -> str:
    """0.1.0 → 0.1.1"""
    parts = version.split(".")
    if not parts[-1].isdigit():
        raise BuildError(f"版本号 {version} 的最后一段不是数字")
    return ".".join([*parts[:-1], str(int(parts[-1]) + 1)])


def head_revision(versions: Path = VERSIONS) -> str:
    """The newest migration of this tree: the revision no other file names as its down_revision."""
    revisions, downs = set(), set()
    for path in versions.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        revision = re.search(r'^revision\s*=\s*"([^"]+)"', text, re.M)
        down = re.search(r'^down_revision\s*=\s*"([^"]+)"', text, re.M)
        if revision:
            revisions.add(revision[1])
        if down:
            downs.add(down[1])
    heads = sorted(revisions - downs)
    if len(heads) != 1:
        raise BuildError(f"{VERSIONS} 中的迁移没有唯一的最新版本：{heads}")
    return heads[0]


def build(work: Path, version: str, base_stage: Path) -> tuple[Path, str, str]:
    """(installer, its version, the probe's schema revision)."""
    down = head_revision()
    revision = f"{int(down) + 1:04d}" if down.isdigit() else f"{down}_wine"
    upgraded = next_version(version)
    relative = VERSIONS.relative_to(ROOT) / f"{revision}_wine_upgrade_probe.py"
    extra = {relative.as_posix(): PROBE.format(revision=revision, down=down, table=PROBE_TABLE)}
    if _stage_version(base_stage) == version:
        stage = _replace_app(base_stage, work, build_windows.build_app_wheel(work / "app-wheel", upgraded, extra))
    else:
        stage, _removed = build_windows.assemble(work, None, upgraded, extra)
    installer = work / f"school-report-{upgraded}-setup.exe"
    build_nsis.compile_installer(ROOT / "packaging" / "installer.nsi", stage, upgraded, installer, fast=True)
    return installer, upgraded, revision


def _stage_version(stage: Path) -> str | None:
    init = stage / "Lib" / "site-packages" / "desktop_app" / "__init__.py"
    match = re.search(r'__version__\s*=\s*"([^"]+)"', init.read_text(encoding="utf-8")) if init.exists() else None
    return match[1] if match else None


def _replace_app(base_stage: Path, work: Path, wheel: Path) -> Path:
    """A copy of the first installer's payload with the app's package replaced by `wheel`, trimmed alike."""
    stage = work / "stage"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(base_stage, stage)
    site = stage / "Lib" / "site-packages"
    shutil.rmtree(site / "desktop_app")
    for info in site.glob("school_report-*.dist-info"):
        shutil.rmtree(info)
    build_windows.pip("install", "--no-index", "--no-deps", "--no-compile", "--target", str(site), str(wheel))
    rules = load_rules(ROOT / "packaging" / "trim-win.txt") + keep_rules(imported_qt_modules(site / "desktop_app"))
    apply_trim(site, rules)
    return stage
