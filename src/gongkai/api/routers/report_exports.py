"""``/reports/annual.docx|.pdf|.xlsx`` and ``/reports/statistics``: the annual report as files, and the
monthly / quarterly figures. Staff bearer token; the unit's ``report.view`` right.

Mounted before :mod:`.reports` (same ``/reports`` prefix), so that ``annual.docx`` is never read as
``annual`` by a looser pattern. The files are those of the unit's report document (its newest version,
or ``version=N``); a published version comes as published, frozen; a draft, or a unit that has not
started its document, is made from the records now and marked as a draft on its first page. The format
is the year's (2014 form up to 2018, 2019 format for 2019–2020, 2021 format from 2021); a ``format`` that
does not fit the year is refused (400).
"""

import datetime as dt
from typing import Literal

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from ninja import Router, Schema

from gongkai.annual import documents, selectors, statistics
from gongkai.api.auth import bearer

router = Router(tags=["reports"], auth=bearer)


def _file(request, file_format: str, unit: str, year: int, report_format: str | None, rollup: bool,
          version: int | None) -> HttpResponse:
    content, name = selectors.report_file_for(request.auth, unit_code=unit, year=year, report_format=report_format,
                                              rollup=rollup, file_format=file_format, version=version)
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[file_format])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@router.get("/annual.docx", summary="年度报告 Word 文档")
def annual_docx(request, unit: str, year: int, format: str | None = None, rollup: bool = False,
                version: int | None = None):
    """The report document in the layout of official documents, the tables with merged headers."""
    return _file(request, "docx", unit, year, format, rollup, version)


@router.get("/annual.pdf", summary="年度报告 PDF")
def annual_pdf(request, unit: str, year: int, format: str | None = None, rollup: bool = False,
               version: int | None = None):
    """The report document as PDF (A4, Noto CJK fonts embedded)."""
    return _file(request, "pdf", unit, year, format, rollup, version)


@router.get("/annual.xlsx", summary="年度报告统计表 Excel")
def annual_xlsx(request, unit: str, year: int, format: str | None = None, rollup: bool = False,
                version: int | None = None):
    """The tables, one sheet each (merged headers, numbers with formats), and the validator's findings."""
    return _file(request, "xlsx", unit, year, format, rollup, version)


class StatisticsRow(Schema):
    unit: str
    unit_name: str
    period: str
    label: str
    start: dt.date
    end: dt.date
    items_published: int
    items_with_due: int
    items_on_time: int
    requests_received: int
    requests_closed: int
    requests_closed_on_time: int
    requests_closed_late: int
    requests_overdue: int | None
    median_reply_workdays: float | None


class StatisticsOut(Schema):
    unit: str
    year: int
    period: str
    rows: list[StatisticsRow]


@router.get("/statistics", response=StatisticsOut, summary="按月、按季度统计")
def period_statistics(request, unit: str, year: int, period: Literal["month", "quarter"] = "month",
                      subtree: bool = False):
    """Items published (on time under Art. 26), requests received / closed / on time / overdue, and the
    median working days to reply, per period; ``subtree=true`` adds a row set for each unit below."""
    rows = statistics.period_statistics_for(request.auth, unit_code=unit, year=year, period=period,
                                            subtree=subtree)
    return {"unit": unit, "year": year, "period": period, "rows": rows}
