"""The school window's words outside the main frame: forms, overview, guide, pack import, questions."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "form.required_mark": ("\u2060＊", "\u00a0*"),
    "guide.file_name": ("学校工作报送使用说明.pdf", "school-report-guide.pdf"),
    "guide.save_pdf": ("保存为 PDF…", "Save as PDF…"),
    "guide.close": ("关闭", "Close"),
    "guide.saved": ("已保存使用说明：{path}", "Guide saved: {path}"),
    "overview.periods_separator": ("\u3000", " · "),
    "overview.unit": ("（{unit}）", " ({unit})"),
    "sep.list": ("、", ", "),
    "pack.heading": ("{t}：", "{t}:"),
    "problems.line": ("{kind}：{text}", "{kind}: {text}"),
    "questions.import_title": ("导入退回意见", "Import the bureau's questions"),
    "questions.filter": ("退回意见 (*.xlsx)", "Questions (*.xlsx)"),
    "questions.already": ("该退回意见已导入过，未作改动。", "These questions were imported before; nothing changed."),
    "questions.imported": ("已导入退回意见 {added} 条。", "Imported {added} question(s)."),
    "questions.next": (
        "\n请在各类别中逐条修改数值或填写答复，然后重新上报。",
        "\nChange the values or write a reply to each, then submit again.",
    ),
    "questions.answered": ("已答复", "answered"),
    "questions.open": ("待答复", "open"),
    "questions.bureau_said": ("区教体局意见（{state}）：", "Bureau's question ({state}): "),
    "questions.reopened": ("\n已退回修改：{reason}", "\nReopened for correction: {reason}"),
    "questions.changed": ("（已修改：{change}）", " (changed: {change})"),
    "send.cannot_prepare": ("无法准备报送邮件：{error}", "The e-mail cannot be prepared: {error}"),
}
