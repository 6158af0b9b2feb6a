"""Figures by month or quarter, per unit, for the assessment work through the year (not only the annual
report): items published and whether on time under Art. 26, requests received / closed / on time /
overdue, and the median working days to reply.

Definitions (each row is one unit, one period; "in the period" = first to last day inclusive):

* ``items_published`` — items proactively published in the period (by 发布日期; withdrawn later or not);
  ``items_with_due`` — of those, the ones with an Art. 26 due date; ``items_on_time`` — published on or
  before it (``published_on <= publish_due``).
* ``requests_received`` — by date of receipt (merged duplicates left out); ``requests_closed`` — answered
  (办结) in the period, counted like the annual report: by the date the reply was issued (答复日期), not the
  day it was delivered (:mod:`gongkai.reports.records`), so that twelve months add up to the year's
  table 三; ``requests_closed_on_time`` / ``requests_closed_late`` — of those, the reply on time / late
  (``on_time``; a case without that mark is in neither).
* ``requests_overdue`` — not yet answered at the period end (or today, for the running period) with the
  reply due date already past; None for a period that has not begun. A reply issued on time and still on
  its way to the applicant is not overdue.
* ``median_reply_workdays`` — over the requests answered in the period: working days
  from the start of the clock (receipt, or the supplemented application after a 补正) to the reply (or, with
  no reply date, the closing), minus the working days paused for consultation (Art. 32, 34) and, when the
  deployment counts it so, the fee window. Days of a year no calendar covers count Monday–Friday.

Six queries per call, grouped in the database by unit and month; the working days are counted in Python
over the closed cases only (the calendar is cached).
"""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from gongkai.core.errors import DomainError
from gongkai.disclosures.models import Disclosure
from gongkai.foi.codes import PauseKind
from gongkai.foi.models import InfoRequest, RequestPause
from gongkai.foi.selectors import setting
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User
from gongkai.reports.records import answered_on, requests_counted
from gongkai.reports.scope import year_bounds
from gongkai.reports.selectors import unit_by_code
from gongkai.reports.services import report_year_check
from gongkai.workdays.calendar import days_after_provisional

from .data import published_in_year

PERIODS = ("month", "quarter")
QUARTER_NAMES = "一二三四"


@dataclass(frozen=True)
class Period:
    key: str  # "2025-03" or "2025-Q1"
    label: str  # "2025年3月" or "2025年第一季度"
    start: dt.date
    end: dt.date
    months: tuple[int, ...]


def periods(year: int, period: str) -> list[Period]:
    if period not in PERIODS:
        raise DomainError(f"统计周期“{period}”无效，应为 month（按月）或 quarter（按季度）。")
    out = []
    if period == "month":
        for m in range(1, 13):
            end = dt.date(year, 12, 31) if m == 12 else dt.date(year, m + 1, 1) - dt.timedelta(days=1)
            out.append(Period(f"{year}-{m:02d}", f"{year}年{m}月", dt.date(year, m, 1), end, (m,)))
        return out
    for q in range(4):
        first = 3 * q + 1
        end = dt.date(year, 12, 31) if q == 3 else dt.date(year, first + 3, 1) - dt.timedelta(days=1)
        out.append(Period(f"{year}-Q{q + 1}", f"{year}年第{QUARTER_NAMES[q]}季度", dt.date(year, first, 1), end,
                          (first, first + 1, first + 2)))
    return out


def _by_unit_month(queryset, date_field, **counts) -> dict[tuple[int, int], dict]:
    rows = (queryset.annotate(month=ExtractMonth(date_field)).order_by().values("unit_id", "month")
            .annotate(**counts))
    return {(row["unit_id"], row["month"]): row for row in rows}


def _reply_workdays(case: dict, pauses: list[dict], fee_counts: bool) -> int:
    start = case["supplement_received_on"] or case["received_on"]
    end = case["replied_on"] or case["closed_on"]
    stops = [(p["started_on"], p["ended_on"] or end) for p in pauses
             if p["kind"] != PauseKind.FEE or fee_counts]
    count = 0
    if end <= start:
        return 0
    for day, working, _assumed in days_after_provisional(start):
        if day > end:
            break
        if working and not any(a < day <= b for a, b in stops):
            count += 1
    return count


