"""``gongkai workdays``: add, between, check, enter."""

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.workdays import calendar
from gongkai.workdays.models import CalendarEvent, CalendarYear

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


def test_add_and_between():
    assert run("add", "--start", "2026-09-30", "--days", "20") == "2026-11-03"
    assert run("add", "--start", "2025-01-24", "--days", "0") == "2025-01-24"
    assert run("between", "2026-09-30", "2026-11-03") == "20"
    assert run("between", "2026-11-03", "2026-09-30") == "0"


def test_add_into_an_uncovered_year():
    with pytest.raises(CommandError, match="2099 年的节假日安排尚未录入工作日历"):
        run("add", "--start", "2098-12-31", "--days", "20")
    # Monday–Friday minus the statutory holidays of 2099: Thu 1 January (元旦) off; Fri 2 (1), 5–9 (2–6),
    # 12–16 (7–11), Mon 19 (12); 春节 Tue 20 – Fri 23 off; 26–30 (13–17), 2, 3, 4 February (18–20).
    assert run("add", "--start", "2098-12-31", "--days", "20", "--provisional") == (
        "2099-02-04（暂定：期间含尚未录入节假日安排的年份，按周一至周五扣除法定节假日计算）"
    )
    assert run("add", "--start", "2026-09-30", "--days", "20", "--provisional") == "2026-11-03"


def test_bad_input_is_a_clear_error():
    with pytest.raises(CommandError, match="日期“2026-13-01”格式不对"):
        run("add", "--start", "2026-13-01", "--days", "1")
    with pytest.raises(CommandError, match="工作日数不能为负数"):
        run("add", "--start", "2026-01-05", "--days", "-1")
    with pytest.raises(CommandError, match="格式不对"):
        run("between", "2026-01-05", "tomorrow")


def test_check():
    assert run("check", "2026") == "2026 年：已确定（chinesecalendar 软件包），来源：chinesecalendar 软件包。"


def test_check_an_uncovered_year_says_it_is_provisional_and_fails(settings):
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = 2026  # 2027 uncovered, whatever chinesecalendar is installed
    out = StringIO()
    with pytest.raises(CommandError, match="2027 年的节假日安排尚未录入工作日历，相关期限均为暂定日期"):
        call_command("workdays", "check", "2027", stdout=out)
    assert out.getvalue().strip() == (
        "2027 年：暂定（按法定节假日推算）。期限暂按周一至周五扣除《全国年节及纪念日放假办法》规定的节假日"
        "计算：元旦 2027-01-01；春节 2027-02-05—2027-02-08；清明节 2027-04-05；劳动节 2027-05-01—2027-05-02；"
        "端午节 2027-06-09；中秋节 2027-09-15；国庆节 2027-10-01—2027-10-03。节日适逢周六、周日的补假暂按节后"
        "工作日计：2027-02-09、2027-02-10、2027-05-03、2027-05-04、2027-10-04、2027-10-05。调休上班日以国务院"
        "办公厅通知为准，录入通知后自动重新计算。"
    )


def test_enter_as_the_first_superuser(superuser, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        out = run(
            "enter", "--year", "2099",
            "--holiday", "2099-01-01..2099-01-03:元旦",
            "--holiday", "2099-02-14..2099-02-22:春节",
            "--makeup", "2099-01-04:元旦调休",
            "--makeup", "2099-02-28:春节调休",
            "--notice", "《国务院办公厅关于2099年部分节假日安排的通知》",
        )
    assert out == "已录入 2099 年节假日安排：放假 12 天，调休上班 2 天（录入人 admin）。"
    cy = CalendarYear.objects.get(year=2099)
    assert cy.entered_by == superuser
    assert cy.days.get(date=date(2099, 2, 18)).name == "春节"
    assert cy.days.get(date=date(2099, 1, 4)).is_workday
    assert CalendarEvent.objects.get().actor == superuser
    assert run("check", "2099") == "2099 年：已录入，来源：人工录入的节假日安排。"
    assert run("add", "--start", "2098-12-31", "--days", "1") == "2099-01-04"  # the make-up Sunday
    # Fri 13 Feb; off Sat 14 – Sun 22; Mon 23 – Fri 27 (1–5), make-up Saturday 28 February (6).
    assert calendar.add_workdays(date(2099, 2, 13), 6) == date(2099, 2, 28)


def test_enter_with_an_actor(coordinator, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        run("enter", "--year", "2099", "--holiday", "2099-01-01:元旦", "--actor", "xietiao")
    assert CalendarYear.objects.get(year=2099).entered_by == coordinator


def test_enter_errors(operator):
    with pytest.raises(CommandError, match="系统中没有超级管理员，请用 --actor 指定录入人的用户名"):
        run("enter", "--year", "2099", "--holiday", "2099-01-01:元旦")
    with pytest.raises(CommandError, match="用户“nobody”不存在"):
        run("enter", "--year", "2099", "--holiday", "2099-01-01:元旦", "--actor", "nobody")
    with pytest.raises(CommandError, match="只有协调办或系统管理员可以录入工作日历"):
        run("enter", "--year", "2099", "--holiday", "2099-01-01:元旦", "--actor", "jingban")
    assert not CalendarYear.objects.exists()


def test_enter_invalid_days(coordinator):
    with pytest.raises(CommandError, match="节假日 2098-12-31 不在 2099 年内"):
        run("enter", "--year", "2099", "--holiday", "2098-12-31:元旦", "--actor", "xietiao")
    with pytest.raises(CommandError, match="结束日期早于开始日期"):
        run("enter", "--year", "2099", "--holiday", "2099-01-03..2099-01-01:元旦", "--actor", "xietiao")
    with pytest.raises(CommandError, match="调休上班日 2099-01-05 是星期一"):
        run("enter", "--year", "2099", "--holiday", "2099-01-01:元旦", "--makeup", "2099-01-05:调休",
            "--actor", "xietiao")
    with pytest.raises(CommandError, match="请至少录入一个节假日"):
        run("enter", "--year", "2099", "--actor", "xietiao")
    assert not CalendarYear.objects.exists()
