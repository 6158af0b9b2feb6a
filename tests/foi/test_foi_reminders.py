"""Deadline reminders (gongkai remind) on the real 2026 calendar, and notices to applicants.

Calendar facts used below (国务院办公厅 2026 notice, in chinesecalendar): 中秋 25–27 September, 国庆
1–7 October; make-up working days Sunday 20 September and Saturday 10 October. 2027 is not covered (no
notice yet), so a date counted into it is provisional. Every call passes ``today``.

The case used most, received Tuesday 8 September 2026 — counted by hand:
* 补正 deadline, the 7th working day after: 9, 10, 11, 14, 15, 16, 17 September → 17 September.
* reply deadline, the 20th: 9, 10, 11, 14, 15, 16, 17, 18 (8), Sun 20 (make-up, 9), 21, 22, 23, 24 (13),
  [25–27 中秋], 28, 29, 30 (16), [1–7 October 国庆], 8, 9 (18), Sat 10 (make-up, 19), [Sun 11], Mon 12 (20)
  → 12 October.
"""

import datetime as dt
import itertools
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.foi import clock
from gongkai.foi.codes import PauseKind, Status
from gongkai.foi.models import InfoRequest, RequestPause
from gongkai.foi.reminders import (
    applicant_notify,
    applicant_text,
    reminders_due,
    reminders_send,
    stage_for,
    workdays_after,
)
from gongkai.notify.models import Message
from gongkai.orgs.services import staff_ensure
from gongkai.workdays.calendar import clear_cache
from gongkai.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db

RECEIVED = dt.date(2026, 9, 8)  # a Tuesday
APPLICANT = {"applicant_name": "王小明", "id_number": "330211199001010012", "phone": "13912345678",
             "email": "wang.xiaoming@example.com", "address": "测试区人民路1号"}


def d(month, day, year=2026):
    return dt.date(year, month, day)


@pytest.fixture
def people(staff):
    """Some staff with a mobile and/or an e-mail address; the others are told in-app only."""
    for name, mobile, email in [("op_a", "13800138001", "op_a@gov.example.cn"), ("app_a", "13800138002", ""),
                                ("coord", "", "coord@gov.example.cn")]:
        staff[name].mobile, staff[name].email = mobile, email
        staff[name].save()
    return staff


@pytest.fixture
def make_case(units):
    """make_case(**fields): a case of DEPT-A received on 8 September 2026, its dates from the real clock."""

    numbers = itertools.count(1)

    def make(*, received=RECEIVED, unit="a", status=Status.PROCESSING, **fields):
        result = clock.compute(clock.ClockInput(received_on=received), today=received)
        values = {
            "number": f"YSQ-{received.year}-{next(numbers):06d}", "query_code_digest": InfoRequest.digest_of("ABCD2345"),
            "unit": units[unit], "original_unit": units[unit], "channel": "letter", "received_on": received,
            "receipt_basis": "signed_for", "applicant_type": "natural_person", "id_type": "resident_id",
            "description": "请公开本局2025年老旧小区改造项目的立项批复文件。", "delivery_form": "paper",
            "delivery_way": "pickup", "status": status, "due_date": result.due_date,
            "due_provisional": result.provisional, "clarification_due": result.clarification_due, **APPLICANT,
        }
        values.update(fields)
        return InfoRequest.objects.create(**values)

    return make


def sent_to(reminders):
    """{(username, kind, channel)} of a list of Reminders or Messages."""
    return {(r.user.username, getattr(r, "kind", None) or "", r.channel) for r in reminders}


def told(reminders):
    return {r.user.username for r in reminders}


# --- working days and stages ---------------------------------------------------------------------------

def test_case_dates_counted_by_hand(make_case):
    case = make_case()
    assert case.clarification_due == d(9, 17)
    assert case.due_date == d(10, 12)
    assert not case.due_provisional


