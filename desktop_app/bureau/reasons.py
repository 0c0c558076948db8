"""Reasons the bureau's own checks give (the workbook reader's reasons are in exporters.xlsx.errors)."""

from __future__ import annotations

from desktop_app.domain.text import Text

REASONS: dict[str, Text] = {
    "not_in_register": Text(
        "学校标识码“{code}”（{name}）不在学校名单中，请核实学校或先在学校名单中添加该校。",
        "School code “{code}” ({name}) is not in the register; check the school or add it to the register first.",
    ),
    "unknown_period": Text(
        "报送期“{period}”不在表单包“{pack}”中。", "The period “{period}” is not part of the form pack “{pack}”."
    ),
    "draft": Text(
        "该文件是草稿（未提交），请学校提交后重新导出。",
        "This file is a draft (not submitted); ask the school to submit and export again.",
    ),
    "older": Text(
        "已收到该校{period}第{current}版，此文件为第{revision}版（旧版本），已忽略。",
        "Revision {current} of {period} is already in; this file is revision {revision} (older) and was ignored.",
    ),
    "conflict": Text(
        "该校{period}第{revision}版已收到，但内容与此文件不同（校验码 {old} ≠ {new}），未覆盖，请与学校核实。",
        "Revision {revision} of {period} is already in with different content ({old} ≠ {new}); "
        "not overwritten, check with the school.",
    ),
    "duplicate": Text(
        "与已接收的第{revision}版相同，无需再次导入。", "Identical to revision {revision} already received."
    ),
    "replaced": Text(
        "第{revision}版替换了第{previous}版（旧版本保留在历史中）。",
        "Revision {revision} replaced revision {previous} (the older one is kept in history).",
    ),
    "accepted": Text("已接收第{revision}版。", "Revision {revision} received."),
    "db_refused": Text(
        "数据库拒绝保存此文件的数据（{detail}），该文件未导入；其余文件照常导入。请与学校核实后重新导入。",
        "The database refused this file's data ({detail}); the file was not imported, the others were. "
        "Check with the school and import it again.",
    ),
    "seen_file": Text(
        "该文件已导入过（相同的 SHA-256），已跳过。", "This file was imported before (same SHA-256); skipped."
    ),
}


def reason(which: str, lang: str = "zh", /, **params: object) -> str:
    return REASONS[which].format(lang, **params)
