"""``/reports/``: annual-report tables computed from the records, their validator, and the yearly indicators.

Every endpoint needs a staff bearer token. The tables of a unit are readable by anyone holding a role in
it (``report.view``; the coordinator for the subtree); a roll-up needs that right on the unit the report
is about. The published report itself is public — it is the portal's to serve once the document half of
the feature publishes it; these endpoints also answer for years in progress and unpublished drafts.
"""

from typing import Any, Literal

from ninja import Router, Schema

from gongkai.api.auth import bearer
from gongkai.reports import selectors, services, validate
from gongkai.reports.formats import format_check

router = Router(tags=["reports"], auth=bearer)


class ViolationOut(Schema):
    table: str | None
    row: str | None
    column: str | None
    row_label: str | None = None  # the form's full label, e.g. "三、本年度办理结果 · （三）不予公开 · 1.属于国家秘密"
    column_label: str | None = None
    expected: Any
    found: Any
    message: str


class NormativeOut(Schema):
    issued: int
    repealed: int
    in_force: int


class DecisionsOut(Schema):
    decisions: int | None


class FeesOut(Schema):
    amount_10k_yuan: float | None


class Table2Out(Schema):
    regulations: NormativeOut
    normative_documents: NormativeOut
    licensing: DecisionsOut
    penalty: DecisionsOut
    enforcement: DecisionsOut
    fees: FeesOut


class Normative2019Out(Schema):
    made: int  # 本年新制作数量
    published: int  # 本年新公开数量
    public_total: int  # 对外公开总数量


class Items2019Out(Schema):
    previous_items: int | None  # 上一年项目数量
    change: int | None  # 本年增/减
    decisions: int | None  # 处理决定数量


class Fees2019Out(Schema):
    previous_items: int | None
    change: int | None


class Procurement2019Out(Schema):
    projects: int | None  # 采购项目数量
    amount_10k_yuan: float | None  # 采购总金额（万元）


class Table2Of2019Out(Schema):
    regulations: Normative2019Out
    normative_documents: Normative2019Out
    licensing: Items2019Out
    other_services: Items2019Out
    penalty: Items2019Out
    enforcement: Items2019Out
    fees: Fees2019Out
    procurement: Procurement2019Out


class AppealOut(Schema):
    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


class Table4Out(Schema):
    reconsideration: AppealOut
    litigation_direct: AppealOut
    litigation_after_reconsideration: AppealOut


class ReportHead(Schema):
    unit: str
    year: int
    rollup: bool
    include_towns: bool
    violations: list[ViolationOut]


class Annual2021Out(ReportHead):
    format: Literal["2021"]
    table2: Table2Out
    table3: dict[str, dict[str, int]]
    table4: Table4Out
    labels: dict[str, dict[str, str]]


class Annual2019Out(ReportHead):
    format: Literal["2019"]
    table2: Table2Of2019Out
    table3: dict[str, dict[str, int]]
    table4: Table4Out
    labels: dict[str, dict[str, str]]


class LegacyRowOut(Schema):
    key: str
    section: str
    label: str
    unit: str
    value: int | float | None


class Legacy2014Out(ReportHead):
    format: Literal["2014"]
    rows: list[LegacyRowOut]


class ValidateIn(Schema):
    format: str | None = None  # 2021, 2019 or 2014; empty: the format of ``year``
    year: int | None = None  # the year the tables are about: checks the format and reads the neighbours
    tables: dict[str, Any]
    previous: dict[str, Any] | None = None  # year N−1's tables, for the cross-year identities
    following: dict[str, Any] | None = None  # year N+1's tables


class ValidateOut(Schema):
    format: str
    violations: list[ViolationOut]


class IndicatorsIn(Schema):
    unit: str
    year: int
    values: dict[str, int | float | str | None]


@router.get("/annual", response=Annual2021Out | Annual2019Out | Legacy2014Out, summary="年度报告统计表（由记录计算）")
def annual(request, unit: str, year: int, format: str | None = None, rollup: bool = False,
           towns: bool | None = None):
    """The tables of the year's format: 2021 onwards the 2021 format (国办公开办函〔2021〕30号), 2019–2020 the
    2019 format (国办公开办函〔2019〕60号) — ``table2``, ``table3``, ``table4`` and ``labels`` (every row and
    column code with the form's full label) — up to 2018 the rows of the legacy 2014 form (``rows``); with
    the ``violations`` the validator finds. ``format`` may be given, but one that does not fit the year is
    refused (400). ``rollup=true``: the unit and its subtree, its towns and streets as the unit's setting
    (年度报告汇总乡镇（街道）) says; ``towns=true|false`` overrides the setting for this answer."""
    return selectors.annual_report_for(request.auth, unit_code=unit, year=year, fmt=format, rollup=rollup,
                                       include_towns=towns)


@router.post("/validate", response=ValidateOut, summary="按统计表自身的勾稽关系校验")
def validate_tables(request, payload: ValidateIn):
    """Check tables typed in or imported: ``tables`` in the shape ``GET /annual`` returns for that format
    (2014: ``rows`` with ``key`` or ``label`` and ``value``, or ``{key: value}``). ``year`` picks the
    format when ``format`` is empty and refuses one that does not fit (400); with it, ``previous`` and
    ``following`` are read in the formats of their own years (2020's tables before a 2021 table: 2019)."""
    if payload.year is not None:
        services.report_year_check(payload.year)
    fmt = format_check(payload.format, year=payload.year)
    return {"format": fmt, "violations": validate.validate(fmt, payload.tables, previous=payload.previous,
                                                           following=payload.following, year=payload.year)}


class IndicatorsOut(Schema):
    unit: str
    year: int
    values: dict[str, int | float | None]


@router.get("/indicators", response=IndicatorsOut, summary="机构年度统计指标")
def indicators_get(request, unit: str, year: int):
    """The unit's own indicators as entered (``null``: not entered)."""
    return selectors.indicators_for(request.auth, unit_code=unit, year=year)


@router.patch("/indicators", response=IndicatorsOut, summary="填报或更正年度统计指标")
def indicators_patch(request, payload: IndicatorsIn):
    """Only the fields given change; ``null`` clears one. The unit's approver or the coordinator."""
    unit = selectors.unit_by_code(payload.unit)
    services.indicators_update(unit=unit, year=payload.year, values=payload.values, actor=request.auth)
    return selectors.indicators_values(unit=unit, year=payload.year)
