"""The draft as a Word document (python-docx): what officers edit in Word or WPS.

Laid out after GB/T 9704-2012 (conventions.md §1): A4 with 天头 37 mm, 订口 28 mm, 版心 156 × 225 mm; title in
方正小标宋简体 2号, headings 一、 in 黑体, （一） in 楷体_GB2312, 1. run in, body in 仿宋_GB2312 3号 with a fixed 29 pt
line pitch and 2 characters of indent; page numbers “— 1 —” in 4号宋体, odd pages right, even pages left.
East Asian font names are set as w:eastAsia (digits and Latin letters in Times New Roman).

Every figure written is a run carrying a Word comment that says where it comes from (field, aggregation,
schools counted, schools that did not report, the data-quality lines touching it); a sentence whose
figures have open doubts is highlighted yellow; placeholders 【待补充：…】 are red. After each area, a
table lists the figures it used.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from desktop_app.bureau.draft import Draft, DraftArea, DraftParagraph, DraftPlaceholder, DraftSentence
from desktop_app.bureau.draft_figures import Figure
from desktop_app.domain.periods import Period, official_date
from desktop_app.domain.text import strip_bidi_controls
from desktop_app.exporters.atomic import write_atomic

TITLE_FONT, HEI, KAI, FANG, SONG = "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体"  # by role, GB/T 9704
LATIN = "Times New Roman"  # digits and Latin letters
AUTHOR, INITIALS = "学校工作报送（数据来源）", "报送"
RED = "C00000"
LINE_PT = 29  # 22 lines in the 225 mm type area
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

STYLE_TITLE, STYLE_NOTE, STYLE_H1, STYLE_H2 = "公文标题", "草稿说明", "一级标题", "二级标题"
STYLE_BODY, STYLE_CAPTION, STYLE_TABLE, STYLE_TABLE_HEAD = "公文正文", "表格名称", "表格文字", "表格表头"
TABLE_HEADS = ("序号", "项目", "全区数据", "文中写作", "计入学校", "未填报", "数据质量")
TABLE_WIDTHS_MM = (10, 32, 40, 28, 18, 12, 16)  # 156 mm: the type area


def clean(text: str) -> str:
    """Text Word can hold: no XML-illegal control characters, no bidi controls."""
    return _XML_ILLEGAL.sub("", strip_bidi_controls(text))


# --- fonts and styles --------------------------------------------------------------------------------


def set_fonts(element: Any, east_asia: str, latin: str = LATIN) -> None:
    """w:rFonts with the East Asian font named (theme fonts removed, so Word and WPS use these)."""
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for attribute, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia), ("w:cs", latin)):
        fonts.set(qn(attribute), value)


def _outline(style: Any, level: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = style.element.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.insert_element_before(outline, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _paragraph_style(document: Any, name: str, font: str, size: float, *, indent: bool = True,
                     align: Any = None, line: float = LINE_PT, outline: int | None = None) -> Any:  # fmt: skip
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    set_fonts(style.element, font)
    fmt = style.paragraph_format
    fmt.first_line_indent = Pt(2 * size) if indent else Pt(0)
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line)
    fmt.widow_control = True
    if align is not None:
        fmt.alignment = align
    if outline is not None:
        fmt.keep_with_next = True
        _outline(style, outline)
    return style


def _styles(document: Any) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    set_fonts(normal.element, FANG)
    _paragraph_style(document, STYLE_TITLE, TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=36)
    _paragraph_style(document, STYLE_NOTE, KAI, 14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=24)
    _paragraph_style(document, STYLE_H1, HEI, 16, outline=0)
    _paragraph_style(document, STYLE_H2, KAI, 16, outline=1)
    _paragraph_style(document, STYLE_BODY, FANG, 16, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    caption = _paragraph_style(document, STYLE_CAPTION, HEI, 14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER,
                               line=24)  # fmt: skip
    caption.paragraph_format.keep_with_next = True
    _paragraph_style(document, STYLE_TABLE, FANG, 10.5, indent=False, line=15)
    _paragraph_style(document, STYLE_TABLE_HEAD, HEI, 10.5, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=15)


# --- page: A4, GB/T 9704 margins, page numbers ----------------------------------------------------------


def _page(document: Any) -> None:
    from docx.shared import Mm

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)  # the number's 一字线 sits 7 mm below the type area
    document.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, right=True)
    _page_number(section.even_page_footer, right=False)


def _page_number(footer: Any, right: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if right else WD_ALIGN_PARAGRAPH.LEFT
    fmt = paragraph.paragraph_format
    fmt.first_line_indent = Pt(0)
    if right:
        fmt.right_indent = Pt(14)  # 单页码居右空一字
    else:
        fmt.left_indent = Pt(14)  # 双页码居左空一字
    for text, field in (("— ", False), ("1", True), (" —", False)):
        run = paragraph.add_run(text)
        run.font.size = Pt(14)
        set_fonts(run._element, SONG, SONG)
        if field:
            begin, instruction, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
            begin.set(qn("w:fldCharType"), "begin")
            instruction.set(qn("xml:space"), "preserve")
            instruction.text = " PAGE "
            separate = OxmlElement("w:fldChar")
            separate.set(qn("w:fldCharType"), "separate")
            end.set(qn("w:fldCharType"), "end")
            number = run._element.find(qn("w:t"))
            run._element.remove(number)
            for element in (begin, instruction, separate, number, end):
                run._element.append(element)


# --- body --------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self, document: Any) -> None:
        self.document = document
        self.tables = 0
        # Style ids looked up once: python-docx resolves a style by name on every assignment (slow).
        self.ids = {
            name: document.styles[name].style_id
            for name in (
                STYLE_TITLE,
                STYLE_NOTE,
                STYLE_H1,
                STYLE_H2,
                STYLE_BODY,
                STYLE_CAPTION,
                STYLE_TABLE,
                STYLE_TABLE_HEAD,
            )
        }

    def add(self, style: str, text: str = "", container: Any = None) -> Any:
        """A paragraph of the given style (at the end of the document, or in a table cell's first paragraph)."""
        paragraph = container if container is not None else self.document.add_paragraph()
        paragraph._p.get_or_add_pPr().style = self.ids[style]
        if text:
            paragraph.add_run(clean(text))
        return paragraph

    def paragraph(self, item: DraftParagraph) -> None:
        from docx.enum.text import WD_COLOR_INDEX
        from docx.shared import RGBColor

        paragraph = self.add(STYLE_BODY)
        if item.lead:
            paragraph.add_run(clean(item.lead))
        for part in item.parts:
            if isinstance(part, DraftPlaceholder):
                run = paragraph.add_run(clean(part.marked))
                run.font.color.rgb = RGBColor.from_string(RED)
                continue
            self.sentence(paragraph, part, WD_COLOR_INDEX.YELLOW if part.doubtful else None)

    def sentence(self, paragraph: Any, sentence: DraftSentence, highlight: Any) -> None:
        for piece in sentence.runs:
            if not piece.text:
                continue
            run = paragraph.add_run(clean(piece.text))
            if highlight is not None:
                run.font.highlight_color = highlight
            if piece.figure is not None:
                self.comment(run, piece.figure)

    def comment(self, run: Any, figure: Figure) -> None:
        lines = [clean(line) for line in figure.note()]
        comment = self.document.add_comment(run, text=lines[0], author=AUTHOR, initials=INITIALS)
        for line in lines[1:]:
            comment.add_paragraph(line)

    def area(self, area: DraftArea) -> None:
        self.add(STYLE_H1, area.heading)
        for paragraph in area.paragraphs:
            self.paragraph(paragraph)
        for block in area.blocks:
            self.add(STYLE_H2, block.heading)
            for paragraph in block.paragraphs:
                self.paragraph(paragraph)
        if area.figures:
            self.table(area)

    def table(self, area: DraftArea) -> None:
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_COLOR_INDEX
        from docx.shared import Mm

        self.tables += 1
        heading = clean(area.heading.split("、", 1)[-1])
        when = f"（{Period.parse(area.period).name()}）" if area.period else ""
        self.add(STYLE_CAPTION, f"表{self.tables}　“{heading}”所用数据{when}")
        table = self.document.add_table(rows=1, cols=len(TABLE_HEADS))
        table.style = self.document.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        _repeat_header(table.rows[0])
        for cell, text in zip(table.rows[0].cells, TABLE_HEADS, strict=True):
            self.add(STYLE_TABLE_HEAD, text, cell.paragraphs[0])
        for number, figure in enumerate(area.figures, start=1):
            cells = table.add_row().cells
            for cell, text in zip(cells, table_row(number, figure), strict=True):
                run = self.add(STYLE_TABLE, "", cell.paragraphs[0]).add_run(clean(text))
                if figure.open_doubts:
                    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        for column, width in zip(table.columns, TABLE_WIDTHS_MM, strict=True):
            column.width = Mm(width)  # w:gridCol, which LibreOffice and WPS lay the table out by
        for row in table.rows:
            for cell, width in zip(row.cells, TABLE_WIDTHS_MM, strict=True):
                cell.width = Mm(width)  # w:tcW, which Word uses
        self.add(STYLE_BODY)


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def table_row(number: int, figure: Figure) -> list[str]:
    """序号, 项目, 全区数据, 文中写作, 计入学校, 未填报, 数据质量."""
    counted = f"{figure.answered}/{figure.applicable}所"
    missing = len(figure.blank) + len(figure.not_sent)
    doubts = len(figure.open_doubts)
    quality = f"待核实{doubts}条" if doubts else ("已说明" if figure.doubts else "—")
    return [str(number), figure.label, figure.exact, figure.written, counted, f"{missing}所" if missing else "—",
            quality]  # fmt: skip


def _notes(writer: _Writer, draft: Draft) -> None:
    from docx.enum.text import WD_BREAK

    writer.add(STYLE_BODY).add_run().add_break(WD_BREAK.PAGE)
    writer.add(STYLE_H1, "附：生成说明")
    for line in notes_lines(draft):
        writer.add(STYLE_BODY, line)


def notes_lines(draft: Draft, with_time: bool = True) -> list[str]:
    """The draft's notes: what it rests on, how to read it, and which sentences were left out and why
    (without the time of generation for the Markdown, so that two drafts differ only where they do)."""
    semester = f"；“校园安全”等按学期报送的部分取{Period.parse(draft.semester).name()}的数据" if draft.semester else ""
    stamp = f"本稿生成于{official_date(draft.generated_at.date())} {draft.generated_at:%H:%M}，" if with_time else ""
    lines = [
        f"1.数据依据：学校名单{draft.registered}所，报送{Period.parse(draft.period).name()}数据{draft.sent}所{semester}。"
        f"{stamp}数据以本局导入的学校报送为准。",
        "2.阅读方法：每个数据都有批注，写明来源字段、汇总口径、计入的学校、未填报的学校和数据质量提示；"
        "黄色底纹的语句所用数据尚有待核实的提示（偏离同类、同比突变、未说明的经验校验、比率缺项），请先核实；"
        "红色【待补充：…】处须由局机关补写（局机关会议、政策表述、项目名称等不能由学校数据得出的内容）；"
        "每部分之后的表格列出该部分所用数据。",
    ]
    if draft.left_out:
        lines.append(f"3.未生成的语句（{len(draft.left_out)}句，无学校填报或条件不成立）：")
        lines += [f"（{n}）{item.sentence}：{item.reason}。原句：{item.text}"
                  for n, item in enumerate(draft.left_out, start=1)]  # fmt: skip
    else:
        lines.append("3.模板中的语句全部生成。")
    return lines


def docx_bytes(draft: Draft) -> bytes:
    import docx

    document = docx.Document()
    _styles(document)
    _page(document)
    properties = document.core_properties
    properties.title, properties.author = draft.title, "学校工作报送（区教体局汇总）"
    properties.comments = f"依据{draft.sent}所学校(园)报送的{Period.parse(draft.period).name()}数据生成的草稿"
    writer = _Writer(document)
    writer.add(STYLE_TITLE, draft.title)
    writer.add(STYLE_NOTE, "（草稿：由学校报送数据生成，数据来源见批注，黄色底纹处待核实，红色处待补充）")
    writer.add(STYLE_BODY)
    for paragraph in draft.opening:
        writer.paragraph(paragraph)
    for area in draft.areas:
        writer.area(area)
    _notes(writer, draft)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_draft_docx(draft: Draft, path: Path) -> Path:
    return write_atomic(path, docx_bytes(draft))