def test_working_days_left_across_national_day():
    # (29 Sep, 12 Oct]: 30 Sep, 8, 9, Sat 10 (make-up), 12 → 5; a Monday–Friday count would say 8
    assert workdays_after(d(9, 29), d(10, 12)) == 5
    assert workdays_after(d(9, 30), d(10, 12)) == 4
    assert workdays_after(d(10, 9), d(10, 12)) == 2  # Sat 10 and Mon 12
    assert workdays_after(d(10, 12), d(10, 12)) == 0
    # into 2027 (uncovered): Monday–Friday without the statutory holidays (元旦), never an error
    assert workdays_after(d(12, 31), d(1, 8, 2027)) == 5


def test_stages():
    assert [stage_for(left, (5, 2)) for left in (7, 6, 5, 4, 3, 2, 1, 0)] == [None, None, 5, 5, 5, 2, 2, 2]
    assert stage_for(3, ()) is None


# --- before the deadlines --------------------------------------------------------------------------------

def test_clarification_reminders_five_and_two_working_days_ahead(make_case, people):
    make_case(handler=people["op_a"])

    assert reminders_due(today=d(9, 9)) == []  # (9 Sep, 17 Sep] holds 6 working days
    first = reminders_send(today=d(9, 10))  # 11, 14, 15, 16, 17 → 5 left
    assert sent_to(first) == {("op_a", "", "inapp"), ("op_a", "", "sms"), ("op_a", "", "email")}
    assert {m.body for m in first} == {
        "【政府信息公开】申请YSQ-2026-000001（测试区发展和改革局）的补正告知期限为2026年9月17日，还剩5个工作日。"
        "如需申请人补正，请在期限内一次性告知（《政府信息公开条例》第三十条）。"
    }
    assert reminders_due(today=d(9, 11)) == []  # 4 left: the "5" stage went already
    assert reminders_due(today=d(9, 12)) == []  # a Saturday: nothing goes on a day off
    second = reminders_send(today=d(9, 15))  # 16, 17 → 2 left
    assert "还剩2个工作日" in second[0].body and len(second) == 3
    assert reminders_due(today=d(9, 16)) == []


def test_no_clarification_reminder_once_a_clarification_was_sent(make_case, people):
    make_case(handler=people["op_a"], clarification_sent_on=d(9, 9), status=Status.CLARIFYING, due_date=None)
    assert reminders_due(today=d(9, 10)) == []


def test_reply_reminders_across_national_day(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)

    assert reminders_due(today=d(9, 28)) == []  # 6 working days left
    first = reminders_send(today=d(9, 29))  # 30 Sep, 8, 9, Sat 10, 12 → 5 left
    assert {m.channel for m in first} == {"inapp", "sms", "email"}
    assert {m.body for m in first} == {
        "【政府信息公开】申请YSQ-2026-000001（测试区发展和改革局）的答复期限为2026年10月12日，还剩5个工作日，请按时答复。"
    }
    # a Monday–Friday count would remind on Thursday 8 October (9 and 12 left); the real calendar
    # counts Saturday 10 October, so 2 are left on Friday 9 October
    assert reminders_due(today=d(10, 8)) == []
    second = reminders_send(today=d(10, 9))
    assert len(second) == 3 and all("还剩2个工作日" in m.body for m in second)
    assert reminders_due(today=d(10, 10)) == []  # the make-up Saturday: 1 left, stage "2" already sent
    assert reminders_due(today=d(10, 12)) == []  # due today


def test_a_case_without_handler_reminds_the_units_operators(make_case, people):
    make_case(clarification_due=None)

    due = reminders_due(today=d(9, 29))
    assert told(due) == {"op_a", "both_a"}  # the operators of DEPT-A
    assert {r.role for r in due} == {"operator"}


def test_a_missed_run_catches_up_with_the_current_stage_only(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)

    due = reminders_due(today=d(10, 8))  # nothing ran on 29 or 30 September: 3 left
    assert {r.body.split("，")[-2] for r in due} == {"还剩3个工作日"}
    assert all(":reply_due:5:2026-10-12:" in r.dedupe_key for r in due)


