"""The words of the exporters' shared parts (atomic.py: a file that cannot be replaced) by key, in Chinese and
English, read through `EXPORTER_WORDS.text(key, lang, **values)`. The PDF keeps its own (pdf/words.py); the
exporters cannot import the UI or the bureau, so the layer keeps a catalogue of its own (the same `Catalogue`
type as the window's)."""

from __future__ import annotations

from desktop_app.domain.text import Catalogue

WORDS: dict[str, tuple[str, str]] = {
    "atomic.locked": (
        "无法保存“{name}”：该文件正被其他程序打开。请关闭该文件后重试。",
        "Cannot save “{name}”: the file is open in another program. Close it and try again.",
    ),
}

EXPORTER_WORDS = Catalogue((__name__, WORDS))
