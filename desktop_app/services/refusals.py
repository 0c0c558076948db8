"""Why the service refuses an edit: a catalogue Problem, shown to the clerk in Chinese or English.

Every code is in the domain catalogue (domain/messages.py).
"""

from __future__ import annotations

from desktop_app.domain.messages import Problem, ValueProblem


def message_text(problem: Problem, lang: str = "zh") -> str:
    return problem.text(lang)


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
