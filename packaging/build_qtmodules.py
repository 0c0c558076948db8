"""The PySide6 modules the app imports, and whether a Windows payload still holds their bindings.

The 0.1.0 installer trimmed `PySide6/QtNetwork.pyd` (the trim list removed every `Qt*.pyd` but a
hand-kept few) while `desktop_app/ui/lifecycle/single_instance.py` imports QtNetwork on every start:
the window opened and could not open its data. The DLL import check could not see it (nothing imports
a .pyd; Python does, at run time). So the build keeps the binding of every module the code imports,
imports inside functions included (`keep_rules`), and `build.py check` fails when the payload lacks
one (`missing_bindings`).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from build_trim import TrimRule

SITE = "Lib/site-packages/"  # where the installer's payload keeps the wheels
_QT_MODULE = re.compile(r"^PySide6\.(Qt\w+)")


def imported_qt_modules(source: Path) -> dict[str, list[str]]:
    """{"QtNetwork": ["desktop_app/ui/lifecycle/single_instance.py", ...], ...} for every `PySide6.Qt*`
    module imported anywhere under `source` (module level, functions, `from PySide6 import QtX`)."""
    found: dict[str, list[str]] = {}
    for path in sorted(source.rglob("*.py")):
        where = path.relative_to(source.parent).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "PySide6":
                names = [f"PySide6.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                match = _QT_MODULE.match(name)
                if match and where not in found.setdefault(match[1], []):
                    found[match[1]].append(where)
    return dict(sorted(found.items()))


def binding(module: str) -> str:
    """The binding's path relative to site-packages, as the Windows wheels lay it out."""
    return f"PySide6/{module}.pyd"


def keep_rules(modules: dict[str, list[str]]) -> list[TrimRule]:
    """`!PySide6/QtX.pyd` for each imported module; appended after the trim list, so they win."""
    return [TrimRule(pattern=binding(module).lower(), keep=True, line=0) for module in modules]


def merged(*scans: dict[str, list[str]]) -> dict[str, list[str]]:
    together: dict[str, list[str]] = {}
    for scan in scans:
        for module, files in scan.items():
            together.setdefault(module, []).extend(f for f in files if f not in together[module])
    return dict(sorted(together.items()))


def missing_bindings(payload: list[str], modules: dict[str, list[str]], site: str = SITE) -> list[str]:
    """A message for each imported module whose .pyd is not in `payload` (paths relative to its root)."""
    present = {path.replace("\\", "/").lower() for path in payload}
    return [
        f"缺少 {site}{binding(module)}：{', '.join(files)} 导入 PySide6.{module} "
        f"(missing binding of PySide6.{module}, imported by {files[0]})"
        for module, files in modules.items()
        if f"{site}{binding(module)}".lower() not in present
    ]
