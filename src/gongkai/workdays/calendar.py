"""Working-day arithmetic (RULES.md §1). Pure functions over a cached calendar.

A working day is Monday–Friday, minus the statutory holidays, plus the make-up working days (调休上班日)
of each year's State Council notice. For one date the answer comes from, in order:

1. a :class:`~gongkai.workdays.models.CalendarDay` row (entered by the coordinator; it always wins, so
   a wrong package day can be corrected);
2. the ``chinesecalendar`` package, when it knows the year;
3. Monday–Friday, when a :class:`~gongkai.workdays.models.CalendarYear` row says the year was entered;
4. otherwise the year is *uncovered* and :class:`UncoveredYear` is raised. The calendar never guesses;
   only :func:`add_workdays_provisional` counts an uncovered year Monday–Friday, and says so.

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
from django.core.cache import cache

from gongkai.core.errors import DomainError

VERSION_KEY = "workdays:version"
SOURCE_OVERRIDE = "override"
SOURCE_PACKAGE = "chinesecalendar"

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
    """Whether the installed ``chinesecalendar`` knows the year's holidays."""
    return _PACKAGE_FIRST <= year <= _PACKAGE_LAST


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
        """(is it a working day, was it counted Monday–Friday because the year is uncovered)."""
        data = self.year(d.year)
        if data.covered:
            return data.days.get(d, d.weekday() < 5), False
        if provisional:
            return d.weekday() < 5, True
        raise UncoveredYear(d.year)


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
    result, _ = _add(start, n, provisional=False)
    return result


def add_workdays_provisional(start: date, n: int) -> tuple[date, bool]:
    """Like :func:`add_workdays`, but never refuses: days of an uncovered year count Monday–Friday.

    Returns ``(date, provisional)``; ``provisional`` is True when at least one day of the count fell in an
    uncovered year, so the date must be shown as provisional and recomputed once the year is entered
    (RULES.md §1).
    """
    return _add(start, n, provisional=True)


def _add(start: date, n: int, *, provisional: bool) -> tuple[date, bool]:
    start = _check_date(start)
    if n < 0:
        raise ValueError("n must be >= 0")
    lookup = _Lookup()
    day, remaining, guessed = start, n, False
    while remaining:
        day += _ONE_DAY
        working, assumed = lookup.is_workday(day, provisional=provisional)
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

    Never refuses: a day of a year no source covers counts Monday–Friday and ``assumed`` is True, so the
    caller must mark what it derives as provisional (RULES.md §1). The whole walk shares one version check,
    so a caller that looks at many days (the request clock, ``gongkai.foi.clock``) pays one cache read, not
    one a day.
    """
    start = _check_date(start)  # here, not on the first ``next()``
    lookup = _Lookup()

    def walk():
        day = start
        while True:
            day += _ONE_DAY
            working, assumed = lookup.is_workday(day, provisional=True)
            yield day, working, assumed

    return walk()
