"""Requests whose reply deadline runs into a year no notice covers yet (RULES.md §1): the provisional due
date counted from the holiday law, the earliest date the notice could produce, reminders by that earlier
date, and the final date once the year is entered.

2027 is treated as uncovered whatever chinesecalendar release is installed (the package is used up to
2026 only). The case used: received Monday 21 December 2026.

* provisional due date, Monday–Friday minus the statutory holidays: 22–25 (4), 28–31 December (8),
  [Fri 1 January 元旦], 4–8 (13), 11–15 (18), 18, 19 January (20) → Tuesday 19 January 2027;
* earliest: the 2027 notice could make the weekends around 元旦 make-up working days, 26 and 27 December
  2026 included: 22–25 (4), Sat 26, Sun 27 (6), 28–31 (10), Sat 2, Sun 3 January (12), 4–8 (17), 11, 12,
  13 January (20) → Wednesday 13 January 2027.
"""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest

from gongkai.foi import clock as legal_clock
from gongkai.foi.codes import Status
from gongkai.foi.models import InfoRequest
from gongkai.foi.reminders import REPLY_DUE, reminders_due
from gongkai.workdays.services import calendar_year_enter

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 12, 21)
APPLICANT = {"applicant_name": "王小明", "id_number": "330211199001010012", "phone": "13912345678",
             "email": "wang.xiaoming@example.com", "address": "测试区人民路1号"}


def d(month, day, year=2027):
    return dt.date(year, month, day)


@pytest.fixture(autouse=True)
def uncovered_2027(settings, clock):
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = 2026
    clock.move_to(dt.datetime(2026, 12, 21, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


@pytest.fixture
def make_case(units, staff):
    numbers = itertools.count(1)

    def make(*, received=RECEIVED, **fields):
        result = legal_clock.compute(legal_clock.ClockInput(received_on=received), today=received)
        values = {
            "number": f"YSQ-{received.year}-{next(numbers):06d}", "query_code_digest": InfoRequest.digest_of("ABCD2345"),
            "unit": units["a"], "original_unit": units["a"], "channel": "letter", "received_on": received,
            "receipt_basis": "signed_for", "applicant_type": "natural_person", "id_type": "resident_id",
            "description": "请公开本局2025年老旧小区改造项目的立项批复文件。", "delivery_form": "paper",
            "delivery_way": "pickup", "status": Status.PROCESSING, "handler": staff["op_a"],
            "due_date": result.due_date, "due_provisional": result.provisional,
            "clarification_due": result.clarification_due, **APPLICANT,
        }
        values.update(fields)
        return InfoRequest.objects.create(**values)

    return make


def test_the_clock_gives_the_provisional_date_and_the_earliest_one():
    result = legal_clock.compute(legal_clock.ClockInput(received_on=RECEIVED), today=RECEIVED)
    assert (result.due_date, result.provisional, result.earliest_due) == (d(1, 19), True, d(1, 13))
    due = next(s for s in result.segments if s.kind == "due")
    assert "暂定：2027年的节假日安排尚未录入工作日历，按周一至周五扣除法定节假日计算，录入后重新计算。" in due.text
    assert due.text.endswith("按国务院办公厅通知调休后，答复期限最早可能提前至2027年1月13日。")
    # the earliest computation walks the same clock: an extension moves both
    extended = legal_clock.compute(legal_clock.ClockInput(received_on=RECEIVED, extension_days=5), today=RECEIVED)
    assert (extended.due_date, extended.earliest_due) == (d(1, 26), d(1, 20))


def test_a_date_wholly_in_a_covered_year_has_no_earliest_date():
    result = legal_clock.compute(legal_clock.ClockInput(received_on=dt.date(2026, 11, 2)), today=dt.date(2026, 11, 2))
    assert (result.provisional, result.earliest_due) == (False, None)
    assert "最早可能" not in result.segments[-1].text


def reply_reminders(today):
    return [r for r in reminders_due(today=today) if r.kind == REPLY_DUE and r.channel == "inapp"]


def test_handlers_are_reminded_by_the_earliest_date(make_case):
    case = make_case()
    assert (case.due_date, case.due_provisional) == (d(1, 19), True)

    # Wed 6 January: 9 working days to the provisional date, but 5 to the earliest (7, 8, 11, 12, 13)
    [reminder] = reply_reminders(d(1, 6))
    assert (reminder.user.username, reminder.deadline) == ("op_a", d(1, 13))
    assert reminder.body == (
        f"【政府信息公开】申请{case.number}（测试区发展和改革局）的答复期限暂定为2027年1月19日：所跨年份的节假日"
        "安排尚未录入，国务院办公厅通知安排调休上班后可能提前，最早为2027年1月13日，距最早日期还剩5个工作日，"
        "请按最早日期安排答复。"
    )
    assert reminder.dedupe_key == f"foi:request:{case.pk}:reply_due:5:2027-01-13:user:{reminder.user.pk}:inapp"
    # Mon 11 January: 2 left (12, 13) — the second stage
    [reminder] = reply_reminders(d(1, 11))
    assert "最早为2027年1月13日，距最早日期还剩2个工作日" in reminder.body
    # Wed 13 January: the earliest date itself
    [reminder] = reply_reminders(d(1, 13))
    assert "最早日期就是今天" in reminder.body
    # Thu 14 January: the earliest date has passed; the count goes on to the provisional date (15, 18, 19)
    [reminder] = reply_reminders(d(1, 14))
    assert reminder.deadline == d(1, 19)
    assert "的答复期限为2027年1月19日（暂定），还剩3个工作日，请按时答复。" in reminder.body
    # Tue 5 January: 6 working days to the earliest date, nothing yet
    assert reply_reminders(d(1, 5)) == []


def test_entering_2027_makes_the_date_final_and_the_reminders_plain(make_case, staff,
                                                                   django_capture_on_commit_callbacks):
    case = make_case()
    # An invented arrangement: 元旦 1–3 January off, Saturday 9 January a make-up working day.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(
            year=2027, holidays=[(d(1, 1), "元旦"), (d(1, 2), "元旦"), (d(1, 3), "元旦")],
            makeup_workdays=[(d(1, 9), "调休上班")], notice="《国务院办公厅关于2027年部分节假日安排的通知》（测试用）",
            actor=staff["coord"],
        )
    case.refresh_from_db()
    # 22–25 (4), 28–31 (8), 4–8 (13), Sat 9 (14), 11–15 (19), Mon 18 January (20): final
    assert (case.due_date, case.due_provisional) == (d(1, 18), False)
    recomputed = case.events.get(action="clock_recompute")
    assert recomputed.data["before"]["due_date"] == "2027-01-19" and recomputed.data["after"]["due_date"] == "2027-01-18"
    assert legal_clock.compute(legal_clock.ClockInput(received_on=RECEIVED), today=RECEIVED).earliest_due is None
    # Mon 11 January: 12, 13, 14, 15, 18 → 5 left to the final date, said plainly
    [reminder] = reply_reminders(d(1, 11))
    assert reminder.deadline == d(1, 18)
    assert reminder.body.endswith("的答复期限为2027年1月18日，还剩5个工作日，请按时答复。")
