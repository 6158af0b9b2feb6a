"""The annual report as a :class:`~gongkai.core.documents.Document`: title, sections with their text (the
placeholders filled from the data), the tables after the text of sections 二, 三 and 四 (2021 and 2019
formats, each in its own layout) or the statistics form as the annex (2014), and the unit's name and date
as the closing."""

import datetime as dt

from gongkai.core.documents import Document, Heading, Paragraph, Table, date_text
from gongkai.reports.formats import LAYOUTS

from .. import narrative as text
from . import tables


def title_of(data: dict) -> str:
    return f"{data.get('unit_name', '')}{data['year']}年政府信息公开工作年度报告"


def table_blocks(data: dict) -> list[tuple[str, Table]]:
    """The report's tables with their captions, in order (the XLSX export uses the same list)."""
    if str(data["format"]) == "2014":
        return [("政府信息公开工作情况统计表", tables.legacy_table(data["rows"]))]
    layout = LAYOUTS[str(data["format"])]
    return [
        ("主动公开政府信息情况", tables.table2(data["table2"], layout)),
        ("收到和处理政府信息公开申请情况", tables.table3(data["table3"], layout)),
        ("政府信息公开行政复议、行政诉讼情况", tables.table4(data["table4"])),
    ]


def build_document(data: dict, narrative: dict[str, str], *, draft_note: str = "",
                   dated: dt.date | None = None) -> Document:
    """The document for ``data`` (the computed tables, as :func:`gongkai.annual.data.report_data` or a
    published snapshot holds them) and ``narrative`` ({section key: text with placeholders}).

    ``draft_note`` is printed under the title (a draft says so on every copy); ``dated`` is the date
    under the signature (the publication date; none for a draft).
    """
    fmt = str(data["format"])
    names = text.values(data)
    by_table = dict(zip(("table2", "table3", "table4"), (t for _, t in table_blocks(data)), strict=False))
    blocks = []
    for section in text.sections(fmt):
        if section.heading:
            blocks.append(Heading(section.heading, level=1))
        for para in text.paragraphs(text.fill(narrative.get(section.key, ""), names)):
            blocks.append(Paragraph(para))
        if section.table and fmt in LAYOUTS:
            blocks.append(by_table[section.table])
    doc = Document(title=title_of(data), number=draft_note, blocks=blocks, signature=data.get("unit_name", ""),
                   date_text=date_text(dated) if dated else "")
    if fmt == "2014":
        _add_annex(doc, data)
    return doc


def _add_annex(doc: Document, data: dict) -> None:
    """The 2014 form follows the text, as the seed report's annex (附件) does."""
    doc.blocks += [
        Paragraph("附件：政府信息公开工作情况统计表", indent_first_line=True),
        Paragraph("政府信息公开工作情况统计表", indent_first_line=False, align="center", bold=True),
        Paragraph(f"（{data['year']}年度）", indent_first_line=False, align="center"),
        Paragraph(f"填报单位（盖章）：{data.get('unit_name', '')}", indent_first_line=False, align="left"),
        tables.legacy_table(data["rows"]),
    ]
