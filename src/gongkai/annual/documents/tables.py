"""The tables of the annual report as document blocks, laid out like the national templates.

2021 format (国办公开办函〔2021〕30号): table 二 in its four blocks (第二十条第（一）（五）（六）（八）项), table
三 with the three-row merged header (the corner note on the form's identity, 申请人情况 over seven columns,
自然人 and 总计 over two rows, 法人或其他组织 over its five kinds) and the outcome rows grouped under
（三）…（六）, table 四 with its three-level header over 15 numbers. 2014 form: 统计指标 | 单位 | 统计数.

Number cells are :class:`NumberCell`: a :class:`~gongkai.core.documents.Cell` that also keeps the value,
so the Excel export writes numbers (with number formats) from the very same blocks.
"""

from dataclasses import dataclass
from decimal import Decimal

from gongkai.core.documents import Cell, Table
from gongkai.foi.codes import Outcome
from gongkai.reports import annual2021 as f21
from gongkai.reports import legacy2014 as f14

CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
ORG_KINDS = ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
# the groups of outcome rows in table 三, with the label of the group cell
OUTCOME_GROUPS: tuple[tuple[str, str], ...] = (
    ("（三）", "（三）不予公开"),
    ("（四）", "（四）无法提供"),
    ("（五）", "（五）不予处理"),
    ("（六）", "（六）其他处理"),
)
SINGLE_OUTCOMES = {
    Outcome.DISCLOSED: "（一）予以公开",
    Outcome.PARTIAL: "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
}
TEXT_WIDTH_CM = 15.6  # GB/T 9704 版心


@dataclass
class NumberCell(Cell):
    """A cell showing a number; ``value`` is the number itself (None: an empty cell)."""

    value: int | float | Decimal | None = None
    amount: bool = False  # 万元 with decimals


def number_cell(value, *, amount: bool = False) -> NumberCell:
    if value is None or value == "":
        return NumberCell("", value=None, amount=amount)
    if amount:
        number = Decimal(str(value))
        text = format(number.normalize(), "f") if number != number.to_integral_value() else str(int(number))
        return NumberCell(text, value=number, amount=True)
    return NumberCell(str(int(value)), value=int(value))


def _label(text: str, *, colspan: int = 1, rowspan: int = 1, align: str = "left") -> Cell:
    return Cell(text, colspan=colspan, rowspan=rowspan, align=align, header=True)


def table2(t2: dict) -> Table:
    def block(title: str) -> list[Cell]:
        return [Cell(title, colspan=4, bold=True, header=True)]

    def one(row: str, label: str, column: str, *, amount: bool = False) -> list[Cell]:
        cell = number_cell(t2[row][column], amount=amount)
        cell.colspan = 3
        return [_label(label, align="center"), cell]

    rows: list[list[Cell]] = [
        block("第二十条第（一）项"),
        [_label("信息内容", align="center"), *(_label(t, align="center") for t in f21.NORMATIVE_COLUMNS.values())],
        *([_label(label, align="center"), *(number_cell(t2[row][c]) for c in f21.NORMATIVE_COLUMNS)]
          for row, label in f21.NORMATIVE_ROWS.items()),
        block("第二十条第（五）项"),
        [_label("信息内容", align="center"), _label("本年处理决定数量", colspan=3, align="center")],
        one("licensing", "行政许可", "decisions"),
        block("第二十条第（六）项"),
        [_label("信息内容", align="center"), _label("本年处理决定数量", colspan=3, align="center")],
        one("penalty", "行政处罚", "decisions"),
        one("enforcement", "行政强制", "decisions"),
        block("第二十条第（八）项"),
        [_label("信息内容", align="center"), _label("本年收费金额（单位：万元）", colspan=3, align="center")],
        one("fees", "行政事业性收费", "amount_10k_yuan", amount=True),
    ]
    return Table(rows=rows, header_rows=0, column_widths_cm=[4.8, 3.6, 3.6, 3.6])


def _outcome_label(code: str) -> str:
    """The sub-row label of an outcome, as on the form: "1.属于国家秘密" (the group is its own cell)."""
    label = str(Outcome(code).label)
    return label[3:] if label.startswith("（") else label


def table3(t3: dict) -> Table:
    def numbers(row: str) -> list[Cell]:
        return [number_cell(t3[row][column]) for column in f21.COLUMNS]

    rows: list[list[Cell]] = [
        [Cell(CORNER_NOTE, colspan=3, rowspan=3), Cell("申请人情况", colspan=7)],
        [Cell("自然人", rowspan=2), Cell("法人或其他组织", colspan=5), Cell("总计", rowspan=2)],
        [Cell(kind) for kind in ORG_KINDS],
        [_label(f21.ROW_LABELS["new"], colspan=3), *numbers("new")],
        [_label(f21.ROW_LABELS["carried_in"], colspan=3), *numbers("carried_in")],
    ]
    outcome_rows: list[list[Cell]] = []
    for code, label in SINGLE_OUTCOMES.items():
        outcome_rows.append([_label(label, colspan=2), *numbers(code)])
    for prefix, group_label in OUTCOME_GROUPS:
        codes = [code for code, label in Outcome.choices if label.startswith(prefix)]
        for i, code in enumerate(codes):
            head = [_label(group_label, rowspan=len(codes), align="center")] if i == 0 else []
            outcome_rows.append([*head, _label(_outcome_label(code)), *numbers(code)])
    outcome_rows.append([_label("（七）总计", colspan=2), *numbers("total")])
    outcome_rows[0].insert(0, _label("三、本年度办理结果", rowspan=len(outcome_rows), align="center"))
    rows += outcome_rows
    rows.append([_label(f21.ROW_LABELS["carried_out"], colspan=3), *numbers("carried_out")])
    # the labels get the room; seven narrow number columns (their heads wrap, as on the printed form)
    widths = [1.2, 1.6, 5.0] + [(TEXT_WIDTH_CM - 7.8) / 7] * 7
    return Table(rows=rows, header_rows=3, column_widths_cm=[round(w, 2) for w in widths])


def table4(t4: dict) -> Table:
    columns = list(f21.APPEAL_COLUMNS.values())
    rows: list[list[Cell]] = [
        [Cell("行政复议", colspan=5), Cell("行政诉讼", colspan=10)],
        [*(Cell(text, rowspan=2) for text in columns), Cell("未经复议直接起诉", colspan=5), Cell("复议后起诉", colspan=5)],
        [Cell(text) for text in columns * 2],
        [number_cell(t4[group][column]) for group in f21.APPEAL_GROUPS for column in f21.APPEAL_COLUMNS],
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
