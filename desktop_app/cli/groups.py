"""Shared subcommand groups (`export`, `bureau`), so that several command modules can add to one."""

from __future__ import annotations

import argparse

_GROUP_HELP = {
    "export": "导出报送文件（PDF、Excel）",
    "bureau": "区教体局汇总模式：学校名单、导入、报送情况、汇总",
    "forms": "表单包",
}


def group(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], name: str
) -> argparse._SubParsersAction[argparse.ArgumentParser]:
    """The sub-subparsers of group `name` (e.g. `school-report export pdf`), created once per parser."""
    existing = subparsers.choices.get(name)
    if existing is not None:
        for action in existing._actions:
            if isinstance(action, argparse._SubParsersAction):
                return action
    parser = subparsers.add_parser(name, help=_GROUP_HELP.get(name, name))
    return parser.add_subparsers(dest=f"{name}_command", metavar="COMMAND", required=True)
