"""The working-day calendar entered by hand (RULES.md §1).

The ``chinesecalendar`` package knows the State Council's holiday notices up to the year it was released.
When it lags (the notice for next year usually comes out in November), the coordinator enters the year
here. A :class:`CalendarYear` row makes its year *covered*: days it does not list follow Monday–Friday
(unless ``chinesecalendar`` knows the year too, in which case the package fills in the unlisted days).
A :class:`CalendarDay` always wins over the package, so a wrong package day can be corrected.

Rows are written only by :func:`gongkai.workdays.services.calendar_year_enter`, which also records a
:class:`CalendarEvent` and tells every process to drop its cached calendar.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.core.events import EventBase


class CalendarYear(models.Model):
    """One year's holiday arrangement, as published in the State Council notice."""

    year = models.PositiveSmallIntegerField("年份", unique=True)
    notice = models.CharField(
        "通知名称", max_length=200, blank=True,
        help_text="例如：《国务院办公厅关于2027年部分节假日安排的通知》",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )
    entered_at = models.DateTimeField("录入时间", default=timezone.now)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} 年节假日安排"


class CalendarDay(models.Model):
    """A day whose status differs from Monday–Friday: a holiday, or a make-up working day (调休上班)."""

    date = models.DateField("日期", unique=True)
    is_workday = models.BooleanField("是否上班", help_text="节假日不勾选；调休上班日勾选。")
    name = models.CharField("名称", max_length=40, blank=True, help_text="例如：春节、调休上班")
    year = models.ForeignKey(CalendarYear, verbose_name="所属年份", on_delete=models.CASCADE, related_name="days")

    class Meta:
        verbose_name = "节假日或调休日"
        verbose_name_plural = "节假日和调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        kind = "调休上班" if self.is_workday else "放假"
        return f"{self.date.isoformat()} {self.name or kind}"


class CalendarEvent(EventBase):
    """Append-only history of the calendar: every entry or correction of a year, with before and after."""

    # PROTECT: a year with history cannot be deleted out from under its events.
    year = models.ForeignKey(CalendarYear, verbose_name="年份", on_delete=models.PROTECT, related_name="events")

    class Meta(EventBase.Meta):
        verbose_name = "工作日历记录"
        verbose_name_plural = "工作日历记录"
