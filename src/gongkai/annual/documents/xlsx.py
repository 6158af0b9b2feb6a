"""The report's tables as an Excel workbook: one sheet per table, the same merged headers as the
document (the blocks of :mod:`.tables`, placed by the same layout), numbers as numbers with their
formats, and a last sheet with the validator's findings."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from gongkai.core.documents import Table

from .build import table_blocks, title_of
from .tables import NumberCell

SHEET_NAMES = {"主动公开政府信息情况": "表二 主动公开", "收到和处理政府信息公开申请情况": "表三 依申请公开",
               "政府信息公开行政复议、行政诉讼情况": "表四 复议诉讼", "政府信息公开工作情况统计表": "统计表"}
FONT = "宋体"
_thin = Side(style="thin", color="000000")
BORDER = Border(left=_thin, right=_thin, top=_thin, bottom=_thin)
INTEGER_FORMAT = "0"
AMOUNT_FORMAT = "0.0000"
CM_TO_WIDTH = 5.0  # Excel column width (characters of the default font) per centimetre, roughly


def render_xlsx(data: dict) -> bytes:
    """The workbook for ``data`` (computed tables or a published snapshot) as bytes."""
    book = Workbook()
    book.remove(book.active)
    for caption, table in table_blocks(data):
        sheet = book.create_sheet(SHEET_NAMES.get(caption, caption[:31]))
        _write_table(sheet, f"{title_of(data)}·{caption}", table)
    _write_violations(book.create_sheet("校验结果"), data.get("violations") or [])
    book.properties.title = title_of(data)
    book.properties.language = "zh-CN"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_table(sheet, title: str, table: Table) -> None:
    layout = table.layout()
    top = 3  # row 1: the title; row 2: empty
    sheet.cell(row=1, column=1, value=title).font = Font(name=FONT, size=14, bold=True)
    sheet.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.n_cols)
    sheet.row_dimensions[1].height = 36
    for r in range(layout.n_rows):  # borders on every cell of the grid, merged ones included
        for c in range(layout.n_cols):
            sheet.cell(row=top + r, column=1 + c).border = BORDER
    for placed in layout.cells:
        spec = placed.cell
        cell = sheet.cell(row=top + placed.row, column=1 + placed.col)
        if isinstance(spec, NumberCell):
            cell.value = float(spec.value) if spec.amount and spec.value is not None else spec.value
            number_format = AMOUNT_FORMAT if spec.amount else INTEGER_FORMAT
            cell.number_format = f'{number_format}"{spec.unit}"' if spec.unit else number_format
        else:
            cell.value = spec.text
        cell.font = Font(name=FONT, size=10.5, bold=spec.bold or placed.row < table.header_rows)
        horizontal = "right" if isinstance(spec, NumberCell) else ("left" if spec.align == "left" else "center")
        cell.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=True)
        if placed.last_row > placed.row or placed.last_col > placed.col:
            sheet.merge_cells(start_row=top + placed.row, start_column=1 + placed.col,
                              end_row=top + placed.last_row, end_column=1 + placed.last_col)
    for i, width in enumerate(table.column_widths_cm or [3.0] * layout.n_cols, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = max(6.0, width * CM_TO_WIDTH)
    if table.header_rows:
        sheet.freeze_panes = sheet.cell(row=top + table.header_rows, column=1)
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    if layout.n_cols > 10:
        sheet.page_setup.orientation = "landscape"


def _write_violations(sheet, violations: list[dict]) -> None:
    heads = ("表", "行", "列", "应为", "实为", "说明")
    for c, head in enumerate(heads, start=1):
        cell = sheet.cell(row=1, column=c, value=head)
        cell.font = Font(name=FONT, bold=True)
        cell.border = BORDER
    if not violations:
        sheet.cell(row=2, column=1, value="校验通过：各项勾稽关系均成立。").font = Font(name=FONT)
        sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(heads))
    for r, v in enumerate(violations, start=2):
        for c, key in enumerate(("table", "row", "column", "expected", "found", "message"), start=1):
            value = v.get(key)
            cell = sheet.cell(row=r, column=c, value=value if isinstance(value, int | float | str) else
                              (None if value is None else str(value)))
            cell.font = Font(name=FONT)
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDEF", (10, 22, 16, 8, 8, 80), strict=True):
        sheet.column_dimensions[letter].width = width
