"""Every change to the entered working-day calendar (RULES.md §1)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from gongkai.core.errors import AccessDenied, DomainError

from . import calendar
from .models import CalendarDay, CalendarEvent, CalendarYear

logger = logging.getLogger(__name__)

FIRST_YEAR, LAST_YEAR = 2000, 2099
NAME_MAX = CalendarDay._meta.get_field("name").max_length
NOTICE_MAX = CalendarYear._meta.get_field("notice").max_length
WEEKDAYS = "一二三四五六日"

CalendarListener = Callable[[int], None]
_listeners: list[CalendarListener] = []


def on_calendar_changed(callback: CalendarListener) -> CalendarListener:
    """Register ``callback(year)``, called after a year's entry is committed (e.g. to recompute
    provisional due dates). Registering the same callable twice has no effect. Usable as a decorator; put
    it in the app's ``services`` module, which is imported before the listeners are called.

    Callbacks run after the calendar cache was invalidated, so they see the new calendar. An exception in
    one callback is logged and does not stop the others.
    """
    if callback not in _listeners:
        _listeners.append(callback)
    return callback


def can_enter_calendar(user) -> bool:
    """Only IT admins (superusers) and the coordinator (协调办) may enter the calendar."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or user.memberships.filter(role="coordinator").exists()


def validate_entry(
    *, year: int, holidays: list[tuple[date, str]], makeup_workdays: list[tuple[date, str]],
) -> None:
    """Raise :class:`DomainError` (Chinese message) unless the days make a sensible year entry.

    Rules: the year is in range; at least one holiday; every date is in that year and listed once; no
    date is both a holiday and a make-up day; a make-up working day is a day that would otherwise be off
    (a weekend, or a day ``chinesecalendar`` has as a holiday, which the entry then corrects). A holiday
    may fall on a weekend: the notices list whole periods (春节 8 days, weekends included).
    """
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise DomainError(f"年份“{year}”无效，应在 {FIRST_YEAR}—{LAST_YEAR} 之间。")
    if not holidays:
        raise DomainError(f"请至少录入一个节假日（{year} 年通知中的放假日期）。")
    seen: dict[date, str] = {}
    for kind, days in (("节假日", holidays), ("调休上班日", makeup_workdays)):
        for d, name in days:
            if d.year != year:
                raise DomainError(f"{kind} {d.isoformat()} 不在 {year} 年内。")
            if d in seen:
                if seen[d] != kind:
                    raise DomainError(f"{d.isoformat()} 不能既是节假日又是调休上班日。")
                raise DomainError(f"{kind} {d.isoformat()} 重复录入。")
            seen[d] = kind
            if len((name or "").strip()) > NAME_MAX:
                raise DomainError(f"{d.isoformat()} 的名称过长（最多 {NAME_MAX} 个字）。")
    for d, _name in makeup_workdays:
        off_in_package = calendar.package_covers(year) and d in calendar.chinese_calendar.holidays
        if d.weekday() < 5 and not off_in_package:
            raise DomainError(
                f"调休上班日 {d.isoformat()} 是星期{WEEKDAYS[d.weekday()]}，本来就是工作日；"
                "调休上班日应为周六或周日。"
            )


def _snapshot(cy: CalendarYear | None) -> dict | None:
    if cy is None:
        return None
    days = list(cy.days.order_by("date").values_list("date", "is_workday", "name"))
    return {
        "notice": cy.notice,
        "holidays": [[d.isoformat(), name] for d, working, name in days if not working],
        "makeup_workdays": [[d.isoformat(), name] for d, working, name in days if working],
    }


@transaction.atomic
def calendar_year_enter(
    *, year: int, holidays: list[tuple[date, str]], makeup_workdays: list[tuple[date, str]],
    notice: str = "", actor,
) -> CalendarYear:
    """Enter (or re-enter) one year's holiday arrangement from the State Council notice.

    Replaces all the year's entered days with ``holidays`` (days off) and ``makeup_workdays`` (调休上班),
    each a list of ``(date, name)``. From the commit on, the year is covered: unlisted days follow
    ``chinesecalendar`` if it knows the year, else Monday–Friday. Records a :class:`CalendarEvent` with
    before and after; on commit invalidates every process's calendar cache, then calls the listeners
    registered with :func:`on_calendar_changed`.

    Raises :class:`AccessDenied` unless ``actor`` is a superuser or holds the coordinator role, and
    :class:`DomainError` for invalid days (see :func:`validate_entry`).

    Do not count working days in the same transaction after calling this: the calendar is only
    invalidated on commit, so such a count may use the old data, or cache uncommitted data.
    """
    if not can_enter_calendar(actor):
        raise AccessDenied("只有协调办或系统管理员可以录入工作日历。")
    notice = (notice or "").strip()
    if len(notice) > NOTICE_MAX:
        raise DomainError(f"通知名称过长（最多 {NOTICE_MAX} 个字）。")
    validate_entry(year=year, holidays=holidays, makeup_workdays=makeup_workdays)

    cy = CalendarYear.objects.select_for_update().filter(year=year).first()
    before = _snapshot(cy)
    if cy is None:
        cy = CalendarYear(year=year)
    cy.notice, cy.entered_by, cy.entered_at = notice, actor, timezone.now()
    cy.save()
    cy.days.all().delete()
    CalendarDay.objects.bulk_create(
        [CalendarDay(year=cy, date=d, is_workday=False, name=(name or "").strip() or "节假日")
         for d, name in holidays]
        + [CalendarDay(year=cy, date=d, is_workday=True, name=(name or "").strip() or "调休上班")
           for d, name in makeup_workdays]
    )
    after = _snapshot(cy)
    CalendarEvent.objects.create(
        year=cy, actor=actor, action="enter" if before is None else "update",
        data={"before": before, "after": after},
    )
    transaction.on_commit(partial(_calendar_changed, year))
    return cy


def _calendar_changed(year: int) -> None:
    # Invalidate first, so that listeners recomputing due dates read the new calendar.
    calendar.bump_version()
    # Apps register their listeners in their services module. A process may not have imported them all
    # (a management command never loads the URLconf that would): import every app's services module, as
    # the admin imports every admin module, so that every provisional date is recomputed.
    autodiscover_modules("services")
    for callback in list(_listeners):
        try:
            callback(year)
        except Exception:
            logger.exception("workdays: listener %r failed for year %s", callback, year)
