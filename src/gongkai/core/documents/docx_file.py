"""Render a :class:`~.model.Document` as a Word file laid out like a Chinese official document.

Layout after GB/T 9704-2012 《党政机关公文格式》: A4, margins top 3.7 cm, bottom 3.5 cm, left 2.8 cm,
right 2.6 cm; title in 2号 (22 pt) 小标宋; body in 3号 (16 pt) 仿宋 with exact 29 pt lines (22 lines a
page) and a two-character first-line indent; headings 一、 in 黑体, （一） in 楷体; signature centred
over the date, the date four characters from the right margin; page numbers "— 1 —" in the footer.
The signature and date never stand alone on a page: the end of the body is kept with them ("keep with
next"), so Word carries the last lines of the body over with the closing rather than print a page
holding nothing but 署名 and date (the page official practice would have to mark "此页无正文").

The official fonts are not free and are missing on most machines other than government ones, so every
font is also declared in the font table with an ``altName`` list ending in the free Noto CJK face that
looks closest; pass ``fonts=DocxFonts.noto()`` to name the Noto faces directly.
"""

import io
from dataclasses import dataclass

import docx
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from lxml import etree

from .model import Cell, Document, Heading, Paragraph, Table

PAGE_WIDTH_CM, PAGE_HEIGHT_CM = 21.0, 29.7
MARGINS_CM = {"top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}
TEXT_WIDTH_CM = PAGE_WIDTH_CM - MARGINS_CM["left"] - MARGINS_CM["right"]  # 15.6 cm, GB/T 9704 版心

TITLE_PT, BODY_PT, TABLE_PT, PAGE_NUMBER_PT = 22, 16, 10.5, 14  # 2号, 3号, 五号, 4号
LINE_PT = 29  # 225 mm of text height / 22 lines
TITLE_LINE_PT = 36

_ALIGN = {
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "left": WD_ALIGN_PARAGRAPH.LEFT,
}


@dataclass(frozen=True)
class DocxFonts:
    """Font names written into the file (East Asian faces; ``latin`` is for digits and Latin text)."""

    title: str = "方正小标宋简体"
    body: str = "仿宋_GB2312"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"

    @classmethod
    def noto(cls) -> "DocxFonts":
        serif, sans = "Noto Serif CJK SC", "Noto Sans CJK SC"
        return cls(title=serif, body=serif, heading1=sans, heading2=serif, page_number=serif)


# Substitutes Word may use when the named font is missing (font table w:altName, comma-separated).
FONT_FALLBACKS: dict[str, tuple[str, str]] = {  # name -> (altName list, w:family)
    "方正小标宋简体": ("方正小标宋_GBK,华文中宋,Noto Serif CJK SC", "roman"),
    "仿宋_GB2312": ("仿宋,FangSong,Noto Serif CJK SC", "modern"),
    "楷体_GB2312": ("楷体,KaiTi,Noto Serif CJK SC", "modern"),
    "黑体": ("SimHei,Noto Sans CJK SC", "modern"),
    "宋体": ("SimSun,Noto Serif CJK SC", "roman"),
}


def render_docx(doc: Document, *, fonts: DocxFonts | None = None) -> bytes:
    """The document as the bytes of a .docx file."""
    fonts = fonts or DocxFonts()
    word = docx.Document()
    _set_up_page(word)
    _set_up_styles(word, fonts)
    _declare_fonts(word, fonts)
    word.core_properties.title = doc.title
    word.core_properties.author = doc.signature
    word.core_properties.language = "zh-CN"

    title = word.add_paragraph()
    _format(title, align="center", indent=False, line_pt=TITLE_LINE_PT)
    _add_text(title, doc.title, font=fonts.title, latin=fonts.latin, size=TITLE_PT)
    if doc.number:
        number = word.add_paragraph()
        _format(number, align="center", indent=False)
        _add_text(number, doc.number, font=fonts.body, latin=fonts.latin)
    if doc.recipient:
        recipient = word.add_paragraph()
        _format(recipient, align="justify", indent=False, before_pt=LINE_PT)
        _add_text(recipient, doc.recipient, font=fonts.body, latin=fonts.latin)

    for block in doc.blocks:
        if isinstance(block, Heading):
            _add_heading(word, block, fonts)
        elif isinstance(block, Paragraph):
            p = word.add_paragraph()
            _format(p, align=block.align, indent=block.indent_first_line)
            _add_text(p, block.text, font=fonts.body, latin=fonts.latin, bold=block.bold)
        elif isinstance(block, Table):
            _add_table(word, block, fonts)
        else:  # pragma: no cover - the type alias lists every block
            raise TypeError(f"unknown block {block!r}")

    if doc.signature or doc.date_text:
        _keep_body_end_with_closing(word)
    _add_closing(word, doc, fonts)
    _add_page_numbers(word, fonts)
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- page, styles, fonts ---------------------------------------------------------------------------


def _set_up_page(word) -> None:
    section = word.sections[0]
    section.page_width, section.page_height = Cm(PAGE_WIDTH_CM), Cm(PAGE_HEIGHT_CM)
    section.top_margin, section.bottom_margin = Cm(MARGINS_CM["top"]), Cm(MARGINS_CM["bottom"])
    section.left_margin, section.right_margin = Cm(MARGINS_CM["left"]), Cm(MARGINS_CM["right"])
    # the page number sits about 7 mm below the text block (GB/T 9704 7.5)
    section.footer_distance = Cm(2.4)


def _set_fonts(rpr, *, east_asia: str, latin: str) -> None:
    """Name the fonts explicitly; theme attributes would override the names (and the default
    template's East Asian theme font is a Japanese one)."""
    rfonts = rpr.get_or_add_rFonts()
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme_attr), None)
    rfonts.set(qn("w:ascii"), latin)
    rfonts.set(qn("w:hAnsi"), latin)
    rfonts.set(qn("w:cs"), latin)
    rfonts.set(qn("w:eastAsia"), east_asia)
    rfonts.set(qn("w:hint"), "eastAsia")


