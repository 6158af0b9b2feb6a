"""The shape of the annual-report tables of the 2019 and 2021 formats: the blocks of table 二, the rows of
table 三, the groups of table 四 — each with a stable code (what the API, the validator and the stored
snapshots use) and the label printed on the form.

The labels are those of the notices' annexes (see :mod:`gongkai.reports.annual2021` and
:mod:`gongkai.reports.annual2019` for where each was checked). Where a row sits under a heading, its full
label joins the levels with " · " (``三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密``), so that a
message or an API client names a cell the way the printed form does.
"""

from dataclasses import dataclass
from functools import cached_property

from gongkai.foi.codes import ApplicantType, Outcome

SEP = " · "

# --- table 三: columns (the same in both formats) ------------------------------------------------------

APPLICANTS: tuple[str, ...] = tuple(ApplicantType.values)
COLUMNS: tuple[str, ...] = (*APPLICANTS, "total")
ORGANISATIONS = "法人或其他组织"
COLUMN_LABELS: dict[str, str] = {
    **{code: (str(label) if code == ApplicantType.NATURAL_PERSON else f"{ORGANISATIONS}{SEP}{label}")
       for code, label in ApplicantType.choices},
    "total": "总计",
}
CORNER_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
NEW = "一、本年新收政府信息公开申请数量"
CARRIED_IN = "二、上年结转政府信息公开申请数量"
RESULTS = "三、本年度办理结果"
TOTAL = "（七）总计"
CARRIED_OUT = "四、结转下年度继续办理"

# --- table 四 (the same in both formats) ----------------------------------------------------------------

APPEAL_GROUPS: dict[str, str] = {
    "reconsideration": "行政复议",
    "litigation_direct": f"行政诉讼{SEP}未经复议直接起诉",
    "litigation_after_reconsideration": f"行政诉讼{SEP}复议后起诉",
}
APPEAL_COLUMNS: dict[str, str] = {
    "upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结", "total": "总计",
}

TABLE_NAMES: dict[str, str] = {
    "table2": "表二（主动公开政府信息情况）",
    "table3": "表三（收到和处理政府信息公开申请情况）",
    "table4": "表四（政府信息公开行政复议、行政诉讼情况）",
}


@dataclass(frozen=True)
class Block:
    """One block of table 二: an item of Art. 20, its rows and its columns (code → printed label)."""

    item: str  # 第二十条第（一）项
    rows: dict[str, str]
    columns: dict[str, str]


@dataclass(frozen=True)
class ResultGroup:
    """One group of outcome rows of table 三: （一）… （六）. ``rows`` are (code, sub-row label); a group
    printed as one row has a single entry with an empty sub-row label."""

    label: str
    rows: tuple[tuple[str, str], ...]

    @property
    def single(self) -> bool:
        return len(self.rows) == 1 and not self.rows[0][1]


def outcome_group(prefix: str, label: str) -> ResultGroup:
    """The group of outcome codes whose label starts with ``prefix`` (（三）, （四）…), with their sub-rows
    ("1.属于国家秘密": the outcome's label without the group prefix)."""
    codes = [(code, str(text)[len(prefix):]) for code, text in Outcome.choices if str(text).startswith(prefix)]
    return ResultGroup(label, tuple(codes))


@dataclass(frozen=True)
class Layout:
    """The tables of one format."""

    format: str
    notice: str
    table2: tuple[Block, ...]
    results: tuple[ResultGroup, ...]
    amount_columns: frozenset[str] = frozenset({"amount_10k_yuan"})  # 万元, with decimals
    signed_columns: frozenset[str] = frozenset()  # may be negative (本年增/减)

    @cached_property
    def outcome_rows(self) -> tuple[str, ...]:
        return tuple(code for group in self.results for code, _ in group.rows)

    @cached_property
    def rows(self) -> tuple[str, ...]:
        """The rows of table 三, in printed order."""
        return ("new", "carried_in", *self.outcome_rows, "total", "carried_out")

    @cached_property
    def row_labels(self) -> dict[str, str]:
        labels = {"new": NEW, "carried_in": CARRIED_IN}
        for group in self.results:
            for code, sub in group.rows:
                labels[code] = SEP.join(part for part in (RESULTS, group.label, sub) if part)
        return {**labels, "total": f"{RESULTS}{SEP}{TOTAL}", "carried_out": CARRIED_OUT}

    @cached_property
    def table2_rows(self) -> dict[str, tuple[str, ...]]:
        """{row: its columns} of table 二."""
        return {row: tuple(block.columns) for block in self.table2 for row in block.rows}

    @cached_property
    def table2_row_labels(self) -> dict[str, str]:
        return {row: f"{block.item}{SEP}{label}" for block in self.table2 for row, label in block.rows.items()}

    @cached_property
    def table2_column_labels(self) -> dict[str, str]:
        return {column: label for block in self.table2 for column, label in block.columns.items()}

    def labels(self) -> dict[str, dict[str, str]]:
        """Every row and column code of the three tables with its printed label (part of the API's answer)."""
        return {
            "table2": dict(self.table2_row_labels), "table2_columns": dict(self.table2_column_labels),
            "table3": dict(self.row_labels), "table3_columns": dict(COLUMN_LABELS),
            "table4": dict(APPEAL_GROUPS), "table4_columns": dict(APPEAL_COLUMNS),
        }


# The outcome groups both formats share: （一） to （五）.
COMMON_RESULTS: tuple[ResultGroup, ...] = (
    ResultGroup("（一）予以公开", ((Outcome.DISCLOSED.value, ""),)),
    ResultGroup("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ((Outcome.PARTIAL.value, ""),)),
    outcome_group("（三）", "（三）不予公开"),
    outcome_group("（四）", "（四）无法提供"),
    outcome_group("（五）", "（五）不予处理"),
)
OTHER_HANDLING = "（六）其他处理"
