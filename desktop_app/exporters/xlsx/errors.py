"""Why a workbook is rejected: a code for tests and the bureau's ledger, a precise bilingual message.

The wording says "modified after export", never "forged": the fingerprint proves that the values are
unchanged since the app wrote them, not who wrote them (reliability-notes #18).
"""

from __future__ import annotations

from desktop_app.domain.text import Text

MACHINE_SHEET = "_data"

REJECTIONS: dict[str, Text] = {
    "missing": Text("找不到文件。", "The file does not exist."),
    "empty": Text("文件是空的。", "The file is empty."),
    "too_large": Text("文件过大（{size}），超过上限 {limit}。", "The file is too large ({size}; limit {limit})."),
    "legacy_xls": Text(
        "这是旧版 .xls 文件或加密的工作簿（不是本程序导出的 .xlsx），请使用程序导出的原文件。",
        "This is a legacy .xls or an encrypted workbook, not an .xlsx exported by the app.",
    ),
    "not_zip": Text(
        "文件不是 Excel 工作簿（.xlsx），可能已损坏或被改了扩展名。",
        "The file is not an Excel workbook (.xlsx); it may be damaged or renamed.",
    ),
    "zip_bomb": Text(
        "工作簿内容异常（{detail}），为安全起见拒绝打开。",
        "The workbook's contents are abnormal ({detail}); refused for safety.",
    ),
    "macro": Text(
        "工作簿含有宏（{member}），报送文件不允许含宏。",
        "The workbook contains macros ({member}); submissions may not contain macros.",
    ),
    "xml_unsafe": Text(
        "工作簿部件“{member}”含有不允许的 XML 声明（DTD/实体），为安全起见拒绝打开。",
        "The part “{member}” contains a forbidden XML declaration (DTD/entity); refused for safety.",
    ),
    "unreadable": Text(
        "工作簿无法读取（{detail}），可能已损坏。", "The workbook cannot be read ({detail}); it may be damaged."
    ),
    "no_machine_sheet": Text(
        "工作簿中没有数据页“{sheet}”，不是本程序导出的报送文件，或已被另存为其他格式。",
        "The workbook has no data sheet “{sheet}”; it was not exported by the app or was re-saved in another format.",
    ),
    "too_many_rows": Text(
        "数据页“{sheet}”声明了 {rows} 行，超过上限 {limit} 行。",
        "The data sheet “{sheet}” claims {rows} rows (limit {limit}).",
    ),
    "out_of_range": Text(
        "数据页“{sheet}”第 {row} 行在规定的两列之外还有内容。",
        "Row {row} of the data sheet “{sheet}” has content outside its two columns.",
    ),
    "formula": Text(
        "数据页“{sheet}”中“{key}”是公式，此处只能是导出时写入的值。",
        "“{key}” in the data sheet “{sheet}” is a formula; only exported values are allowed there.",
    ),
    "bad_row": Text(
        "数据页“{sheet}”第 {row} 行格式不正确：{detail}。",
        "Row {row} of the data sheet “{sheet}” is malformed: {detail}.",
    ),
    "duplicate_key": Text(
        "数据页“{sheet}”中“{key}”出现了不止一次。", "“{key}” appears more than once in the data sheet “{sheet}”."
    ),
    "missing_key": Text(
        "数据页“{sheet}”缺少“{key}”，文件不完整。", "The data sheet “{sheet}” lacks “{key}”; the file is incomplete."
    ),
    "unknown_key": Text(
        "数据页“{sheet}”中的“{key}”不属于表单包：{detail}。",
        "“{key}” in the data sheet “{sheet}” is not part of the form pack: {detail}.",
    ),
    "format_version": Text(
        "报送文件格式“{found}”不受支持（本程序读取“{expected}”），请升级程序。",
        "Submission format “{found}” is not supported (this app reads “{expected}”); please upgrade.",
    ),
    "wrong_pack": Text(
        "报送文件属于表单“{found}”，不是本程序使用的“{expected}”。",
        "The submission belongs to form pack “{found}”, not “{expected}”.",
    ),
    "wrong_pack_version": Text(
        "报送文件使用表单版本“{found}”，本程序使用“{expected}”，请使用同一版本的表单重新导出。",
        "The submission uses form version “{found}”, this app uses “{expected}”; "
        "export it again with the same version.",
    ),
    "wrong_type": Text(
        "数据页“{sheet}”中“{key}”的值不符合表单：{detail}",
        "The value of “{key}” in the data sheet “{sheet}” does not fit the form pack: {detail}",
    ),
    "modified": Text(
        "数据页“{sheet}”中的数据在导出后被修改过（{key} 不一致），请使用程序导出的原文件或重新导出。",
        "The data in “{sheet}” was modified after export ({key} does not match); "
        "use the exported file or export again.",
    ),
    "format_old": Text(
        "该文件由旧版程序导出（格式“{found}”），无法核对各页显示的数值与数据页是否一致。请在新版程序中重新导出。",
        "This file was exported by an older version (format “{found}”): the values its sheets show cannot be "
        "checked against the data sheet. Export it again with the current version.",
    ),
    "not_regular": Text(
        "“{name}”不是普通文件（可能是设备、管道或指向它们的链接），已拒绝读取。",
        "“{name}” is not a regular file (a device, a pipe, or a link to one); it was not read.",
    ),
    "bad_view": Text(
        "数据页“{sheet}”中“{key}”（各页数值位置的记录）格式不正确：{detail}。",
        "“{key}” in the data sheet “{sheet}” (where the sheets show each value) is malformed: {detail}.",
    ),
    "view_sheet_missing": Text(
        "找不到工作表“{sheet}”（已被删除或改名），无法核对其中显示的数值。请在软件中重新导出。",
        "The sheet “{sheet}” is missing (deleted or renamed), so the values it shows cannot be checked. "
        "Export again from the app.",
    ),
    "view_differs": Text(
        "工作表“{sheet}”的 {cell} 单元格（{field}）显示为“{shown}”，数据页中为“{expected}”，两者不一致；"
        "区教体局导入的是数据页中的值。请在软件中修改并重新导出。",
        "Sheet “{sheet}”, cell {cell} ({field_en}) shows “{shown_en}” but the data sheet holds “{expected_en}”; "
        "the bureau imports the data sheet. Make the change in the app and export again.",
    ),
    "view_formula": Text(
        "工作表“{sheet}”的 {cell} 单元格含有公式，报送文件中不能有公式（导入的是数据页中的值）。"
        "请在软件中修改并重新导出。",
        "Sheet “{sheet}”, cell {cell} holds a formula; a submission may not contain formulas (the import reads "
        "the data sheet). Make the change in the app and export again.",
    ),
    "out_of_bounds": Text(
        "数据页“{sheet}”中“{key}”的值超出范围（{detail}），本程序不会导出这样的文件。",
        "“{key}” in the data sheet “{sheet}” is out of range ({detail_en}); the app never exports such a file.",
    ),
    "invalid_value": Text(
        "数据页“{sheet}”中“{category}”的数据不符合表单（{key}）：{detail}请学校在软件中核对修改后重新导出。",
        "The data of “{category_en}” in the data sheet “{sheet}” does not meet the form ({key}): {detail_en} "
        "Ask the school to correct it in the app and export again.",
    ),
    "view_too_large": Text(
        "工作表“{sheet}”在 {cell} 处有内容，超出报送文件的范围，为安全起见拒绝读取。请在软件中重新导出。",
        "Sheet “{sheet}” has content at {cell}, beyond what a submission holds; refused for safety. "
        "Export again from the app.",
    ),
}


class WorkbookRejected(Exception):
    """A workbook that cannot be accepted as a submission, with where and why."""

    def __init__(self, code: str, *, sheet: str | None = None, key: str | None = None, **params: object) -> None:
        self.code = code
        self.sheet = sheet
        self.key = key
        self.params = params
        super().__init__(self.text("zh"))

    def text(self, lang: str = "zh") -> str:
        values = {"sheet": self.sheet or "", "key": self.key or "", **self.params}
        return REJECTIONS[self.code].format(lang, **values)


class WorkbookWriteError(Exception):
    """The app cannot write this submission as a workbook (a value Excel cannot hold)."""

    def __init__(self, zh: str, en: str = "") -> None:
        self.zh, self.en = zh, en or zh
        super().__init__(zh)

    def text(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh
