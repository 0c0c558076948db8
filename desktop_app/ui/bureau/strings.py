"""The bureau window's own words, added to the app's catalogue so `tr()` serves them in both languages.

Kept here rather than in ui/i18n.py: the bureau window owns them, and the school window never loads
them. Importing this module registers the keys once; a key the app already has is never overwritten.
"""

from __future__ import annotations

from desktop_app.domain.text import Text
from desktop_app.ui import i18n

BUREAU_CATALOGUE: dict[str, tuple[str, str]] = {
    "bureau.menu.import_register": ("导入学校名单…", "Import the school register…"),
    "bureau.menu.import_files": ("导入报送文件…", "Import submitted files…"),
    "bureau.menu.guide": ("使用说明…", "How it works…"),
    "bureau.hint.register": (
        "请先导入学校名单：导入各校报送文件时按名单核对学校，名单之外的学校会被拒收，报送情况也按名单统计。",
        "Import the school register first: each school's file is checked against it (schools not on it are "
        "refused), and completeness is counted from it.",
    ),
    "bureau.help": (
        "区教体局汇总的步骤：\n"
        "1. 文件 → 导入学校名单…：从 Excel 导入全区应报送的学校（也可在“学校名单”页逐所添加）。\n"
        "2. 文件 → 导入报送文件…：选择各校上报生成的 Excel 文件或所在文件夹；每个文件核验校验码后接收或拒收，"
        "原因见“导入记录”。草稿不予接收。\n"
        "3. “报送情况”页：各校各类别是否报齐，未报学校及联系人。\n"
        "4. “汇总”页：全区合计，可导出 Excel 汇总表和 PDF 汇总报告。",
        "The bureau's steps:\n"
        "1. File → Import the school register…: the schools expected to report (or add them on the Schools tab).\n"
        "2. File → Import submitted files…: the schools' workbooks or their folder; each is verified, then "
        "accepted or refused with its reason in the Import log. Drafts are refused.\n"
        "3. Completeness: which schools have reported which categories, and whom to call.\n"
        "4. Totals: the district's figures, exported as a workbook or a PDF report.",
    ),
    "bureau.title": ("{title} — 区教体局汇总", "{title} — District bureau"),
    "bureau.period": ("报送期：", "Period:"),
    "bureau.period.item": ("{period}（{version}版表单）", "{period} (forms {version})"),
    "bureau.tab.register": ("学校名单", "Schools"),
    "bureau.tab.import": ("导入", "Import"),
    "bureau.tab.status": ("报送情况", "Completeness"),
    "bureau.tab.totals": ("汇总", "Totals"),
    "bureau.tab.ledger": ("导入记录", "Import log"),
    "bureau.tab.papers": ("核验纸质件", "Sealed papers"),
    "bureau.tab.questions": ("退回意见", "Questions"),
    "bureau.all": ("全部", "All"),
    "bureau.export_xlsx": ("导出汇总表（Excel）…", "Export totals (Excel)…"),
    "bureau.export_pdf": ("导出汇总报告（PDF）…", "Export report (PDF)…"),
    "bureau.export_name": ("汇总", "totals"),
    "bureau.exported": ("汇总已导出：{path}", "Totals exported: {path}"),
    "bureau.draft": ("生成年度总结草稿…", "Draft the year-end report…"),
    "bureau.draft_name": ("{year}年工作总结（草稿）", "year-end report {year} (draft)"),
    "bureau.draft_filter": ("Word 文档 (*.docx);;Markdown (*.md)", "Word document (*.docx);;Markdown (*.md)"),
    "bureau.draft_busy": ("正在生成年度总结草稿…", "Drafting the year-end report…"),
    "bureau.drafted": ("年度总结草稿已生成：{path}\n{summary}", "Draft written: {path}\n{summary}"),
    "bureau.draft_none": ("表单包没有年度总结模板。", "The form pack has no report templates."),
    "bureau.totals.category": ("类别", "Category"),
    "bureau.totals.field": ("项目", "Item"),
    "bureau.totals.district": ("全区合计（{count}所）", "District total ({count} schools)"),
    "bureau.figures.totals": ("全区合计", "District totals"),
    "bureau.figures.targets": ("政策目标", "Policy targets"),
    "bureau.figures.quality": ("数据质量", "Data quality"),
    "bureau.figures.answered": ("填报情况", "Answered"),
    "bureau.figures.aggregation": ("汇总口径", "How it adds up"),
    "bureau.targets.id": ("目标", "Target"),
    "bureau.targets.period": ("报送期", "Period"),
    "bureau.targets.policy": ("政策", "Policy"),
    "bureau.targets.source": ("依据", "Source"),
    "bureau.targets.schools": ("适用学校", "Schools"),
    "bureau.targets.applicable": ("适用", "Applicable"),
    "bureau.targets.met": ("达标", "Met"),
    "bureau.targets.not_met": ("未达标", "Not met"),
    "bureau.targets.not_reported": ("未报", "Not reported"),
    "bureau.targets.no_baseline": ("缺少基期", "No baseline"),
    "bureau.targets.exempt": ("条件不适用", "Exempt"),
    "bureau.targets.share": ("达标率", "Share met"),
    "bureau.targets.goal": ("全区目标", "District goal"),
    "bureau.targets.not_met_schools": ("未达标学校", "Schools not meeting it"),
    "bureau.targets.not_reported_schools": ("未报学校", "Schools not reporting"),
    "bureau.targets.no_baseline_schools": ("缺少基期的学校", "Schools without a baseline"),
    "bureau.quality.rank": ("序号", "Rank"),
    "bureau.quality.code": ("学校标识码", "Code"),
    "bureau.quality.school": ("学校", "School"),
    "bureau.quality.town": ("镇街", "Town"),
    "bureau.quality.type": ("办学类型", "Type"),
    "bureau.quality.score": ("可疑分", "Score"),
    "bureau.quality.kind": ("问题类型", "Kind"),
    "bureau.quality.field": ("项目", "Item"),
    "bureau.quality.value": ("数值", "Value"),
    "bureau.quality.comparison": ("比较", "Compared with"),
    "bureau.quality.why": ("原因", "Why"),
    "bureau.quality.note": ("学校说明", "School's note"),
    "bureau.quality.summary": (
        "核查 {checked} 所，{doubtful} 所有需核实的数据（可疑程度高的在前）。",
        "{checked} schools checked; {doubtful} with figures to verify (most doubtful first).",
    ),
    # 报送情况
    "bureau.status.town": ("镇街：", "Town:"),
    "bureau.status.type": ("办学类型：", "School type:"),
    "bureau.status.school": ("学校", "School"),
    "bureau.status.counts": (
        "已报齐 {received} 所，被拒收 {rejected} 所，未报齐 {missing} 所。",
        "{received} schools complete, {rejected} rejected, {missing} incomplete.",
    ),
    "bureau.status.missing": ("未报齐：{schools}", "Incomplete: {schools}"),
    # 导入
    "import.hint": (
        "将学校报送的 .xlsx 文件或文件夹拖到此处，或点击“选择文件”。",
        "Drop the schools' .xlsx files or folders here, or click “Choose files”.",
    ),
    "import.files": ("选择文件…", "Choose files…"),
    "import.folder": ("选择文件夹…", "Choose folder…"),
    "import.cancel": ("取消", "Cancel"),
    "import.files_title": ("选择报送文件", "Choose submitted files"),
    "import.folder_title": ("选择文件夹", "Choose a folder"),
    "import.file": ("文件", "File"),
    "import.done": (
        "本次导入 {count} 个文件：{counts}。可继续拖入文件。",
        "{count} files imported: {counts}. More files can be dropped.",
    ),
    "import.nothing": ("未导入任何文件", "no file imported"),
    "import.failed": ("导入中断：{error}", "The import stopped: {error}"),
    # The register (学校名单)
    "register.code": ("学校标识码", "School code"),
    "register.name": ("学校名称", "School name"),
    "register.type": ("办学类型", "School type"),
    "register.town": ("镇街", "Town"),
    "register.contact": ("联系人", "Contact"),
    "register.phone": ("联系电话", "Phone"),
    "register.state": ("状态", "State"),
    "register.add": ("添加学校", "Add school"),
    "register.remove": ("删除所选学校", "Remove selected school"),
    "register.import": ("从 Excel 导入名单…", "Import list from Excel…"),
    "register.export": ("导出名单到 Excel…", "Export list to Excel…"),
    "register.filter": ("Excel 工作簿 (*.xlsx)", "Excel workbooks (*.xlsx)"),
    "register.export_name": ("学校名单.xlsx", "schools.xlsx"),
    "register.count": ("共 {count} 所学校", "{count} schools"),
    "register.loading": ("正在读取学校名单…", "Reading the register…"),
    "register.saved": ("已保存 {time}", "Saved {time}"),
    "register.saved_school": ("已保存“{name}”（{time}）。", "Saved “{name}” ({time})."),
    "register.new_row": ("新学校：请填写学校标识码和学校名称", "New school: enter the school code and name"),
    "register.not_saved": ("未保存：{reason}", "Not saved: {reason}"),
    "register.bad_code": (
        "学校标识码“{value}”格式不正确：应为10位数字，如 2137000001（第3、4位为37）。",
        "“{value}” is not a school code: 10 digits such as 2137000001 (digits 3–4 are 37).",
    ),
    "register.duplicate": (
        "学校标识码“{value}”已在名单中（{name}），不能重复。",
        "The school code “{value}” is already in the register ({name}).",
    ),
    "register.no_name": ("请填写学校名称。", "Enter the school name."),
    "register.no_type": ("请选择办学类型。", "Choose the school type."),
    "register.no_town": ("请选择镇街。", "Choose the town."),
    "register.bad_phone": (
        "联系电话“{value}”格式不正确：应为11位手机号或带区号的固定电话，如 0531-84235116。",
        "The phone “{value}” is not valid: an 11-digit mobile or a landline with its area code.",
    ),
    "register.code_locked": (
        "“{name}”已有 {count} 份报送记录，学校标识码不能修改；如确需更改，请删除后重新添加。",
        "“{name}” has {count} submissions; its code cannot change. Remove it and add it again instead.",
    ),
    "register.confirm_title": ("删除学校", "Remove school"),
    "register.confirm": (
        "“{name}”（{code}）已有 {count} 份报送记录。\n"
        "删除后该校不再计入报送情况，已收到的报送仍保留在历史中。\n确定删除吗？",
        "“{name}” ({code}) has {count} submissions.\nRemoved, it no longer counts in completeness; its "
        "submissions stay in history.\nRemove it?",
    ),
    "register.removed": ("已从名单中删除“{name}”。", "“{name}” was removed from the register."),
    "register.kept": ("未删除“{name}”。", "“{name}” was kept."),
    "register.pick_row": ("请先选中要删除的学校。", "Select the school to remove first."),
    "register.imported": (
        "学校名单已导入：新增 {added} 所，更新 {updated} 所。",
        "Register imported: {added} added, {updated} updated.",
    ),
    "register.import_failed": (
        "学校名单未导入（名单未作任何更改）：\n{problems}",
        "The register was not imported (nothing changed):\n{problems}",
    ),
    "register.exported": ("学校名单已导出：{path}", "Register exported: {path}"),
    "register.failed": ("操作未完成：{error}", "Not done: {error}"),
    # The import log (导入记录)
    "ledger.time": ("时间", "Time"),
    "ledger.file": ("文件", "File"),
    "ledger.sha": ("SHA-256", "SHA-256"),
    "ledger.school": ("学校", "School"),
    "ledger.period": ("报送期", "Period"),
    "ledger.revision": ("版本", "Revision"),
    "ledger.decision": ("结果", "Decision"),
    "ledger.reason": ("原因", "Reason"),
    "ledger.filter": ("结果：", "Decision:"),
    "ledger.refresh": ("刷新", "Refresh"),
    "ledger.count": ("共 {shown} 条记录（全部 {total} 条）", "{shown} entries ({total} in all)"),
    "ledger.empty": ("尚无导入记录。", "Nothing imported yet."),
    "ledger.accepted": ("已接收", "Accepted"),
    "ledger.replaced": ("已更新", "Replaced"),
    "ledger.duplicate": ("重复", "Duplicate"),
    "ledger.older": ("旧版本", "Older"),
    "ledger.conflict": ("冲突", "Conflict"),
    "ledger.rejected": ("拒收", "Rejected"),
    "ledger.papers": ("核验纸质件（全部）", "Sealed papers (all)"),
    "ledger.paper.match": ("纸质件一致", "Paper matches"),
    "ledger.paper.older": ("纸质件为旧版本", "Paper of an older revision"),
    "ledger.paper.not_imported": ("纸质件该版未导入", "Paper of a revision not imported"),
    "ledger.paper.differs": ("纸质件不一致", "Paper differs"),
    "ledger.paper.not_in_register": ("纸质件学校不在名单", "Paper's school not on the register"),
}


def pick(text: Text) -> str:
    """A pack label in the window's language."""
    return text.en if i18n.language() == "en" else text.zh


for _key, _text in BUREAU_CATALOGUE.items():
    i18n.CATALOGUE.setdefault(_key, _text)
