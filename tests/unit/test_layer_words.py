"""The PDF's and the command line's own words come from each layer's keyed catalogue (exporters/pdf/words.py,
cli/words.py; the window's are checked by test_ui_strings.py): every key used exists and is given exactly
its placeholders, every entry is in both languages, and no inline (zh, en) pair is left."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from desktop_app.cli.words import CLI_WORDS
from desktop_app.cli.words import WORDS as CLI
from desktop_app.domain.text import Catalogue, DuplicateKeyError
from desktop_app.exporters.pdf.words import BLANK_IN_ENGLISH, PDF_WORDS
from desktop_app.exporters.pdf.words import WORDS as PDF

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"
LAYERS = {"exporters/pdf": PDF, "cli": CLI}
PLACEHOLDER = r"{(\w+)[^}]*}"


def _calls(folder: str, method: str) -> list[tuple[str, ast.Call]]:
    found = []
    for path in sorted((PACKAGE / folder).glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == method:
                found.append((path.name, node))
    return found


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_word_a_layer_prints_is_a_key_of_its_catalogue(folder: str) -> None:
    words = LAYERS[folder]
    calls = _calls(folder, "tr")
    assert len(calls) > 30
    wrong = []
    for name, call in calls:
        first = call.args[0]
        if isinstance(first, ast.JoinedStr):  # context.tr(f"signatures.{key}"): its constant start
            start = first.values[0]
            assert isinstance(start, ast.Constant)
            if not any(key.startswith(str(start.value)) for key in words):
                wrong.append(f"{name}:{call.lineno}: {start.value}…")
            continue
        assert isinstance(first, ast.Constant), f"{name}:{call.lineno}"
        key = str(first.value)
        if key not in words:
            wrong.append(f"{name}:{call.lineno}: {key} is not in {folder}/words.py")
            continue
        wanted = set(re.findall(PLACEHOLDER, words[key][0]))
        if wanted != {k.arg for k in call.keywords}:
            wrong.append(f"{name}:{call.lineno}: {key} wants {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)
    assert not _calls(folder, "t") or folder == "exporters/pdf", (
        f"an inline .t(zh, en) pair: key it in {folder}/words.py"
    )


def test_the_school_pdf_has_no_inline_pair_left() -> None:
    """RenderContext.t stays only for the bureau's summary PDF (bureau/summary_pdf*.py)."""
    assert not _calls("exporters/pdf", "t")


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_every_entry_has_both_languages_with_the_same_placeholders(folder: str) -> None:
    for key, (zh, en) in LAYERS[folder].items():
        assert zh.strip(), key
        assert en.strip() or key in BLANK_IN_ENGLISH, key
        assert set(re.findall(PLACEHOLDER, zh)) == set(re.findall(PLACEHOLDER, en)), key


def test_the_words_in_each_language() -> None:
    assert PDF_WORDS.text("page.foot", "zh", revision=2, fingerprint="3F2A") == "第2版  校验码 3F2A"
    assert PDF_WORDS.text("page.foot", "en", revision=2, fingerprint="3F2A") == "Revision 2 · fingerprint 3F2A"
    assert PDF_WORDS.text("signatures.date_blank", "en") == ""
    assert CLI_WORDS.text("common.error", "zh") == "错误："
    assert CLI_WORDS.text("bureau.imported", "en", count=3, counts="accepted 3") == "3 files: accepted 3."


def test_a_key_declared_twice_fails_when_the_catalogue_is_made() -> None:
    with pytest.raises(DuplicateKeyError, match=r"again in extra: page\.draft"):
        Catalogue(("words", PDF), ("extra", {"page.draft": ("样稿", "SAMPLE")}))
