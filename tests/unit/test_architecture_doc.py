"""docs/architecture.md names only modules that exist: every module in backquotes (a `.py` file, a folder
or file path) is found under the repository, desktop_app/, or, in the package table, that row's package.
Bare names of files made at run time (`packs/`, `changes.yaml`) are not module paths and are not checked."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop_app"
DOC = ROOT / "docs" / "architecture.md"
NAMED = re.compile(r"`([A-Za-z0-9_./<>-]+?(?:\.py|\.md|\.yaml|/))`")
ROW = re.compile(r"^\| `desktop_app/([a-z_]+)/` \|")


def named_paths() -> list[tuple[int, str, Path | None]]:
    """(line number, path, the row's package folder or None) of every path the document names."""
    found: list[tuple[int, str, Path | None]] = []
    for number, line in enumerate(DOC.read_text(encoding="utf-8").splitlines(), start=1):
        row = ROW.match(line)
        package = PACKAGE / row.group(1) if row else None
        for name in NAMED.findall(line):
            if "<" in name:  # a pattern such as 文档/学校工作报送/<期>
                continue
            if name.endswith(".py") or "/" in name.rstrip("/") or (package is not None and name.endswith("/")):
                found.append((number, name, package))
    return found


def exists(name: str, package: Path | None) -> bool:
    places = [ROOT, PACKAGE] + ([package] if package is not None else [])
    return any((place / name).exists() for place in places)


def test_the_architecture_document_names_only_modules_that_exist() -> None:
    paths = named_paths()
    assert len(paths) > 60  # the check reads the document it means to
    missing = [f"line {number}: {name}" for number, name, package in paths if not exists(name, package)]
    assert missing == []


def test_the_package_table_names_every_services_module() -> None:
    text = DOC.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| `desktop_app/services/` |"))
    modules = sorted(path.name for path in (PACKAGE / "services").glob("*.py") if path.name != "__init__.py")
    assert [name for name in modules if f"`{name}`" not in row] == []


def test_the_bureau_never_reaches_up_into_services() -> None:
    """The bureau's default database comes from the settings through its caller (services.settings
    .database_target, called by the bureau's commands and window), never from an import of its own."""
    importing = sorted(
        str(path.relative_to(PACKAGE)) for path in (PACKAGE / "bureau").rglob("*.py")
        if re.search(r"^\s*(from|import) desktop_app\.services", path.read_text(encoding="utf-8"), re.MULTILINE)
    )  # fmt: skip
    assert importing == []
