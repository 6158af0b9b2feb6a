"""The report as a clerk hands it in: DOCX with the merged header of table 三 and the text's numbers
equal to the tables', PDF with embedded Chinese fonts (rendered to PNG and looked at), XLSX with the
same merged headers and real numbers, and the legacy 2014 form."""

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from annual_records import FILLED, YEAR
from docx.oxml.ns import qn
from openpyxl import load_workbook
from pypdf import PdfReader
from report_factories import InfoRequestFactory, normative

from gongkai.annual import documents
from gongkai.annual import narrative as text
from gongkai.annual.data import report_data
from gongkai.annual.documents.tables import CORNER_NOTE
from gongkai.reports.services import indicators_update

D = dt.date


@pytest.fixture
def data(records):
    return report_data(unit=records, year=YEAR, fmt="2021", rollup=False)


@pytest.fixture
def narrative():
    return text.check("2021", {**text.default_narrative("2021"), **FILLED})


def grid(table) -> list[list]:
    """The Word table as a grid of (text, gridSpan, vMerge) per <w:tc>, row by row."""
    out = []
    for tr in table._tbl.tr_lst:
        row = []
        for tc in tr.tc_lst:
            pr = tc.tcPr
            span = pr.find(qn("w:gridSpan")) if pr is not None else None
            vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
            row.append(("".join(t.text or "" for t in tc.iter(qn("w:t"))),
                        int(span.get(qn("w:val"))) if span is not None else 1,
                        None if vmerge is None else (vmerge.get(qn("w:val")) or "continue")))
        out.append(row)
    return out


def test_the_data_behind_the_document(data):
    t3 = data["table3"]
    assert t3["new"]["total"] == 10 and t3["carried_in"]["total"] == 1
    assert t3["total"]["total"] == 9 and t3["carried_out"]["total"] == 2
    assert data["published_count"] == 6  # five items and one published normative document
    assert data["table2"]["licensing"] == {"decisions": 12}
    assert data["violations"] == []


def test_docx_table_three_has_the_national_merged_header(data, narrative):
    word = docx.Document(io.BytesIO(documents.render(data, narrative, "docx")))
    tables = word.tables
    assert len(tables) == 3
    head = grid(tables[1])
    # row 1: the corner note over 3 columns (and 3 rows), 申请人情况 over 7 columns
    assert head[0][0] == (CORNER_NOTE, 3, "restart")
    assert head[0][1] == ("申请人情况", 7, None)
    # row 2: the corner continues; 自然人 and 总计 start a two-row merge; 法人或其他组织 over 5
    assert head[1][0] == ("", 3, "continue")
    assert head[1][1] == ("自然人", 1, "restart")
    assert head[1][2] == ("法人或其他组织", 5, None)
    assert head[1][3] == ("总计", 1, "restart")
    # row 3: the five kinds of organisation under their merged head
    assert [c[0] for c in head[2]] == ["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    assert head[2][1][2] == "continue" and head[2][-1][2] == "continue"
    labels = [row[0][0] if row[0][0] else row[1][0] for row in head[3:]]
    assert labels[0] == "一、本年新收政府信息公开申请数量"
    assert labels[-1] == "四、结转下年度继续办理"
    assert head[5][0] == ("三、本年度办理结果", 1, "restart") and head[5][1][0] == "（一）予以公开"
    assert head[7][1] == ("（三）不予公开", 1, "restart") and head[7][2][0] == "1.属于国家秘密"
    texts = ["".join(c[0] for c in row) for row in head]
    assert any("（七）总计" in t for t in texts)
    assert len(head) == 28  # 3 header rows, 2, 22 outcome rows (with （七）), 1


def _numbers(row) -> list[str]:
    return [c[0] for c in row if re.fullmatch(r"\d+", c[0] or "")]


def test_docx_numbers_in_the_text_equal_the_tables(data, narrative):
    word = docx.Document(io.BytesIO(documents.render(data, narrative, "docx")))
    body = "\n".join(p.text for p in word.paragraphs)
    t3 = grid(word.tables[1])
    new_total = int(_numbers(t3[3])[-1])
    carried_out_total = int(_numbers(t3[-1])[-1])
    total_total = int(_numbers(next(r for r in t3 if any("（七）总计" in c[0] for c in r)))[-1])
    assert f"新收政府信息公开申请{new_total}件" in body
    assert f"结转下年度继续办理{carried_out_total}件" in body
    assert f"本年度办结{total_total}件" in body
    t2 = grid(word.tables[0])
    normative_row = next(r for r in t2 if r[0][0] == "行政规范性文件")
    issued, repealed, in_force = (int(c[0]) for c in normative_row[1:])
    assert f"行政规范性文件{issued}件" in body and f"废止行政规范性文件{repealed}件" in body
    assert f"现行有效行政规范性文件{in_force}件" in body
    t4 = grid(word.tables[2])
    assert t4[0][0] == ("行政复议", 5, None) and t4[0][1] == ("行政诉讼", 10, None)
    values = [int(c[0]) for c in t4[3]]
    assert f"行政复议{values[4]}件、行政诉讼{values[9] + values[14]}件" in body
    assert "{{" not in body and "（未填报）" not in body
    assert f"主动公开政府信息{data['published_count']}条" in body


def test_pdf_embeds_chinese_fonts_and_renders(data, narrative):
    pdf = documents.render(data, narrative, "pdf")
    reader = PdfReader(io.BytesIO(pdf))
    content = "".join(page.extract_text() for page in reader.pages)
    squashed = re.sub(r"\s+", "", content)
    assert "政府信息公开工作年度报告" in squashed
    assert "三、收到和处理政府信息公开申请情况" in squashed
    assert "申请人情况" in squashed and "法律服务机构" in squashed
    assert f"新收政府信息公开申请{data['table3']['new']['total']}件" in squashed
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            fonts.add(str(font["/BaseFont"]))
            descendants = font.get("/DescendantFonts")
            if descendants:
                descriptor = descendants[0].get_object()["/FontDescriptor"].get_object()
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    assert fonts and all("+Gongkai-" in f for f in fonts), fonts  # embedded subsets of the Noto CJK files
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    pdf_path = Path("/tmp/gongkai-annual.pdf")
    pdf_path.write_bytes(pdf)
    for page in (1, 2):
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                        str(pdf_path), f"/tmp/gongkai-annual-p{page}"], check=True)
        png = Path(f"/tmp/gongkai-annual-p{page}.png")
        assert png.stat().st_size > 10_000  # not blank


