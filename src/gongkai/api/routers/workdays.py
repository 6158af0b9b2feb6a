"""``/workdays/``: working-day arithmetic for clients (RULES.md §1). Mounted by the lead at /api/v1/workdays/."""

import datetime as dt

from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.workdays import calendar

router = Router(tags=["workdays"])

MAX_DAYS = 366


class AddOut(Schema):
    date: dt.date


class BetweenOut(Schema):
    days: int


@router.get("/add", response=AddOut, summary="起算日之后第 N 个工作日")
def workdays_add(request, start: dt.date, days: int):
    """The ``days``-th working day after ``start`` (``start`` not counted; ``days=0`` → ``start``).

    400 with a Chinese ``detail`` when ``days`` is outside 0–366 or the count runs into a year whose
    holidays are not known yet.
    """
    if not 0 <= days <= MAX_DAYS:
        raise HttpError(400, f"工作日数应在 0 到 {MAX_DAYS} 之间。")
    try:
        return {"date": calendar.add_workdays(start, days)}
    except calendar.UncoveredYear as exc:
        raise HttpError(400, exc.message) from exc


@router.get("/between", response=BetweenOut, summary="两个日期之间的工作日数")
def workdays_between(request, start: dt.date, end: dt.date):
    """The number of working days d with ``start < d <= end`` (0 when ``end <= start``).

    400 with a Chinese ``detail`` when a day in the range belongs to a year whose holidays are not known.
    """
    try:
        return {"days": calendar.workdays_between(start, end)}
    except calendar.UncoveredYear as exc:
        raise HttpError(400, exc.message) from exc
