"""The 退回意见 workbook: the bureau's questions to one school (docs/questions.md).

Sheet 退回意见 is for reading and printing (A4); the hidden sheet `_data` holds rows of key | JSON text,
as a submission's does: format, the school, the period, the revision the questions refer to and its
fingerprint, the reason, one `question.N` row per question, the file's fingerprint, `end`. Reading checks
the format and the fingerprint (a question changed after export is refused) and never raises anything
but QuestionFileRejected for a bad file.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from desktop_app.domain.pack import FormPack
from desktop_app.domain.periods import Period
from desktop_app.domain.questions import (
    FORMAT,
    SCHEME,
    QuestionFile,
    QuestionItem,
    Target,
    file_fingerprint,
    target_label,
)
from desktop_app.domain.submission import short_fingerprint
from desktop_app.domain.text import Text
from desktop_app.exporters.atomic import write_atomic
from desktop_app.exporters.xlsx.errors import MACHINE_SHEET, WorkbookRejected

HUMAN_SHEET = "退回意见"
MAX_QUESTIONS = 2_000
IDENTITY = ("format", "school_code", "school_name", "period", "revision", "fingerprint", "reason", "issued_at")

REJECTIONS: dict[str, Text] = {
    "not_questions": Text(
        "该文件不是退回意见文件（{detail}）。", "This is not a file of the bureau's questions ({detail})."
    ),
    "format": Text(
        "退回意见文件的格式版本为“{found}”，本程序只能读取“{expected}”，请升级程序。",
        "The questions file has format “{found}”; this program reads “{expected}”. Update the program.",
    ),
    "modified": Text(
        "退回意见文件在导出后被修改过（{key}），不予导入；请向区教体局索取原文件。",
        "The questions file was modified after export ({key}); not imported. Ask the bureau for the original file.",
    ),
    "bad_row": Text(
        "退回意见文件第 {row} 行（{key}）无法读取：{detail}。",
        "Row {row} ({key}) of the questions file cannot be read: {detail}.",
    ),
}


class QuestionFileRejected(Exception):
    """A 退回意见 file that cannot be imported, and why (bilingual)."""

    def __init__(self, code: str, **params: object) -> None:
        self.code = code
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        inner = self.params.get("workbook")
        if isinstance(inner, WorkbookRejected):
            return inner.text(lang)
        return REJECTIONS[self.code].format(lang, **self.params)


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def data_rows(question_file: QuestionFile) -> list[tuple[str, str]]:
    document = question_file.document()
    rows = [(key, _dump(document[key])) for key in IDENTITY]
    rows += [(f"question.{n}", _dump(item.as_json())) for n, item in enumerate(question_file.questions, start=1)]
    rows += [("scheme", _dump(SCHEME)), ("file_fingerprint", _dump(file_fingerprint(question_file)))]
    rows.append(("end", _dump(len(rows))))
    return [("key", "value"), *rows]


def workbook_bytes(question_file: QuestionFile, pack: FormPack, shown: Sequence[str] = ()) -> bytes:
    """The workbook; `shown[i]` is the value of question i as the officer reads it (the value's display)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = HUMAN_SHEET
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    sheet.append(["区教体局退回修改意见"])
    sheet["A1"].font = Font(name="黑体", size=16, bold=True)
    sheet.merge_cells("A1:D1")
    info = [
        ("学校", f"{question_file.school_name}（{question_file.school_code}）"),
        ("报送期", Period.parse(question_file.period).name()),
        ("所指版次", f"第{question_file.revision}版（校验码 {short_fingerprint(question_file.fingerprint)}）"),
        ("退回原因", question_file.reason),
        ("日期", question_file.issued_at[:10]),
    ]
    for label, text in info:
        sheet.append([label, text])
        sheet.merge_cells(start_row=sheet.max_row, start_column=2, end_row=sheet.max_row, end_column=4)
        sheet.cell(sheet.max_row, 2).alignment = wrap
    sheet.append([])
    sheet.append(["序号", "类别及项目", "所报数值", "意见"])
    head = sheet.max_row
    for column in range(1, 5):
        sheet.cell(head, column).font = Font(bold=True)
        sheet.cell(head, column).border = box
    for n, item in enumerate(question_file.questions, start=1):
        value = shown[n - 1] if n - 1 < len(shown) else ""
        sheet.append([n, target_label(pack, item.target), value, item.text])
        for column in range(1, 5):
            sheet.cell(sheet.max_row, column).alignment = wrap
            sheet.cell(sheet.max_row, column).border = box
    sheet.append([])
    sheet.append(
        ["学校导入本文件后（文件 → 导入退回意见），逐条修改数值或填写答复，再次上报；答复随新版报送文件报回。"]
    )
    for letter, width in zip("ABCD", (8, 30, 22, 48), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    data = book.create_sheet(MACHINE_SHEET)
    for key, value in data_rows(question_file):
        data.append([key, value])
    data.sheet_state = "hidden"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write_questions(question_file: QuestionFile, pack: FormPack, path: Path, shown: Sequence[str] = ()) -> Path:
    return write_atomic(path, workbook_bytes(question_file, pack, shown))


def read_questions(path: Path) -> QuestionFile:
    """The questions in a 退回意见 workbook, verified; QuestionFileRejected otherwise."""
    from desktop_app.exporters.xlsx.reader import read_machine_rows
    from desktop_app.exporters.xlsx.safety import precheck

    try:
        precheck(Path(path))
        rows = read_machine_rows(Path(path))
    except WorkbookRejected as error:
        if error.code in ("missing_sheet", "missing_key"):
            raise QuestionFileRejected(
                "not_questions", detail=Text("没有 _data 工作表", "no _data sheet").get("zh")
            ) from error
        raise QuestionFileRejected("workbook", workbook=error) from error
    return parse_rows(rows)


def parse_rows(rows: Sequence[Sequence[Any]]) -> QuestionFile:
    data: dict[str, Any] = {}
    order: list[str] = []
    for number, row in enumerate(rows[1:], start=2):
        key = row[0] if row else None
        if key is None:
            continue
        key = str(key)
        try:
            data[key] = json.loads(str(row[1]) if len(row) > 1 and row[1] is not None else "null")
        except ValueError:
            raise QuestionFileRejected("bad_row", row=number, key=key, detail="不是 JSON") from None
        order.append(key)
    if data.get("format") != FORMAT:
        if "format" not in data:
            raise QuestionFileRejected("not_questions", detail="缺少 format")
        if not str(data["format"]).startswith("school-report.questions/"):
            raise QuestionFileRejected("not_questions", detail=f"format = {data['format']}")
        raise QuestionFileRejected("format", found=data["format"], expected=FORMAT)
    if not order or order[-1] != "end" or data.get("end") != len(order) - 1:
        raise QuestionFileRejected("modified", key="end")
    try:
        questions = tuple(_item(data[key]) for key in order if key.startswith("question."))
        question_file = QuestionFile(
            str(data["school_code"]), str(data["school_name"]), str(data["period"]), int(data["revision"]),
            str(data["fingerprint"]), str(data["reason"]), str(data["issued_at"]), questions,
        )  # fmt: skip
    except (KeyError, TypeError, ValueError) as error:
        raise QuestionFileRejected("modified", key=str(error)) from None
    if len(questions) > MAX_QUESTIONS or data.get("file_fingerprint") != file_fingerprint(question_file):
        raise QuestionFileRejected("modified", key="file_fingerprint")
    return question_file


def _item(data: Any) -> QuestionItem:
    if not isinstance(data, dict) or not isinstance(data.get("uid"), str) or not isinstance(data.get("text"), str):
        raise ValueError("question")
    row = data.get("row")
    target = Target(str(data["category"]), str(data.get("field") or ""), int(row) if row is not None else None)
    return QuestionItem(data["uid"], target, data["text"], data.get("value"))
