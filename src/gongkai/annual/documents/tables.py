"""The tables of the annual report as document blocks, laid out like the national templates.

2021 format (国办公开办函〔2021〕30号) and 2019 format (国办公开办函〔2019〕60号), from their layouts
(:mod:`gongkai.reports.layout`): table 二 in its blocks (第二十条第（一）（五）（六）（八）项; 2019 also
第（九）项), each a heading row, a row "信息内容" with the block's column heads and one row per item; table 三
with the three-row merged header (the corner note on the form's identity, 申请人情况 over seven columns,
自然人 and 总计 over two rows, 法人或其他组织 over its five kinds) and the outcome rows grouped under
（三）…（六) — （六）其他处理 in three sub-rows in 2021, one row in 2019; table 四 with its three-level
header over 15 numbers. 2014 form: 统计指标 | 单位 | 统计数.

Number cells are :class:`NumberCell`: a :class:`~gongkai.core.documents.Cell` that also keeps the value,
so the Excel export writes numbers (with number formats) from the very same blocks.
"""

from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.documents import Cell, Table
from gongkai.foi.codes import ApplicantType
from gongkai.reports import legacy2014 as f14
from gongkai.reports.layout import (
    APPEAL_COLUMNS,
    APPEAL_GROUPS,
    COLUMNS,
    CORNER_NOTE,
    ORGANISATIONS,
    RESULTS,
    TOTAL,
    Layout,
)

ORG_KINDS = tuple(str(label) for code, label in ApplicantType.choices if code != ApplicantType.NATURAL_PERSON)
TEXT_WIDTH_CM = 15.6  # GB/T 9704 版心
AMOUNT_UNIT = "万元"


@dataclass
class NumberCell(Cell):
    """A cell showing a number; ``value`` is the number itself (None: an empty cell)."""

    value: int | float | Decimal | None = None
    amount: bool = False  # with decimals
    unit: str = ""  # printed after the number (an amount whose column head names no unit)


def number_cell(value, *, amount: bool = False, unit: str = "") -> NumberCell:
    if value is None or value == "":
        return NumberCell("", value=None, amount=amount, unit=unit)
    if amount:
        number = Decimal(str(value))
        text = format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))
        return NumberCell(text + unit, value=number, amount=True, unit=unit)
    return NumberCell(str(int(value)), value=int(value))


def _label(text: str, *, colspan: int = 1, rowspan: int = 1, align: str = "left") -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align=align, header=True)


def table2(t2: dict, layout: Layout) -> Table:
    """Each block: its heading over the four columns, 信息内容 and the column heads, one row per item. A
    block with fewer than three columns gives its last column the remaining width, as the form does."""
    rows: list[list[Cell]] = []
    for block in layout.table2:
        spans = [1] * (len(block.columns) - 1) + [4 - len(block.columns)]
        rows.append([Cell(block.item, colspan=4, bold=True, header=True)])
        rows.append([_label("信息内容", align="center"),
                     *(_label(text, colspan=span, align="center")
                       for text, span in zip(block.columns.values(), spans, strict=True))])
        for row, label in block.rows.items():
            cells = []
            for column, span in zip(block.columns, spans, strict=True):
                amount = column in layout.amount_columns
                # an amount whose head names no unit (2019: 采购总金额) carries it in the cell
                unit = AMOUNT_UNIT if amount and "万元" not in block.columns[column] else ""
                cell = number_cell(t2[row][column], amount=amount, unit=unit)
                cell.colspan = span
                cells.append(cell)
            rows.append([_label(label, align="center"), *cells])
    return Table(rows=rows, header_rows=0, column_widths_cm=[4.8, 3.6, 3.6, 3.6])


def table3(t3: dict, layout: Layout) -> Table:
    def numbers(row: str) -> list[Cell]:
        return [number_cell(t3[row][column]) for column in COLUMNS]

    rows: list[list[Cell]] = [
        [Cell(CORNER_NOTE, colspan=3, rowspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell(ORGANISATIONS, colspan=5), Cell("总计", rowspan=2)],
        [Cell(kind) for kind in ORG_KINDS],
        [_label(layout.row_labels["new"], colspan=3), *numbers("new")],
        [_label(layout.row_labels["carried_in"], colspan=3), *numbers("carried_in")],
    ]
    outcome_rows: list[list[Cell]] = []
    for group in layout.results:
        if group.single:
            outcome_rows.append([_label(group.label, colspan=2), *numbers(group.rows[0][0])])
            continue
        for i, (code, sub) in enumerate(group.rows):
            head = [_label(group.label, rowspan=len(group.rows), align="center")] if i == 0 else []
            outcome_rows.append([*head, _label(sub), *numbers(code)])
    outcome_rows.append([_label(TOTAL, colspan=2), *numbers("total")])
    outcome_rows[0].insert(0, _label(RESULTS, rowspan=len(outcome_rows), align="center"))
    rows += outcome_rows
    rows.append([_label(layout.row_labels["carried_out"], colspan=3), *numbers("carried_out")])
    # the labels get the room; seven narrow number columns (their heads wrap, as on the printed form)
    widths = [1.2, 1.6, 5.0] + [(TEXT_WIDTH_CM - 7.8) / 7] * 7
    return Table(rows=rows, header_rows=3, column_widths_cm=[round(w, 2) for w in widths])


def table4(t4: dict) -> Table:
    columns = list(APPEAL_COLUMNS.values())
    rows: list[list[Cell]] = [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(text, rowspan=2) for text in columns), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(text) for text in columns * 2],
        [number_cell(t4[group][column]) for group in APPEAL_GROUPS for column in APPEAL_COLUMNS],
    ]
    return Table(rows=rows, header_rows=3, column_widths_cm=[round(TEXT_WIDTH_CM / 15, 2)] * 15)


# --- the 2014 form ----------------------------------------------------------------------------------

_SECTION_HEADS = tuple(f"{n}、" for n in "一二三四五六七八九")
# rows that continue a "其中：" line and are printed aligned under its text
_UNDER_OF = {"normative_issued", *f14.REFUSE_ROWS[1:]}


def legacy_indent(key: str, label: str) -> int:
    """How far (in characters) the form indents a row's label: the seed's printed hierarchy."""
    if label.startswith(_SECTION_HEADS):
        return 0
    if key in _UNDER_OF:
        return 6
    if label.startswith("其中："):
        return 3
    if f14.BY_KEY[key].kind == "note":
        return 2
    if label.startswith("（"):
        return 1
    return 2


def legacy_table(rows: list[dict]) -> Table:
    body: list[list[Cell]] = [[Cell("统计指标"), Cell("单位"), Cell("统计数")]]
    for row in rows:
        spec = f14.BY_KEY.get(row["key"])
        kind = spec.kind if spec else "value"
        label = "\u3000" * legacy_indent(row["key"], row["label"]) + row["label"]
        if kind == "value":
            value = number_cell(row["value"], amount=row["key"] in f14.AMOUNT_KEYS)
        else:
            value = Cell("")
        body.append([_label(label, align="left"), Cell(row["unit"]), value])
    return Table(rows=body, header_rows=1, column_widths_cm=[10.6, 2.0, 3.0])
