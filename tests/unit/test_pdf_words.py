"""The PDF's own words come from its keyed catalogue (exporters/pdf/words.py): every key used exists, every
entry is in both languages with the same placeholders, and no inline (zh, en) pair is left."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desktop_app.domain.text import DuplicateKeyError
from desktop_app.exporters.pdf.words import BLANK_IN_ENGLISH, PDF_WORDS, WORDS

PDF = Path(__file__).resolve().parents[2] / "desktop_app" / "exporters" / "pdf"


def _calls(method: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted(PDF.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
                found.append((path.name, node))
    return found


def test_every_word_the_pdf_prints_is_a_key_of_its_catalogue() -> None:
    calls = _calls("tr")
    assert len(calls) > 30
    wrong = []
    for name, call in calls:
        first = call.args[0]
        if isinstance(first, ast.JoinedStr):  # context.tr(f"signatures.{key}"): its constant start
            start = first.values[0]
            assert isinstance(start, ast.Constant)
            if not any(key.startswith(str(start.value)) for key in WORDS):
                wrong.append(f"{name}:{call.lineno}: {start.value}…")
            continue
        assert isinstance(first, ast.Constant)
        key = str(first.value)
        if key not in PDF_WORDS:
            wrong.append(f"{name}:{call.lineno}: {key} is not in exporters/pdf/words.py")
            continue
        wanted = set(re.findall(r"{(\w+)}", WORDS[key][0]))
        if wanted != {k.arg for k in call.keywords}:
            wrong.append(f"{name}:{call.lineno}: {key} wants {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)
    assert not _calls("t"), "an inline context.t(zh, en) pair: give it a key in exporters/pdf/words.py"


def test_every_entry_has_both_languages_with_the_same_placeholders() -> None:
    for key, (zh, en) in WORDS.items():
        assert zh.strip(), key
        assert en.strip() or key in BLANK_IN_ENGLISH, key
        assert set(re.findall(r"{(\w+)}", zh)) == set(re.findall(r"{(\w+)}", en)), key


def test_the_words_in_each_language() -> None:
    assert PDF_WORDS.text("page.foot", "zh", revision=2, fingerprint="3F2A") == "第2版  校验码 3F2A"
    assert PDF_WORDS.text("page.foot", "en", revision=2, fingerprint="3F2A") == "Revision 2 · fingerprint 3F2A"
    assert PDF_WORDS.text("signatures.date_blank", "en") == ""


def test_a_key_declared_twice_fails_when_the_catalogue_is_made() -> None:
    from desktop_app.domain.text import Catalogue

    with pytest.raises(DuplicateKeyError, match=r"again in extra: page\.draft"):
        Catalogue(("words", WORDS), ("extra", {"page.draft": ("样稿", "SAMPLE")}))
