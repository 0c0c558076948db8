"""Why a submission step was refused, in words a clerk can act on (Chinese first), and what blocks 上报.

`SubmitRefused` lists each blocking issue with where it is (category, field, row), so the command line
can print them and the window can jump to each one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop_app.domain.messages import Refusal
from desktop_app.domain.text import Text

if TYPE_CHECKING:
    from desktop_app.domain.pack import FormPack
    from desktop_app.domain.validation import Issue

MESSAGES: dict[str, Text] = {
    "already_submitted": Text(
        "{period}已于{at}上报（第{revision}版），不能重复上报。如需修改，请先“退回修改”。",
        "{period} was submitted on {at} (revision {revision}); reopen it for correction first.",
    ),
    "not_submitted": Text("{period}尚未上报，无需退回。", "{period} has not been submitted; nothing to reopen."),
    "reason_required": Text("请填写退回修改的原因。", "Please give the reason for reopening."),
    "no_revision": Text(
        "{period}没有第{revision}版的上报记录（已上报的版次：{known}）。",
        "{period} has no submitted revision {revision} (submitted: {known}).",
    ),
    "backup_failed": Text(
        "上报前备份数据库失败（{detail}），未上报，数据未作任何改动。请检查磁盘空间后重试。",
        "The backup before submitting failed ({detail}); nothing was submitted or changed. "
        "Check the free disk space and try again.",
    ),
    "snapshot_changed": Text(
        "第{revision}版的存档与其校验码不符（表单包可能已更换），未生成文件。",
        "The stored revision {revision} no longer matches its fingerprint (the form pack may have "
        "changed); no files were made.",
    ),
    "unprintable_reviewer": Text(
        "审核人姓名中的{chars}在本机所有字体中都没有，PDF 中会打印为空白，未上报。请改用其他字，或安装含该字的字体。",
        "No font on this computer has {chars} of the reviewer's name: it would print as a blank in the PDF. "
        "Nothing was submitted; use other characters or install a font that has them.",
    ),
    "blocked": Text(
        "{period}还有 {count} 个问题未解决，暂不能上报：",
        "{period} cannot be submitted yet: {count} problem(s) remain:",
    ),
}


class LifecycleError(Refusal):
    """A refused submit / reopen / regenerate; nothing was changed."""

    messages = MESSAGES


@dataclass(frozen=True, slots=True)
class Blocker:
    """One issue that blocks 上报, with where to jump to fix it."""

    category: str
    field: str | None
    row: int | None  # 0-based
    column: str | None
    severity: str  # error | warning (a warning without its 说明) | question (退回意见 not answered)
    rule_id: str
    where: Text  # e.g. 安全工作 / 发现隐患数 第2行
    message: Text

    def text(self, lang: str = "zh") -> str:
        colon = "：" if lang != "en" else ": "
        if self.severity == "error":
            kind = "错误" if lang != "en" else "Error"
            return f"{kind}  {self.where.get(lang)}{colon}{self.message.get(lang)}"
        if self.severity == "question":
            kind = "退回意见未答复" if lang != "en" else "Bureau's question unanswered"
            return f"{kind}  {self.where.get(lang)}{colon}{self.message.get(lang)}"
        kind = "缺少说明" if lang != "en" else "Explanation missing"
        return f"{kind}  {self.where.get(lang)}{colon}{self.message.get(lang)}"


def blocker(pack: FormPack, issue: Issue) -> Blocker:
    category = pack.category(issue.category)
    zh, en = category.label.zh, category.label.get("en")
    if issue.field and category.has_field(issue.field):
        target = category.field(issue.field)
        zh, en = f"{zh} / {target.label.zh}", f"{en} / {target.label.get('en')}"
    if issue.row is not None:
        zh, en = f"{zh} 第{issue.row + 1}行", f"{en} row {issue.row + 1}"
    return Blocker(
        issue.category, issue.field, issue.row, issue.column, issue.severity.value, issue.rule_id,
        Text(zh, en), issue.message,
    )  # fmt: skip


class SubmitRefused(LifecycleError):
    """上报 refused: errors remain or warnings lack a 说明. `blockers` lists each one."""

    def __init__(self, period_label: Text, blockers: Sequence[Blocker]) -> None:
        self.blockers = list(blockers)
        self.period_label = period_label
        super().__init__("blocked", period=period_label.zh, count=len(self.blockers))

    def text(self, lang: str = "zh") -> str:
        head = MESSAGES["blocked"].format(lang, period=self.period_label.get(lang), count=len(self.blockers))
        return "\n".join([head, *("  " + item.text(lang) for item in self.blockers)])

    def as_json(self, lang: str = "zh") -> list[dict[str, object]]:
        return [
            {"category": b.category, "field": b.field, "row": None if b.row is None else b.row + 1,
             "column": b.column, "severity": b.severity, "rule_id": b.rule_id, "where": b.where.get(lang),
             "message": b.message.get(lang)}
            for b in self.blockers
        ]  # fmt: skip
