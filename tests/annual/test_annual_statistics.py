"""Monthly and quarterly figures per unit: items published and on time (Art. 26), requests received,
closed, on time and overdue, and the median working days to reply without paused time."""

import datetime as dt

import pytest
from annual_records import YEAR
from report_factories import InfoRequestFactory

from gongkai.annual.statistics import period_statistics, period_statistics_for, periods
from gongkai.core.errors import AccessDenied, DomainError
from gongkai.foi.models import RequestPause

D = dt.date


def by_period(rows, unit="DEPT-A"):
    return {row["period"]: row for row in rows if row["unit"] == unit}


def test_periods():
    months = periods(2024, "month")
    assert [p.key for p in months][:3] == ["2024-01", "2024-02", "2024-03"] and months[1].end == D(2024, 2, 29)
    quarters = periods(2024, "quarter")
    assert [(q.label, q.start, q.end) for q in quarters][3] == ("2024年第四季度", D(2024, 10, 1), D(2024, 12, 31))
    with pytest.raises(DomainError):
        periods(2024, "week")


def test_monthly_rows(records, units, django_assert_max_num_queries):
    b = units["b"]
    paused = InfoRequestFactory(unit=b, received_on=D(2024, 3, 4), replied_on=D(2024, 3, 25), closed_on=D(2024, 3, 26))
    RequestPause.objects.create(request=paused, kind="third_party", started_on=D(2024, 3, 10), ended_on=D(2024, 3, 15))
    InfoRequestFactory(unit=b, received_on=D(2024, 3, 4), replied_on=D(2024, 3, 20), closed_on=D(2024, 3, 20))
    InfoRequestFactory(unit=b, received_on=D(2024, 3, 4), supplement_received_on=D(2024, 3, 11),
                       replied_on=D(2024, 3, 29), closed_on=D(2024, 3, 29), on_time=False)
    InfoRequestFactory(unit=b, received_on=D(2024, 8, 1), due_date=D(2024, 8, 29))  # open, overdue from August

    with django_assert_max_num_queries(8):  # six, plus the calendar's two years (cached afterwards)
        rows = period_statistics(units=[records, b], year=YEAR, period="month", today=D(2025, 6, 1))
    assert len(rows) == 24
    a = by_period(rows)
    assert (a["2024-01"]["items_published"], a["2024-01"]["items_with_due"], a["2024-01"]["items_on_time"]) == (1, 1, 1)
    assert (a["2024-03"]["items_published"], a["2024-03"]["items_with_due"]) == (1, 0)  # the normative document
    assert (a["2024-04"]["items_published"], a["2024-04"]["items_on_time"]) == (2, 2)
    assert (a["2024-10"]["items_published"], a["2024-10"]["items_on_time"]) == (1, 0)  # due 1 October, out on the 15th
    assert a["2024-03"]["requests_received"] == 7 and a["2024-12"]["requests_received"] == 2
    assert a["2024-03"]["requests_closed"] == 7 and a["2024-03"]["requests_closed_on_time"] == 7
    # 2023-12-20 → 2024-01-10: New Year's Day is a holiday (14 working days);
    # 2024-02-01 → 02-20: the Spring Festival holiday, with the make-up Sundays 4 and 18 February (10)
    assert a["2024-01"]["median_reply_workdays"] == 14
    assert a["2024-02"]["median_reply_workdays"] == 10
    assert a["2024-05"]["median_reply_workdays"] is None

    b_rows = by_period(rows, "DEPT-B")
    # 15 working days less 5 paused; 12; 14 counted from the supplemented application → median 12
    assert b_rows["2024-03"]["median_reply_workdays"] == 12
    assert b_rows["2024-03"]["requests_closed_late"] == 1
    assert [b_rows[f"2024-{m:02d}"]["requests_overdue"] for m in (7, 8, 9, 12)] == [0, 1, 1, 1]


def test_quarterly_rows_and_the_running_period(records):
    rows = by_period(period_statistics(units=[records], year=YEAR, period="quarter", today=D(2024, 5, 10)))
    assert rows["2024-Q1"]["requests_received"] == 8 and rows["2024-Q1"]["requests_closed"] == 9
    assert rows["2024-Q1"]["items_published"] == 3
    assert rows["2024-Q2"]["requests_overdue"] == 0  # counted as of today
    assert rows["2024-Q3"]["requests_overdue"] is None  # not begun


def test_access(records, staff, units):
    rows = period_statistics_for(staff["coord"], unit_code="GOV", year=YEAR, period="quarter", subtree=True)
    assert {row["unit"] for row in rows} == {"GOV", "DEPT-A", "DEPT-B"} and len(rows) == 12
    with pytest.raises(AccessDenied):
        period_statistics_for(staff["op_b"], unit_code="DEPT-A", year=YEAR)


def test_a_reply_counts_in_the_month_it_is_issued_not_delivered(units):
    b = units["b"]
    # issued on 30 December, delivered on 4 January
    InfoRequestFactory(unit=b, received_on=D(2025, 12, 1), replied_on=D(2025, 12, 30), closed_on=D(2026, 1, 4),
                       due_date=D(2025, 12, 29), on_time=False)

    rows = by_period(period_statistics(units=[b], year=2025, period="month", today=D(2026, 2, 1)), "DEPT-B")
    following = by_period(period_statistics(units=[b], year=2026, period="month", today=D(2026, 2, 1)), "DEPT-B")

    assert rows["2025-12"]["requests_closed"] == 1 and rows["2025-12"]["requests_closed_late"] == 1
    assert rows["2025-12"]["median_reply_workdays"] is not None
    assert following["2026-01"]["requests_closed"] == 0
    # a reply issued is no longer overdue while it is on its way
    assert rows["2025-12"]["requests_overdue"] == 0 and following["2026-01"]["requests_overdue"] == 0
