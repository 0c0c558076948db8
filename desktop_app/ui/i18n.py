"""The UI's own strings in Chinese (default) and English, and Qt's translations of its dialogs.

Labels of the forms come from the pack (`label(text)`); every other word of the window comes from the
one catalogue here through `tr(key)`, keys named by place ("submit.confirm.title"). The main window's
words are below; the dialogs' and the bureau window's are parts in ui/catalogue/, joined in at import,
and a key declared twice fails the import. A dict keeps start-up cheap (no .qm compilation step);
tests/unit/test_ui_strings.py checks every entry has both languages, every key used exists and no
module of ui/ holds Chinese words of its own.
"""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.text import Pair, Text, join_part
from desktop_app.ui.catalogue import bureau, dialogs, exports, window

_LANG = "zh"

CATALOGUE: dict[str, Pair] = {
    "app.title": ("学校工作报送", "School Reporting"),
    "menu.file": ("文件(&F)", "&File"),
    "menu.edit": ("编辑(&E)", "&Edit"),
    "menu.view": ("查看(&V)", "&View"),
    "menu.report": ("报送(&R)", "&Report"),
    "menu.tools": ("工具(&T)", "&Tools"),
    "menu.help": ("帮助(&H)", "&Help"),
    "action.save": ("保存", "Save"),
    "action.quit": ("退出", "Quit"),
    "action.undo": ("撤销", "Undo"),
    "action.redo": ("重做", "Redo"),
    "action.next_category": ("下一类别", "Next category"),
    "action.prev_category": ("上一类别", "Previous category"),
    "action.overview": ("总览", "Overview"),
    "action.settings": ("设置…", "Settings…"),
    "action.guide": ("使用说明…", "User guide…"),
    "place.no_files": (
        "本期尚未上报，上报时将在此创建文件夹：{folder}",
        "Not submitted yet; the folder is made when you submit: {folder}",
    ),
    "action.about": ("关于", "About"),
    "action.export_pdf": ("导出 PDF…", "Export PDF…"),
    "action.export_excel": ("导出 Excel…", "Export Excel…"),
    "action.send": ("发送至区教体局…", "Send to the bureau…"),
    "action.submit": ("上报…", "Submit…"),
    "action.reopen": ("退回修改…", "Reopen for correction…"),
    "action.history": ("上报记录…", "Submission history…"),
    "action.audit": ("修改记录…", "Change log…"),
    "action.backup_now": ("立即备份…", "Back up now…"),
    "action.restore": ("从备份恢复…", "Restore from a backup…"),
    "action.import_pack": ("导入新版报表…", "Import a new form pack…"),
    "action.import_questions": ("导入退回意见…", "Import the bureau's questions…"),
    "action.not_ready": ("此功能尚未启用。", "This function is not available yet."),
    "status.saved": ("已保存 {time}", "Saved {time}"),
    "status.saved_now": ("已保存", "Saved"),
    "status.opening": ("正在打开数据文件…", "Opening the data file…"),
    "status.open_failed": ("无法打开数据文件：{error}", "Cannot open the data file: {error}"),
    "start.restored": ("已从备份“{name}”恢复数据。", "The data was restored from the backup “{name}”."),
    "start.empty": (
        "已按您的选择新建空白数据库；损坏的数据库仍改名保留为“{name}”。",
        "An empty database was made as you chose; the damaged one is still kept as “{name}”.",
    ),
    "status.read_only": ("往期数据，只读", "Past period, read-only"),
    "status.submitted": ("已上报（第{revision}版），只读", "Submitted (revision {revision}), read-only"),
    "lock.submitted": (
        "已上报（第{revision}版），如需修改请先退回修改。",
        "Submitted (revision {revision}). To change anything, reopen it for correction first.",
    ),
    "lock.reopen": ("退回修改…", "Reopen for correction…"),
    "lock.past": ("往期数据，只读。", "A past period: read-only."),
    "lock.profile": (
        "本期已上报（第{revision}版）。学校基本信息各报送期共用，仍可修改；已上报的文件不受影响。",
        "This period is submitted (revision {revision}). The school profile is shared by every "
        "period and stays editable; the submitted files do not change.",
    ),
    "top.period": ("报送期：", "Period:"),
    "top.no_school": ("（未填写学校名称）", "(school name not entered)"),
    "list.switch": ("切换", "switch"),
    "list.switch_tip": ("点击切换到“{period}”填写", "Click to switch to {period}"),
    "state.empty": ("未填", "Not started"),
    "state.in_progress": ("填写中", "In progress"),
    "state.errors": ("有错误", "Has errors"),
    "state.needs_explanation": ("待说明", "Needs explanation"),
    "state.complete": ("已完成", "Complete"),
    "state.none_this_period": ("本期无此项", "None this period"),
    "state.submitted": ("已提交", "Submitted"),
    "left.errors": ("错误 {count}", "{count} errors"),
    "left.required": ("必填未填 {count}", "{count} required empty"),
    "left.unexplained": ("待说明 {count}", "{count} to explain"),
    "left.questions": ("待答复 {count}", "{count} to answer"),
    "problems.title": ("本类别的问题", "Problems in this category"),
    "problems.none": ("没有发现问题。", "No problems found."),
    "problems.error": ("错误", "Error"),
    "problems.warning": ("提示", "Warning"),
    "problems.required": ("必填", "Required"),
    "problems.explain": ("说明：", "Explanation:"),
    "problems.explain_hint": ("请说明原因（提交前必填）", "Explain why (needed before submission)"),
    "problems.reply": ("答复：", "Reply:"),
    "problems.reply_hint": (
        "修改数值，或在此填写答复（上报前须答复）",
        "Change the value, or write a reply here (needed before submission)",
    ),
    "help.title": ("填写说明", "Help"),
    "help.none": ("选中某一项即可在此查看说明。", "Select a field to see its help here."),
    "help.no_text": ("本项无补充说明。", "No further help for this item."),
    "form.not_applicable": ("本类别不适用于本校的办学类型。", "This category does not apply to this school type."),
    "form.other_fields": ("其他", "Other"),
    "form.loading": ("正在加载…", "Loading…"),
    "form.chars": ("{count}/{limit} 字", "{count}/{limit} characters"),
    "form.yes": ("是", "Yes"),
    "form.no": ("否", "No"),
    "form.unset": ("（未选择）", "(not chosen)"),
    "form.date_hint": ("如 2022-06-06", "e.g. 2022-06-06"),
    "form.pick_date": ("日历…", "Calendar…"),
    "form.pick_date_tip": ("从日历中选择日期", "Pick the date from a calendar"),
    "table.add": ("添加行", "Add row"),
    "table.remove": ("删除行", "Remove row"),
    "table.up": ("上移", "Move up"),
    "table.down": ("下移", "Move down"),
    "table.rows": ("共 {count} 行", "{count} rows"),
    "table.row_refused": ("第{row}行：{message}", "Row {row}: {message}"),
    "photo.choose": ("选择照片…", "Choose photo…"),
    "photo.clear": ("清除", "Clear"),
    "photo.attached": ("已附照片", "Attached"),
    "photo.missing": ("照片缺失", "Missing"),
    "photo.tip": (
        "双击或按 F2 选择或清除照片（JPG 或 PNG，不超过 10 MB）",
        "Double-click or press F2 to choose or clear the photo (JPG or PNG, up to 10 MB)",
    ),
    "photo.dialog": ("选择照片（JPG 或 PNG，不超过 10 MB）", "Choose a photo (JPG or PNG, up to 10 MB)"),
    "photo.filter": ("照片 (*.jpg *.jpeg *.png)", "Photos (*.jpg *.jpeg *.png)"),
    "photo.too_large": (
        "照片“{name}”大小为 {size} MB，超过 {limit} MB 的上限，未附上。请压缩或缩小后重新选择。",
        "The photo “{name}” is {size} MB, over the {limit} MB limit; it was not attached. "
        "Make it smaller and choose it again.",
    ),
    "photo.not_image": (
        "“{name}”不是 JPG 或 PNG 格式的照片，未附上。",
        "“{name}” is not a JPG or PNG photo; it was not attached.",
    ),
    "photo.unreadable": (
        "无法读取文件“{name}”（{error}），未附上。",
        "Cannot read the file “{name}” ({error}); it was not attached.",
    ),
    "overview.title": ("总览", "Overview"),
    "overview.category": ("类别", "Category"),
    "overview.state": ("状态", "State"),
    "overview.errors": ("错误", "Errors"),
    "overview.required": ("必填未填", "Required, empty"),
    "overview.warnings": ("待说明提示", "Warnings to explain"),
    "overview.left": (
        "还差 {count} 项可上报（错误、必填未填、待说明的提示），逐项处理后即可上报。",
        "{count} item(s) left before you can submit (errors, required fields still empty, warnings to explain).",
    ),
    "overview.ready": ("各项均已处理，可以上报。", "Nothing is left: the period can be submitted."),
    "overview.submitted": ("本期已上报（第{revision}版）。", "This period is submitted (revision {revision})."),
    "overview.to_confirm": (
        "另有 {count} 个类别全部未填，上报时需确认“本期无此项”。",
        "{count} categor(ies) are entirely empty: confirm “none this period” when submitting.",
    ),
    "overview.deadline": ("报送截止日期：{date}", "Deadline: {date}"),
    "overview.no_deadline": ("本报送期未规定截止日期。", "No deadline is set for this period."),
    "overview.checking": ("正在检查…", "Checking…"),
    "overview.periods": ("本年度各报送期", "This year's reporting periods"),
    "overview.period": ("报送期", "Period"),
    "overview.period_deadline": ("截止日期", "Deadline"),
    "overview.period_state": ("状态", "State"),
    "overview.period_switch": ("点击切换到该报送期", "Click to switch to this period"),
    "overview.chart": ("主要指标（各报送期）", "Key figures across periods"),
    "overview.no_data": ("数据库中尚无可比较的数据。", "No figures in the database yet."),
    "first.title": ("欢迎使用学校工作报送", "Welcome to School Reporting"),
    "first.body": (
        "第一步：填写“学校基本信息”（学校名称、学校标识码、办学类型等）。办学类型决定哪些表单需要填写。\n"
        "第二步：逐项填写左侧各类别。每次修改都会自动保存，无需点击保存。\n"
        "数据保存在：{path}\n可在“工具 → 设置”中更改数据文件位置（请勿放在网络盘或同步盘中）。\n"
        "一年的工作（学期报表、上报、发送、退回修改、备份）见“帮助 → 使用说明”（F1）。",
        "Step 1: fill in the school profile (name, school code, school type). The school type decides "
        "which forms apply.\nStep 2: fill in each category on the left. Every change is saved "
        "automatically.\nYour data is kept in: {path}\nYou can move it in Tools → Settings (not on a "
        "network drive or a synced folder).\nThe year's work (semester reports, submitting, sending, "
        "reopening, backups) is in Help → User guide (F1).",
    ),
    "first.start": ("开始填写学校基本信息", "Start with the school profile"),
    "settings.title": ("设置", "Settings"),
    "settings.language": ("界面语言：", "Language:"),
    "settings.database": ("数据文件：", "Data file:"),
    "settings.browse": ("选择…", "Browse…"),
    "settings.output": ("上报文件保存到：", "Submitted files go to:"),
    "settings.output_note": (
        "每个报送期一个子文件夹（如“2022年度”）；留空则保存在“文档”中的“学校工作报送”文件夹。已保存的文件不会移动。",
        "One subfolder per period (e.g. “Year 2022”); empty: the folder shown greyed, in "
        "Documents. Files already saved are not moved.",
    ),
    "settings.email": ("区教体局电子邮箱：", "Bureau e-mail:"),
    "settings.restart": (
        "界面语言和使用方式的更改在下次启动程序时生效。",
        "A new language or mode takes effect the next time the program starts.",
    ),
    "settings.mode": ("使用方式：", "Used by:"),
    "settings.mode_school": ("学校填报", "A school (reporting)"),
    "settings.mode_bureau": ("区教体局汇总", "The district bureau (consolidation)"),
    "settings.mode_changed": (
        "下次启动程序时将打开“{mode}”窗口，本窗口不变。区教体局汇总使用单独的数据文件。",
        "From the next start the program opens for: {mode}. This window stays as it is. The "
        "bureau's consolidation keeps a data file of its own.",
    ),
    "settings.network": (
        "数据文件位于网络位置，断网时可能无法保存或损坏数据，建议放在本机磁盘。",
        "The data file is on a network location; saving may fail or damage data when offline. Keep it on a local disk.",
    ),
    "settings.synced": (
        "数据文件位于同步文件夹（{name}），同步冲突可能损坏数据，建议放在本机其他文件夹。",
        "The data file is in a synced folder ({name}); sync conflicts can damage it. Keep it elsewhere.",
    ),
    "settings.bad_email": ("电子邮箱格式不正确。", "The e-mail address is not valid."),
    "settings.saved": ("设置已保存。", "Settings saved."),
    "settings.default_db": ("（默认位置）", "(default location)"),
    "about.text": ("学校工作报送 {version}\n济阳区教体局", "School Reporting {version}\nJiyang District"),
    "task.failed": ("操作失败：{error}", "The operation failed: {error}"),
    "unexpected.text": (
        "程序出现意外错误，本次操作未完成：{error}\n\n已保存的数据不受影响。详细信息已记入：{log}",
        "An unexpected error stopped this action: {error}\n\nWhat was saved is not affected. "
        "The details were written to: {log}",
    ),
    "unexpected.text_unlogged": (
        "程序出现意外错误，本次操作未完成：{error}\n\n已保存的数据不受影响。（详细信息无法写入 {log}）",
        "An unexpected error stopped this action: {error}\n\nWhat was saved is not affected. "
        "(The details could not be written to {log}.)",
    ),
}


