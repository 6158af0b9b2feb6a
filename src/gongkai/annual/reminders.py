"""Reminders of the annual report deadline (Art. 49), through :mod:`gongkai.notify`.

For the reports on ``year`` (by default last year: the ones due this year), every unit that has not
published gets, at each stage, one in-app message to each of its operators and approvers, and a text
message to the approvers with a mobile number from the last week on; once the deadline has passed, the
coordinators above the unit are told too. The stages, by days left before the unit's deadline
(:func:`gongkai.annual.deadlines.deadline_for`): 30, 7, the day itself, and overdue. A run sends the
stage the date falls in, so a missed run catches up with the current stage only.

Idempotent: every message has a dedupe key (unit, year, stage, person, channel), so running twice — or
from two schedulers at once — sends nothing twice.
"""

import datetime as dt
from collections import defaultdict

from django.db import transaction

from gongkai.notify.services import message_send
from gongkai.orgs.models import Membership, Role, Unit

from .deadlines import deadline_for
from .models import AnnualReport

STAGES: tuple[tuple[int, str], ...] = ((30, "due_30"), (7, "due_7"), (0, "due_today"))  # (days left ≤, stage)
SMS_STAGES = frozenset({"due_7", "due_today", "overdue"})


def stage_for(deadline: dt.date, today: dt.date) -> str | None:
    left = (deadline - today).days
    if left < 0:
        return "overdue"
    stage = None
    for days, name in STAGES:
        if left <= days:
            stage = name
    return stage


def _body(unit: Unit, year: int, deadline: dt.date, stage: str, today: dt.date) -> str:
    due = f"{deadline.month}月{deadline.day}日"
    if stage == "overdue":
        return (f"{unit.name}{year}年政府信息公开工作年度报告应于{deadline.year}年{due}前公布，目前仍未发布，已逾期。"
                "请尽快完成并发布（《政府信息公开条例》第四十九条）。")
    when = "今天是最后期限" if stage == "due_today" else f"距截止日期还有{(deadline - today).days}天"
    return (f"{unit.name}{year}年政府信息公开工作年度报告应于{deadline.year}年{due}前公布，{when}，"
            "尚未发布，请抓紧编写、校验并报负责领导发布。")


def report_reminders_send(*, today: dt.date, year: int | None = None) -> dict[str, int]:
    """Send the reminders due on ``today``; returns ``{"units": n, "sent": n, "skipped": n}`` (skipped:
    messages sent by an earlier run). Four queries, whatever the number of units."""
    year = year if year is not None else today.year - 1
    done = set(AnnualReport.objects.filter(year=year, first_published_on__isnull=False)
               .values_list("unit_id", flat=True))
    units = list(Unit.objects.order_by("path"))
    by_unit: dict[int, list[Membership]] = defaultdict(list)
    for m in (Membership.objects.filter(user__is_active=True, role__in=[Role.OPERATOR, Role.APPROVER, Role.COORDINATOR])
              .select_related("user", "unit").order_by("unit_id", "user_id", "role")):
        by_unit[m.unit_id].append(m)
    coordinators_of = {u.path: [m.user for m in by_unit[u.pk] if m.role == Role.COORDINATOR] for u in units}
    counts = {"units": 0, "sent": 0, "skipped": 0}
    with transaction.atomic():  # delivered once committed
        for unit in units:
            if unit.pk in done:
                continue
            deadline = deadline_for(unit.kind, year)
            stage = stage_for(deadline, today)
            if stage is None:
                continue
            counts["units"] += 1
            people = {m.user.pk: (m.user, m.role) for m in by_unit[unit.pk]
                      if m.role in (Role.OPERATOR, Role.APPROVER)}
            if stage == "overdue":
                for path, users in coordinators_of.items():
                    if unit.path.startswith(path):
                        people.update({u.pk: (u, Role.COORDINATOR) for u in users if u.pk not in people})
            body = _body(unit, year, deadline, stage, today)
            for user, role in people.values():
                sends = [("inapp", "")]
                if stage in SMS_STAGES and role != Role.OPERATOR and user.mobile:
                    sends.append(("sms", user.mobile))
                for channel, recipient in sends:
                    sent = message_send(
                        channel=channel, recipient=recipient, user=user, subject="年度报告发布提醒", body=body,
                        dedupe_key=f"annual:{unit.pk}:{year}:{stage}:{channel}:{user.pk}", related=unit,
                    )
                    counts["sent" if sent else "skipped"] += 1
    return counts
