"""Is a data-file location risky? Network drives and synced folders corrupt SQLite files.

Plain functions (no Qt) so that the settings dialog and tests share them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import PureWindowsPath

# Folder names of sync clients common on Chinese school PCs (case-insensitive substring match).
SYNCED_NAMES: tuple[str, ...] = (
    "OneDrive",
    "Dropbox",
    "坚果云",
    "Nutstore",
    "百度网盘",
    "BaiduNetdisk",
    "BaiduSyncdisk",
    "Google Drive",
    "iCloudDrive",
    "WPS云盘",
    "阿里云盘",
)

DRIVE_REMOTE = 4  # GetDriveType's answer for a mapped network drive


@dataclass(frozen=True, slots=True)
class LocationWarning:
    kind: str  # "network" | "synced"
    name: str = ""  # the sync client's folder name


def _is_unc(path: str) -> bool:
    return path.startswith("\\\\") or path.startswith("//")


def _drive_type(path: str) -> int | None:
    if sys.platform != "win32":
        return None
    import ctypes

    drive = PureWindowsPath(path).drive
    if not drive or _is_unc(drive):
        return None
    windll = getattr(ctypes, "windll")  # noqa: B009 (exists on Windows only)
    return int(windll.kernel32.GetDriveTypeW(drive + "\\"))


def location_warning(path: str, drive_type: int | None = None) -> LocationWarning | None:
    """A warning for a network location or a synced folder; None for an ordinary local path.

    `drive_type` is the drive's GetDriveType value (looked up on Windows when not given).
    """
    if not path:
        return None
    if _is_unc(path):
        return LocationWarning("network")
    kind = drive_type if drive_type is not None else _drive_type(path)
    if kind == DRIVE_REMOTE:
        return LocationWarning("network")
    lowered = path.replace("\\", "/").lower()
    for name in SYNCED_NAMES:
        if name.lower() in lowered:
            return LocationWarning("synced", name)
    return None
