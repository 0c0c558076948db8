"""Run every benchmarks/bench_*.py and print its figures: `python benchmarks/run.py [--json] [--only NAME ...]`.

Each module exposes `run(results: dict[str, float]) -> None` and adds figures by name (milliseconds
end in _ms). A module that fails prints its error on stderr and the others still run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # run from a checkout without installing


def modules(only: list[str] | None) -> list[Path]:
    found = sorted(HERE.glob("bench_*.py"))
    if only:
        found = [path for path in found if path.stem in only or path.stem.removeprefix("bench_") in only]
    return found


def run_module(path: Path, results: dict[str, float]) -> bool:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    try:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.run(results)
    except Exception:
        print(f"{path.name} failed:", file=sys.stderr)
        traceback.print_exc()
        return False
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks and print their figures.")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--only", nargs="+", metavar="NAME", help="only these modules (bench_x or x)")
    args = parser.parse_args(argv)
    results: dict[str, float] = {}
    failed = [path.name for path in modules(args.only) if not run_module(path, results)]
    if args.json:
        print(json.dumps(results, indent=2, sort_keys=True))
    else:
        for name, value in results.items():
            print(f"{name} {value:.3f}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
