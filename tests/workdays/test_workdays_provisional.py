"""Years no notice covers yet: provisional counting from the holiday law, the earliest date the notice could
produce, and what entering the year changes (RULES.md §1).

2027 is made uncovered by the ``uncovered_2027`` fixture whatever chinesecalendar release is installed.
Its statutory holidays (tests/workdays/test_workdays_holidays.py): 元旦 Fri 1 January; 春节 除夕 Fri 5 –
初三 Mon 8 February, compensatory days Tue 9, Wed 10; 劳动节 Sat 1, Sun 2 May, compensatory Mon 3, Tue 4;
国庆节 Fri 1 – Sun 3 October, compensatory Mon 4, Tue 5.
"""

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.workdays import calendar
from gongkai.workdays.calendar import (
    UncoveredYear,
    add_workdays,
    add_workdays_earliest,
    add_workdays_provisional,
    days_after_earliest,
)
from gongkai.workdays.services import calendar_year_enter, on_calendar_changed

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def monday_to_friday(start: date, n: int) -> date:
    day = start
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return day


@pytest.mark.usefixtures("uncovered_2027")
@pytest.mark.parametrize("holiday, start, expected, plain", [
    # from Thu 31 Dec 2026: 元旦 Fri 1 Jan off; 4–8 (5), 11–15 (10), 18–22 (15), 25–29 January (20)
    ("元旦", "2026-12-31", "2027-01-29", "2027-01-28"),
    # from Thu 4 Feb: 除夕 Fri 5, 初三 Mon 8, compensatory Tue 9 and Wed 10 off; Thu 11, Fri 12 (2),
    # 15–19 (7), 22–26 (12), 1–5 March (17), 8, 9, 10 March (20)
    ("春节", "2027-02-04", "2027-03-10", "2027-03-04"),
    # from Fri 30 Apr: 劳动节 Sat 1, Sun 2 May, compensatory Mon 3, Tue 4 off; 5–7 (3), 10–14 (8),
    # 17–21 (13), 24–28 (18), Mon 31 May, Tue 1 June (20)
    ("劳动节", "2027-04-30", "2027-06-01", "2027-05-28"),
    # from Thu 30 Sep: 国庆节 Fri 1 October off, compensatory Mon 4, Tue 5; 6–8 (3), 11–15 (8), 18–22 (13),
    # 25–29 (18), Mon 1, Tue 2 November (20)
    ("国庆节", "2027-09-30", "2027-11-02", "2027-10-28"),
])
def test_twenty_working_days_over_each_holiday_of_2027(holiday, start, expected, plain):
    assert add_workdays_provisional(D(start), 20) == (D(expected), True)
    assert monday_to_friday(D(start), 20) == D(plain)  # what the plain Monday–Friday count said
    with pytest.raises(UncoveredYear):
        add_workdays(D(start), 20)


@pytest.mark.usefixtures("uncovered_2027")
def test_the_earliest_date_the_notice_could_produce():
    # 春节: only the statutory days stay off (Fri 5, Mon 8); the compensatory days may go elsewhere and every
    # weekend from 24 January to 20 February may become a make-up day. From Thu 4 February: Tue 9 (1),
    # Wed 10 (2), 11, 12 (4), Sat 13, Sun 14 (6), 15–19 (11), Sat 20 (12), 22–26 (17), 1, 2, 3 March (20).
    assert add_workdays_earliest(D("2027-02-04"), 20) == (D("2027-03-03"), True)
    # 元旦: the weekend before it is still 2026 (covered), but the 2027 notice could make it a make-up
    # weekend: from Thu 24 Dec 2026, Fri 25 (1), Sat 26, Sun 27 (3), 28–31 (7), Sat 2, Sun 3 Jan (9), 4–8 (14)
    assert add_workdays_earliest(D("2026-12-24"), 14) == (D("2027-01-08"), True)
    assert add_workdays_provisional(D("2026-12-24"), 14) == (D("2027-01-14"), True)
    # A count inside a covered year is the ordinary one, and not assumed.
    assert add_workdays_earliest(D("2026-09-30"), 20) == (D("2026-11-03"), False)
    walk = days_after_earliest(D("2027-02-04"))
    assert [next(walk)[:2] for _ in range(5)] == [
        (D("2027-02-05"), False), (D("2027-02-06"), False), (D("2027-02-07"), False), (D("2027-02-08"), False),
        (D("2027-02-09"), True),
    ]


@pytest.mark.usefixtures("uncovered_2027")
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=st.dates(min_value=date(2026, 10, 1), max_value=date(2027, 12, 31)), n=st.integers(0, 45))
def test_the_earliest_date_is_never_later(start, n):
    earliest, _ = add_workdays_earliest(start, n)
    provisional, _ = add_workdays_provisional(start, n)
    assert start <= earliest <= provisional


def test_the_package_limit_makes_a_year_uncovered(settings):
    assert calendar.covered(2026) and calendar.year_status(2026) == calendar.STATUS_PACKAGE
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = 2025
    assert not calendar.covered(2026) and calendar.year_status(2026) == calendar.STATUS_PROVISIONAL
    assert calendar.sources(2026) == ()
    # Sat 10 Oct 2026 was a make-up day of the notice; counted provisionally it is a plain Saturday.
    assert add_workdays_provisional(D("2026-10-09"), 1) == (D("2026-10-12"), True)
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = None
    assert calendar.covered(2026) and add_workdays(D("2026-10-09"), 1) == D("2026-10-10")


# An invented 2027 arrangement in the usual form: 元旦 1–3 January; 春节 Fri 5 – Sat 13 February with make-up
# Sundays 31 January and 21 February; 劳动节 1–5 May with make-up Sunday 25 April; 国庆节 1–7 October with
# make-up Sunday 26 September and Saturday 9 October.
ENTRY_2027 = {
    "year": 2027,
    "holidays": [(D("2027-01-01") + timedelta(days=i), "元旦") for i in range(3)]
    + [(D("2027-02-05") + timedelta(days=i), "春节") for i in range(9)]
    + [(D("2027-05-01") + timedelta(days=i), "劳动节") for i in range(5)]
    + [(D("2027-10-01") + timedelta(days=i), "国庆节") for i in range(7)],
    "makeup_workdays": [(D("2027-01-31"), "春节调休"), (D("2027-02-21"), "春节调休"), (D("2027-04-25"), "劳动节调休"),
                        (D("2027-09-26"), "国庆节调休"), (D("2027-10-09"), "国庆节调休")],
    "notice": "《国务院办公厅关于2027年部分节假日安排的通知》（测试用）",
}


@pytest.mark.usefixtures("uncovered_2027")
def test_entering_2027_makes_the_dates_final_and_calls_the_listeners(superuser, django_capture_on_commit_callbacks):
    assert calendar.year_status(2027) == calendar.STATUS_PROVISIONAL
    before = add_workdays_provisional(D("2027-02-04"), 20)
    calls = []
    on_calendar_changed(calls.append)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(**ENTRY_2027, actor=superuser)
    assert calls == [2027]
    assert calendar.year_status(2027) == calendar.STATUS_ENTERED
    # from Thu 4 Feb: off 5–13; Sun 14 off; 15–19 (5), Sun 21 make-up (6), 22–26 (11), 1–5 March (16),
    # 8–11 March (20)
    after = add_workdays(D("2027-02-04"), 20)
    assert after == D("2027-03-11")
    assert before == (D("2027-03-10"), True)
    assert add_workdays_provisional(D("2027-02-04"), 20) == (after, False)
    assert add_workdays_earliest(D("2027-02-04"), 20) == (after, False)  # not before 3 March, as promised
