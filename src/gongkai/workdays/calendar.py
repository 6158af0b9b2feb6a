"""Working-day arithmetic (RULES.md §1). Pure functions over a cached calendar.

A working day is Monday–Friday, minus the statutory holidays, plus the make-up working days (调休上班日)
of each year's State Council notice. For one date the answer comes from, in order:

1. a :class:`~gongkai.workdays.models.CalendarDay` row (entered by the coordinator; it always wins, so
   a wrong package day can be corrected);
2. the ``chinesecalendar`` package, when it knows the year (up to ``GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR``
   when that setting is given);
3. Monday–Friday, when a :class:`~gongkai.workdays.models.CalendarYear` row says the year was entered;
4. otherwise the year is *uncovered* and :class:`UncoveredYear` is raised. The calendar never guesses
   silently: only the ``*_provisional`` functions count an uncovered year, and they say so. They count it
   Monday–Friday minus what 《全国年节及纪念日放假办法》 fixes in advance: the statutory holidays and the
   compensatory days off for those on a weekend (:func:`gongkai.workdays.holidays.provisional_days_off`).
   The ``*_earliest`` functions count only the statutory holidays off and every weekend day that the
   year's notice could make a make-up working day (:func:`gongkai.workdays.holidays.possible_makeup_days`)
   as working: the earliest date the notice could produce.

Counting (RULES.md §1): the start day is not counted; day 1 is the next working day.

Each process keeps the per-year data in memory. The data is tagged with a version token kept in Django's
cache (``workdays:version``); :func:`bump_version` (called by the services on commit) changes the token,
and every process reloads a year the next time it reads it. So a year costs at most one database query per
process per version.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from types import MappingProxyType

import chinese_calendar
from django.conf import settings
from django.core.cache import cache

from gongkai.core.errors import DomainError

from . import holidays

VERSION_KEY = "workdays:version"
SOURCE_OVERRIDE = "override"
SOURCE_PACKAGE = "chinesecalendar"
# Use chinesecalendar only up to this year (default: every year it knows); later years are uncovered unless
# entered. For a site that does not trust a package year, and for tests that need "next year" uncovered.
PACKAGE_LAST_YEAR_SETTING = "GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR"

# What a year's dates are, as shown to people (``year_status``).
STATUS_ENTERED = "entered"  # the coordinator entered the State Council notice
STATUS_PACKAGE = "chinesecalendar"  # the notice is in the chinesecalendar package
STATUS_PROVISIONAL = "provisional"  # no notice yet: counted from the holiday law, dates are provisional
STATUS_LABELS = {
    STATUS_ENTERED: "已录入",
    STATUS_PACKAGE: "已确定（chinesecalendar 软件包）",
    STATUS_PROVISIONAL: "暂定（按法定节假日推算）",
}

_ONE_DAY = timedelta(days=1)


class UncoveredYear(DomainError):
    """Neither the entered calendar nor ``chinesecalendar`` knows this year's holidays."""

    def __init__(self, year: int, message: str | None = None):
        super().__init__(
            message
            or f"{year} 年的节假日安排尚未录入工作日历，请协调办按国务院办公厅通知录入后再计算。"
        )
        self.year = year


# --- the package, read once ----------------------------------------------------------------------------

def _package_years() -> tuple[int, int]:
    # chinese_calendar validates a date against min/max of its holiday table on every call; reading the
    # tables once here makes a lookup a dict access.
    years = [d.year for d in chinese_calendar.holidays]
    return min(years), max(years)


_PACKAGE_FIRST, _PACKAGE_LAST = _package_years()


def package_covers(year: int) -> bool:
    """Whether the installed ``chinesecalendar`` knows the year's holidays (and the site uses that year)."""
    last = getattr(settings, PACKAGE_LAST_YEAR_SETTING, None)
    return _PACKAGE_FIRST <= year <= (_PACKAGE_LAST if last is None else min(_PACKAGE_LAST, int(last)))


def _package_exceptions(year: int) -> dict[date, bool]:
    """Days of the year whose status differs from, or is stated explicitly against, Monday–Friday."""
    days: dict[date, bool] = {}
    if package_covers(year):
        days.update((d, False) for d in chinese_calendar.holidays if d.year == year)
        days.update((d, True) for d in chinese_calendar.workdays if d.year == year)
    return days


# --- the per-process cache -----------------------------------------------------------------------------

@dataclass(frozen=True)
class _Year:
    year: int
    entered: bool  # a CalendarYear row exists
    package: bool  # chinesecalendar knows the year
    days: MappingProxyType  # date -> is_workday, package days overlaid with entered days

    @property
    def covered(self) -> bool:
        return self.entered or self.package


