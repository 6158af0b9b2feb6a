"""Working-day arithmetic against the real 2025 and 2026 State Council holiday notices (RULES.md §1)."""

from datetime import date, datetime, timedelta

import chinese_calendar
import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.workdays import calendar
from gongkai.workdays.calendar import (
    UncoveredYear,
    add_workdays,
    add_workdays_provisional,
    covered,
    is_workday,
    workdays_between,
)
from gongkai.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def span(first: str, last: str) -> list[date]:
    a, b = D(first), D(last)
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# The four holiday periods of the brief: (holidays, make-up working days). Checked against the package
# below before anything is asserted about our own functions.
PERIODS = {
    "2025 春节": (span("2025-01-28", "2025-02-04"), [D("2025-01-26"), D("2025-02-08")]),
    "2025 国庆中秋": (span("2025-10-01", "2025-10-08"), [D("2025-09-28"), D("2025-10-11")]),
    "2026 春节": (span("2026-02-15", "2026-02-23"), [D("2026-02-14"), D("2026-02-28")]),
    "2026 国庆": (span("2026-10-01", "2026-10-07"), [D("2026-09-20"), D("2026-10-10")]),
}


@pytest.mark.parametrize("period", PERIODS)
def test_the_package_agrees_with_the_notices(period):
    holidays, makeups = PERIODS[period]
    for d in holidays:
        assert chinese_calendar.get_holiday_detail(d)[0] is True, d
        assert not chinese_calendar.is_workday(d), d
    for d in makeups:
        assert d.weekday() >= 5, d
        assert chinese_calendar.is_workday(d), d
    # The first day after each period is a working day.
    assert chinese_calendar.is_workday(holidays[-1] + timedelta(days=1))
    # 2026: the Mid-Autumn Festival is a separate period, Fri 25 – Sun 27 September.
    assert [chinese_calendar.is_workday(d) for d in span("2026-09-25", "2026-09-27")] == [False] * 3


@pytest.mark.parametrize("period", PERIODS)
def test_is_workday_in_the_periods(period):
    holidays, makeups = PERIODS[period]
    assert not any(is_workday(d) for d in holidays)
    assert all(is_workday(d) for d in makeups)


def test_is_workday_matches_the_package_on_every_covered_day():
    day = date(2004, 1, 1)
    while day.year <= 2026:
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_ordinary_weeks():
    assert is_workday(D("2025-03-03"))  # Monday
    assert is_workday(D("2025-03-07"))  # Friday
    assert not is_workday(D("2025-03-08"))  # Saturday
    assert not is_workday(D("2025-03-09"))  # Sunday


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # 2025 Spring Festival: off Tue 28 Jan – Tue 4 Feb; work Sun 26 Jan and Sat 8 Feb.
        ("2025-01-24", 1, "2025-01-26"),  # Fri → the make-up Sunday
        ("2025-01-24", 2, "2025-01-27"),
        ("2025-01-24", 3, "2025-02-05"),  # the whole holiday skipped
        ("2025-01-24", 6, "2025-02-08"),  # the make-up Saturday counts
        ("2025-01-24", 7, "2025-02-10"),  # Sun 9 Feb does not
        ("2025-01-27", 1, "2025-02-05"),
        ("2025-01-30", 1, "2025-02-05"),  # starting inside the holiday
        ("2025-01-20", 20, "2025-02-21"),
        # 2025 National Day + Mid-Autumn: off 1–8 Oct; work Sun 28 Sep and Sat 11 Oct.
        ("2025-09-26", 1, "2025-09-28"),
        ("2025-09-26", 3, "2025-09-30"),
        ("2025-09-26", 4, "2025-10-09"),
        ("2025-09-26", 6, "2025-10-11"),
        ("2025-09-26", 7, "2025-10-13"),
        ("2025-09-30", 20, "2025-11-04"),
        # 2026 Spring Festival: off Sun 15 – Mon 23 Feb; work Sat 14 and Sat 28 Feb.
        ("2026-02-13", 1, "2026-02-14"),
        ("2026-02-13", 2, "2026-02-24"),
        ("2026-02-13", 6, "2026-02-28"),
        ("2026-02-13", 7, "2026-03-02"),
        # 2026 Mid-Autumn (off Fri 25 – Sun 27 Sep) and National Day (off 1–7 Oct; work Sun 20 Sep, Sat 10 Oct).
        ("2026-09-18", 1, "2026-09-20"),
        ("2026-09-18", 5, "2026-09-24"),
        ("2026-09-18", 6, "2026-09-28"),
        ("2026-09-18", 8, "2026-09-30"),
        ("2026-09-18", 9, "2026-10-08"),
        ("2026-09-18", 11, "2026-10-10"),
        ("2026-09-18", 12, "2026-10-12"),
        ("2026-09-30", 20, "2026-11-03"),  # a request received on 30 September: Art. 33 deadline
        # Across New Year: 2026 New Year off Thu 1 – Sat 3 Jan, work Sun 4 Jan.
        ("2025-12-31", 1, "2026-01-04"),
        ("2025-12-31", 3, "2026-01-06"),
        ("2026-12-01", 10, "2026-12-15"),
        ("2026-12-30", 1, "2026-12-31"),
    ],
)
def test_add_workdays(start, n, expected):
    assert add_workdays(D(start), n) == D(expected)
    assert workdays_between(D(start), D(expected)) == n


