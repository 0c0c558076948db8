"""The catalogue of messages the core produces, by code, in Chinese and English.

Tests assert on codes; the UI and the command line show `Problem.text(lang)`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar

from desktop_app.domain.text import Text

CATALOGUE: dict[str, Text] = {
    # Parsing what a clerk typed
    "not_integer": Text(
        "“{label}”应填写整数，“{text}”不是整数。", "“{label}” must be a whole number; “{text}” is not."
    ),
    "not_decimal": Text("“{label}”应填写数字，“{text}”不是数字。", "“{label}” must be a number; “{text}” is not."),
    "too_many_places": Text("“{label}”最多保留{places}位小数。", "“{label}” takes at most {places} decimal places."),
    "too_many_digits": Text(
        "“{label}”数值过大，整数部分最多{digits}位。",
        "“{label}” is too large: at most {digits} digits before the decimal point.",
    ),
    "not_date": Text(
        "“{label}”应填写日期（如 2022-06-06），“{text}”无法识别。",
        "“{label}” must be a date such as 2022-06-06; “{text}” is not.",
    ),
    "not_boolean": Text("“{label}”应填写“是”或“否”。", "“{label}” must be yes or no."),
    "unknown_choice": Text(
        "“{label}”没有“{text}”这一选项，可选：{options}。",
        "“{label}” has no option “{text}”; options: {options}.",
    ),
    "not_editable": Text("“{label}”由系统计算，不能填写。", "“{label}” is computed and cannot be entered."),
    "not_scalar": Text("“{label}”是表格，请按行填写。", "“{label}” is a table; fill it in row by row."),
    "bad_stored_value": Text("“{label}”的值“{text}”类型不符。", "The value “{text}” of “{label}” has the wrong type."),
    "control_character": Text("“{label}”含有不可打印的控制字符。", "“{label}” contains a control character."),
    "bidi_control": Text(
        "“{label}”含有看不见的文字方向控制字符（{chars}），它会使文字显示的顺序与实际不同。请删除后重新输入。",
        "“{label}” contains an invisible text-direction control ({chars}) that makes text show in another "
        "order than it is stored. Delete it and type the text again.",
    ),
    # What the PDF would not print (checked with the fonts of this machine)
    "unprintable": Text(
        "“{label}”中的{chars}在本机所有字体中都没有，PDF 中会打印为空白。请改用其他字，或安装含该字的字体后再上报。",
        "No font on this computer has {chars} of “{label}”: it would print as a blank in the PDF. "
        "Use other characters, or install a font that has them before submitting.",
    ),
    "unprintable_note": Text(
        "说明“{excerpt}”中的{chars}在本机所有字体中都没有，PDF 中会打印为空白。"
        "请改用其他字，或安装含该字的字体后再上报。",
        "No font on this computer has {chars} of the explanation “{excerpt}”: it would print as a blank in "
        "the PDF. Use other characters, or install a font that has them before submitting.",
    ),
    # Field-level checks
    "required": Text("“{label}”为必填项。", "“{label}” is required."),
    "below_minimum": Text("“{label}”不能小于{minimum}。", "“{label}” cannot be less than {minimum}."),
    "above_maximum": Text("“{label}”不能大于{maximum}。", "“{label}” cannot be more than {maximum}."),
    "too_long": Text(
        "“{label}”最多{max_length}个字，现有{length}个字。",
        "“{label}” takes at most {max_length} characters; it has {length}.",
    ),
    "bad_pattern": Text("“{label}”格式不正确：{hint}", "“{label}” is not valid: {hint}"),
    "too_few_rows": Text("“{label}”至少填写{min_rows}行。", "“{label}” needs at least {min_rows} rows."),
    "too_many_rows": Text("“{label}”最多{max_rows}行。", "“{label}” takes at most {max_rows} rows."),
    # Look-ups
    "unknown_category": Text("没有“{key}”这一报送类别。", "There is no reporting category “{key}”."),
    "unknown_field": Text("“{category}”中没有“{key}”这一项。", "“{category}” has no field “{key}”."),
    "unknown_period": Text("没有“{key}”这一报送期。", "There is no reporting period “{key}”."),
    # Edits the service refuses
    "report_submitted": Text(
        "“{category}”{period}已上报，不能修改；如需更正，请先“退回修改”。",
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
    "wrong_period_kind": Text(
        "“{category}”按{expected}报送，不能填在“{period}”。",
        "“{category}” is reported per {expected}, not in “{period}”.",
    ),
}

PATTERN_HINTS: dict[str, Text] = {
    "mobile": Text("手机号码为以1开头的11位数字。", "a mobile number has 11 digits starting with 1."),
    "landline": Text(
        "固定电话应为“区号-号码”，如 0531-84235116。", "a landline is area code-number, e.g. 0531-84235116."
    ),
    "phone": Text(
        "应为11位手机号码或“区号-号码”形式的固定电话（如 0531-84235116）。",
        "an 11-digit mobile number or a landline such as 0531-84235116.",
    ),
    "school_code": Text(
        "学校标识码为10位数字：2位学校类别码＋37（山东）＋6位顺序码。",
        "the school code has 10 digits: a 2-digit category, 37 (Shandong), a 6-digit sequence.",
    ),
    "uscc": Text(
        "统一社会信用代码为18位，末位校验码须符合GB 32100。",
        "the unified social credit code has 18 characters with a GB 32100 check character.",
    ),
    "email": Text("电子邮箱格式如 name@example.com。", "an e-mail address such as name@example.com."),
    "postcode": Text("邮政编码为6位数字。", "a postcode has 6 digits."),
}


@dataclass(frozen=True, slots=True)
class Problem:
    """A message from the catalogue with the values it is filled with."""

    code: str
    params: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str = "zh") -> str:
        params = dict(self.params)
        if lang == "en":
            # English variants travel beside the Chinese ones (label_en, hint_en) where the caller knows them.
            for key in ("label", "hint", "category"):
                if f"{key}_en" in params:
                    params[key] = params[f"{key}_en"]
        return CATALOGUE[self.code].format(lang, **params)


class ValueProblem(ValueError):
    """A value that cannot be accepted for a field; carries a catalogue message."""

    def __init__(self, code: str, **params: object) -> None:
        self.problem = Problem(code, params)
        super().__init__(self.problem.text("zh"))

    @property
    def code(self) -> str:
        return self.problem.code

    def text(self, lang: str = "zh") -> str:
        return self.problem.text(lang)


class Refusal(Exception):
    """A step refused with a message of the class's own catalogue (`messages`): the code, and the values
    the message is filled with (a `Text` among them in the message's language). `text(lang)` is what the
    clerk reads; the exception's string is the Chinese."""

    messages: ClassVar[Mapping[str, Text]] = {}

    def __init__(self, code: str, /, **params: object) -> None:  # a message may have a value named `code`
        self.code = code
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        return self.messages[self.code].fill(lang, **self.params)