def test_settings_change_the_thresholds(make_case, people, settings):
    settings.GONGKAI_REMIND_BEFORE = "3"
    make_case(handler=people["op_a"], clarification_due=None)

    assert reminders_due(today=d(9, 29)) == []
    assert "还剩3个工作日" in reminders_due(today=d(10, 8))[0].body


# --- overdue and escalation ------------------------------------------------------------------------------

def test_overdue_daily_with_escalation_to_approvers_then_coordinators(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)

    # Tuesday 13 October: overdue by 1 working day → the handler and the approvers of DEPT-A
    first = reminders_send(today=d(10, 13))
    assert told(first) == {"op_a", "app_a", "app_a2", "both_a"}
    assert sent_to(first) == {("op_a", "", "inapp"), ("op_a", "", "sms"), ("op_a", "", "email"),
                              ("app_a", "", "inapp"), ("app_a", "", "sms"), ("app_a2", "", "inapp"),
                              ("both_a", "", "inapp")}
    handler_text = next(m.body for m in first if m.user.username == "op_a")
    assert handler_text == ("【政府信息公开】申请YSQ-2026-000001（测试区发展和改革局）的答复期限为2026年10月12日，"
                            "已逾期1个工作日，请尽快答复。")
    approver_text = next(m.body for m in first if m.user.username == "app_a")
    assert "已逾期1个工作日（承办人：op_a），请尽快答复。" in approver_text

    # run twice the same day: nothing twice
    assert reminders_send(today=d(10, 13)) == []
    # the next day: again, overdue by 2
    second = reminders_send(today=d(10, 14))
    assert len(second) == 7 and all("已逾期2个工作日" in m.body for m in second)
    # overdue by 3 working days (13, 14, 15): the coordinator above DEPT-A too
    third = reminders_send(today=d(10, 15))
    assert told(third) == {"op_a", "app_a", "app_a2", "both_a", "coord"}
    assert {m.channel for m in third if m.user.username == "coord"} == {"inapp", "email"}
    # Saturday: nobody is disturbed on a day off
    assert reminders_send(today=d(10, 17)) == []
    assert "已逾期5个工作日" in reminders_send(today=d(10, 19))[0].body  # 13, 14, 15, 16, 19


def test_coordinator_escalation_setting(make_case, people, settings):
    settings.GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER = 1
    make_case(handler=people["op_a"], clarification_due=None)

    assert "coord" in told(reminders_due(today=d(10, 13)))


def test_only_coordinators_above_the_unit_are_told(make_case, people, units):
    staff_ensure(username="coord_b", password="Gongkai#2026", grants=[("DEPT-B", "coordinator")])
    make_case(handler=people["op_a"], clarification_due=None)

    assert told(reminders_due(today=d(10, 15))) == {"op_a", "app_a", "app_a2", "both_a", "coord"}


def test_someone_in_two_roles_is_told_once(make_case, people):
    make_case(handler=people["both_a"], clarification_due=None)  # handler and approver of DEPT-A

    due = reminders_due(today=d(10, 13))
    assert [r.role for r in due if r.user.username == "both_a"] == ["handler"]


def test_closed_and_other_finished_cases_get_nothing(make_case, people):
    for status in (Status.CLOSED, Status.REPLIED, Status.MERGED):
        make_case(handler=people["op_a"], status=status, replied_on=d(10, 9))
    make_case(handler=people["op_a"], status=Status.CLARIFYING, clarification_sent_on=d(9, 10), due_date=None)

    for day in (d(9, 10), d(9, 29), d(10, 9), d(10, 13), d(10, 15)):
        assert reminders_due(today=day) == []


