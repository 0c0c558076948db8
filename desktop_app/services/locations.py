"""Where a database file should not live: network drives and synced folders corrupt SQLite files.

(reliability-notes #9.) The answer is a warning shown before use, never a refusal: some schools
have no other place.
"""

from __future__ import annotations

import sys
from pathlib import Path, PureWindowsPath

SYNCED_FOLDER_NAMES = (
    "onedrive", "dropbox", "google drive", "googledrive", "icloud", "坚果云", "nutstore",
    "百度网盘", "baidunetdisk", "wps网盘", "wpsdrive", "seafile", "nextcloud", "owncloud",
)  # fmt: skip


def _is_network_drive(path: Path) -> bool:
    text = str(path)
    if text.startswith(("\\\\", "//")):
        return True
    if sys.platform != "win32":
        return False
    drive = PureWindowsPath(text).drive
    if not drive:
        return False
    import ctypes

    drive_remote = 4
    return bool(ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote)


def location_warning(path: Path, lang: str = "zh") -> str | None:
    """A warning for a database path on a network drive or in a synced folder, else None."""
    lowered = str(path).lower()
    if _is_network_drive(path):
        if lang == "en":
            return f"{path} is on a network drive. A database there can be damaged; use a folder on this PC."
        return f"“{path}”位于网络驱动器上，数据库放在这里容易损坏。建议改用本机文件夹。"
    for name in SYNCED_FOLDER_NAMES:
        if name in lowered:
            if lang == "en":
                return (
                    f"{path} is inside a synced folder ({name}). Syncing can damage the database; use a local folder."
                )
            return f"“{path}”位于同步文件夹（{name}）中，同步过程可能损坏数据库。建议改用本机文件夹。"
    return None