def _set_up_styles(word, fonts: DocxFonts) -> None:
    defaults = word.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, east_asia=fonts.body, latin=fonts.latin)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:val"), "en-US")
        lang.set(qn("w:eastAsia"), "zh-CN")

    normal = word.styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), east_asia=fonts.body, latin=fonts.latin)
    normal.font.size = Pt(BODY_PT)
    _format_style(normal.paragraph_format, indent=True)
    # Word's own default, missing from python-docx's template: a paragraph split by a page break leaves
    # at least two lines on each page (the PDF does the same: CSS orphans and widows are 2)
    normal.paragraph_format.widow_control = True

    # Built-in heading styles keep the navigation pane and outline levels working in Word.
    for level, (face, bold) in enumerate(
        [(fonts.heading1, False), (fonts.heading2, False), (fonts.body, True), (fonts.body, False)], start=1
    ):
        style = word.styles[f"Heading {level}"]
        _set_fonts(style.element.get_or_add_rPr(), east_asia=face, latin=fonts.latin)
        style.font.size = Pt(BODY_PT)
        style.font.bold = bold
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        _format_style(style.paragraph_format, indent=True)
        style.paragraph_format.keep_with_next = True


def _format_style(pf, *, indent: bool) -> None:
    pf.space_before = pf.space_after = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(LINE_PT)
    pf.first_line_indent = Pt(2 * BODY_PT) if indent else Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _declare_fonts(word, fonts: DocxFonts) -> None:
    """Add the fonts to word/fontTable.xml with their substitutes (w:altName) and GB2312 charset."""
    part = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    root = parse_xml(part.blob)
    known = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for name in dict.fromkeys([fonts.title, fonts.body, fonts.heading1, fonts.heading2, fonts.page_number]):
        if name in known:
            continue
        alt, family = FONT_FALLBACKS.get(name, ("", "roman"))
        font = etree.SubElement(root, qn("w:font"))
        font.set(qn("w:name"), name)
        if alt:
            etree.SubElement(font, qn("w:altName")).set(qn("w:val"), alt)
        etree.SubElement(font, qn("w:charset")).set(qn("w:val"), "86")  # GB2312
        etree.SubElement(font, qn("w:family")).set(qn("w:val"), family)
        etree.SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    # The font table is a plain (non-XML) part in python-docx; its bytes live in ``_blob``.
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- paragraphs ------------------------------------------------------------------------------------


def _format(p, *, align: str, indent: bool, line_pt: float = LINE_PT, before_pt: float = 0) -> None:
    pf = p.paragraph_format
    pf.alignment = _ALIGN[align]
    pf.first_line_indent = Pt(2 * BODY_PT) if indent else Pt(0)
    if indent:  # Word measures the indent in characters when told, so it follows the font size
        ind = p._p.get_or_add_pPr().get_or_add_ind()
        ind.set(qn("w:firstLineChars"), "200")
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(line_pt)
    pf.space_before = Pt(before_pt)


def _add_text(p, text: str, *, font: str, latin: str, size: float = BODY_PT, bold: bool = False) -> None:
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        run = p.add_run(line)
        _set_fonts(run._r.get_or_add_rPr(), east_asia=font, latin=latin)
        run.font.size = Pt(size)
        if bold:
            run.font.bold = True


def _add_heading(word, block: Heading, fonts: DocxFonts) -> None:
    p = word.add_paragraph(style=f"Heading {block.level}")
    face = {1: fonts.heading1, 2: fonts.heading2}.get(block.level, fonts.body)
    _add_text(p, block.text, font=face, latin=fonts.latin, bold=block.level == 3)


def _text_width_em(text: str) -> float:
    """Width in em of one line: CJK characters are one em wide, Latin letters and digits about half."""
    return sum(1.0 if ord(ch) >= 0x2E80 else 0.5 for ch in text)