def test_a_paused_clock_is_not_reminded_but_a_pause_after_the_due_date_does_not_help(make_case, people):
    # consultation sent on 9 October, before the due date: the clock stands still, its window runs to
    # the 15th working day after 9 October
    waiting = make_case(handler=people["op_a"], status=Status.PAUSED, clarification_due=None)
    RequestPause.objects.create(request=waiting, kind=PauseKind.THIRD_PARTY, party="某公司", started_on=d(10, 9))
    # consultation sent on 13 October, after the due date of 12 October: it moves nothing
    late = make_case(handler=people["op_b"], unit="b", status=Status.PAUSED, clarification_due=None)
    RequestPause.objects.create(request=late, kind=PauseKind.AGENCY, party="测试区财政局", started_on=d(10, 13))

    due = reminders_due(today=d(10, 14))
    assert {r.request.number for r in due} == {late.number}
    assert told(due) == {"op_b", "app_b"}
    assert "已逾期2个工作日" in due[0].body


# --- provisional dates -----------------------------------------------------------------------------------

def test_provisional_due_dates_alert_the_coordinators_once_a_year(make_case, people):
    # received Monday 21 December 2026: the 20 working days run into 2027, which no calendar covers yet,
    # so they are counted Monday–Friday without the statutory holidays: 22–25, 28–31 December (8),
    # 1 January off (元旦), 4–8 (13), 11–15 (18), 18–19 January (20)
    case = make_case(received=d(12, 21), handler=people["op_a"])
    assert (case.due_date, case.due_provisional) == (d(1, 19, 2027), True)

    first = reminders_send(today=d(12, 22))
    alerts = [m for m in first if m.user.username == "coord"]
    assert {m.channel for m in alerts} == {"inapp", "email"}
    assert alerts[0].body == ("【政府信息公开】2027年的节假日安排尚未录入工作日历，1件办理中的依申请公开申请的期限"
                              "按周一至周五扣除法定节假日暂定计算。请按《国务院办公厅关于2027年部分节假日安排的通知》录入放假日和"
                              "调休上班日，录入后暂定日期将自动重新计算。")
    assert told(reminders_due(today=d(12, 28))) == {"op_a"}  # the 补正 reminder; the alert went already
    make_case(received=d(12, 22), handler=people["op_a"])
    assert "coord" not in told(reminders_due(today=d(12, 29)))  # once per year, however many cases

    # the reply reminder shows the date as provisional and counts down to the earliest date the notice
    # could produce (make-up working weekends): (11 Jan, 13 Jan] = 12, 13 → 2 left
    due = [r for r in reminders_due(today=d(1, 11, 2027)) if r.request == case]
    assert "答复期限暂定为2027年1月19日：" in due[0].body
    assert "最早为2027年1月13日，距最早日期还剩2个工作日" in due[0].body


def test_no_alert_once_the_year_is_entered(make_case, people):
    make_case(received=d(12, 21), handler=people["op_a"])
    CalendarYear.objects.create(year=2027, notice="测试")
    clear_cache()

    assert "coord" not in told(reminders_due(today=d(12, 22)))


# --- what staff texts leave out, and the cost --------------------------------------------------------------

def test_staff_texts_carry_no_personal_data_of_the_applicant(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)
    make_case(clarification_due=d(9, 17))

    texts = [r.body + r.subject for day in (d(9, 10), d(9, 29), d(10, 15)) for r in reminders_due(today=day)]
    assert texts
    for value in APPLICANT.values():
        assert not any(value in text for text in texts)


def test_selection_costs_a_few_queries_whatever_the_number_of_cases(make_case, people,
                                                                    django_assert_max_num_queries):
    make_case(handler=people["op_a"], clarification_due=None)
    make_case(received=d(12, 21))  # provisional: 2027 is looked up
    reminders_due(today=d(10, 15))  # the calendar years are read once per process
    with django_assert_max_num_queries(4):
        few = reminders_due(today=d(10, 15))
    for n in range(10):
        case = make_case(handler=people["op_a"] if n % 2 else None, clarification_due=None,
                         status=Status.PAUSED if n == 3 else Status.PROCESSING, unit="a" if n < 6 else "b")
        if n == 3:
            RequestPause.objects.create(request=case, kind=PauseKind.FEE, started_on=d(10, 13))
    with django_assert_max_num_queries(4):
        many = reminders_due(today=d(10, 15))
    assert len(many) > len(few)


