"""Official-document layout for python-docx: A4 with the margins of GB/T 9704 (党政机关公文格式), 宋体 body,
黑体 headings, page numbers "第 X 页 共 Y 页" in the footer, grid tables, highlighted places to fill in.

Font names are written for the East Asian script (``w:eastAsia``): Word shows 宋体 / 黑体 where they are
installed and its substitute elsewhere; LibreOffice substitutes Noto CJK on Linux.
"""

from __future__ import annotations

import io

from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT, HEADING_FONT, TITLE_FONT, LATIN_FONT = "宋体", "黑体", "方正小标宋简体", "Times New Roman"


def page_setup(document) -> None:
    """A4 portrait, margins top 3.7 cm, bottom 3.5 cm, left 2.8 cm, right 2.6 cm (GB/T 9704-2012)."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    section.different_first_page_header_footer = True  # no page number on the cover
    _styles(document)
    _page_numbers(section.footer.paragraphs[0])


def _font(style_or_run, name: str, size: float | None = None, bold: bool | None = None) -> None:
    font = style_or_run.font
    font.name = LATIN_FONT
    if size:
        font.size = Pt(size)
    if bold is not None:
        font.bold = bold
    r_pr = style_or_run.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def _styles(document) -> None:
    styles = document.styles
    _font(styles["Normal"], BODY_FONT, 12)
    styles["Normal"].paragraph_format.line_spacing = 1.35
    for level, size in ((1, 16), (2, 14), (3, 12)):
        style = styles[f"Heading {level}"]
        _font(style, HEADING_FONT, size, bold=level == 3)
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.paragraph_format.space_before, style.paragraph_format.space_after = Pt(12), Pt(6)
    _font(styles["Title"], TITLE_FONT, 22)
    styles["Title"].font.color.rgb = RGBColor(0, 0, 0)


def _field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay the pages out."""
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if tag:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), tag)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_numbers(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("第 ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" 页 共 ")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(" 页")


def centered(document, text: str, *, size: float, bold: bool = False, font: str = BODY_FONT, space: float = 0):
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_before = Pt(space)
    run = paragraph.add_run(text)
    _font(run, font, size, bold)
    return paragraph


def page_break(document) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def body(document, text: str):
    """A body paragraph, first line indented two characters (公文正文)."""
    paragraph = document.add_paragraph(text)
    paragraph.paragraph_format.first_line_indent = Pt(24)
    return paragraph


def to_fill(document, text: str):
    """A highlighted place the county fills in itself (e.g. 下一步工作建议): yellow, in 【】."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Pt(24)
    run = paragraph.add_run(f"【{text}】")
    run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    return paragraph


def table(document, headers: list[str], rows: list[list[str]], widths_cm: list[float], *, numeric=()):
    """A grid table with a bold, repeated header row; ``numeric`` column indexes right-aligned. 10.5 pt."""
    grid = document.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _row(grid.rows[0], headers, bold=True, numeric=())
    header = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header.append(repeat)
    for values in rows:
        _row(grid.add_row(), values, bold=False, numeric=numeric)
    grid.autofit = False  # LibreOffice and Word keep the given widths (w:tblGrid and every cell)
    for column, width in zip(grid.columns, widths_cm, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    document.add_paragraph()
    return grid


def _row(row, values, *, bold: bool, numeric) -> None:
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.paragraph_format.first_line_indent = None
        if bold:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif index in numeric:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(str(value))
        _font(run, HEADING_FONT if bold else BODY_FONT, 10.5, bold)


def picture(document, png: bytes | None, *, width_cm: float = 15, caption: str = "") -> None:
    """A centred image with its caption; nothing when ``png`` is None (no chart: no data or no font)."""
    if png is None:
        return
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(width_cm))
    if caption:
        centered(document, caption, size=10.5)
