"""Where the app finds its shipped resources (form packs, fonts, translations).

Three layouts: a source checkout or editable install (`resources/` beside the package), an installed
wheel (the same folder mapped into the package as `desktop_app/resources`), and a frozen bundle
(PyInstaller's `sys._MEIPASS/resources`).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resources_dir() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources")
    package_dir = Path(__file__).resolve().parent
    candidates += [package_dir.parent / "resources", package_dir / "resources"]
    for candidate in candidates:
        if (candidate / "forms").is_dir():
            return candidate
    raise FileNotFoundError("找不到程序资源文件夹 resources/（安装不完整）。")


def resource_path(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def default_pack_dir() -> Path:
    return resource_path("forms", "jiyang-2022")
