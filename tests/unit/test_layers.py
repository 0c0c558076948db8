"""The domain core stays plain Python: no Qt, no SQL, no exporters (stated as a check, not a hope)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[2] / "desktop_app" / "domain"
FORBIDDEN = ("PySide6", "sqlalchemy", "alembic", "openpyxl", "reportlab", "keyring", "desktop_app.storage",
             "desktop_app.exporters", "desktop_app.ui", "desktop_app.services", "desktop_app.cli",
             "desktop_app.bureau")  # fmt: skip


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_domain_modules_import_nothing_forbidden() -> None:
    offenders = [
        f"{path.name}: {name}"
        for path in sorted(DOMAIN.glob("*.py"))
        for name in _imports(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)
    ]
    assert offenders == []


def test_loading_the_domain_does_not_load_qt_or_sqlalchemy() -> None:
    code = (
        "import sys\n"
        "from desktop_app.domain.loader import load_pack\n"
        "from desktop_app.domain import validation, submission, evaluation\n"
        "try:\n    load_pack()\nexcept Exception:\n    pass\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'openpyxl', 'reportlab')]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
