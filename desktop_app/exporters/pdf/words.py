"""The PDF's own words by key (cover, signatures, tables, checks, photos, page foot), in Chinese and English.

Labels of the forms come from the pack; every other word the PDF prints is here, read through
`RenderContext.tr(key)`. The exporters cannot import the UI, so the layer keeps a catalogue of its own
(the same `Catalogue` type as the window's).
"""

from __future__ import annotations

from desktop_app.domain.text import Catalogue

# English has no line to fill in for a date not yet known: the blank stays blank.
BLANK_IN_ENGLISH = frozenset({"signatures.date_blank"})

WORDS: dict[str, tuple[str, str]] = {
    "answers.col.change": ("修改情况", "Change"),
    "answers.col.item": ("项目", "Item"),
    "answers.col.number": ("序号", "No."),
    "answers.col.question": ("区教体局意见", "Bureau's question"),
    "answers.col.reply": ("答复", "Reply"),
    "answers.no_reply": ("（未另行答复）", "(no written reply)"),
    "answers.title": (
        "对区教体局退回意见的答复（针对第{revisions}版）",
        "Answers to the bureau's questions (on revision {revisions})",
    ),
    "category.not_applicable": ("本类别不适用于本校。", "Not applicable."),
    "checks.error": ("逻辑校验", "Logic check"),
    "checks.no_note": ("（未填写）", "(none given)"),
    "checks.note": ("说明：", "Explanation: "),
    "checks.title": ("校验提示", "Check results"),
    "checks.warning": ("经验校验", "Plausibility"),
    "cover.authority": ("制表机关：", "Issued by: "),
    "cover.draft": ("未提交（草稿）", "Not submitted (draft)"),
    "cover.fingerprint": ("校验码", "Fingerprint"),
    "cover.pack_version": ("表单版本", "Form version"),
    "cover.period": ("报送期", "Period"),
    "cover.revision": ("版次", "Revision"),
    "cover.revision_value": ("第{revision}版", "{revision}"),
    "cover.school": ("学校名称", "School"),
    "cover.school_code": ("学校标识码", "School code"),
    "cover.status": ("状态", "Status"),
    "cover.submitted": ("已提交", "Submitted"),
    "cover.submitted_on": ("（{date}）", " ({date})"),
    "cover.unit": ("填报单位（盖章）：", "Reporting unit (seal): "),
    "page.draft": ("草稿", "DRAFT"),
    "page.foot": (
        "第{revision}版  校验码 {fingerprint}",
        "Revision {revision} · fingerprint {fingerprint}",
    ),
    "page.foot_draft": ("未提交  第{revision}版", "Not submitted · revision {revision}"),
    "photos.caption": ("图{number}\u3000", "Figure {number}. "),
    "photos.missing": ("（照片缺失或无法读取）", "(photo missing or unreadable)"),
    "photos.title": ("附录：照片", "Appendix: photos"),
    "signatures.date_blank": ("\u3000\u3000年\u3000\u3000月\u3000\u3000日", ""),
    "signatures.head": ("单位负责人（签字）", "Head of unit (signature)"),
    "signatures.phone": ("联系电话", "Telephone"),
    "signatures.preparer": ("填表人", "Prepared by"),
    "signatures.reported_on": ("报出日期", "Reported on"),
    "signatures.reviewer": ("审核", "Reviewed by"),
    "signatures.seal": ("单位（盖章）", "Seal of unit"),
    "signatures.statistician": ("统计负责人（审核人）", "Statistics lead (reviewer)"),
    "signatures.title": ("报送责任人", "Responsible persons"),
    "table.number": ("序号", "No."),
    "table.see_figure": ("见附录图{number}", "See figure {number}"),
}

PDF_WORDS = Catalogue((__name__, WORDS))
