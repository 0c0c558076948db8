"""The second installer of wine-test's upgrade step: a higher version with a schema change.

Built like the first (`build_windows.assemble`, makensis --fast) from a copy of this tree whose version
is one patch level higher and which carries one extra, throwaway migration (a new empty table). Starting
the upgraded program on the first version's data must then back the database up, verify the copy and
migrate, as a release with a schema change does on a clerk's PC. Never in dist/, never a release.
"""

from __future__ import annotations

import re
from pathlib import Path

import build_nsis
import build_windows
from build_errors import BuildError

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


def build(work: Path, version: str) -> tuple[Path, str, str]:
    """(installer, its version, the probe's schema revision)."""
    down = head_revision()
    revision = f"{int(down) + 1:04d}" if down.isdigit() else f"{down}_wine"
    upgraded = next_version(version)
    relative = VERSIONS.relative_to(ROOT) / f"{revision}_wine_upgrade_probe.py"
    probe = PROBE.format(revision=revision, down=down, table=PROBE_TABLE)
    stage, _removed = build_windows.assemble(work, None, upgraded, {relative.as_posix(): probe})
    installer = work / f"school-report-{upgraded}-setup.exe"
    build_nsis.compile_installer(ROOT / "packaging" / "installer.nsi", stage, upgraded, installer, fast=True)
    return installer, upgraded, revision
