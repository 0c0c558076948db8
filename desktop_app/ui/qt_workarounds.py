"""Workarounds for defects of the Qt bindings we ship, each with the reason and when to drop it."""

from __future__ import annotations

import sys


def keep_none_alive() -> None:
    """PySide6 6.12.0 on CPython 3.11 drops one reference to None on every Qt call that returns
    nothing (setText, setItem, setObjectName…); after some thousands of calls CPython aborts with
    "none_dealloc" and the clerk's window vanishes. 6.11.3 does not have the defect, but QtPdf comes
    as a small add-on wheel (PySide6-Pdf) only from 6.12 on. None is immortal from Python 3.12 on; on
    3.11 we give it references it cannot run out of. Drop this when PySide6 is fixed or we leave 3.11.
    """
    if sys.version_info >= (3, 12):
        return
    import ctypes

    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