class _State:
    def __init__(self, version):
        self.version = version
        self.years: dict[int, _Year] = {}


_state = _State(None)
_lock = threading.Lock()


def bump_version() -> None:
    """Tell every process that the entered calendar changed. Call on commit (the services do)."""
    global _state
    # A fresh random token rather than a counter: if the key is evicted and re-created, no process can
    # mistake the new token for the one its data was loaded under.
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    with _lock:
        _state = _State(None)


def clear_cache() -> None:
    """Drop this process's cached calendar (tests; the next read reloads from the database)."""
    global _state
    with _lock:
        _state = _State(None)


def _current() -> _State:
    """The cache state for the current version; one cache read per public call."""
    global _state
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
        if version is None:
            # No working shared cache (DummyCache): changes by other processes could not be seen, so
            # keep nothing between calls.
            return _State(None)
    state = _state
    if state.version != version:
        with _lock:
            if _state.version != version:
                _state = _State(version)
            state = _state
    return state


def _load(year: int) -> _Year:
    # Imported here so that the module can be imported before the app registry is ready.
    from .models import CalendarYear

    # One query: the year row left-joined with its days (a year with no days yields one row of NULLs).
    rows = list(CalendarYear.objects.filter(year=year).values_list("days__date", "days__is_workday"))
    days = _package_exceptions(year)
    days.update((d, is_workday) for d, is_workday in rows if d is not None)
    return _Year(year=year, entered=bool(rows), package=package_covers(year), days=MappingProxyType(days))


def _year(state: _State, year: int) -> _Year:
    data = state.years.get(year)
    if data is None:
        data = state.years[year] = _load(year)
    return data


def _check_date(d) -> date:
    # A datetime would silently miss every dict key (datetime != date); which local day it means is the
    # caller's decision (timezone.localdate()).
    if isinstance(d, datetime) or not isinstance(d, date):
        raise TypeError(f"expected a datetime.date, got {type(d).__name__}")
    return d


class _Lookup:
    """Day-by-day lookups inside one public call: one version check, the current year's data at hand."""

    def __init__(self):
        self.state = _current()
        self.data: _Year | None = None

    def year(self, year: int) -> _Year:
        if self.data is None or self.data.year != year:
            self.data = _year(self.state, year)
        return self.data

    def is_workday(self, d: date, *, provisional: bool = False) -> tuple[bool, bool]:
        """(is it a working day, was it assumed because the year is uncovered).

        An uncovered year counts, when ``provisional``, Monday–Friday minus the statutory holidays and their
        compensatory days.
        """
        data = self.year(d.year)
        if data.covered:
            return data.days.get(d, d.weekday() < 5), False
        if provisional:
            return d.weekday() < 5 and d not in holidays.provisional_days_off(d.year), True
        raise UncoveredYear(d.year)

    def could_be_workday(self, d: date) -> tuple[bool, bool]:
        """(could it end up a working day once every notice is out, was that assumed).

        Monday–Friday minus the statutory holidays (compensatory days may fall after any deadline), plus the
        weekend days an uncovered year's notice could make make-up working days, including those in late
        December of the covered year before it (元旦).
        """
        data = self.year(d.year)
        if data.covered:
            stated = data.days.get(d)
            if stated is not None or d.weekday() < 5:
                return (d.weekday() < 5) if stated is None else stated, False
            if d.month == 12 and self._makeup_possible(d, d.year + 1):
                return True, True
            return False, False
        if d in holidays.statutory_holidays(d.year):
            return False, True
        if d.weekday() < 5:
            return True, True
        return self._makeup_possible(d, d.year) or (d.month == 12 and self._makeup_possible(d, d.year + 1)), True

    def _makeup_possible(self, d: date, year: int) -> bool:
        # _year() directly: looking at the next year must not displace the current year's data
        return d in holidays.possible_makeup_days(year) and not _year(self.state, year).covered


# --- the public functions ------------------------------------------------------------------------------

def is_workday(d: date) -> bool:
    """Whether ``d`` is a working day. Raises :class:`UncoveredYear` when no source knows its year."""
    return _Lookup().is_workday(_check_date(d))[0]


def covered(year: int) -> bool:
    """Whether the year's holidays are known (entered, or in ``chinesecalendar``)."""
    return _year(_current(), year).covered


def sources(year: int) -> tuple[str, ...]:
    """Which sources know the year: ``"override"`` (entered by hand) and/or ``"chinesecalendar"``."""
    data = _year(_current(), year)
    return tuple(name for name, on in ((SOURCE_OVERRIDE, data.entered), (SOURCE_PACKAGE, data.package)) if on)


