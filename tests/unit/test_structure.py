"""The package's structure as contracts (issue 15): the layers and the acyclic rule cover every package,
lint-imports keeps them, action labels are declared once, and the action registry fails loudly."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _contracts() -> list[dict[str, object]]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts: list[dict[str, object]] = config["tool"]["importlinter"]["contracts"]
    return contracts


def test_the_layers_name_every_package_of_the_app() -> None:
    layers = next(c for c in _contracts() if c["type"] == "layers")
    named = {name.strip() for layer in layers["layers"] for name in str(layer).replace(":", "|").split("|")}
    package = ROOT / "desktop_app"
    present = {f"desktop_app.{p.name}" for p in package.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    present |= {f"desktop_app.{p.stem}" for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    assert present <= named, f"not in any layer: {sorted(present - named)}"


def test_cycles_are_checked_across_the_whole_package() -> None:
    acyclic = next(c for c in _contracts() if c["type"] == "acyclic_siblings")
    assert acyclic["ancestors"] == ["desktop_app"]
    assert len(acyclic.get("ignore_imports", [])) <= 3  # the known exceptions only shrink
    assert not any("services" in str(item) for item in acyclic.get("ignore_imports", []))  # services: none


@pytest.mark.skipif(shutil.which("lint-imports") is None, reason="import-linter is not installed")
def test_lint_imports_keeps_every_contract() -> None:
    environment = {"PYTHONPATH": str(ROOT), "PATH": str(Path(sys.executable).parent)}
    run = subprocess.run(
        [shutil.which("lint-imports") or "lint-imports", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=environment,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "0 broken" in run.stdout


def test_an_action_module_that_does_not_exist_fails_loudly() -> None:
    from desktop_app.ui.actions import ACTION_MODULES, load_action_modules

    load_action_modules()  # every listed module exists
    with pytest.raises(ImportError):
        load_action_modules((*ACTION_MODULES, "desktop_app.ui.submit_actions"))


def test_an_action_without_a_label_in_the_catalogue_is_refused() -> None:
    from desktop_app.ui.actions import ActionSpec, register_action

    with pytest.raises(ValueError, match=r"action\.no_such_thing"):
        register_action(ActionSpec("no_such_thing", "report"))


def test_each_action_label_is_declared_once_and_submit_is_shang_bao() -> None:
    from desktop_app.ui.actions import MENUS, actions_for, load_action_modules
    from desktop_app.ui.i18n import CATALOGUE

    load_action_modules()
    specs = [spec for menu in MENUS for spec in actions_for(menu)]
    assert {spec.key for spec in specs} >= {"export_pdf", "export_excel", "send", "submit", "reopen", "history"}
    for spec in specs:
        assert spec.label("zh") == CATALOGUE[f"action.{spec.key}"][0]
        assert spec.label("en") == CATALOGUE[f"action.{spec.key}"][1]
    assert next(s for s in specs if s.key == "submit").label("zh") == "上报…"
    labels = [spec.label("zh") for spec in specs]
    assert len(labels) == len(set(labels))
    sources = [p for p in (ROOT / "desktop_app" / "ui").rglob("*.py") if p.name != "i18n.py"]
    for path in sources:  # the labels are not written out again beside the registrations
        text = path.read_text(encoding="utf-8")
        if "ActionSpec(" in text:
            assert '"上报…"' not in text and '"提交…"' not in text, path


PERIOD_MODULE = ROOT / "desktop_app" / "domain" / "periods.py"
PERIOD_PARSERS = {"kind_of", "label"}  # the key re-parsed; a holder of the key asks its Period instead


def _named(node: object, name: str) -> bool:
    import ast

    return isinstance(node, ast.Name) and node.id == name


def _period_parsers_used(path: Path) -> list[str]:
    import ast

    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "desktop_app.domain.periods":
            found += [f"imports {a.name}" for a in node.names if a.name in PERIOD_PARSERS]
        elif isinstance(node, ast.Attribute) and node.attr in PERIOD_PARSERS and _named(node.value, "periods"):
            found.append(f"periods.{node.attr}")
    return [f"{path.relative_to(ROOT) if path.is_relative_to(ROOT) else path.name}:{what}" for what in found]


def test_a_period_key_is_parsed_only_in_the_period_module() -> None:
    """`kind_of(key)` and `periods.label(key)` live inside domain/periods.py; everywhere else the key is
    a `Period` (Period.parse where the key enters, or the `reporting_period` of what carries it)."""
    used = [hit for path in sorted((ROOT / "desktop_app").rglob("*.py")) if path != PERIOD_MODULE
            for hit in _period_parsers_used(path)]  # fmt: skip
    assert used == []


def test_the_period_parser_check_sees_a_call_it_should_refuse(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text("from desktop_app.domain import periods\nfrom desktop_app.domain.periods import kind_of as k\n"
                      "periods.label('2022')\n", encoding="utf-8")  # fmt: skip
    assert _period_parsers_used(sample) == ["sample.py:imports kind_of", "sample.py:periods.label"]