def test_xlsx_has_one_sheet_per_table_with_merged_headers_and_numbers(data):
    book = load_workbook(io.BytesIO(documents.render(data, {}, "xlsx")))
    assert book.sheetnames == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼", "校验结果"]
    t3 = book["表三 依申请公开"]
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A1:J1", "A3:C5", "D3:J3", "D4:D5", "E4:I4", "J4:J5", "A8:A29"} <= merged
    assert t3["A3"].value == CORNER_NOTE and t3["E4"].value == "法人或其他组织"
    assert t3["A6"].value == "一、本年新收政府信息公开申请数量"
    assert t3["J6"].value == data["table3"]["new"]["total"] and t3["J6"].number_format == "0"
    assert isinstance(t3["D6"].value, int)
    t2 = book["表二 主动公开"]
    fee = next(row for row in t2.iter_rows() if row[0].value == "行政事业性收费")
    assert fee[1].value == pytest.approx(1.25) and fee[1].number_format == "0.0000"
    t4 = book["表四 复议诉讼"]
    assert {"A3:E3", "F3:O3", "A4:A5", "F4:J4", "K4:O4"} <= {str(r) for r in t4.merged_cells.ranges}
    assert [c.value for c in t4[6]] == [1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    assert book["校验结果"]["A2"].value.startswith("校验通过")


def test_legacy_2014_form_in_docx_pdf_and_xlsx(records):
    for day in range(1, 11):
        InfoRequestFactory(unit=records, received_on=D(2018, 3, day), closed_on=D(2018, 3, 20 + day))
    data = report_data(unit=records, year=2018, fmt=None, rollup=False)
    assert data["format"] == "2014"
    narrative = text.default_narrative("2014")
    word = docx.Document(io.BytesIO(documents.render(data, narrative, "docx")))
    [form] = word.tables
    first = [c.text for c in form.rows[0].cells]
    assert first == ["统计指标", "单位", "统计数"]
    by_label = {row.cells[0].text.strip("\u3000"): (row.cells[1].text, row.cells[2].text) for row in form.rows[1:]}
    assert by_label["（一）收到申请数"] == ("件", "10")
    assert by_label["一、主动公开情况"] == ("-", "")
    assert by_label["七、依申请公开信息收取的费用"][0] == "万元"
    body = "\n".join(p.text for p in word.paragraphs)
    assert "共收到政府信息公开申请10件" in body and "三、依申请公开政府信息情况" in body
    content = documents.render(data, narrative, "pdf")
    pdf = PdfReader(io.BytesIO(content))
    assert "统计指标" in "".join(p.extract_text() for p in pdf.pages)
    if shutil.which("pdftoppm"):  # the annex, for a human to look at: /tmp/gongkai-annual-2014-annex.png
        Path("/tmp/gongkai-annual-2014.pdf").write_bytes(content)
        last = str(len(pdf.pages))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", last, "-l", last, "-singlefile",
                        "/tmp/gongkai-annual-2014.pdf", "/tmp/gongkai-annual-2014-annex"], check=True)
    sheet = load_workbook(io.BytesIO(documents.render(data, narrative, "xlsx")))["统计表"]
    rows = {sheet.cell(r, 1).value.strip("\u3000"): sheet.cell(r, 3).value for r in range(4, sheet.max_row + 1)}
    assert rows["（一）收到申请数"] == 10


