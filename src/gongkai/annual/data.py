"""The figures a report document is made from: the tables :mod:`gongkai.reports` computes, plus what
the text needs beyond them (the unit's name, the number of items published), checked by the validator —
including, for the 2019 and 2021 formats, against the tables of the previous year's *published* report
(2020's in the 2019 format before 2021's), so that a record changed after that publication shows up as a
break between the two years.
"""

from django.db.models import Q

from gongkai.disclosures.models import Disclosure
from gongkai.orgs.models import Unit
from gongkai.reports.formats import format_for
from gongkai.reports.records import published_between
from gongkai.reports.scope import Scope, year_bounds
from gongkai.reports.selectors import annual_report
from gongkai.reports.validate import validate

from .models import AnnualReport


def published_in_year(year: int) -> Q:
    """Items proactively published in ``year`` (withdrawn later or not): 主动公开政府信息数."""
    return published_between(*year_bounds(year))


def published_count(scope: Scope, year: int) -> int:
    return Disclosure.objects.filter(scope.q(), published_in_year(year)).count()


def previous_published_tables(*, unit: Unit, year: int, rollup: bool) -> dict | None:
    """The tables of the unit's published report for ``year`` − 1 (in that year's format), if there is one."""
    report = (AnnualReport.objects.filter(unit=unit, year=year - 1, format=format_for(year - 1), rollup=rollup)
              .select_related("published_version").first())
    if report is None or report.published_version is None:
        return None
    return report.published_version.tables or None


def report_data(*, unit: Unit, year: int, fmt: str | None, rollup: bool, include_towns: bool | None = None) -> dict:
    """The computed data of a report now (what a draft shows and what publication freezes)."""
    data = annual_report(unit=unit, year=year, fmt=fmt, rollup=rollup, include_towns=include_towns)
    return _complete(data, unit)


def complete(tables: dict) -> dict:
    """An answer of :func:`gongkai.reports.selectors.annual_report` with what the document needs added."""
    if "unit_name" in tables and "published_count" in tables:
        return tables
    return _complete(dict(tables), Unit.objects.get(code=tables["unit"]))


def _complete(data: dict, unit: Unit) -> dict:
    data["unit_name"] = unit.name
    if str(data["format"]) == "2014":
        data["published_count"] = next((r["value"] for r in data["rows"] if r["key"] == "published"), None)
        return data
    scope = Scope(unit=unit, rollup=data["rollup"], include_towns=data.get("include_towns"))
    data["published_count"] = published_count(scope, data["year"])
    previous = previous_published_tables(unit=unit, year=data["year"], rollup=data["rollup"])
    if previous is not None:
        tables = {key: data[key] for key in ("table2", "table3", "table4")}
        data["violations"] = validate(data["format"], tables, previous=previous, year=data["year"])
    return data