for _part in (window, dialogs, exports, bureau):
    join_part(CATALOGUE, _part.WORDS, _part.__name__)  # a key declared twice raises DuplicateKeyError


def set_language(lang: str) -> None:
    global _LANG
    _LANG = "en" if lang == "en" else "zh"


def language() -> str:
    return _LANG


def tr(key: str, /, **values: object) -> str:
    """The UI string `key` in the current language, filled with `values`."""
    zh, en = CATALOGUE[key]
    text = en if _LANG == "en" else zh
    return text.format(**values) if values else text


def tr_in(key: str, lang: str, /, **values: object) -> str:
    """The UI string `key` in `lang` (whatever the current language is), filled with `values`."""
    zh, en = CATALOGUE[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def label(text: Text) -> str:
    """A pack label (a category, a field, a choice, a period) in the window's language."""
    return text.get(_LANG)


def qt_translations_dir() -> Path | None:
    from PySide6.QtCore import QLibraryInfo

    candidates = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    import PySide6

    candidates.append(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")
    for candidate in candidates:
        if (candidate / "qtbase_zh_CN.qm").exists():
            return candidate
    return None


def install_qt_translations(app: object, lang: str) -> list[object]:
    """Load Qt's own zh_CN catalogue so standard dialogs (file picker, buttons) speak Chinese."""
    if lang == "en":
        return []
    from PySide6.QtCore import QTranslator

    folder = qt_translations_dir()
    installed: list[object] = []
    if folder is None:
        return installed
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)  # type: ignore[arg-type]
        if translator.load(name, str(folder)):
            app.installTranslator(translator)  # type: ignore[attr-defined]
            installed.append(translator)
    return installed