@pytest.mark.parametrize("start", ["2025-01-24", "2025-02-01", "2026-10-03", "2099-06-01", "1999-01-01"])
def test_add_zero_is_the_start_even_on_a_holiday_or_in_an_uncovered_year(start):
    assert add_workdays(D(start), 0) == D(start)
    assert add_workdays_provisional(D(start), 0) == (D(start), False)


def test_add_negative_or_datetime_is_a_programming_error():
    with pytest.raises(ValueError):
        add_workdays(D("2026-01-05"), -1)
    with pytest.raises(TypeError):
        add_workdays(datetime(2026, 1, 5, 9, 0), 1)  # noqa: DTZ001
    with pytest.raises(TypeError):
        is_workday("2026-01-05")


def test_workdays_between():
    assert workdays_between(D("2025-01-24"), D("2025-02-10")) == 7
    assert workdays_between(D("2025-01-27"), D("2025-02-04")) == 0  # the whole holiday
    assert workdays_between(D("2025-01-27"), D("2025-02-05")) == 1
    assert workdays_between(D("2026-03-02"), D("2026-03-02")) == 0
    assert workdays_between(D("2026-03-06"), D("2026-03-02")) == 0  # b before a
    assert workdays_between(D("2024-12-31"), D("2025-12-31")) == 248
    assert workdays_between(D("2025-12-31"), D("2026-12-31")) == 248
    # The start day itself is never counted, the end day is.
    assert workdays_between(D("2026-03-02"), D("2026-03-03")) == 1


def test_workdays_between_matches_the_package_over_whole_years():
    for year in (2024, 2025, 2026):
        expected = len(chinese_calendar.get_workdays(date(year, 1, 1), date(year, 12, 31)))
        assert workdays_between(date(year - 1, 12, 31), date(year, 12, 31)) == expected


def test_an_uncovered_year_is_an_error_never_a_guess():
    assert chinese_calendar.holidays  # no chinesecalendar release will know 2099
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(2099, 1, 5))
    assert covered(2026) and covered(2004)
    assert not covered(2099) and not covered(2003)
    assert calendar.sources(2026) == ("chinesecalendar",)
    assert calendar.sources(2099) == ()

    with pytest.raises(UncoveredYear) as info:
        is_workday(date(2099, 1, 5))  # a Monday: still not guessed
    assert info.value.year == 2099
    assert info.value.message == "2099 年的节假日安排尚未录入工作日历，请协调办按国务院办公厅通知录入后再计算。"
    assert info.value.status_code == 400

    # The start day is not counted, so it is not looked up: 1 January 2099 is the first day needed.
    with pytest.raises(UncoveredYear) as info:
        add_workdays(D("2098-12-31"), 1)
    assert info.value.year == 2099
    with pytest.raises(UncoveredYear) as info:
        add_workdays(D("2003-12-01"), 1)
    assert info.value.year == 2003


