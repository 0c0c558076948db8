"""The command line's own words by key, in Chinese (the default) and English (`--lang en`).

Every message a command prints of its own comes from here through `CliContext.tr(key)`; labels of the
forms come from the pack, refusals from the layers below with their own text. Keys are named by command
group (`lifecycle.restored`, `send.no_recipient`); a key declared twice fails when the catalogue is made.
"""

from __future__ import annotations

from desktop_app.domain.text import Catalogue

WORDS: dict[str, tuple[str, str]] = {
    "bureau.file_not_found": ("找不到文件“{path}”。", "File not found: {path}"),
    "bureau.imported": ("共 {count} 个文件：{counts}。", "{count} files: {counts}."),
    "bureau.incomplete": (
        "未报齐：{name}  联系人 {contact}  电话 {phone}",
        "Incomplete: {name}  contact {contact}  phone {phone}",
    ),
    "bureau.no_paper": ("未收到纸质件", "no paper"),
    "bureau.no_period": ("没有报送期“{period}”，可选：{keys}。", "No period “{period}”; choose one of {keys}."),
    "bureau.not_a_file": ("“{path}”不是普通文件，未读取。", "“{path}” is not a regular file; it was not read."),
    "bureau.not_found": ("找不到：{files}", "Not found: {files}"),
    "bureau.out_suffix": ("--out 须以 .xlsx 或 .pdf 结尾。", "--out must end in .xlsx or .pdf."),
    "bureau.paper": ("纸质件", "Paper"),
    "bureau.register_imported": (
        "学校名单已导入：新增 {added} 所，更新 {updated} 所。",
        "Register imported: {added} added, {updated} updated.",
    ),
    "bureau.register_refused": ("学校名单未导入：", "The register was not imported:"),
    "bureau.school": ("学校", "School"),
    "bureau.status_counts": (
        "已报送 {received} 所，被拒收 {rejected} 所，未报送 {missing} 所。",
        "{received} received, {rejected} rejected, {missing} missing.",
    ),
    "bureau.summary_written": ("汇总已导出：{out}", "Summary written: {out}"),
    "bureau_questions.answer": ("  第{answered_revision}版答复：", "  Answer in revision {answered_revision}: "),
    "bureau_questions.asked": ("已提出意见 {asked} 条。", "{asked} question(s) asked."),
    "bureau_questions.asked_again": (
        "已再次询问：{uid}（第{revision}版）。",
        "Asked again: {uid} (revision {revision}).",
    ),
    "bureau_questions.closed": ("已关闭 {uid}。", "{uid} closed."),
    "bureau_questions.exported": (
        "已导出退回意见 {questions} 条（针对第{revision}版）：{path}",
        "{questions} question(s) on revision {revision} written: {path}",
    ),
    "bureau_questions.give_text": (
        "请用 --category 和 --text 指明意见（或用 --proposed 提出建议意见）。",
        "Give --category and --text (or --proposed).",
    ),
    "bureau_questions.no_questions": ("没有意见。", "No questions."),
    "bureau_questions.not_asked": ("未提出：", "Not asked: "),
    "bureau_questions.not_found": ("找不到文件：{files}", "File not found: {files}"),
    "bureau_questions.out_suffix": ("--out 须以 .xlsx 结尾。", "--out must end in .xlsx."),
    "bureau_questions.proposed": (
        "建议意见 {found} 条（用 questions add --proposed 全部提出）。",
        "{found} proposal(s) (questions add --proposed asks them all).",
    ),
    "bureau_questions.question": ("  意见：", "  Question: "),
    "bureau_questions.reply": ("；答复：", "; reply: "),
    "bureau_report.no_folder": ("找不到文件夹“{folder}”，草稿未生成。", "Folder not found: {folder}; nothing written."),
    "bureau_report.no_templates": (
        "表单包“{id}”没有年度总结模板（report/report.yaml）。",
        "The form pack “{id}” has no report templates (report/report.yaml).",
    ),
    "bureau_report.not_annual": (
        "年度工作总结按年度报送期生成，可选：{keys}。",
        "The year-end report is drafted for an annual period: {keys}.",
    ),
    "bureau_report.out_suffix": (
        "--out 须以 .docx 或 .md 结尾（或用 --format 指定格式）。",
        "--out must end in .docx or .md (or give --format).",
    ),
    "bureau_report.written": ("年度工作总结草稿已生成：{out}", "Draft written: {out}"),
    "common.colon": ("：", ": "),
    "common.comma": ("，", ", "),
    "common.error": ("错误：", "Error: "),
    "common.list": ("、", ", "),
    "common.note": ("提示：", "Note: "),
    "export.rejected": ("不合格：", "Rejected: "),
    "forms.baselines": ("对比基期：{keys}", "Baseline periods: {keys}"),
    "forms.category_counts": (
        "填报项 {inputs}，计算项 {derived}，表格 {tables}，规则 {rules}",
        "{inputs} inputs, {derived} derived, {tables} tables, {rules} rules",
    ),
    "forms.no_report_templates": ("年度总结模板：无", "Report templates: none"),
    "forms.quality": (
        "数据质量：同类学校稳健Z值绝对值超过 {outlier_threshold}（每类至少 {min_schools} 所）；同比变化超过 "
        "{jump_threshold:.0f}% 的字段 {jump_fields} 个；比较指标 {indicators} 个及全部比率字段。",
        "Data quality: |robust z| above {outlier_threshold} within a school type (at least {min_schools} "
        "schools); {jump_fields} fields checked for a year-on-year change beyond {jump_threshold:.0f}%; "
        "{indicators} indicators and every ratio field.",
    ),
    "forms.report_templates": (
        "年度总结模板：{areas} 个部分，{sentences} 句（数据 {figures} 个），待补充 {placeholders} 处。",
        "Report templates: {areas} areas, {sentences} sentences ({figures} figures), {placeholders} placeholders.",
    ),
    "forms.school_group": ("学校分组 {group}：{label}（{types}）", "School group {group}: {label} ({types})"),
    "forms.target": ("目标 ", "target "),
    "forms.unreadable": ("无法读取表单包：{error}", "Cannot read the form pack: {error}"),
    "forms.valid": (
        "表单包检查通过：{categories} 个类别，{total_fields} 个字段，{total_rules} 条规则。",
        "The pack is valid: {categories} categories, {total_fields} fields, {total_rules} rules.",
    ),
    "lifecycle.category_heading": ("【{label}】", "[{label}]"),
    "lifecycle.damaged": ("（已损坏）", " (damaged)"),
    "lifecycle.database_is_folder": (
        "错误：“{database}”是文件夹，不是数据库文件。",
        "Error: “{database}” is a folder, not a database file.",
    ),
    "lifecycle.draft": ("草稿", "draft"),
    "lifecycle.empty_or_file": (
        "错误：--empty 与备份文件不能同时给出。",
        "Error: give either --empty or a backup FILE.",
    ),
    "lifecycle.history_line": (
        "第{revision}版  上报于 {submitted_at}  {fingerprint}",
        "Revision {revision}  submitted {submitted_at}  {fingerprint}",
    ),
    "lifecycle.kept_as": ("原数据库已改名保留为“{name}”。", "The replaced file was kept as “{name}”."),
    "lifecycle.made_empty": (
        "已新建空白数据库“{database}”；损坏的数据库仍改名保留为“{aside}”。",
        "An empty database “{database}” was made; the damaged one is still kept as “{aside}”.",
    ),
    "lifecycle.no_backup_file": ("错误：备份文件“{file}”不存在。", "Error: the backup “{file}” does not exist."),
    "lifecycle.no_changes": ("没有修改记录。", "No changes recorded."),
    "lifecycle.no_database": ("错误：数据库“{database}”不存在。", "Error: the database “{database}” does not exist."),
    "lifecycle.no_database_yet": ("数据库“{database}”尚不存在。", "The database “{database}” does not exist yet."),
    "lifecycle.not_submitted_yet": ("尚未上报。", "Not submitted yet."),
    "lifecycle.now": ("当前：{state}（第{revision}版）", "Now: {state} (revision {revision})"),
    "lifecycle.reason": ("  修改原因：{reason}", "  reason: {reason}"),
    "lifecycle.reopened": (
        "    {reopened_at} 退回修改：{reopen_reason}",
        "    reopened {reopened_at}: {reopen_reason}",
    ),
    "lifecycle.reopened_line": (
        "已退回修改：{period}，改后将作为第{revision}版上报。",
        "Reopened {period}; it will be submitted as revision {revision}.",
    ),
    "lifecycle.restored": ("已从“{name}”恢复数据库“{database}”。", "Restored “{database}” from “{name}”."),
    "lifecycle.reviewed": ("  审核：{reviewed}", "  reviewed: {reviewed}"),
    "lifecycle.revision_source": ("第{revision}版（{source}）", "rev {revision} ({source})"),
    "lifecycle.server_backup": (
        "错误：服务器数据库请用其自身的备份工具。",
        "Error: back up a server database with its own tools.",
    ),
    "lifecycle.submitted": ("已提交", "submitted"),
    "lifecycle.submitted_line": (
        "已上报：第{revision}版，{fingerprint}",
        "Submitted: revision {revision}, {fingerprint}",
    ),
    "lifecycle.use_restore": (
        "请用“school-report restore”列出备份并恢复。",
        "List and restore backups with “school-report restore”.",
    ),
    "load.checked": ("检查（未保存）", "Checked (nothing stored)"),
    "load.counts": (
        "{head}：共 {outcomes} 项，保存 {stored}，未变 {unchanged}，拒绝 {refused}，计算项 {computed}。",
        "{head}: {outcomes} values, {stored} stored, {unchanged} unchanged, {refused} refused, {computed} computed.",
    ),
    "load.loaded": ("已导入", "Loaded"),
    "load.profile": ("基本信息", "profile"),
    "pack.active": ("  ← 当前使用", "  ← active"),
    "pack.already": (
        "此版本已安装，内容相同，无需重复安装。",
        "This version is already installed, with the same content.",
    ),
    "pack.authority": ("发布单位：{authority}", "Authority: {authority}"),
    "pack.built_in": ("（内置，未安装）", "(built in, not installed)"),
    "pack.compared": ("与 {version} 相比：", "Compared with {version}:"),
    "pack.diff_title": ("{title}：{old} → {new}", "{title}: {old} → {new}"),
    "pack.digest": (
        "摘要（请与区教体局通知核对）：{short_digest}",
        "Digest (compare it with the bureau's notice): {short_digest}",
    ),
    "pack.folder": ("表单包文件夹：{folder}", "Pack folder: {folder}"),
    "pack.for_bureau": ("区教体局须知（规则与汇总）：", "For the bureau (rules and figures):"),
    "pack.for_clerk": ("填报人员须知（学校）：", "For the clerk (school):"),
    "pack.installed": (
        "已安装：{version}，{year}年度各报送期将按此版填报；往年数据仍按当年表单。",
        "Installed {version}: the periods of {year} are reported with it; earlier years stay under their own packs.",
    ),
    "pack.no_base_version": (
        "提示：未找到上一版 {base_version}，变更声明只对照本版检查。",
        "Note: version {base_version} was not found; the change declarations were checked against this version only.",
    ),
    "pack.no_changes": ("  无变化。", "  No changes."),
    "pack.no_file": ("错误：找不到文件“{file}”。", "Error: file not found: {file}"),
    "pack.out_suffix": ("错误：--out 须以 {suffix} 结尾。", "Error: --out must end in {suffix}."),
    "pack.periods_heading": ("各报送期所用表单包：", "Pack of each period:"),
    "pack.title": ("表单包：{title}（{id}）", "Pack: {title} ({id})"),
    "pack.unknown_spec": (
        "“{spec}”既不是表单包文件夹或文件，也不是已安装的版本（已安装：{versions}）",
        "“{spec}” is neither a pack folder or file nor an installed version (installed: {versions})",
    ),
    "pack.version_line": (
        "版本：{version}\u3000年度：{year}\u3000报送期：{periods}",
        "Version: {version}  year: {year}  periods: {periods}",
    ),
    "pack.written": ("已生成：{out}（{count} 个文件）", "Written: {out} ({count} files)"),
    "questions.already": (
        "该退回意见已导入过（{already} 条），未作改动。",
        "These questions were imported before ({already}); nothing changed.",
    ),
    "questions.answered": ("已答复", "answered"),
    "questions.change": ("  修改：", "  Change: "),
    "questions.file_not_found": ("找不到文件“{file}”。", "File not found: {file}"),
    "questions.imported": (
        "已导入退回意见 {added} 条（{period}第{revision}版）。",
        "Imported {added} question(s) on {period}, revision {revision}.",
    ),
    "questions.none_open": ("没有待答复的退回意见。", "No open questions."),
    "questions.open": ("待答复", "open"),
    "questions.reopened": ("{period}已退回修改：{reason}", "{period} reopened: {reason}"),
    "questions.reply": ("  答复：", "  Reply: "),
    "questions.reply_saved": ("已保存对 {uid} 的答复。", "Reply to {uid} saved."),
    "questions.sent_with": ("已随第{answered_revision}版报回", "sent with revision {answered_revision}"),
    "send.ask_again": ("可加 --ask-password 重新输入密码。", "Use --ask-password to re-enter it."),
    "send.ask_password_needs_terminal": (
        "错误：--ask-password 须在命令行窗口中使用（需要输入密码）。",
        "Error: --ask-password needs a terminal to type the password in.",
    ),
    "send.bad_smtp": ("错误：发信邮箱设置有误：", "Error: the SMTP settings are wrong: "),
    "send.draft_not_saved": ("错误：邮件草稿未能保存：", "Error: the draft was not saved: "),
    "send.kept_as_draft": ("邮件已另存为草稿：{path}", "The message was kept as a draft: {path}"),
    "send.no_keyring": (
        "本机的系统凭据管理器不可用，密码只在本次运行中使用，不会保存。",
        "No system keyring is available: the password is used for this run only, not saved.",
    ),
    "send.no_mail_program": ("未能自动打开邮件程序，请手动打开上述文件。", "Could not open a mail program."),
    "send.no_password": (
        "错误：没有保存邮箱“{user}”的密码，且无法在此询问。请在程序“设置”中保存密码（授权码），"
        "或在命令行窗口中运行本命令。",
        "Error: no password is saved for “{user}” and none can be asked for here. Save it in the settings, or "
        "run this command in a terminal.",
    ),
    "send.no_recipient": (
        "错误：未指定收件人。请用 --to 给出区教体局的邮箱，或在“设置”中填写。",
        "Error: no recipient. Give --to ADDRESS or set the bureau's address in the settings.",
    ),
    "send.no_smtp": (
        "未设置发信邮箱（SMTP），已生成邮件草稿。双击即可在邮件程序中打开并发送；使用网页邮箱时，"
        "请上传同一文件夹中的报表文件。",
        "No SMTP mailbox is set up; an e-mail draft was written. Open it in your mail program to send it; for "
        "webmail, attach the report files in the same folder.",
    ),
    "send.not_sent": ("邮件未发出：", "Not sent: "),
    "send.password_prompt": ("请输入邮箱 {user} 的密码（授权码）：", "Password (app password) for {user}: "),
    "send.sent": ("已发送至 {to}，附件：{names}", "Sent to {to}; attached: {names}"),
    "values.category_heading": ("【{number} {label}】", "[{number} {label}]"),
    "values.demo_filled": ("已填入演示学校：{name}", "Demo school filled in: {name}"),
    "values.empty": ("（空）", "(empty)"),
    "values.error": ("错误", "Error"),
    "values.explanation": ("（说明：{explanation}）", " (explanation: {explanation})"),
    "values.issue_counts": ("共 {errors} 个错误，{warnings} 个警告。", "{errors} errors, {warnings} warnings."),
    "values.issue_row": (" 第{row}行", " row {row}"),
    "values.row": (" 第{row}行 ", " row {row} "),
    "values.row_and_column": ("错误：--row 与 --column 须同时给出。", "Error: give --row and --column together."),
    "values.row_from_one": ("错误：--row 从 1 开始。", "Error: --row starts at 1."),
    "values.saved": ("已保存：{where} = {shown}", "Saved: {where} = {shown}"),
    "values.warning": ("警告", "Warning"),
}

CLI_WORDS = Catalogue((__name__, WORDS))
