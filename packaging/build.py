"""Build and check what we ship: `python packaging/build.py {bundle|installer|check|lock|wine-test}`.

  bundle     Path B: PyInstaller one-folder bundle dist/school-report/ (Linux here, Windows on a PC)
  installer  Path A: dist/school-report-<version>-setup.exe from the embeddable CPython, the app's wheel
             and pinned Windows wheels (hashes checked), trimmed, wrapped by installer.nsi (makensis)
  check      run the bundle (--version, selftest, offscreen main window) and inspect the installer
             (makensis -WX passed, contents, no Linux .so, AMD64 + resolvable imports, size budget)
  lock       re-pin requirements-win.txt from requirements-win.in (downloads once, writes hashes)
  wine-test  install the built installer in a throwaway Wine prefix under Xvfb and use it as a clerk
             would: silent install, console self-test, the window ready, submit, bureau import, upgrade
             to a higher version with a schema change, uninstall (one line per step; packaging/README.md)

There is deliberately no packaging/__init__.py: a package named `packaging` would shadow the library
of that name that pip, setuptools and pytest import. Helper modules are siblings named build_*.py.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from build_errors import BuildError  # noqa: E402 (after the sys.path line above)

ROOT = HERE.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "packaging"


def mark_ignored(*folders: Path) -> None:
    """Output folders carry their own `.gitignore` of `*`, so build output never lands in a commit."""
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("*\n", encoding="ascii")


def installer_path(version: str) -> Path:
    return DIST / f"school-report-{version}-setup.exe"


def cmd_installer(args: argparse.Namespace) -> None:
    import build_nsis
    import build_windows

    build_nsis.require_tool("makensis")  # fail before the downloads, naming the Debian package
    version = args.version or build_windows.app_version()
    stage, removed = build_windows.assemble(WORK / "win", Path(args.app_wheel) if args.app_wheel else None,
                                            args.version)  # fmt: skip
    trim_log = WORK / "win" / "trimmed.txt"
    trim_log.write_text("".join(f"{rel}\t{rule.line}\n" for rel, rule in sorted(removed.items())), "utf-8")
    output = installer_path(version)
    log = build_nsis.compile_installer(HERE / "installer.nsi", stage, version, output, fast=args.fast)
    (WORK / "win" / "makensis.log").write_text(log, encoding="utf-8")
    print(f"installer: {output.relative_to(ROOT)} ({output.stat().st_size / 1e6:.1f} MB, "
          f"{len(removed)} files trimmed)")  # fmt: skip


def cmd_bundle(args: argparse.Namespace) -> None:
    import build_bundle

    bundle = build_bundle.build(DIST, WORK / "pyinstaller")
    print(f"bundle: {bundle.relative_to(ROOT)} ({build_bundle.folder_mb(bundle):.1f} MB)")


def cmd_check(args: argparse.Namespace) -> None:
    import build_checks
    import build_windows

    version = build_windows.app_version()
    failures = build_checks.run_all(DIST, installer_path(version), WORK / "check", args.only, version)
    if failures:
        raise BuildError("检查未通过 (check failed)：\n  " + "\n  ".join(failures))
    print("check: all passed")


def cmd_wine_test(args: argparse.Namespace) -> None:
    import build_windows
    import build_wine
    import build_wine_run
    import build_wine_steps
    import build_wine_upgrade

    version = build_windows.app_version()
    installer = Path(args.installer).resolve() if args.installer else installer_path(version)
    if not installer.exists():
        raise BuildError(f"{installer} 不存在：请先运行 python packaging/build.py installer --fast")
    work = WORK / "wine"
    run = build_wine_run.Run(
        box=build_wine.WineBox(work),
        installer=installer,
        version=version,
        artifacts=ROOT / "build" / "wine-test",
        build_upgrade=lambda: build_wine_upgrade.build(work / "upgrade", version, WORK / "win" / "stage"),
    )
    if not build_wine_steps.run_steps(run, work / "figures.json"):
        raise BuildError("wine-test 未通过 (failed)：见上面标 ✗ 的一行")


def cmd_lock(args: argparse.Namespace) -> None:
    import build_windows

    path = build_windows.lock(WORK / "cache" / "wheels")
    print(f"lock: wrote {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="build.py", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("bundle", help="PyInstaller one-folder bundle (dist/school-report/)").set_defaults(run=cmd_bundle)
    installer = sub.add_parser("installer", help="Windows installer from pinned wheels (dist/*-setup.exe)")
    installer.add_argument("--app-wheel", help="use this app wheel instead of building one from the tree")
    installer.add_argument("--fast", action="store_true", help="zlib instead of LZMA (CI: 8x less CPU)")
    installer.add_argument("--version", help="build as this version instead of desktop_app/__init__.py's "
                           "(the app's wheel carries it too): an installer to test an upgrade with")  # fmt: skip
    installer.set_defaults(run=cmd_installer)
    check = sub.add_parser("check", help="check the bundle and the installer")
    check.add_argument("--only", choices=("bundle", "installer"), help="check just one of them")
    check.set_defaults(run=cmd_check)
    sub.add_parser("lock", help="re-pin requirements-win.txt with hashes").set_defaults(run=cmd_lock)
    wine = sub.add_parser("wine-test", help="install and use the Windows installer under Wine (Xvfb)")
    wine.add_argument("--installer", help="test this installer (default: dist/school-report-<version>-setup.exe)")
    wine.set_defaults(run=cmd_wine_test)
    args = parser.parse_args(argv)
    mark_ignored(DIST, ROOT / "build")
    started = time.monotonic()
    try:
        args.run(args)
    except BuildError as error:
        print(f"错误 (error): {error}", file=sys.stderr)
        return 1
    print(f"{args.command}: {time.monotonic() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