def test_a_count_from_a_covered_year_stops_at_the_uncovered_one(year_2098):
    # December 2098 (entered, Monday–Friday): after Sun 21 Dec, 22–26 and 29–31 are 8 working days.
    assert add_workdays(D("2098-12-21"), 8) == D("2098-12-31")
    with pytest.raises(UncoveredYear) as info:
        add_workdays(D("2098-12-21"), 9)  # needs Thu 1 January 2099
    assert info.value.year == 2099
    with pytest.raises(UncoveredYear):
        add_workdays(D("2098-12-21"), 20)
    with pytest.raises(UncoveredYear):
        workdays_between(D("2098-12-01"), D("2099-01-10"))
    assert workdays_between(D("2098-12-21"), D("2098-12-31")) == 8


def test_the_year_after_the_package_is_uncovered():
    """Whatever release is installed: the year after its last one is refused, not guessed."""
    last = max(d.year for d in chinese_calendar.holidays)
    assert 2026 <= last < 2099, "the other tests assume 2025–2026 known and 2098–2099 unknown"
    assert covered(last) and calendar.sources(last) == ("chinesecalendar",)
    assert not covered(last + 1) and calendar.sources(last + 1) == ()
    with pytest.raises(UncoveredYear) as info:
        add_workdays(date(last, 12, 31), 1)
    assert info.value.year == last + 1
    with pytest.raises(UncoveredYear) as info:
        workdays_between(date(last, 12, 1), date(last + 1, 1, 10))
    assert info.value.year == last + 1


def test_provisional_counting_runs_into_an_uncovered_year_by_the_holiday_law(year_2098):
    # Sunday 21 December 2098: eight working days left in (entered) 2098, then 2099 counted Monday–Friday
    # minus the statutory holidays: Thu 1 January is 元旦; Fri 2 (9), Mon 5 – Fri 9 (10–14), Mon 12 – Fri 16
    # (15–19), Mon 19 January (20) — 春节 2099 starts with 除夕 on Tue 20 January.
    assert add_workdays_provisional(D("2098-12-21"), 8) == (D("2098-12-31"), False)
    assert add_workdays_provisional(D("2098-12-21"), 9) == (D("2099-01-02"), True)
    assert add_workdays_provisional(D("2098-12-21"), 20) == (D("2099-01-19"), True)
    # …and over 春节 (Tue 20 – Fri 23 January, all weekdays, so no compensatory day): Mon 26 January.
    assert add_workdays_provisional(D("2098-12-21"), 21) == (D("2099-01-26"), True)
    # Inside covered years it is the ordinary count, not provisional.
    assert add_workdays_provisional(D("2026-09-30"), 20) == (D("2026-11-03"), False)
    assert add_workdays_provisional(D("2025-01-24"), 7) == (D("2025-02-10"), False)
    # Wholly in an uncovered year: Friday 6 March 2099 → Monday 9 March.
    assert add_workdays_provisional(D("2099-03-06"), 1) == (D("2099-03-09"), True)


