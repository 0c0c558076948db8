"""The 汇总 as a workbook: district totals (with how each adds up), breakdowns by 镇街 and school type, named
schools (every yes/no and choice answer), lists (换届 dates, names), incomplete ratios, policy targets,
data quality, 报送情况, missing schools and the call-back list. Written through exporters/atomic.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from desktop_app.bureau.completeness import MISSING, REJECTED
from desktop_app.bureau.figures import (
    answered_text,
    breakdown_rows,
    figure_text,
    incomplete_text,
    named_lists,
    reported_fields,
    value_text,
)
from desktop_app.bureau.report import BureauReport
from desktop_app.bureau.summary_sheets import quality_rows, target_group_rows, target_rows
from desktop_app.domain.describe import aggregation_text
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
    totals, named, listed, incomplete = [], [], [], []
    for category, item in reported_fields(pack, period):
        entry = district.get(category.key, item.key)
        totals.append([category.label.get(lang), item.label.get(lang), figure_text(pack, item, entry, lang),
                       entry.answered, f"{category.key}.{item.key}", entry.applicable,
                       aggregation_text(pack, item, lang), answered_text(entry, lang)])  # fmt: skip
        for answer, names in named_lists(pack, item, entry, lang, limit=None):
            named.append([category.label.get(lang), item.label.get(lang), answer, len(names), "、".join(names)])
        for code, name, value in entry.listed:
            listed.append([category.label.get(lang), item.label.get(lang), code, name,
                           value_text(pack, item, value, lang)])  # fmt: skip
        for text in incomplete_text(pack, item, entry, lang):
            incomplete.append([category.label.get(lang), item.label.get(lang), text])
    _sheet(book, "全区合计", ["类别", "项目", f"全区合计（{district.schools}所）", "填报学校数", "代码", "适用学校数",
                          "汇总口径", "填报情况"], totals, [16, 36, 48, 10, 30, 10, 40, 16])  # fmt: skip
    towns = report.consolidation.by_town
    _sheet(book, "分镇街", ["项目", *(report.choice_label("town", t, lang) for t in towns)],
           breakdown_rows(pack, period, towns, lang), [44, *([12] * len(towns))])  # fmt: skip
    types = report.consolidation.by_type
    _sheet(book, "分办学类型", ["项目", *(report.choice_label("school_type", t, lang) for t in types)],
           breakdown_rows(pack, period, types, lang), [44, *([12] * len(types))])  # fmt: skip
    _sheet(book, "学校名单", ["类别", "项目", "结果", "学校数", "学校"], named, [16, 30, 14, 8, 80])
    _sheet(book, "逐校列表", ["类别", "项目", "学校标识码", "学校", "填报内容"], listed, [16, 30, 12, 36, 30])
    _sheet(book, "比率缺项", ["类别", "比率", "学校（未填的一项）"], incomplete, [16, 30, 80])
    if report.targets is not None:
        counts = ["适用", "达标", "未达标", "未报", "缺少基期", "条件不适用", "达标率"]
        _sheet(book, "政策目标", ["目标", "报送期", "政策", "依据", "适用学校", *counts, "全区目标", "未达标学校",
                              "未报学校", "缺少基期学校"], target_rows(pack, report.targets, lang),
               [26, 12, 40, 28, 24, 6, 6, 6, 6, 6, 6, 8, 28, 60, 40, 40])  # fmt: skip
        _sheet(
            book,
            "目标分组",
            ["目标", "报送期", "分组", "镇街或办学类型", *counts],
            target_group_rows(pack, report.targets, lang),
            [26, 12, 10, 16, 6, 6, 6, 6, 6, 6, 8],
        )
    if report.quality is not None:
        heads = ["序号", "学校标识码", "学校", "镇街", "办学类型", "可疑分", "问题类型", "项目", "数值", "比较", "原因",
                 "学校说明"]  # fmt: skip
        _sheet(
            book,
            "数据质量",
            heads,
            quality_rows(pack, report.quality, lang),
            [6, 12, 30, 10, 12, 8, 10, 30, 30, 40, 40, 40],
        )
    _completeness_sheets(book, report, lang)
    _sheet(book, "回访清单", ["学校标识码", "学校", "类别", "级别", "问题", "学校说明", "联系人", "联系电话"],
           [[c.school_code, c.school_name, pack.category(c.category).label.get(lang),
             "逻辑错误" if c.severity == "error" else "经验提示", c.message(lang),
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
