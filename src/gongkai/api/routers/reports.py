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

router = Router(tags=["reports"], auth=bearer)


class ViolationOut(Schema):
    table: str
    row: str | None
    column: str | None
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
    format: str
    rollup: bool
    include_towns: bool
    violations: list[ViolationOut]


class Annual2021Out(ReportHead):
    table2: Table2Out
    table3: dict[str, dict[str, int]]
    table4: Table4Out


class LegacyRowOut(Schema):
    key: str
    section: str
    label: str
    unit: str
    value: int | float | None


class Legacy2014Out(ReportHead):
    rows: list[LegacyRowOut]


class ValidateIn(Schema):
    format: Literal["2021", "2014"]
    tables: dict[str, Any]
    previous: dict[str, Any] | None = None  # 2021: year N−1's tables, for the cross-year identities
    following: dict[str, Any] | None = None  # 2021: year N+1's tables


class ValidateOut(Schema):
    violations: list[ViolationOut]


class IndicatorsIn(Schema):
    unit: str
    year: int
    values: dict[str, int | float | str | None]


@router.get("/annual", response=Annual2021Out | Legacy2014Out, summary="年度报告统计表（由记录计算）")
def annual(request, unit: str, year: int, format: Literal["2021", "2014"] = "2021", rollup: bool = False,
           towns: bool | None = None):
    """Tables of the 2021 format (``table2``, ``table3``, ``table4``) or the rows of the legacy 2014 form
    (``rows``), with the ``violations`` the validator finds. ``rollup=true``: the unit and its subtree;
    ``towns`` includes (true) or leaves out (false) towns and streets, default per deployment."""
    return selectors.annual_report_for(request.auth, unit_code=unit, year=year, fmt=format, rollup=rollup,
                                       include_towns=towns)


@router.post("/validate", response=ValidateOut, summary="按统计表自身的勾稽关系校验")
def validate_tables(request, payload: ValidateIn):
    """Check tables typed in or imported: ``tables`` in the shape ``GET /annual`` returns (2014: ``rows``
    with ``key`` or ``label`` and ``value``, or ``{key: value}``)."""
    if payload.format == "2014":
        return {"violations": validate.validate_2014(payload.tables)}
    return {"violations": validate.validate_2021(payload.tables, previous=payload.previous,
                                                 following=payload.following)}


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