def test_export_entry_point_for_the_command_and_the_api(records):
    from gongkai.reports.selectors import annual_report

    tables = annual_report(unit=records, year=YEAR, fmt="2021")
    word = docx.Document(io.BytesIO(documents.export(tables, "docx")))
    assert word.paragraphs[1].text == documents.DRAFT_NOTE
    assert len(word.tables) == 3
    assert load_workbook(io.BytesIO(documents.export(tables, "xlsx"))).sheetnames[0] == "表二 主动公开"


@pytest.fixture
def records_2020(records, staff):
    """DEPT-A in 2020 (a year of the 2019 format): one case of each （六） outcome, a normative document,
    and the 2019 format's indicators."""
    for outcome in ("other.no_supplement", "other.fee_unpaid", "other.other", "disclosed"):
        InfoRequestFactory(unit=records, received_on=D(2020, 5, 6), replied_on=D(2020, 6, 1), closed_on=D(2020, 6, 2),
                           outcome=outcome)
    normative(records, written_on=D(2020, 2, 3), status="published", published_on=D(2020, 2, 10))
    indicators_update(unit=records, year=2020, actor=staff["app_a"], values={
        "licensing_items_previous": 30, "licensing_items_change": -3, "licensing_decisions": 120,
        "other_services_items_previous": 8, "admin_fees_items_previous": 2, "admin_fees_items_change": 0,
        "procurement_projects": 5, "procurement_amount_10k_yuan": "88.5"})
    return records


def _outcome_labels(word_table) -> list[str]:
    """The labels of the outcome rows of table 三 in the Word table (group and sub-row cells)."""
    return [" ".join(dict.fromkeys(cell.text for cell in row.cells[:3])) for row in word_table.rows[5:-2]]


def test_2020_report_in_the_2019_format_docx_and_xlsx(records_2020):
    data = report_data(unit=records_2020, year=2020, fmt=None, rollup=False)
    assert data["format"] == "2019" and data["violations"] == []
    narrative = text.check("2019", {**text.default_narrative("2019"), **FILLED})

    word = docx.Document(io.BytesIO(documents.render(data, narrative, "docx")))
    body = "\n".join(p.text for p in word.paragraphs)
    assert "国办公开办函〔2019〕60号" in body and "对外公开规范性文件总数1件" in body
    table2, table3, _ = word.tables
    rows2 = [[c.text for c in row.cells] for row in table2.rows]
    assert ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"] in rows2
    assert ["规范性文件", "1", "1", "1"] in rows2
    assert ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"] in rows2
    assert ["行政许可", "30", "-3", "120"] in rows2 and ["其他对外管理服务事项", "8", "", ""] in rows2
    assert ["信息内容", "上一年项目数量", "本年增/减", "本年增/减"] in rows2  # （八）: the last column spans two
    assert ["行政事业性收费", "2", "0", "0"] in rows2
    assert ["政府集中采购", "5", "88.5万元", "88.5万元"] in rows2
    assert [r[0] for r in rows2 if r[0].startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项", "第二十条第（九）项"]
    other = [row for row in table3.rows if "（六）其他处理" in row.cells[1].text]
    assert len(other) == 1  # one row, no sub-rows
    assert [c.text for c in other[0].cells][3:] == ["3", "0", "0", "0", "0", "0", "3"]
    assert not any("逾期不补正" in cell.text for row in table3.rows for cell in row.cells)

    book = load_workbook(io.BytesIO(documents.render(data, narrative, "xlsx")))
    t3 = book["表三 依申请公开"]
    labels = [t3.cell(r, c).value for r in range(1, t3.max_row + 1) for c in (2, 3)]
    assert "（六）其他处理" in labels and "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" not in labels
    row = next(r for r in range(1, t3.max_row + 1) if t3.cell(r, 2).value == "（六）其他处理")
    assert t3.cell(row, 10).value == 3 and f"B{row}:C{row}" in {str(m) for m in t3.merged_cells.ranges}
    t2 = book["表二 主动公开"]
    procurement = next(r for r in t2.iter_rows() if r[0].value == "政府集中采购")
    assert procurement[2].value == pytest.approx(88.5) and procurement[2].number_format == '0.0000"万元"'
    change = next(r for r in t2.iter_rows() if r[0].value == "行政许可")
    assert change[2].value == -3


def test_2021_report_keeps_the_three_other_rows_docx_and_xlsx(records_2020, data, narrative):
    word = docx.Document(io.BytesIO(documents.render(data, narrative, "docx")))
    table2, table3, _ = word.tables
    assert ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"] in [[c.text for c in r.cells] for r in table2.rows]
    subs = [row.cells[2].text for row in table3.rows if row.cells[1].text == "（六）其他处理"]
    assert subs == ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"]
    t3 = load_workbook(io.BytesIO(documents.render(data, narrative, "xlsx")))["表三 依申请公开"]
    assert [t3.cell(r, 3).value for r in range(1, t3.max_row + 1)
            if (t3.cell(r, 3).value or "").startswith(("1.申请人", "2.申请人", "3.其他"))] == subs