def _keep_body_end_with_closing(word) -> None:
    """Mark the last body element "keep with next", so the signature that follows is never the only
    thing on its page: when the closing does not fit, Word moves the end of the body over with it (at
    least two lines of the last paragraph, by widow control). A table keeps its last row instead."""
    body = word.element.body
    last = next((el for el in reversed(body) if el.tag in (qn("w:p"), qn("w:tbl"))), None)
    if last is None:
        return
    if last.tag == qn("w:tbl"):
        paragraphs = last.findall(qn("w:tr"))[-1].iter(qn("w:p"))
    else:
        paragraphs = [last]
    for p in paragraphs:
        p.get_or_add_pPr().keepNext_val = True


def _add_closing(word, doc: Document, fonts: DocxFonts) -> None:
    # 成文日期 four characters from the right; 署名 centred over it (GB/T 9704 7.3.5.1)
    date_right_em = 4.0
    width = max(_text_width_em(doc.signature), _text_width_em(doc.date_text))
    first = True
    for text in (doc.signature, doc.date_text):
        if not text:
            continue
        p = word.add_paragraph()
        _format(p, align="right", indent=False, before_pt=2 * LINE_PT if first else 0)
        p.paragraph_format.right_indent = Pt(BODY_PT * (date_right_em + (width - _text_width_em(text)) / 2))
        p.paragraph_format.keep_with_next = first and bool(doc.date_text)  # never split from the date
        p.paragraph_format.keep_together = True  # a joint signature runs over several lines
        _add_text(p, text, font=fonts.body, latin=fonts.latin)
        first = False
    if doc.footer_note:
        p = word.add_paragraph()
        _format(p, align="justify", indent=True, before_pt=LINE_PT)
        _add_text(p, doc.footer_note, font=fonts.body, latin=fonts.latin)


def _add_page_numbers(word, fonts: DocxFonts) -> None:
    p = word.sections[0].footer.paragraphs[0]
    _format(p, align="center", indent=False, line_pt=PAGE_NUMBER_PT * 1.5)

    def run_with(element=None, text: str = ""):
        run = p.add_run(text)
        _set_fonts(run._r.get_or_add_rPr(), east_asia=fonts.page_number, latin=fonts.latin)
        run.font.size = Pt(PAGE_NUMBER_PT)
        if element is not None:
            run._r.append(element)
        return run

    def fld_char(kind: str):
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        return el

    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = " PAGE "
    run_with(text="— ")
    run_with(fld_char("begin"))
    run_with(instr)
    run_with(fld_char("separate"))
    run_with(text="1")
    run_with(fld_char("end"))
    run_with(text=" —")


# --- tables ----------------------------------------------------------------------------------------


def _add_table(word, block: Table, fonts: DocxFonts) -> None:
    layout = block.layout()
    widths = block.column_widths_cm or [TEXT_WIDTH_CM / layout.n_cols] * layout.n_cols
    if block.caption:
        cap = word.add_paragraph()
        _format(cap, align="center", indent=False, before_pt=LINE_PT / 2)
        cap.paragraph_format.keep_with_next = True
        _add_text(cap, block.caption, font=fonts.heading1, latin=fonts.latin)

    table = word.add_table(rows=layout.n_rows, cols=layout.n_cols)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _set_borders(table)
    for i, column in enumerate(table.columns):
        column.width = Cm(widths[i])
    for row in table.rows:  # Word reads the cell widths, LibreOffice the grid: set both
        for i, cell in enumerate(row.cells):
            cell.width = Cm(widths[i])
    for r, row in enumerate(table.rows):
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if r < block.header_rows:  # repeated at the top of every page
            tr_pr.append(OxmlElement("w:tblHeader"))

    for placed in layout.cells:
        cell = table.cell(placed.row, placed.col)
        if placed.last_row > placed.row or placed.last_col > placed.col:
            cell = cell.merge(table.cell(placed.last_row, placed.last_col))  # w:gridSpan / w:vMerge
        _fill_cell(cell, placed.cell, fonts)


def _fill_cell(cell, spec: Cell, fonts: DocxFonts) -> None:
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    p = cell.paragraphs[0]
    pf = p.paragraph_format
    pf.alignment = _ALIGN[spec.align]
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    pf.space_before = pf.space_after = Pt(1)
    _add_text(p, spec.text, font=fonts.body, latin=fonts.latin, size=TABLE_PT, bold=spec.bold)


def _set_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), "4")  # eighths of a point
        el.set(qn("w:space"), "0")
        el.set(qn("w:color"), "000000")
        borders.append(el)
    # CT_TblPr is a sequence: tblBorders must come before these siblings or Word rejects the file
    for tag in ("shd", "tblLayout", "tblCellMar", "tblLook"):
        successor = tbl_pr.find(qn(f"w:{tag}"))
        if successor is not None:
            successor.addprevious(borders)
            return
    tbl_pr.append(borders)