def _reply_times(unit_ids: list[int], year: int) -> dict[tuple[int, int], list[int]]:
    """Working days to reply of each request answered in ``year``, by (unit, month answered)."""
    start, end = year_bounds(year)
    cases = list(InfoRequest.objects.alias(answered_day=answered_on())
                 .filter(requests_counted(), unit_id__in=unit_ids, answered_day__gte=start, answered_day__lte=end)
                 .values("pk", "unit_id", "received_on", "supplement_received_on", "replied_on", "closed_on"))
    pauses: dict[int, list[dict]] = defaultdict(list)
    for pause in RequestPause.objects.filter(request_id__in=[c["pk"] for c in cases]).values(
            "request_id", "kind", "started_on", "ended_on"):
        pauses[pause["request_id"]].append(pause)
    fee_counts = bool(setting("GONGKAI_FEE_PAUSES_CLOCK"))
    out: dict[tuple[int, int], list[int]] = defaultdict(list)
    for case in cases:
        answered = case["replied_on"] or case["closed_on"]
        out[(case["unit_id"], answered.month)].append(_reply_workdays(case, pauses[case["pk"]], fee_counts))
    return out


def _overdue(unit_ids: list[int], spans: list[Period], today: dt.date) -> dict[tuple[int, str], int]:
    counts = {}
    for p in spans:
        if p.start > today:
            continue
        at = min(p.end, today)
        counts[p.key] = Count("pk", filter=Q(received_on__lte=at, due_date__lt=at)
                              & (Q(answered_day__isnull=True) | Q(answered_day__gt=at)))
    if not counts:
        return {}
    rows = (InfoRequest.objects.alias(answered_day=answered_on()).filter(requests_counted(), unit_id__in=unit_ids)
            .order_by().values("unit_id").annotate(**counts))
    return {(row["unit_id"], key): row[key] for row in rows for key in counts}


def period_statistics(*, units: list[Unit], year: int, period: str = "month",
                      today: dt.date | None = None) -> list[dict]:
    """One row per unit (in the order given) and period (in order) of ``year``."""
    spans = periods(year, period)
    today = today or timezone.localdate()
    ids = [u.pk for u in units]
    start, end = year_bounds(year)
    items = _by_unit_month(
        Disclosure.objects.filter(published_in_year(year), unit_id__in=ids), "published_on",
        published=Count("pk"), with_due=Count("pk", filter=Q(publish_due__isnull=False)),
        on_time=Count("pk", filter=Q(publish_due__isnull=False, published_on__lte=F("publish_due"))),
    )
    counted = InfoRequest.objects.filter(requests_counted(), unit_id__in=ids)
    received = _by_unit_month(counted.filter(received_on__gte=start, received_on__lte=end), "received_on",
                              n=Count("pk"))
    answered = counted.alias(answered_day=answered_on()).filter(answered_day__gte=start, answered_day__lte=end)
    closed = _by_unit_month(answered, answered_on(), n=Count("pk"), n_on_time=Count("pk", filter=Q(on_time=True)),
                            n_late=Count("pk", filter=Q(on_time=False)))
    overdue = _overdue(ids, spans, today)
    times = _reply_times(ids, year)

    def total(table, unit_id, months, key):
        return sum(table.get((unit_id, m), {}).get(key, 0) for m in months)

    rows = []
    for unit in units:
        for p in spans:
            durations = [d for m in p.months for d in times.get((unit.pk, m), [])]
            rows.append({
                "unit": unit.code, "unit_name": unit.name, "period": p.key, "label": p.label,
                "start": p.start, "end": p.end,
                "items_published": total(items, unit.pk, p.months, "published"),
                "items_with_due": total(items, unit.pk, p.months, "with_due"),
                "items_on_time": total(items, unit.pk, p.months, "on_time"),
                "requests_received": total(received, unit.pk, p.months, "n"),
                "requests_closed": total(closed, unit.pk, p.months, "n"),
                "requests_closed_on_time": total(closed, unit.pk, p.months, "n_on_time"),
                "requests_closed_late": total(closed, unit.pk, p.months, "n_late"),
                "requests_overdue": overdue.get((unit.pk, p.key), 0) if p.start <= today else None,
                "median_reply_workdays": float(statistics.median(durations)) if durations else None,
            })
    return rows


def period_statistics_for(user: User, *, unit_code: str, year: int, period: str = "month", subtree: bool = False,
                          today: dt.date | None = None) -> list[dict]:
    """:func:`period_statistics` for a member of staff: the unit (``report.view``), and with ``subtree``
    each unit below it that the person may see, each with its own figures."""
    unit = unit_by_code(unit_code)
    access.require(user, "report.view", unit)
    report_year_check(year)
    units = [unit]
    if subtree:
        units = list(access.units_for(user, "report.view").filter(path__startswith=unit.path).order_by("path"))
    return period_statistics(units=units, year=year, period=period, today=today)
