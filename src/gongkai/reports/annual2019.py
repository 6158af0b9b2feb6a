"""The tables of the annual-report format of 2019 (国办公开办函〔2019〕60号), used for the reports on 2019
and 2020 (:mod:`gongkai.reports.formats`), computed with the queries of the 2021 format
(:mod:`gongkai.reports.annual2021`).

Where the labels were checked. The notice, 《国务院办公厅政府信息与政务公开办公室关于政府信息公开工作
年度报告有关事项的通知》 (国办公开办函〔2019〕60号, 中国政府网), issues 《中华人民共和国政府信息公开工作
年度报告格式（试行）》 for the revised regulations in force from 15 May 2019; the copies of its text found
(a repost of the 中国政府网 page) end before the annex, so the annex's tables were read off reports filled
in on it, which reproduce it row for row: 荷塘区桂花街道办事处 2019 (hetang.gov.cn, "根据……（国办公开办函
〔2019〕60号）要求"), 雄县 2019 (xiongxian.gov.cn, the whole blank form), 岳阳市南湖新区 2019
(yynanhu.yueyang.gov.cn), 孝感市政府研究室 2019 (xiaogan.gov.cn), 利州区河西街道 2019 (lzq.gov.cn) and
武汉市生态环境局 2020 (which adds local notes to the same rows and columns). They agree on:

Table 二 (主动公开政府信息情况), five blocks:
  * 第二十条第（一）项 — 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量; rows 规章, 规范性文件;
  * 第二十条第（五）项 — 信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量; rows 行政许可,
    其他对外管理服务事项;
  * 第二十条第（六）项 — the same three columns; rows 行政处罚, 行政强制;
  * 第二十条第（八）项 — 信息内容 | 上一年项目数量 | 本年增/减; row 行政事业性收费;
  * 第二十条第（九）项 — 信息内容 | 采购项目数量 | 采购总金额; row 政府集中采购.
Table 三: the columns, the corner note and rows 一, 二, 三（一）…（五） with their sub-rows and （七）总计, 四 as
in 2021, except that （六）其他处理 is one row without sub-rows. Table 四: as in 2021.

What each cell is computed from:
  * 规章 / 规范性文件: 本年新制作数量 — issued in the year (成文日期, else 发布日期), in any status, as 本年
    制发件数 of 2021; 本年新公开数量 — proactively published in the year (by 发布日期, withdrawn later or
    not); 对外公开总数量 — proactively published by the year end (the register's total, repealed texts
    included: they stay disclosed, marked 废止);
  * 上一年项目数量, 本年增/减, 处理决定数量 of (五) (六) (八), and (九) — the yearly indicators
    (:class:`~gongkai.reports.models.YearIndicators`, ``*_items_previous``, ``*_items_change`` (may be
    negative), ``*_decisions``, ``procurement_projects``, ``procurement_amount_10k_yuan``, 采购总金额 in
    万元); empty when nobody entered them;
  * table 三 — the 2021 table with the three （六） rows added up into ``other``;
  * table 四 — the 2021 table.
"""

from django.db.models import Count

from .annual2021 import LAYOUT as LAYOUT_2021
from .annual2021 import indicator_sums, issued_between, normative_query, table4, totals3
from .annual2021 import table3 as table3_2021
from .layout import COLUMNS, COMMON_RESULTS, OTHER_HANDLING, Block, Layout, ResultGroup
from .records import published_between
from .scope import Scope, year_bounds

ITEM_COLUMNS: dict[str, str] = {"previous_items": "上一年项目数量", "change": "本年增/减", "decisions": "处理决定数量"}

LAYOUT = Layout(
    format="2019",
    notice="国办公开办函〔2019〕60号",
    table2=(
        Block("第二十条第（一）项", {"regulations": "规章", "normative_documents": "规范性文件"},
              {"made": "本年新制作数量", "published": "本年新公开数量", "public_total": "对外公开总数量"}),
        Block("第二十条第（五）项", {"licensing": "行政许可", "other_services": "其他对外管理服务事项"}, ITEM_COLUMNS),
        Block("第二十条第（六）项", {"penalty": "行政处罚", "enforcement": "行政强制"}, ITEM_COLUMNS),
        Block("第二十条第（八）项", {"fees": "行政事业性收费"},
              {"previous_items": "上一年项目数量", "change": "本年增/减"}),
        Block("第二十条第（九）项", {"procurement": "政府集中采购"},
              {"projects": "采购项目数量", "amount_10k_yuan": "采购总金额"}),
    ),
    results=(*COMMON_RESULTS, ResultGroup(OTHER_HANDLING, (("other", ""),))),
    signed_columns=frozenset({"change"}),
)
ROWS: tuple[str, ...] = LAYOUT.rows
ROW_LABELS: dict[str, str] = LAYOUT.row_labels
# the rows of 2021's （六）其他处理 that make up the one row of 2019
OTHER_OUTCOMES: tuple[str, ...] = next(
    tuple(code for code, _ in group.rows) for group in LAYOUT_2021.results if group.label == OTHER_HANDLING)
# the indicator fields behind each row of blocks (五) (六) (八): {row: field prefix}
ITEM_ROWS: dict[str, str] = {"licensing": "licensing", "other_services": "other_services", "penalty": "penalty",
                             "enforcement": "enforcement", "fees": "admin_fees"}
INDICATORS: tuple[str, ...] = (
    *(f"{prefix}_items_previous" for prefix in ITEM_ROWS.values()),
    *(f"{prefix}_items_change" for prefix in ITEM_ROWS.values()),
    "licensing_decisions", "other_services_decisions", "penalty_decisions", "enforcement_decisions",
    "procurement_projects", "procurement_amount_10k_yuan",
)


def table2(scope: Scope, year: int) -> dict:
    """Table 二 of the 2019 format (two queries: the register, the indicators)."""
    start, end = year_bounds(year)
    out: dict = normative_query(scope, {
        "made": Count("pk", filter=issued_between(start, end)),
        "published": Count("pk", filter=published_between(start, end)),
        "public_total": Count("pk", filter=published_between(None, end)),
    })
    found = indicator_sums(scope, year, INDICATORS)
    columns = LAYOUT.table2_rows
    for row, prefix in ITEM_ROWS.items():
        values = {"previous_items": found[f"{prefix}_items_previous"], "change": found[f"{prefix}_items_change"],
                  "decisions": found.get(f"{prefix}_decisions")}
        out[row] = {column: values[column] for column in columns[row]}
    out["procurement"] = {"projects": found["procurement_projects"],
                          "amount_10k_yuan": found["procurement_amount_10k_yuan"]}
    return out


def fold(table: dict[str, dict[str, int]]) -> dict[str, dict[str, int]]:
    """A table 三 of the 2021 format in the rows of 2019: the three （六） sub-rows added up into one."""
    out = {row: dict(table[row]) for row in ROWS if row != "other"}
    out["other"] = {column: sum(table[code][column] for code in OTHER_OUTCOMES) for column in COLUMNS}
    return totals3({row: out[row] for row in ROWS}, LAYOUT)


def table3(scope: Scope, year: int) -> dict[str, dict[str, int]]:
    return fold(table3_2021(scope, year))


def tables(scope: Scope, year: int) -> dict:
    """The three tables of the 2019 format for ``scope`` and ``year`` (five queries)."""
    return {"table2": table2(scope, year), "table3": table3(scope, year), "table4": table4(scope, year)}
