"""`school-report forms build | install | list | diff`: form packs as published files (.srpack).

build (the bureau): check a pack folder and write one .srpack with its manifest; install (the school, or
the bureau for last year's packs): verify and install one, showing its digest and what changes; list:
the installed packs, their years, which is active, and which pack each period of the database is kept
under; diff: what changes from one pack version to another, for the clerk and for the bureau.
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop_app.cli.commands_forms import _forms_group
from desktop_app.cli.context import CommandContext

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.domain.pack_diff import Change

USAGE_ERROR = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    forms = _forms_group(subparsers)
    build = forms.add_parser("build", help="把表单包文件夹打包为发布文件 .srpack（区教体局）")
    build.add_argument("folder", metavar="DIR", help="表单包文件夹")
    build.add_argument("--out", metavar="FILE.srpack", required=True, help="写入的 .srpack 文件")
    build.add_argument("--json", action="store_true", help="以 JSON 输出")
    build.set_defaults(handler=run_build)

    install = forms.add_parser("install", help="安装区教体局发布的表单包 .srpack（核对摘要，显示变化）")
    install.add_argument("file", metavar="FILE.srpack", type=Path)
    install.add_argument("--json", action="store_true", help="以 JSON 输出")
    install.set_defaults(handler=run_install)

    listing = forms.add_parser("list", help="已安装的表单包：年度、摘要、当前使用哪一个")
    listing.add_argument("--json", action="store_true", help="以 JSON 输出")
    listing.set_defaults(handler=run_list)

    compare = forms.add_parser("diff", help="两个版本之间的变化（填报人员与区教体局须知）")
    compare.add_argument("old", metavar="OLD", help="旧版：表单包文件夹、.srpack 文件或已安装的版本号（如 2022.1）")
    compare.add_argument("new", metavar="NEW", help="新版：同上")
    compare.add_argument("--json", action="store_true", help="以 JSON 输出")
    compare.set_defaults(handler=run_diff)


def _refused(context: CommandContext, error: Exception) -> int:
    text = getattr(error, "text", None)
    context.err(context.tr("common.error") + (text(context.lang) if callable(text) else str(error)))
    return 1


def _identity(context: CommandContext, manifest: Any) -> list[str]:
    from desktop_app.domain.pack_file import short_digest

    lang = context.lang
    periods = "、".join(manifest.periods) if lang == "zh" else ", ".join(manifest.periods)
    return [
        context.tr("pack.title", title=manifest.title.get(lang), id=manifest.id),
        context.tr("pack.version_line", version=manifest.version, year=manifest.year, periods=periods),
        context.tr("pack.authority", authority=manifest.authority.get(lang)),
        context.tr("pack.digest", short_digest=short_digest(manifest.digest)),
        f"SHA-256: {manifest.digest}",
    ]


def _manifest_json(manifest: Any) -> dict[str, Any]:
    from desktop_app.domain.pack_file import short_digest

    return {
        "id": manifest.id,
        "version": manifest.version,
        "year": manifest.year,
        "periods": list(manifest.periods),
        "authority": manifest.authority.zh,
        "digest": manifest.digest,
        "short_digest": short_digest(manifest.digest),
    }


def run_build(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack_basics import PackError
    from desktop_app.domain.pack_changes_checks import check_against_base
    from desktop_app.domain.pack_file import SUFFIX, build_pack_file

    out = Path(args.out)
    if out.suffix.lower() != SUFFIX:
        context.err(context.tr("pack.out_suffix", suffix=SUFFIX))
        return USAGE_ERROR
    try:
        pack = load_pack(args.folder)
        base = context.shelf.get(pack.id, pack.changes.base_version) if pack.changes is not None else None
        if base is not None and pack.changes is not None:
            check_against_base(base, pack, pack.changes)
        data, manifest = build_pack_file(pack)
    except PackError as error:
        context.err(str(error))
        return 1
    except OSError as error:
        return _refused(context, error)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        temporary = out.with_name(out.name + ".tmp")
        temporary.write_bytes(data)
        os.replace(temporary, out)
    except OSError as error:
        return _refused(context, error)
    if args.json:
        context.out(json.dumps({"file": str(out), **_manifest_json(manifest), "members": sorted(manifest.members)},
                               ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for line in _identity(context, manifest):
        context.out(line)
    if pack.changes is not None and base is None:
        context.out(context.tr("pack.no_base_version", base_version=pack.changes.base_version))  # fmt: skip
    count = len(manifest.members)
    context.out(context.tr("pack.written", out=out, count=count))
    return 0


def _changes_lines(context: CommandContext, changes: list[Change]) -> list[str]:
    from desktop_app.domain.pack_diff import BUREAU, CLERK

    lines = []
    for audience, who in ((CLERK, "clerk"), (BUREAU, "bureau")):
        chosen = [change for change in changes if change.audience == audience]
        lines.append(context.tr(f"pack.for_{who}"))
        lines += [f"  {index}. {change.text.get(context.lang)}" for index, change in enumerate(chosen, start=1)]
        if not chosen:
            lines.append(context.tr("pack.no_changes"))
    return lines


def _change_json(change: Change) -> dict[str, str]:
    return {
        "audience": change.audience,
        "kind": change.kind,
        "category": change.category,
        "key": change.key,
        "zh": change.text.zh,
        "en": change.text.en,
    }


def run_install(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.pack_file import PackFileError
    from desktop_app.services.packs import PackRefused, install

    if not args.file.is_file():
        context.err(context.tr("pack.no_file", file=args.file))
        return USAGE_ERROR
    shelf = context.shelf
    shelf.ensure_shipped()
    try:
        done = install(shelf, args.file)
    except (PackFileError, PackRefused) as error:
        return _refused(context, error)
    if args.json:
        context.out(json.dumps({**_manifest_json(done.manifest), "installed": not done.already,
                                "folder": str(done.target), "changes": [_change_json(c) for c in done.changes]},
                               ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    for line in _identity(context, done.manifest):
        context.out(line)
    if done.already:
        context.out(context.tr("pack.already"))
        return 0
    if done.active is not None and done.changes:
        context.out(context.tr("pack.compared", version=done.active.version))
        for line in _changes_lines(context, done.changes):
            context.out(line)
    version, year = done.manifest.version, done.manifest.year
    context.out(context.tr("pack.installed", version=version, year=year))
    return 0


def run_list(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.pack_file import short_digest
    from desktop_app.services.startup import resolve_database
    from desktop_app.storage.pack_periods import peek_period_packs

    shelf = context.shelf
    installed = shelf.installed()
    active = shelf.active()
    target = resolve_database(context.db)
    periods = peek_period_packs(target) if isinstance(target, Path) else {}
    rows: list[dict[str, Any]] = [{"id": item.manifest.id, "version": item.version, "year": item.manifest.year,
             "periods": list(item.manifest.periods), "digest": item.manifest.digest,
             "short_digest": short_digest(item.manifest.digest), "active": item.version == active.version,
             "folder": str(item.folder)} for item in installed]  # fmt: skip
    if not installed and shelf.shipped is not None:
        rows.append({"id": active.id, "version": active.version, "year": active.year,
                     "periods": [s.key for s in active.periods], "digest": None, "short_digest": None,
                     "active": True, "folder": active.source_dir})  # fmt: skip
    if args.json:
        context.out(json.dumps({"folder": str(shelf.folder), "active": active.version, "packs": rows,
                                "periods": {k: {"pack": v[0], "version": v[1]} for k, v in sorted(periods.items())}},
                               ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    context.out(context.tr("pack.folder", folder=shelf.folder))
    for row in rows:
        mark = context.tr("pack.active") if row["active"] else ""
        digest = row["short_digest"] or context.tr("pack.built_in")
        context.out(f"{row['version']:<10} {row['year']}  {'、'.join(row['periods'])}  {digest}{mark}")
    if periods:
        context.out(context.tr("pack.periods_heading"))
        for key, (_pack_id, version) in sorted(periods.items()):
            context.out(f"  {key:<12} {version}")
    return 0


def _load_any(spec: str, context: CommandContext, folder: Path) -> FormPack:
    """A pack folder, a .srpack file (verified, read from a temporary folder) or an installed version."""
    from desktop_app.domain.loader import load_pack
    from desktop_app.domain.pack_file import read_pack_file

    path = Path(spec)
    if path.is_dir() or path.name == "pack.yaml":
        return load_pack(path)
    if path.is_file():
        packfile = read_pack_file(path.read_bytes(), path.name)
        target = folder / str(abs(hash(spec)))
        target.mkdir()
        for name, data in packfile.members.items():
            (target / name).write_bytes(data)
        return load_pack(target)
    shelf = context.shelf
    found = shelf.get(shelf.active().id, spec)
    if found is None:
        versions = "、".join(p.version for p in shelf.packs())
        raise FileNotFoundError(context.tr("pack.unknown_spec", spec=spec, versions=versions))  # fmt: skip
    return found


def run_diff(args: argparse.Namespace, context: CommandContext) -> int:
    from desktop_app.domain.pack_basics import PackError
    from desktop_app.domain.pack_diff import diff
    from desktop_app.domain.pack_file import PackFileError

    with tempfile.TemporaryDirectory() as folder:
        try:
            old, new = (_load_any(spec, context, Path(folder)) for spec in (args.old, args.new))
        except PackError as error:
            context.err(str(error))
            return 1
        except (PackFileError, OSError) as error:
            return _refused(context, error)
    changes = diff(old, new)
    if args.json:
        context.out(json.dumps({"old": old.version, "new": new.version, "changes": [_change_json(c) for c in changes]},
                               ensure_ascii=False, indent=2))  # fmt: skip
        return 0
    context.out(context.tr("pack.diff_title", title=old.title.get(context.lang), old=old.version, new=new.version))
    for line in _changes_lines(context, changes):
        context.out(line)
    return 0