def test_the_override_table_covers_a_year_and_wins_over_the_package():
    cy = CalendarYear.objects.create(year=2099)
    CalendarDay.objects.create(year=cy, date=D("2099-01-01"), is_workday=False, name="元旦")
    CalendarDay.objects.create(year=cy, date=D("2099-02-28"), is_workday=True, name="春节调休")
    fix = CalendarYear.objects.create(year=2026)
    CalendarDay.objects.create(year=fix, date=D("2026-12-31"), is_workday=False, name="更正")
    CalendarDay.objects.create(year=fix, date=D("2026-10-02"), is_workday=True, name="更正")
    calendar.bump_version()

    assert covered(2099)
    assert calendar.sources(2099) == ("override",)
    assert calendar.sources(2026) == ("override", "chinesecalendar")
    assert not is_workday(D("2099-01-01"))  # Thursday, listed off
    assert is_workday(D("2099-01-02"))  # unlisted Friday
    assert is_workday(D("2099-02-28"))  # Saturday, make-up day
    assert not is_workday(D("2099-03-01"))  # unlisted Sunday
    assert is_workday(D("2099-03-02"))  # unlisted Monday
    # The corrected 2026 days; the package still answers for every day not listed.
    assert not is_workday(D("2026-12-31"))
    assert is_workday(D("2026-10-02"))
    assert not is_workday(D("2026-10-01"))
    assert is_workday(D("2026-10-10"))
    assert add_workdays(D("2026-12-29"), 1) == D("2026-12-30")
    assert workdays_between(D("2026-12-28"), D("2026-12-31")) == 2  # Tue 29, Wed 30; Thu 31 now off
    # Into the entered 2099: Fri 2 (1), Mon 5 – Fri 9 (2–6), Mon 12 – Thu 15 January (7–10). Final.
    assert add_workdays(D("2098-12-31"), 1) == D("2099-01-02")
    assert add_workdays_provisional(D("2098-12-31"), 10) == (D("2099-01-15"), False)


def test_a_year_costs_one_query_per_process_and_version(django_assert_num_queries):
    with django_assert_num_queries(1):
        assert add_workdays(D("2026-09-30"), 40) == D("2026-12-01")
    with django_assert_num_queries(0):
        add_workdays(D("2026-09-30"), 40)
        is_workday(D("2026-05-01"))
        covered(2026)
    with django_assert_num_queries(1):  # 2025 is new; 2026 already cached
        workdays_between(D("2025-11-20"), D("2026-01-20"))
    with django_assert_num_queries(1):  # uncovered years are cached too
        assert not covered(2099)
        assert not covered(2099)


def test_a_change_by_another_process_is_seen_through_the_shared_version(django_assert_num_queries):
    assert is_workday(D("2026-12-31"))
    cy = CalendarYear.objects.create(year=2026)
    CalendarDay.objects.create(year=cy, date=D("2026-12-31"), is_workday=False, name="更正")
    assert is_workday(D("2026-12-31"))  # this process still holds the old data: no query
    # Another process bumps the shared version (services do it on commit).
    cache.set(calendar.VERSION_KEY, "from-another-process", timeout=None)
    with django_assert_num_queries(1):
        assert not is_workday(D("2026-12-31"))


def test_a_lost_version_key_means_reload():
    assert is_workday(D("2026-12-31"))
    cy = CalendarYear.objects.create(year=2026)
    CalendarDay.objects.create(year=cy, date=D("2026-12-31"), is_workday=False, name="更正")
    cache.delete(calendar.VERSION_KEY)  # evicted, or the cache server restarted
    assert not is_workday(D("2026-12-31"))


def test_add_workdays_over_forty_days_reads_the_database_once(django_assert_max_num_queries):
    add_workdays(D("2026-01-05"), 40)  # load the year
    with django_assert_max_num_queries(0):
        for _ in range(100):
            add_workdays(D("2026-01-05"), 40)


# --- properties ----------------------------------------------------------------------------------------

starts = st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 9, 30))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=starts, n=st.integers(min_value=0, max_value=60))
def test_between_inverts_add(start, n):
    end = add_workdays(start, n)
    assert workdays_between(start, end) == n
    if n > 0:
        assert is_workday(end)
        assert end > start
        # The day before the n-th working day still counts n - 1.
        assert workdays_between(start, end - timedelta(days=1)) == n - 1
    assert add_workdays_provisional(start, n) == (end, False)


@settings(max_examples=200, deadline=None)
@given(a=starts, b=starts)
def test_between_is_additive(a, b):
    lo, hi = min(a, b), max(a, b)
    mid = lo + (hi - lo) / 2
    assert workdays_between(lo, hi) == workdays_between(lo, mid) + workdays_between(mid, hi)
    assert workdays_between(hi, lo) == 0 or lo == hi
