"""Deadline reminders through notify: the right stage on the right day, to the right people, and never
the same message twice."""

import datetime as dt

from annual_records import YEAR
from django.core.management import call_command

from gongkai.annual.deadlines import deadline_for, timeliness
from gongkai.annual.reminders import report_reminders_send, stage_for
from gongkai.notify.models import Message

D = dt.date


def test_deadlines_by_kind_and_the_town_setting(settings):
    assert deadline_for("department", 2024) == D(2025, 1, 31)
    assert deadline_for("government", 2024) == D(2025, 3, 31)
    assert deadline_for("town", 2024) == D(2025, 1, 31)
    settings.GONGKAI_REPORT_DEADLINES = {"town": "03-31"}
    assert deadline_for("town", 2024) == D(2025, 3, 31)
    assert timeliness(deadline=D(2025, 1, 31), published_on=D(2025, 2, 3), today=D(2025, 6, 1)).days_late == 3
    assert timeliness(deadline=D(2025, 1, 31), published_on=None, today=D(2025, 1, 20)).standing == "pending"


def test_stages():
    deadline = D(2025, 1, 31)
    assert stage_for(deadline, D(2024, 12, 31)) is None
    assert stage_for(deadline, D(2025, 1, 1)) == "due_30"
    assert stage_for(deadline, D(2025, 1, 24)) == "due_7"
    assert stage_for(deadline, D(2025, 1, 31)) == "due_today"
    assert stage_for(deadline, D(2025, 2, 1)) == "overdue"


def test_reminders_are_idempotent_and_reach_the_right_people(published, staff, units, capsys):
    staff["app_b"].mobile = "13800138000"
    staff["app_b"].save()
    # 2025-01-24: departments are in the last week (DEPT-A has published); the government is not due yet
    first = report_reminders_send(today=D(YEAR + 1, 1, 24))
    assert first == {"units": 1, "sent": 3, "skipped": 0}  # DEPT-B: op_b and app_b in-app, app_b by SMS
    messages = Message.objects.order_by("id")
    assert {(m.user.username, m.channel) for m in messages} == {("op_b", "inapp"), ("app_b", "inapp"),
                                                                ("app_b", "sms")}
    assert all("测试区财政局2024年政府信息公开工作年度报告" in m.body for m in messages)
    again = report_reminders_send(today=D(YEAR + 1, 1, 24))
    assert again == {"units": 1, "sent": 0, "skipped": 3}
    assert Message.objects.count() == 3

    # overdue: the coordinator above is told as well; a second run sends nothing
    call_command("report_reminders", "--today", f"{YEAR + 1}-02-03")
    assert "新发送 4 条" in capsys.readouterr().out
    assert Message.objects.filter(user=staff["coord"], body__contains="已逾期").count() == 1
    call_command("report_reminders", "--today", f"{YEAR + 1}-02-03")
    assert "新发送 0 条" in capsys.readouterr().out
    assert Message.objects.count() == 7
