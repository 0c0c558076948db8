"""Why the service refuses an edit: a catalogue Problem, shown to the clerk in Chinese or English.

Codes of the domain catalogue (domain/messages.py) are used as they are; the few that only the
service produces are declared here until they move into the catalogue.
"""

from __future__ import annotations

from desktop_app.domain.messages import CATALOGUE, Problem, ValueProblem
from desktop_app.domain.text import Text

SERVICE_MESSAGES: dict[str, Text] = {
    "report_submitted": Text(
        "“{category}”{period}已提交，不能修改；如需更正，请先撤回提交。",
        "“{category}” for {period} has been submitted and cannot be changed; reopen it first.",
    ),
    "not_a_table": Text("“{label}”不是表格，不能按行填写。", "“{label}” is not a table."),
    "unknown_column": Text("表格“{label}”没有“{key}”这一列。", "The table “{label}” has no column “{key}”."),
    "unknown_row": Text(
        "表格“{label}”没有第{row}行（现有{count}行）。",
        "The table “{label}” has no row {row} (it has {count}).",
    ),
    "nothing_to_undo": Text("没有可以撤销的修改。", "There is nothing to undo."),
    "nothing_to_redo": Text("没有可以恢复的修改。", "There is nothing to redo."),
    "wrong_value_type": Text("“{label}”的值类型不符：{text}", "The value of “{label}” has the wrong type: {text}"),
}


def message_text(problem: Problem, lang: str = "zh") -> str:
    template = CATALOGUE.get(problem.code) or SERVICE_MESSAGES[problem.code]
    params = dict(problem.params)
    if lang == "en" and "hint_en" in params:
        params["hint"] = params["hint_en"]
    return template.format(lang, **params)


class EditRefused(ValueError):
    """An edit the service will not store; nothing was written."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = Problem(code, params)
        super().__init__(self.text("zh"))

    @classmethod
    def from_problem(cls, problem: Problem) -> EditRefused:
        return cls(problem.code, **problem.params)

    @classmethod
    def from_value_problem(cls, error: ValueProblem) -> EditRefused:
        return cls.from_problem(error.problem)

    @property
    def code(self) -> str:
        return self.problem.code

    def text(self, lang: str = "zh") -> str:
        return message_text(self.problem, lang)
