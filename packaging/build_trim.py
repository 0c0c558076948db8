"""Trim lists: glob patterns naming files a Widgets app never loads, removed from a payload.

Format (one pattern a line, `#` starts a comment): patterns match the file's path relative to the
payload root, with `/` separators; `*` also crosses folders (fnmatch), so `PySide6/qml/*` means the whole
folder. A line starting with `!` keeps what an earlier line removed. The last matching line wins, as in
.gitignore. Every trim is proven afterwards by the import check (build_pecheck.py): a DLL something still
imports must not be trimmed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path


@dataclass(frozen=True)
class TrimRule:
    pattern: str
    keep: bool
    line: int


def parse_rules(text: str) -> list[TrimRule]:
    rules: list[TrimRule] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        keep = line.startswith("!")
        pattern = line[1:].strip() if keep else line
        rules.append(TrimRule(pattern=pattern.lower(), keep=keep, line=number))
    return rules


def load_rules(path: Path) -> list[TrimRule]:
    return parse_rules(path.read_text(encoding="utf-8"))


def matching_rule(relpath: str, rules: list[TrimRule]) -> TrimRule | None:
    """The rule that decides `relpath` (the last one matching), or None. Windows names ignore case."""
    name = relpath.replace(os.sep, "/").lower()
    decided: TrimRule | None = None
    for rule in rules:
        if fnmatchcase(name, rule.pattern):
            decided = rule
    return decided


def is_trimmed(relpath: str, rules: list[TrimRule]) -> bool:
    rule = matching_rule(relpath, rules)
    return rule is not None and not rule.keep


def apply_trim(root: Path, rules: list[TrimRule]) -> dict[str, TrimRule]:
    """Delete every trimmed file under `root`; returns {relative path: the rule that removed it}."""
    removed: dict[str, TrimRule] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file() or p.is_symlink()):
        relpath = path.relative_to(root).as_posix()
        rule = matching_rule(relpath, rules)
        if rule is not None and not rule.keep:
            path.unlink()
            removed[relpath] = rule
    _remove_empty_dirs(root)
    return removed


def _remove_empty_dirs(root: Path) -> None:
    for directory in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(directory.iterdir()):
            directory.rmdir()


def removed_by_name(removed: dict[str, TrimRule]) -> dict[str, tuple[str, TrimRule]]:
    """Lower-case file name → (relative path, rule), to explain an unresolved import after a trim."""
    return {Path(rel).name.lower(): (rel, rule) for rel, rule in removed.items()}