def add_workdays(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``start`` itself is not counted; ``n=0`` → ``start``).

    Raises :class:`UncoveredYear` if the count runs into a year no source covers, and ``ValueError`` for a
    negative ``n``.
    """
    result, _ = _add(start, n, mode=_STRICT)
    return result


def add_workdays_provisional(start: date, n: int) -> tuple[date, bool]:
    """Like :func:`add_workdays`, but never refuses: days of an uncovered year count Monday–Friday minus
    the statutory holidays of 《全国年节及纪念日放假办法》 and their compensatory days
    (:func:`gongkai.workdays.holidays.provisional_days_off`).

    Returns ``(date, provisional)``; ``provisional`` is True when at least one day of the count fell in an
    uncovered year, so the date must be shown as provisional and recomputed once the year is entered
    (RULES.md §1). The year's notice may still move it: later (longer holiday periods), or earlier
    (make-up working weekends, compensatory days put elsewhere; :func:`add_workdays_earliest` says how early).
    """
    return _add(start, n, mode=_PROVISIONAL)


def add_workdays_earliest(start: date, n: int) -> tuple[date, bool]:
    """The earliest date the ``n``-th working day after ``start`` can turn out to be once the notices of the
    uncovered years are entered: the provisional count, with every weekend day that a notice could make a
    make-up working day (:func:`gongkai.workdays.holidays.possible_makeup_days`) counted as working.

    Returns ``(date, assumed)`` like :func:`add_workdays_provisional`; never later than its date, and equal
    to :func:`add_workdays` when every year counted is covered. Use it to remind people in time, never as
    the deadline itself.
    """
    return _add(start, n, mode=_EARLIEST)


_STRICT, _PROVISIONAL, _EARLIEST = "strict", "provisional", "earliest"


def _status(lookup: _Lookup, day: date, mode: str) -> tuple[bool, bool]:
    if mode == _EARLIEST:
        return lookup.could_be_workday(day)
    return lookup.is_workday(day, provisional=mode == _PROVISIONAL)


def _add(start: date, n: int, *, mode: str) -> tuple[date, bool]:
    start = _check_date(start)
    if n < 0:
        raise ValueError("n must be >= 0")
    lookup = _Lookup()
    day, remaining, guessed = start, n, False
    while remaining:
        day += _ONE_DAY
        working, assumed = _status(lookup, day, mode)
        guessed = guessed or assumed
        if working:
            remaining -= 1
    return day, guessed


def workdays_between(a: date, b: date) -> int:
    """The number of working days ``d`` with ``a < d <= b`` (0 when ``b <= a``).

    Inverse of :func:`add_workdays`: ``workdays_between(s, add_workdays(s, n)) == n``. Raises
    :class:`UncoveredYear` if a day in the range belongs to a year no source covers.
    """
    a, b = _check_date(a), _check_date(b)
    if b <= a:
        return 0
    lookup = _Lookup()
    count, day = 0, a
    while day < b:
        day += _ONE_DAY
        if lookup.is_workday(day)[0]:
            count += 1
    return count


def days_after_provisional(start: date):
    """Every day after ``start``, in order and without end, as ``(day, is_workday, assumed)``.

    Never refuses: a day of a year no source covers counts as in :func:`add_workdays_provisional` and
    ``assumed`` is True, so the caller must mark what it derives as provisional (RULES.md §1). The whole
    walk shares one version check, so a caller that looks at many days (the request clock,
    ``gongkai.foi.clock``) pays one cache read, not one a day.
    """
    return _walk(start, _PROVISIONAL)


def days_after_earliest(start: date):
    """Like :func:`days_after_provisional`, with the days as :func:`add_workdays_earliest` counts them: what
    the request clock walks to find the earliest date a provisional deadline could turn out to be."""
    return _walk(start, _EARLIEST)


def _walk(start: date, mode: str):
    start = _check_date(start)  # here, not on the first ``next()``
    lookup = _Lookup()

    def walk():
        day = start
        while True:
            day += _ONE_DAY
            working, assumed = _status(lookup, day, mode)
            yield day, working, assumed

    return walk()


def year_status(year: int) -> str:
    """``"entered"`` (the coordinator entered the notice), ``"chinesecalendar"`` (the package has it) or
    ``"provisional"`` (no notice yet: dates counted from the holiday law are provisional);
    :data:`STATUS_LABELS` has the words to show."""
    data = _year(_current(), year)
    if data.entered:
        return STATUS_ENTERED
    return STATUS_PACKAGE if data.package else STATUS_PROVISIONAL