# --- the command ---------------------------------------------------------------------------------------

def run(*args) -> str:
    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def test_command_sends_prints_masked_and_sends_nothing_twice(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)

    preview = run("--today", "2026-10-15", "--dry-run")
    assert "试运行" in preview
    assert Message.objects.count() == 0

    out = run("--today", "2026-10-15")
    lines = out.strip().splitlines()
    assert len(lines) == Message.objects.count() + 1 == 10
    assert "短信\t138****8001\t【政府信息公开】申请YSQ-2026-000001（测试区发展和改革局）的答复期限为2026年10月12日，已逾期3个工作日，请尽快答复。" in lines
    assert any(line.startswith("电子邮件\tc***@gov.example.cn\t") for line in lines)
    assert any(line.startswith("站内消息\tcoord\t") for line in lines)
    assert "13800138001" not in out and "op_a@gov.example.cn" not in out
    assert lines[-1] == "已发送 9 条提醒。"
    assert preview.splitlines()[:-1] == lines[:-1]  # the dry run showed exactly what was sent

    assert run("--today", "2026-10-15").strip() == "没有需要发送的提醒"
    assert run("--today", "2026-10-15", "--dry-run").strip() == "没有需要发送的提醒"
    assert Message.objects.count() == 9


def test_command_on_a_day_off_says_so(make_case, people):
    make_case(handler=people["op_a"], clarification_due=None)

    assert run("--today", "2026-10-17").strip() == "2026年10月17日不是工作日，没有需要发送的提醒"
    assert Message.objects.count() == 0


def test_command_rejects_a_bad_date():
    with pytest.raises(CommandError, match="应为 YYYY-MM-DD"):
        run("--today", "2026-13-01")


# --- applicants ------------------------------------------------------------------------------------------

def test_applicant_notified_by_sms_and_email_once_per_kind(make_case):
    case = make_case(clarification_sent_on=d(9, 10), supplement_due=d(10, 9), status=Status.CLARIFYING)
    text = applicant_text(request=case, kind="clarification")
    assert text == ("【政府信息公开】您的政府信息公开申请YSQ-2026-000001需要补正：测试区发展和改革局已于2026年9月10日"
                    "出具补正告知书，请于2026年10月9日前补正；逾期无正当理由不补正的，视为放弃申请。"
                    "请凭申请编号和查询码在网站查询办理进度并下载告知书。")

    first = applicant_notify(request=case, kind="clarification", text=text)
    assert {(m.channel, m.recipient) for m in first} == {("sms", "13912345678"), ("email", "wang.xiaoming@example.com")}
    assert {m.dedupe_key for m in first} == {f"foi:request:{case.pk}:clarification:sms",
                                            f"foi:request:{case.pk}:clarification:email"}
    assert first[0].subject == "政府信息公开申请YSQ-2026-000001需要补正"
    assert applicant_notify(request=case, kind="clarification", text=text) == []
    assert len(applicant_notify(request=case, kind="reply", text="已答复")) == 2


def test_applicant_with_a_landline_gets_email_only(make_case):
    case = make_case(phone="0574-87654321", extension_days=10, extension_on=d(10, 9), due_date=d(10, 26))

    text = applicant_text(request=case, kind="extension")
    assert "答复期限延长10个工作日，延长后的答复期限为2026年10月26日。" in text
    assert [m.channel for m in applicant_notify(request=case, kind="extension", text=text)] == ["email"]


def test_applicant_reply_text(make_case):
    case = make_case(status=Status.REPLIED, replied_on=d(10, 9))
    assert applicant_text(request=case, kind="reply") == (
        "【政府信息公开】测试区发展和改革局已于2026年10月9日答复您的政府信息公开申请YSQ-2026-000001。"
        "请凭申请编号和查询码在网站查看并下载答复书。")
