"""The generic document renderer: DOCX with real merged cells and East Asian fonts, semantic HTML, and
PDF with embedded Noto CJK fonts (text extractable, pages not blank)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from gongkai.core.documents import (
    Cell,
    CjkFontsMissing,
    Document,
    DocxFonts,
    Heading,
    Paragraph,
    Table,
    find_cjk_fonts,
    render_docx,
    render_html,
    render_pdf,
    table_layout,
)

ORG_KINDS = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def numbers(*values: int) -> list[Cell]:
    return [Cell(str(v)) for v in values]


def table_three() -> Table:
    """The head and a few rows of table 三 of the 2021 annual report."""
    rows = [
        [
            Cell(
                "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3, rowspan=3
            ),
            Cell("申请人情况", colspan=7, bold=True),
        ],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(kind) for kind in ORG_KINDS],
        [
            Cell("一、本年新收政府信息公开申请数量", colspan=3, align="left", header=True),
            *numbers(12, 3, 1, 0, 2, 0, 18),
        ],
        [
            Cell("二、上年结转政府信息公开申请数量", colspan=3, align="left", header=True),
            *numbers(1, 0, 0, 0, 0, 0, 1),
        ],
        [
            Cell("三、本年度办理结果", rowspan=3, header=True),
            Cell("（一）予以公开", colspan=2, align="left", header=True),
            *numbers(5, 1, 0, 0, 1, 0, 7),
        ],
        [
            Cell("（三）不予公开", rowspan=2, header=True),
            Cell("1.属于国家秘密", align="left", header=True),
            *numbers(0, 0, 0, 0, 0, 0, 0),
        ],
        [Cell("2.其他法律行政法规禁止公开", align="left", header=True), *numbers(1, 0, 0, 0, 0, 0, 1)],
    ]
    return Table(
        rows=rows,
        header_rows=3,
        column_widths_cm=[1.2, 1.6, 3.0, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4, 1.4],
        caption="三、收到和处理政府信息公开申请情况",
    )


def letter() -> Document:
    return Document(
        title="政府信息公开申请答复书",
        number="镇政公开〔2026〕12号",
        recipient="张三：",
        blocks=[
            Paragraph(
                "本机关于2026年11月2日收到您提出的政府信息公开申请，您申请获取“2026年镇海区道路维修计划”。"
            ),
            Paragraph(
                "经审查，根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关决定予以公开。"
            ),
            Paragraph(
                "如对本答复不服，可以自收到本答复之日起六十日内向宁波市镇海区人民政府申请行政复议，"
                "或者自收到本答复之日起六个月内向宁波市镇海区人民法院提起行政诉讼。"
            ),
            Paragraph("特此答复。"),
        ],
        signature="宁波市镇海区人民政府办公室",
        date_text="2026年11月20日",
        footer_note="（此件依申请公开）",
    )


def report() -> Document:
    return Document(
        title="宁波市镇海区2026年政府信息公开工作年度报告",
        blocks=[
            Heading("三、收到和处理政府信息公开申请情况"),
            Heading("（一）申请情况", level=2),
            Paragraph("本年共收到申请18件，较上年增加3件。"),
            table_three(),
            Paragraph("注：表中数据截至2026年12月31日。", indent_first_line=False, align="left"),
        ],
    )


@pytest.fixture(scope="module")
def letter_pdf() -> bytes:
    return render_pdf(letter())


@pytest.fixture(scope="module")
def report_pdf() -> bytes:
    return render_pdf(report())


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- the model -------------------------------------------------------------------------------------


def test_layout_places_merged_cells_like_html():
    layout = table_layout(table_three().rows)
    where = {p.cell.text: (p.row, p.col) for p in layout.cells}

    assert (layout.n_rows, layout.n_cols) == (8, 10)
    assert where["申请人情况"] == (0, 3)
    assert where["自然人"] == (1, 3)
    assert where["法人或其他组织"] == (1, 4)
    assert where["总计"] == (1, 9)
    assert where["商业企业"] == (2, 4)  # row 3 skips the column 自然人 still occupies
    assert where["1.属于国家秘密"] == (6, 2)
    assert where["2.其他法律行政法规禁止公开"] == (7, 2)


@pytest.mark.parametrize(
    "rows",
    [
        [[Cell("a"), Cell("b")], [Cell("c")]],  # second row one cell short
        [[Cell("a", rowspan=2), Cell("b")], [Cell("c"), Cell("d")]],  # row 2 one cell too many
        [[Cell("a", rowspan=3), Cell("b")], [Cell("c")]],  # spans below the last row
    ],
)
def test_layout_rejects_tables_that_are_not_rectangles(rows):
    with pytest.raises(ValueError):
        table_layout(rows)


def test_table_checks_widths_and_header_rows():
    with pytest.raises(ValueError, match="widths"):
        Table(rows=[[Cell("a"), Cell("b")]], column_widths_cm=[3.0])
    with pytest.raises(ValueError):
        Table(rows=[[Cell("a")]], header_rows=2)
    with pytest.raises(ValueError):
        Paragraph("x", align="middle")


# --- DOCX ------------------------------------------------------------------------------------------


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def east_asia_font(paragraph) -> str:
    return paragraph.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia"))


def test_docx_has_the_official_layout_and_texts():
    word = open_docx(render_docx(letter()))
    section = word.sections[0]
    paragraphs = [p for p in word.paragraphs if p.text]
    texts = [p.text for p in paragraphs]

    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert [
        round(m.cm, 1)
        for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [3.7, 3.5, 2.8, 2.6]
    assert texts[:3] == ["政府信息公开申请答复书", "镇政公开〔2026〕12号", "张三："]
    assert texts[-3:] == ["宁波市镇海区人民政府办公室", "2026年11月20日", "（此件依申请公开）"]
    title, number, recipient, first = paragraphs[:4]
    assert title.alignment == number.alignment == 1  # centred
    assert recipient.paragraph_format.first_line_indent == 0
    assert first.paragraph_format.first_line_indent.pt == 32  # two characters of 16 pt
    assert first._p.pPr.find(qn("w:ind")).get(qn("w:firstLineChars")) == "200"
    assert title.runs[0].font.size.pt == 22 and first.runs[0].font.size.pt == 16
    assert paragraphs[-2].alignment == paragraphs[-3].alignment == 2  # signature and date right


def test_docx_names_the_east_asian_fonts():
    word = open_docx(render_docx(letter()))
    title, number = word.paragraphs[0], word.paragraphs[1]

    assert east_asia_font(title) == "方正小标宋简体"
    assert east_asia_font(number) == "仿宋_GB2312"
    # no theme font may override the names (the default template's East Asian theme font is Japanese)
    defaults = word.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    rfonts = defaults.find(qn("w:rFonts"))
    assert rfonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and rfonts.get(qn("w:eastAsiaTheme")) is None
    # the font table tells Word what to use where the official font is missing
    font_table = word.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE).blob.decode()
    assert 'w:name="方正小标宋简体"' in font_table and "Noto Serif CJK SC" in font_table


def test_docx_can_name_the_noto_fonts_directly():
    word = open_docx(render_docx(letter(), fonts=DocxFonts.noto()))

    assert east_asia_font(word.paragraphs[0]) == "Noto Serif CJK SC"


def test_docx_table_has_real_merged_cells_and_borders():
    word = open_docx(render_docx(report()))
    table = word.tables[0]
    xml = table._tbl.xml

    assert len(table.rows) == 8 and len(table.columns) == 10
    assert '<w:gridSpan w:val="7"/>' in xml  # 申请人情况
    assert '<w:gridSpan w:val="5"/>' in xml  # 法人或其他组织
    assert xml.count('<w:vMerge w:val="restart"/>') == 5  # corner, 自然人, 总计, 三、…, （三）…
    assert "<w:tblBorders>" in xml and "<w:tblHeader/>" in xml
    # python-docx resolves a merged cell from every grid position it covers
    assert table.cell(0, 3).text == table.cell(0, 9).text == "申请人情况"
    assert table.cell(1, 3).text == table.cell(2, 3).text == "自然人"
    assert table.cell(1, 9).text == table.cell(2, 9).text == "总计"
    assert [table.cell(2, c).text for c in range(4, 9)] == ORG_KINDS
    assert table.cell(7, 0).text == "三、本年度办理结果" and table.cell(7, 1).text == "（三）不予公开"
    assert table.cell(3, 9).text == "18"
    assert table.cell(0, 3).paragraphs[0].runs[0].font.bold
    assert [p.text for p in word.paragraphs if p.text][2] == "（一）申请情况"
    assert word.paragraphs[2].style.name == "Heading 2"


def keeps_with_next(p) -> bool:
    """Whether a paragraph (a ``w:p`` element) is marked "keep with next"."""
    return p.pPr is not None and p.pPr.keepNext_val is True


def test_docx_keeps_the_end_of_the_body_with_the_signature():
    # a body ending in a paragraph keeps that paragraph with the signature, one ending in a table its
    # last row; the rest of the body may break anywhere
    doc = letter()
    signed_report = report()
    signed_report.blocks = signed_report.blocks[:-1]  # ends with table three
    signed_report.signature, signed_report.date_text = "宁波市镇海区人民政府办公室", "2026年12月31日"

    word, report_word = open_docx(render_docx(doc)), open_docx(render_docx(signed_report))

    body = {p.text: p for p in word.paragraphs if p.text}
    assert keeps_with_next(body["特此答复。"]._p) and keeps_with_next(body["宁波市镇海区人民政府办公室"]._p)
    assert not keeps_with_next(body[doc.blocks[-2].text]._p)
    assert body["2026年11月20日"].paragraph_format.keep_together
    rows = report_word.tables[0]._tbl.findall(qn("w:tr"))
    assert all(keeps_with_next(p) for p in rows[-1].iter(qn("w:p")))
    assert not any(keeps_with_next(p) for p in rows[-2].iter(qn("w:p")))
    # unsigned, nothing needs keeping
    unsigned = open_docx(render_docx(report())).tables[0]._tbl.findall(qn("w:tr"))
    assert not any(keeps_with_next(p) for p in unsigned[-1].iter(qn("w:p")))


def test_docx_numbers_the_pages_in_the_footer():
    footer = open_docx(render_docx(letter())).sections[0].footer._element.xml

    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer and "— " in footer


# --- HTML ------------------------------------------------------------------------------------------


def test_html_is_semantic_and_escaped():
    doc = report()
    doc.blocks.append(Paragraph('<script>alert("x")</script> & 第二行\n第三行'))
    page = render_html(doc)

    assert page.startswith("<!DOCTYPE html>") and '<html lang="zh-CN">' in page
    assert '<h1 class="document-title">宁波市镇海区2026年政府信息公开工作年度报告</h1>' in page
    assert "<h2>三、收到和处理政府信息公开申请情况</h2>" in page and "<h3>（一）申请情况</h3>" in page
    assert "<caption>三、收到和处理政府信息公开申请情况</caption>" in page
    assert '<th scope="colgroup" colspan="7" class="bold">申请人情况</th>' in page
    assert '<th scope="col" rowspan="2">自然人</th>' in page
    assert '<th scope="colgroup" colspan="5">法人或其他组织</th>' in page
    assert '<th scope="row" colspan="3" class="align-left">一、本年新收政府信息公开申请数量</th>' in page
    assert "<td>18</td>" in page
    assert page.count("<thead>") == 1 and page.count("<tbody>") == 1
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; 第二行<br>第三行" in page
    assert "#document-table-1 col:nth-child(3) { width: 3cm; }" in page


def test_html_fragment_has_no_styles():
    fragment = render_html(letter(), fragment=True)

    assert fragment.startswith('<article class="document">') and "<style>" not in fragment
    assert '<footer class="document-sign">' in fragment


# --- PDF -------------------------------------------------------------------------------------------


def embedded_fonts(pdf: bytes) -> list[dict]:
    """Every font the pages use, with whether it is embedded and has a ToUnicode map."""
    fonts = []
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            fonts.append(
                {
                    "name": str(font["/BaseFont"]),
                    "embedded": any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")),
                    "to_unicode": "/ToUnicode" in font,
                }
            )
    return fonts


def test_pdf_text_extracts_so_the_fonts_carry_unicode(letter_pdf, report_pdf):
    reader = PdfReader(io.BytesIO(letter_pdf))
    text = squeeze("".join(page.extract_text() for page in reader.pages))

    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    for expected in [
        "政府信息公开申请答复书",
        "镇政公开〔2026〕12号",
        "张三：",
        "第三十六条第（二）项",
        "六十日内",
        "六个月内",
        "宁波市镇海区人民政府办公室",
        "2026年11月20日",
    ]:
        assert expected in text
    assert "—1—" in text  # the page number
    table_text = squeeze(PdfReader(io.BytesIO(report_pdf)).pages[0].extract_text())
    for expected in [
        "申请人情况",
        "自然人",
        "法人或其他组织",
        "社会公益组织",
        "一、本年新收政府信息公开申请数量",
    ]:
        assert expected in table_text


def test_pdf_embeds_only_the_noto_cjk_subsets(letter_pdf, report_pdf):
    fonts = embedded_fonts(letter_pdf) + embedded_fonts(report_pdf)

    assert fonts
    assert all(f["embedded"] and f["to_unicode"] for f in fonts), fonts
    assert all("Gongkai-" in f["name"] for f in fonts), fonts  # the @font-face families, nothing else
    assert any("Gongkai-Serif-Bold" in f["name"] for f in fonts)  # the title


def test_missing_cjk_fonts_fail_clearly(tmp_path):
    with pytest.raises(CjkFontsMissing, match="fonts-noto-cjk"):
        find_cjk_fonts(dirs=(str(tmp_path),), fontconfig=False)


@pytest.mark.skipif(not shutil.which("fc-match"), reason="fontconfig's fc-match is not installed")
def test_fontconfig_finds_the_fonts_outside_the_known_directories(tmp_path):
    fonts = find_cjk_fonts(dirs=(str(tmp_path),))

    assert fonts.serif.is_file() and "CJK" in fonts.serif.name


# --- PDF pages as images (poppler-utils) -----------------------------------------------------------

needs_pdftoppm = pytest.mark.skipif(
    not shutil.which("pdftoppm") and os.environ.get("GONGKAI_REQUIRE_BROWSER") != "1",
    reason="pdftoppm (poppler-utils) is not installed",
)


def first_page_png(pdf: bytes, tmp_path: Path, name: str, dpi: int = 80) -> Path:
    source = tmp_path / f"{name}.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            "pdftoppm",
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            "-f",
            "1",
            "-l",
            "1",
            str(source),
            str(tmp_path / name),
        ],
        check=True,
        timeout=60,
    )
    return tmp_path / f"{name}.png"


def dark_share(png: Path) -> float:
    image = Image.open(png).convert("L")
    histogram = image.histogram()
    return sum(histogram[:128]) / (image.width * image.height)


@needs_pdftoppm
def test_pdf_pages_render_with_ink(letter_pdf, report_pdf, tmp_path):
    pngs = {
        "gongkai-letter": first_page_png(letter_pdf, tmp_path, "letter"),
        "gongkai-table": first_page_png(report_pdf, tmp_path, "table"),
    }

    for name, png in pngs.items():
        share = dark_share(png)
        assert 0.005 < share < 0.3, f"{name}: {share:.4f} of the page is dark"
        # kept for a person to look at (tofu boxes, the merged header)
        shutil.copyfile(png, Path("/tmp") / f"{name}.png")
