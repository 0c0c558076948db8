"""An .eml draft for clerks without SMTP: Outlook opens it ready to send (`X-Unsent: 1`).

Also opens the draft with the default mail program and shows it in its folder, for webmail users
who attach the files by hand. Opening is best effort: it reports failure, it never raises.
"""

from __future__ import annotations

import copy
import os
import re
import shutil
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

from desktop_app.exporters.atomic import write_atomic

_UNSAFE = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{n}" for p in ("COM", "LPT") for n in range(1, 10)}
MAX_STEM = 120  # characters; keeps the whole path under Windows' 260 in a typical profile folder


def safe_file_stem(text: str, fallback: str = "邮件草稿") -> str:
    """A file name stem Windows accepts: no reserved characters or names, no trailing dot/space."""
    stem = _UNSAFE.sub("_", text).strip().rstrip(". ")[:MAX_STEM].rstrip(". ")
    if not stem or stem.split(".")[0].upper() in _RESERVED:
        stem = f"{fallback}_{stem}" if stem else fallback
    return stem


def draft_bytes(message: EmailMessage) -> bytes:
    """The message as an unsent draft (a copy: the caller's message is left as it was)."""
    draft = copy.deepcopy(message)
    del draft["X-Unsent"]
    draft["X-Unsent"] = "1"
    return draft.as_bytes()


def write_eml_draft(message: EmailMessage, folder: str | os.PathLike[str]) -> Path:
    """Write `<subject>.eml` into `folder` (created if needed), atomically; returns its path."""
    target_folder = Path(folder)
    target_folder.mkdir(parents=True, exist_ok=True)
    subject = str(message.get("Subject", "") or "")
    target = target_folder / f"{safe_file_stem(subject)}.eml"
    return write_atomic(target, draft_bytes(message))


def save_attachments(message: EmailMessage, folder: str | os.PathLike[str]) -> list[Path]:
    """Write each attachment beside the draft, for clerks who upload files to webmail by hand."""
    target_folder = Path(folder)
    target_folder.mkdir(parents=True, exist_ok=True)
    written = []
    for part in message.iter_attachments():
        name = Path(part.get_filename() or "附件").name  # never a path from the message
        stem, dot, ext = name.rpartition(".")
        safe = f"{safe_file_stem(stem, '附件')}.{ext}" if dot and stem else safe_file_stem(name, "附件")
        data = part.get_payload(decode=True)
        written.append(write_atomic(target_folder / safe, bytes(data) if isinstance(data, bytes) else b""))
    return written


def open_with_default_program(path: str | os.PathLike[str]) -> bool:
    """Open the file as a double-click would (the .eml in the mail program); False if impossible."""
    target = Path(path)
    if not target.exists():
        return False
    if sys.platform == "win32":
        try:
            os.startfile(target)  # type: ignore[attr-defined]
        except OSError:
            return False  # no program is associated with .eml
        return True
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    return _spawn([opener, str(target)])


def show_in_folder(path: str | os.PathLike[str]) -> bool:
    """Open the file's folder with the file selected where the system allows it."""
    target = Path(path)
    if sys.platform == "win32":
        # explorer returns 1 even when it succeeds, so its exit status is not checked.
        return _spawn(["explorer", f"/select,{target}"])
    if sys.platform == "darwin":
        return _spawn(["open", "-R", str(target)])
    return _spawn(["xdg-open", str(target.parent)])


def _spawn(command: list[str]) -> bool:
    # Not waited for: the mail program or file manager stays open after we return.
    if shutil.which(command[0]) is None:
        return False
    try:
        subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=sys.platform != "win32",
        )
    except OSError:
        return False
    return True
