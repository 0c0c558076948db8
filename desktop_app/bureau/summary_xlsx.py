"""The 汇总 as a workbook: district totals, breakdowns by 镇街 and school type, named schools,
报送情况, missing schools and the call-back list. Written through exporters/atomic.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from desktop_app.bureau.completeness import MISSING, REJECTED
from desktop_app.bureau.figures import breakdown_rows, figure_text, named_lists, reported_fields
from desktop_app.bureau.report import BureauReport
from desktop_app.exporters.atomic import write_atomic


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]], widths: list[int]) -> None:
    from openpyxl.styles import Alignment, Font

    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # school text never becomes a formula (reliability-notes #12)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = width
    sheet.freeze_panes = "B2"


def summary_workbook_bytes(report: BureauReport, lang: str = "zh") -> bytes:
    import openpyxl

    pack, period = report.pack, report.period
    district = report.consolidation.district
    book = openpyxl.Workbook()
    book.remove(book.active)
    totals = []
    named = []
    for category, item in reported_fields(pack, period):
        entry = district.get(category.key, item.key)
        totals.append([category.label.get(lang), item.label.get(lang), figure_text(pack, item, entry, lang),
                       entry.answered, f"{category.key}.{item.key}"])  # fmt: skip
        for answer, names in named_lists(pack, item, entry, lang):
            named.append([category.label.get(lang), item.label.get(lang), answer, len(names), "、".join(names)])
    _sheet(book, "全区合计", ["类别", "项目", f"全区合计（{district.schools}所）", "填报学校数", "代码"], totals,
           [16, 36, 48, 10, 30])  # fmt: skip
    towns = report.consolidation.by_town
    _sheet(book, "分镇街", ["项目", *(report.choice_label("town", t, lang) for t in towns)],
           breakdown_rows(pack, period, towns, lang), [44, *([12] * len(towns))])  # fmt: skip
    types = report.consolidation.by_type
    _sheet(book, "分办学类型", ["项目", *(report.choice_label("school_type", t, lang) for t in types)],
           breakdown_rows(pack, period, types, lang), [44, *([12] * len(types))])  # fmt: skip
    _sheet(book, "学校名单", ["类别", "项目", "结果", "学校数", "学校"], named, [16, 30, 14, 8, 80])
    _completeness_sheets(book, report, lang)
    _sheet(book, "回访清单", ["学校标识码", "学校", "类别", "级别", "问题", "学校说明", "联系人", "联系电话"],
           [[c.school_code, c.school_name, pack.category(c.category).label.get(lang),
             "逻辑错误" if c.severity == "error" else "经验提示", c.message_zh if lang == "zh" else c.message_en,
             c.explanation, c.contact, c.phone] for c in report.call_backs],
           [12, 30, 14, 10, 50, 40, 10, 14])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _completeness_sheets(book: Any, report: BureauReport, lang: str) -> None:
    result, pack = report.completeness, report.pack
    heads = [pack.category(key).label.get(lang) for key in result.categories]
    rows = []
    for row in result.rows:
        cells = []
        for key in result.categories:
            cell = row.cells[key]
            text = cell.label(lang)
            if cell.notes:
                text += "；说明：" + "；".join(cell.notes)
            if cell.state == REJECTED:
                text += "：" + cell.reason
            cells.append(text)
        rows.append([row.school.code, row.school.name, report.choice_label("town", row.school.town, lang),
                     report.choice_label("school_type", row.school.school_type, lang), *cells])  # fmt: skip
    _sheet(book, "报送情况", ["学校标识码", "学校", "镇街", "办学类型", *heads], rows,
           [12, 30, 10, 12, *([12] * len(heads))])  # fmt: skip
    missing = []
    for row in result.rows:
        if row.complete:
            continue
        lacking = [pack.category(k).label.get(lang) for k, c in row.cells.items() if c.state in (MISSING, REJECTED)]
        missing.append([row.school.code, row.school.name, report.choice_label("town", row.school.town, lang),
                        row.school.contact, row.school.phone, "、".join(lacking)])  # fmt: skip
    _sheet(book, "未报送学校", ["学校标识码", "学校", "镇街", "联系人", "联系电话", "未报类别"], missing,
           [12, 30, 10, 10, 14, 60])  # fmt: skip


def write_summary_xlsx(report: BureauReport, path: Path, lang: str = "zh") -> Path:
    return write_atomic(path, summary_workbook_bytes(report, lang))
