"""Deadline reminders of information requests, and notices to applicants, through :mod:`gongkai.notify`.

What is due on a working day ``today`` (RULES.md §2; the issue's "Reminders"):

* **Before a deadline** — to the handler (no handler: the unit's operators), when the 补正 deadline
  (``clarification_due``: no 补正 sent yet, case received or processing) or the reply deadline
  (``due_date``: clock running) is ``GONGKAI_REMIND_BEFORE`` working days ahead (default 5 and 2). Each
  threshold is a *stage*: the first run with at most 5 working days left sends the "5" reminder, the
  first with at most 2 left the "2" one, so a missed run catches up with the current stage only.
* **Overdue** (clock running, ``due_date`` before today) — every working day, to the handler (or the
  operators) and the unit's approvers; once overdue by ``GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER``
  working days (default 3) also to every coordinator of the unit or a unit above it.
* **Provisional dates** — when an open case has a date counted provisionally (Monday–Friday minus the
  statutory holidays) because its year is not in the calendar (RULES.md §1), the coordinators above its unit are told, once per year each, to enter
  that year. The reply-deadline reminders of such a case count down to the *earliest* date the year's
  notice could produce (``ClockResult.earliest_due``: make-up working weekends can only bring it
  forward), and say that the date is provisional and may come earlier; once that day has passed they
  count down to the provisional date itself.

Each person gets an in-app message, an SMS when their mobile is a mainland mobile number, and an e-mail
when they have an address. Staff texts name the case by its number only — nothing about the applicant.

Reminders go out on working days only: a run on a weekend or holiday sends nothing (a daily scheduler is
right; make-up working Saturdays are then covered). A paused case (consultation or fee window still
open) gets no reply-deadline reminder: its clock stands still and its due date is only a lower bound.

Idempotent: every message has a dedupe key — ``foi:request:{id}:{kind}:{date}:user:{id}:{channel}``,
the date being the deadline (``overdue``: today, so it goes once a day) — so running twice, or from two
schedulers at once, sends nothing twice.

Applicants are told about receipt by :mod:`gongkai.foi.services.registration`; :func:`applicant_notify`
(with :func:`applicant_text`) is for the later events (补正, extension, reply).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q

from gongkai.core.dates import date_text
from gongkai.notify.models import Message
from gongkai.notify.services import message_send
from gongkai.notify.sms import is_mainland_mobile, normalize_phone
from gongkai.orgs.models import Membership, Role, User
from gongkai.workdays import calendar

from .codes import NoticeWay, Status
from .models import InfoRequest
from .selectors import RUNNING, clock_for
from .workflow import OPEN

SETTING_DEFAULTS = {
    "GONGKAI_REMIND_BEFORE": "5,2",  # working days ahead of the 补正 and reply deadlines
    "GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER": 3,  # overdue working days before the coordinators are told
}

CLARIFIABLE = (Status.RECEIVED, Status.PROCESSING)  # a 补正 may still be sent (workflow "clarify")

CLARIFICATION_DUE, REPLY_DUE, OVERDUE, CALENDAR_YEAR = "clarification_due", "reply_due", "overdue", "calendar_year"
HANDLER = "handler"  # the role of the case's own handler in a Reminder (the others are orgs.Role values)

_DEDUPE_CHUNK = 500  # keys per IN (...) query


@dataclass(frozen=True)
class Reminder:
    """One message that is due: to whom, by which channel, what it says, and the key that sends it once."""

    kind: str  # clarification_due | reply_due | overdue | calendar_year
    request: InfoRequest | None  # None for calendar_year
    deadline: dt.date | None  # the date reminded of (None for calendar_year)
    user: User
    role: str  # "handler", or the orgs.Role through which the person is told
    channel: str  # notify channel: sms | email | inapp
    recipient: str  # mobile number or e-mail address; "" for in-app
    subject: str
    body: str
    dedupe_key: str


# --- settings -------------------------------------------------------------------------------------------

def _setting(name: str):
    return getattr(settings, name, SETTING_DEFAULTS[name])


def remind_before() -> tuple[int, ...]:
    """The thresholds in working days, largest first (``GONGKAI_REMIND_BEFORE``, "5,2" or a sequence)."""
    value = _setting("GONGKAI_REMIND_BEFORE")
    items = value.split(",") if isinstance(value, str) else value
    return tuple(sorted({int(x) for x in items if str(x).strip()}, reverse=True))


def escalate_coordinator_after() -> int:
    return int(_setting("GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER"))


# --- working days ---------------------------------------------------------------------------------------

def workdays_after(start: dt.date, end: dt.date) -> int:
    """Working days ``d`` with ``start < d <= end`` (0 when ``end <= start``). Never refuses: a year the
    calendar does not cover counts Monday–Friday, as the provisional dates themselves do."""
    count = 0
    for day, working, _assumed in calendar.days_after_provisional(start):
        if day > end:
            return count
        count += working
    return count  # pragma: no cover — the walk never ends


def is_working_day(day: dt.date) -> bool:
    return workdays_after(day - dt.timedelta(days=1), day) == 1


def stage_for(left: int, thresholds: tuple[int, ...]) -> int | None:
    """The smallest threshold with ``left <= threshold`` (``None`` when further away or past due)."""
    if left < 0:
        return None
    reached = [t for t in thresholds if left <= t]
    return min(reached) if reached else None


# --- texts ----------------------------------------------------------------------------------------------

fmt = date_text


def _site() -> str:
    return getattr(settings, "GONGKAI_SITE_NAME", "政府信息公开")


def _date(day: dt.date, provisional: bool) -> str:
    return fmt(day) + ("（暂定）" if provisional else "")


def _staff_text(kind: str, request: InfoRequest, deadline: dt.date, provisional: bool, days: int,
                role: str, provisional_due: dt.date | None = None) -> tuple[str, str]:
    """(subject, body) of a staff reminder; the case is named by its number and unit only. With
    ``provisional_due``, ``deadline`` is the earliest date that provisional due date could become."""
    head = f"【{_site()}】申请{request.number}（{request.unit.name}）"
    when = _date(deadline, provisional)
    if kind == REPLY_DUE and provisional_due is not None:
        left = f"距最早日期还剩{days}个工作日" if days else "最早日期就是今天"
        return (f"答复期限提醒：{request.number}",
                f"{head}的答复期限暂定为{fmt(provisional_due)}：所跨年份的节假日安排尚未录入，国务院办公厅"
                f"通知安排调休上班后可能提前，最早为{fmt(deadline)}，{left}，请按最早日期安排答复。")
    if kind == CLARIFICATION_DUE:
        left = f"还剩{days}个工作日" if days else "今天到期"
        return (f"补正告知期限提醒：{request.number}",
                f"{head}的补正告知期限为{when}，{left}。如需申请人补正，请在期限内一次性告知（《政府信息公开条例》第三十条）。")
    if kind == REPLY_DUE:
        left = f"还剩{days}个工作日" if days else "今天到期"
        return f"答复期限提醒：{request.number}", f"{head}的答复期限为{when}，{left}，请按时答复。"
    handler = request.handler if request.handler_id and request.handler.is_active else None
    who = ""
    if role in (Role.APPROVER, Role.COORDINATOR):
        who = f"（承办人：{handler}）" if handler else "（尚未分配承办人）"
    return (f"答复逾期提醒：{request.number}",
            f"{head}的答复期限为{when}，已逾期{days}个工作日{who}，请尽快答复。")


def _calendar_text(year: int, cases: int) -> tuple[str, str]:
    return (f"请录入{year}年节假日安排",
            f"【{_site()}】{year}年的节假日安排尚未录入工作日历，{cases}件办理中的依申请公开申请的期限"
            f"按周一至周五扣除法定节假日暂定计算。请按《国务院办公厅关于{year}年部分节假日安排的通知》录入放假日和"
            f"调休上班日，录入后暂定日期将自动重新计算。")


# --- who and how ----------------------------------------------------------------------------------------

def _channels(user: User) -> list[tuple[str, str]]:
    """(channel, recipient) for a member of staff: in-app always, SMS and e-mail when they have them."""
    sends = [("inapp", "")]
    mobile = normalize_phone(user.mobile or "")
    if is_mainland_mobile(mobile):
        sends.append(("sms", mobile))
    if (user.email or "").strip():
        sends.append(("email", user.email.strip()))
    return sends


@dataclass
class _People:
    """Active staff of the units concerned, read in one query."""

    operators: dict[int, list[User]]
    approvers: dict[int, list[User]]
    coordinators: list[tuple[str, User]]  # (unit path, person)

    @classmethod
    def load(cls, unit_ids: Iterable[int]) -> _People:
        people = cls(defaultdict(list), defaultdict(list), [])
        memberships = (
            Membership.objects.filter(user__is_active=True)
            .filter(Q(unit_id__in=set(unit_ids), role__in=[Role.OPERATOR, Role.APPROVER]) | Q(role=Role.COORDINATOR))
            .select_related("user", "unit").order_by("user__username", "unit__path")
        )
        for m in memberships:
            if m.role == Role.COORDINATOR:
                people.coordinators.append((m.unit.path, m.user))
            else:
                (people.operators if m.role == Role.OPERATOR else people.approvers)[m.unit_id].append(m.user)
        return people

    def handlers(self, request: InfoRequest) -> list[tuple[User, str]]:
        if request.handler_id and request.handler.is_active:
            return [(request.handler, HANDLER)]
        return [(user, Role.OPERATOR) for user in self.operators[request.unit_id]]

    def above(self, path: str) -> list[User]:
        """Coordinators of the unit with this path or of a unit above it."""
        return [user for unit_path, user in self.coordinators if path.startswith(unit_path)]


def _unique(people: Iterable[tuple[User, str]]) -> list[tuple[User, str]]:
    seen, result = set(), []
    for user, role in people:
        if user.pk not in seen:
            seen.add(user.pk)
            result.append((user, role))
    return result


def _expand(kind: str, request: InfoRequest | None, deadline: dt.date | None, key_date: str,
            people: list[tuple[User, str]], text) -> list[Reminder]:
    """One Reminder per person and channel; ``text(role)`` gives (subject, body)."""
    subject_of = "calendar" if request is None else f"request:{request.pk}"
    reminders = []
    for user, role in people:
        subject, body = text(role)
        for channel, recipient in _channels(user):
            reminders.append(Reminder(
                kind=kind, request=request, deadline=deadline, user=user, role=role, channel=channel,
                recipient=recipient, subject=subject, body=body,
                dedupe_key=f"foi:{subject_of}:{kind}:{key_date}:user:{user.pk}:{channel}",
            ))
    return reminders


# --- selection ------------------------------------------------------------------------------------------

def _candidates(today: dt.date, horizon: dt.date) -> list[InfoRequest]:
    """Open cases that may need a message today: a deadline on or before ``horizon`` (overdue ones
    included), a paused clock (its stored due date is only a lower bound), or a provisional date."""
    near = (
        Q(status__in=RUNNING, due_date__lte=horizon)
        | Q(status=Status.PAUSED)
        | Q(status__in=CLARIFIABLE, clarification_sent_on__isnull=True,
            clarification_due__gte=today, clarification_due__lte=horizon)
        | Q(due_provisional=True)
    )
    return list(
        InfoRequest.objects.filter(near, status__in=OPEN)
        .select_related("unit", "handler").prefetch_related("pauses").order_by("due_date", "number")
    )


def _request_reminders(request: InfoRequest, people: _People, today: dt.date,
                       thresholds: tuple[int, ...], escalate_after: int) -> list[Reminder]:
    reminders: list[Reminder] = []
    handlers = people.handlers(request)

    def before(kind: str, deadline: dt.date, provisional: bool, provisional_due: dt.date | None = None) -> None:
        left = workdays_after(today, deadline)
        stage = stage_for(left, thresholds)
        if stage is None or deadline < today:
            return
        reminders.extend(_expand(
            kind, request, deadline, f"{stage}:{deadline.isoformat()}", handlers,
            lambda role: _staff_text(kind, request, deadline, provisional, left, role, provisional_due),
        ))

    if request.status in CLARIFIABLE and request.clarification_sent_on is None and request.clarification_due:
        deadline = request.clarification_due
        # the case's dates share one flag; this one is provisional only if its own year is uncovered
        before(CLARIFICATION_DUE, deadline, request.due_provisional and not calendar.covered(deadline.year))

    if request.status in RUNNING:
        due, provisional, earliest = request.due_date, request.due_provisional, None
        if request.status == Status.PAUSED or provisional:
            result = clock_for(request, today=today)
            if request.status == Status.PAUSED and result.state == "paused":
                return reminders
            # a paused case whose every pause has ended (or started after the due date, moving nothing) has
            # a final date; a provisional one also gets the earliest date its year's notice could produce
            due, provisional, earliest = result.due_date, result.provisional, result.earliest_due
        if due is None:
            return reminders
        if earliest is not None and today <= earliest < due:
            before(REPLY_DUE, earliest, provisional, provisional_due=due)  # remind by the earliest date
        elif due >= today:
            before(REPLY_DUE, due, provisional)
        else:
            overdue = workdays_after(due, today)
            told = handlers + [(user, Role.APPROVER) for user in people.approvers[request.unit_id]]
            if overdue >= escalate_after:
                told += [(user, Role.COORDINATOR) for user in people.above(request.unit.path)]
            reminders.extend(_expand(
                OVERDUE, request, due, today.isoformat(), _unique(told),
                lambda role: _staff_text(OVERDUE, request, due, provisional, overdue, role),
            ))
    return reminders


def _calendar_reminders(cases: list[InfoRequest], people: _People) -> list[Reminder]:
    """Tell the coordinators above units with provisional dates to enter the uncovered years."""
    by_year: dict[int, list[InfoRequest]] = defaultdict(list)
    for request in cases:
        if not request.due_provisional:
            continue
        dates = (request.due_date, request.clarification_due, request.supplement_due, request.fee_payment_due)
        for year in sorted({d.year for d in dates if d}):
            if not calendar.covered(year):
                by_year[year].append(request)
    reminders: list[Reminder] = []
    for year, requests in sorted(by_year.items()):
        counts: dict[int, int] = defaultdict(int)
        coordinators: dict[int, User] = {}
        for request in requests:
            for user in {u.pk: u for u in people.above(request.unit.path)}.values():
                counts[user.pk] += 1
                coordinators[user.pk] = user
        for pk, user in coordinators.items():
            reminders.extend(_expand(
                CALENDAR_YEAR, None, None, str(year), [(user, Role.COORDINATOR)],
                lambda role, n=counts[pk], y=year: _calendar_text(y, n),
            ))
    return reminders


def _already_sent(keys: list[str]) -> set[str]:
    sent: set[str] = set()
    for i in range(0, len(keys), _DEDUPE_CHUNK):
        sent.update(Message.objects.filter(dedupe_key__in=keys[i:i + _DEDUPE_CHUNK])
                    .values_list("dedupe_key", flat=True))
    return sent


def reminders_due(*, today: dt.date) -> list[Reminder]:
    """The staff reminders due on ``today`` that have not been sent yet (see the module docstring).

    Sends nothing. A handful of queries whatever the number of cases: the cases (with their pauses),
    the staff of their units and the coordinators, the outbox keys already used, and the calendar.
    Empty on a day that is not a working day.
    """
    if not is_working_day(today):
        return []
    thresholds = remind_before()
    horizon = today
    if thresholds:
        # the day before the (max + 1)-th working day: every date with at most max working days left
        horizon = calendar.add_workdays_provisional(today, thresholds[0] + 1)[0] - dt.timedelta(days=1)
    cases = _candidates(today, horizon)
    if not cases:
        return []
    people = _People.load(request.unit_id for request in cases)
    escalate_after = escalate_coordinator_after()
    reminders: list[Reminder] = []
    for request in cases:
        reminders.extend(_request_reminders(request, people, today, thresholds, escalate_after))
    reminders.extend(_calendar_reminders(cases, people))
    sent = _already_sent([r.dedupe_key for r in reminders])
    return [r for r in reminders if r.dedupe_key not in sent]


def reminders_send(*, today: dt.date) -> list[Message]:
    """Send the reminders due on ``today``; returns the messages sent by this run (none twice).

    The outbox rows are written in one transaction and delivered once it commits; a delivery failure
    leaves the message ``failed`` for ``gongkai notify retry`` and does not stop the others.
    """
    messages = []
    with transaction.atomic():
        for r in reminders_due(today=today):
            message = message_send(channel=r.channel, recipient=r.recipient, user=r.user, subject=r.subject,
                                   body=r.body, dedupe_key=r.dedupe_key, related=r.request)
            if message is not None:
                messages.append(message)
    return messages


# --- applicants -----------------------------------------------------------------------------------------

APPLICANT_SUBJECTS = {
    "receipt": "已收到",
    "clarification": "需要补正",
    "extension": "延期答复",
    "reply": "已答复",
}


def applicant_text(*, request: InfoRequest, kind: str) -> str:
    """The standard text of a notice to the applicant after 补正 (``clarification``), extension
    (``extension``) or reply (``reply``); call it after the service has stored the new dates."""
    head = f"【{_site()}】"
    unit = request.unit.name
    track = "请凭申请编号和查询码在网站查询办理进度并下载告知书。"
    if kind == "clarification":
        if request.clarification_sent_by == NoticeWay.POST and not request.clarification_received_on:
            # the period runs from the signed-for day, not yet known: no date that may be wrong
            until = f"，请自签收补正告知书之日起{request.clarification_period_days}个工作日内补正"
        elif request.supplement_due:
            until = f"，请于{_date(request.supplement_due, request.due_provisional)}前补正"
        else:
            until = ""
        return (f"{head}您的政府信息公开申请{request.number}需要补正：{unit}已于{fmt(request.clarification_sent_on)}"
                f"出具补正告知书{until}；逾期无正当理由不补正的，视为放弃申请。{track}")
    if kind == "extension":
        return (f"{head}{unit}决定将您的政府信息公开申请{request.number}的答复期限延长{request.extension_days}个"
                f"工作日，延长后的答复期限为{_date(request.due_date, request.due_provisional)}。{track}")
    if kind == "reply":
        return (f"{head}{unit}已于{fmt(request.replied_on)}答复您的政府信息公开申请{request.number}。"
                f"请凭申请编号和查询码在网站查看并下载答复书。")
    raise ValueError(f"no standard applicant text for {kind!r}")


def applicant_notify(*, request: InfoRequest, kind: str, text: str) -> list[Message]:
    """Tell the applicant ``text`` by SMS (when their phone is a mainland mobile) and e-mail (when given).

    Once per (case, ``kind``, channel): the dedupe key is ``foi:request:{id}:{kind}:{channel}`` (the form
    the receipt notice uses). Call it inside the service's transaction: nothing is delivered unless the
    change commits. Returns the messages stored now (empty when already sent, or no address).
    """
    sends = []
    phone = normalize_phone(request.phone or "")
    if is_mainland_mobile(phone):
        sends.append(("sms", phone))
    if (request.email or "").strip():
        sends.append(("email", request.email.strip()))
    subject = f"政府信息公开申请{request.number}{APPLICANT_SUBJECTS.get(kind, '办理进展')}"
    messages = []
    for channel, recipient in sends:
        message = message_send(channel=channel, recipient=recipient, body=text, subject=subject,
                               dedupe_key=f"foi:request:{request.pk}:{kind}:{channel}", related=request)
        if message is not None:
            messages.append(message)
    return messages
