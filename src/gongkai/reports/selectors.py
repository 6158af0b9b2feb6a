"""Reads of the reports app: the annual tables of a unit (or its roll-up), access-checked for staff."""

from decimal import Decimal

from gongkai.core.errors import NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User

from . import annual2019, annual2021, legacy2014
from .formats import FORMATS, format_check
from .models import INDICATOR_FIELDS, YearIndicators
from .scope import Scope
from .services import report_year_check
from .validate import validate, validate_2014

__all__ = ["FORMATS", "annual_report", "annual_report_for", "indicators_for", "indicators_values", "unit_by_code"]
COMPUTED = {"2021": annual2021, "2019": annual2019}


def annual_report(*, unit: Unit, year: int, fmt: str | None = None, rollup: bool = False,
                  include_towns: bool | None = None) -> dict:
    """The computed tables of ``fmt`` for ``unit`` and ``year``, with the violations the validator finds.

    ``fmt`` None: the year's format (:func:`gongkai.reports.formats.format_for`); a format that does not
    fit the year is refused (DomainError). 2021 and 2019: {"table2", "table3", "table4", "labels",
    "violations"} (``labels``: every row and column code with the form's label); 2014: {"rows",
    "violations"}. Every answer also carries "unit", "year", "format", "rollup" and "include_towns" so
    that a saved answer says what it covers. ``include_towns`` None: as the unit's setting says.
    """
    report_year_check(year)
    fmt = format_check(fmt, year=year)
    scope = Scope(unit=unit, rollup=rollup, include_towns=include_towns)
    head = {"unit": unit.code, "year": year, "format": fmt, "rollup": rollup,
            "include_towns": scope.towns if rollup else False}
    if fmt == "2014":
        rows = legacy2014.form(scope, year)
        return _plain({**head, "rows": rows, "violations": validate_2014({"rows": rows})})
    computed = COMPUTED[fmt]
    tables = computed.tables(scope, year)
    return _plain({**head, **tables, "labels": computed.LAYOUT.labels(),
                   "violations": validate(fmt, tables, year=year)})


def _plain(value):
    """JSON-ready: amounts (Decimal, 万元 to four places) become numbers."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    return value


def unit_by_code(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound(f"机构“{code}”不存在。")
    return unit


def annual_report_for(user: User, *, unit_code: str, year: int, fmt: str | None = None, rollup: bool = False,
                      include_towns: bool | None = None) -> dict:
    """:func:`annual_report` for a member of staff: any role in the unit (or the coordinator above it)."""
    unit = unit_by_code(unit_code)
    access.require(user, "report.view", unit)
    return annual_report(unit=unit, year=year, fmt=fmt, rollup=rollup, include_towns=include_towns)


def indicators_for(user: User, *, unit_code: str, year: int) -> dict:
    """A unit's own yearly indicators as entered ({field: value}, None where not entered)."""
    unit = unit_by_code(unit_code)
    access.require(user, "report.view", unit)
    report_year_check(year)
    return indicators_values(unit=unit, year=year)


def indicators_values(*, unit: Unit, year: int) -> dict:
    row = YearIndicators.objects.filter(unit=unit, year=year).first()
    values = {field: (getattr(row, field) if row else None) for field in INDICATOR_FIELDS}
    return _plain({"unit": unit.code, "year": year, "values": values})
