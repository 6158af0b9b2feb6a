"""Entering a year's holiday arrangement: validation, permission, history, cache and listeners."""

from datetime import date

import pytest

from gongkai.core.errors import AccessDenied, DomainError
from gongkai.workdays import calendar
from gongkai.workdays.calendar import UncoveredYear, add_workdays, add_workdays_provisional, is_workday
from gongkai.workdays.models import CalendarDay, CalendarEvent, CalendarYear
from gongkai.workdays.services import calendar_year_enter, on_calendar_changed

pytestmark = pytest.mark.django_db

D = date.fromisoformat


def test_entering_2099_makes_counting_into_it_work(
    superuser, year_2098, entry_2099, django_capture_on_commit_callbacks
):
    with pytest.raises(UncoveredYear):
        add_workdays(D("2098-12-31"), 1)
    # Provisional before the entry: after Sun 21 Dec 2098, 8 working days in December, then 2099 counted
    # Monday–Friday minus the statutory holidays: Thu 1 January (元旦) off, Fri 2, Mon 5 – Fri 9, Mon 12 –
    # Fri 16, Mon 19 January is the 20th.
    assert add_workdays_provisional(D("2098-12-21"), 20) == (D("2099-01-19"), True)

    with django_capture_on_commit_callbacks(execute=True):
        cy = calendar_year_enter(**entry_2099, actor=superuser)

    assert cy.year == 2099 and cy.entered_by == superuser and cy.notice.startswith("《国务院办公厅")
    assert cy.days.count() == 14  # 3 + 9 holidays, 2 make-up days
    assert calendar.covered(2099)
    assert calendar.sources(2099) == ("override",)
    assert add_workdays(D("2098-12-31"), 1) == D("2099-01-04")  # 1–3 January off, Sunday 4 January worked
    assert add_workdays(D("2098-12-31"), 2) == D("2099-01-05")
    # …and the provisional date is now final (the same day: Thu 1 and Fri 2 January are off, the make-up
    # Sunday 4 January counts (9), Mon 5 – Fri 9 (10–14), Mon 12 – Fri 16 (15–19), Mon 19 (20)).
    assert add_workdays_provisional(D("2098-12-21"), 20) == (D("2099-01-19"), False)
    # Spring Festival: work Fri 13 Feb, off Sat 14 – Sun 22 Feb, work Mon 23 … Fri 27 and Saturday 28 Feb.
    assert add_workdays(D("2099-02-12"), 1) == D("2099-02-13")
    assert add_workdays(D("2099-02-13"), 1) == D("2099-02-23")
    assert add_workdays(D("2099-02-13"), 5) == D("2099-02-27")
    assert add_workdays(D("2099-02-13"), 6) == D("2099-02-28")
    assert add_workdays(D("2099-02-13"), 7) == D("2099-03-02")  # Sunday 1 March is off
    assert calendar.workdays_between(D("2099-02-13"), D("2099-03-02")) == 7
    assert not is_workday(D("2099-02-16"))  # a Monday inside the holiday
    # 2100 is still unknown.
    with pytest.raises(UncoveredYear) as info:
        add_workdays(D("2099-12-31"), 1)
    assert info.value.year == 2100


def test_the_entry_is_recorded_and_re_entry_replaces_the_days(
    superuser, coordinator, entry_2099, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cy = calendar_year_enter(**entry_2099, actor=superuser)
    event = CalendarEvent.objects.get(year=cy)
    assert event.action == "enter" and event.actor == superuser
    assert event.data["before"] is None
    assert event.data["after"]["holidays"][0] == ["2099-01-01", "元旦"]
    assert event.data["after"]["holidays"][-1] == ["2099-02-22", "春节"]
    assert event.data["after"]["makeup_workdays"] == [["2099-01-04", "元旦调休"], ["2099-02-28", "春节调休"]]

    # The coordinator corrects the entry: Saturday 3 January is the make-up day instead of Sunday 4 January.
    with django_capture_on_commit_callbacks(execute=True):
        again = calendar_year_enter(
            year=2099,
            holidays=[(D("2099-01-01"), "元旦"), (D("2099-01-02"), "元旦")],
            makeup_workdays=[(D("2099-01-03"), "")],
            notice=" 更正 ",
            actor=coordinator,
        )
    assert again.pk == cy.pk
    assert again.notice == "更正" and again.entered_by == coordinator
    assert list(again.days.values_list("date", "is_workday", "name")) == [
        (D("2099-01-01"), False, "元旦"),
        (D("2099-01-02"), False, "元旦"),
        (D("2099-01-03"), True, "调休上班"),  # default name
    ]
    update = CalendarEvent.objects.filter(year=cy).last()
    assert update.action == "update" and update.actor == coordinator
    assert len(update.data["before"]["holidays"]) == 12
    assert len(update.data["before"]["makeup_workdays"]) == 2
    assert update.data["after"]["makeup_workdays"] == [["2099-01-03", "调休上班"]]
    assert is_workday(D("2099-01-03"))  # Saturday, now a make-up day
    assert not is_workday(D("2099-01-04"))  # Sunday, no longer listed
    # The old Spring Festival days are gone, so Monday 16 February follows Monday–Friday again.
    assert is_workday(D("2099-02-16"))
    assert not is_workday(D("2099-02-28"))  # an ordinary Saturday again
    assert CalendarDay.objects.filter(year=cy).count() == 3


def test_a_correction_of_a_package_year(superuser, django_capture_on_commit_callbacks):
    assert is_workday(D("2026-12-31")) and not is_workday(D("2026-10-02"))
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(
            year=2026,
            holidays=[(D("2026-12-31"), "跨年更正")],
            # A weekday can be a make-up day only where the package has it as a holiday (a correction).
            makeup_workdays=[(D("2026-10-02"), "更正")],
            actor=superuser,
        )
    assert calendar.sources(2026) == ("override", "chinesecalendar")
    assert not is_workday(D("2026-12-31"))
    assert is_workday(D("2026-10-02"))
    # Every unlisted day still follows the package.
    assert not is_workday(D("2026-10-01")) and is_workday(D("2026-10-10")) and not is_workday(D("2026-02-16"))
    assert add_workdays(D("2026-12-29"), 1) == D("2026-12-30")
    assert calendar.workdays_between(D("2026-12-29"), D("2026-12-31")) == 1
    # Mon 28 December → Tue 29, Wed 30; Thursday 31 December no longer counts.
    assert calendar.workdays_between(D("2026-12-28"), D("2026-12-31")) == 2


def test_the_cache_is_invalidated_only_on_commit(superuser, entry_2099, django_capture_on_commit_callbacks):
    assert not calendar.covered(2099)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_year_enter(**entry_2099, actor=superuser)
    assert not calendar.covered(2099)  # not committed yet: this process still has the old answer
    for callback in callbacks:
        callback()
    assert calendar.covered(2099)


def test_listeners_run_on_commit_with_the_new_calendar(superuser, entry_2099, django_capture_on_commit_callbacks):
    seen = []

    @on_calendar_changed
    def recompute(year):
        seen.append((year, add_workdays(D("2098-12-31"), 1)))

    def broken(year):
        raise RuntimeError("boom")

    on_calendar_changed(broken)
    also = on_calendar_changed(lambda year: seen.append(("second", year)))
    on_calendar_changed(recompute)  # registering twice has no effect

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_year_enter(**entry_2099, actor=superuser)
    assert seen == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert seen == [(2099, D("2099-01-04")), ("second", 2099)]  # the broken listener did not stop the next
    assert also is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": 1999}, "年份“1999”无效"),
        ({"year": 2100}, "年份“2100”无效，应在 2000—2099 之间"),
        ({"holidays": []}, "请至少录入一个节假日"),
        ({"holidays": [(D("2098-12-31"), "元旦")]}, "节假日 2098-12-31 不在 2099 年内"),
        ({"makeup_workdays": [(D("2100-01-01"), "")]}, "调休上班日 2100-01-01 不在 2099 年内"),
        ({"makeup_workdays": [(D("2099-01-02"), "")]}, "2099-01-02 不能既是节假日又是调休上班日"),
        ({"holidays": [(D("2099-01-01"), "元旦"), (D("2099-01-01"), "元旦")]}, "节假日 2099-01-01 重复录入"),
        ({"makeup_workdays": [(D("2099-01-05"), "")]}, "调休上班日 2099-01-05 是星期一，本来就是工作日"),
        ({"makeup_workdays": [(D("2099-03-06"), "")]}, "调休上班日 2099-03-06 是星期五"),
        ({"holidays": [(D("2099-01-01"), "元" * 41)]}, "名称过长"),
        ({"notice": "通" * 201}, "通知名称过长"),
    ],
)
def test_invalid_entries_are_refused_in_chinese(superuser, entry_2099, changes, message):
    with pytest.raises(DomainError) as info:
        calendar_year_enter(**{**entry_2099, **changes}, actor=superuser)
    assert message in info.value.message
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_only_superusers_and_coordinators_may_enter(superuser, coordinator, operator, entry_2099):
    with pytest.raises(AccessDenied) as info:
        calendar_year_enter(**entry_2099, actor=operator)
    assert info.value.message == "只有协调办或系统管理员可以录入工作日历。"
    assert info.value.status_code == 403
    with pytest.raises(AccessDenied):
        calendar_year_enter(**entry_2099, actor=None)
    coordinator.is_active = False
    coordinator.save()
    with pytest.raises(AccessDenied):
        calendar_year_enter(**entry_2099, actor=coordinator)
    assert not CalendarYear.objects.exists()
    coordinator.is_active = True
    coordinator.save()
    calendar_year_enter(**entry_2099, actor=coordinator)
    calendar_year_enter(**entry_2099, actor=superuser)
    assert CalendarEvent.objects.count() == 2


def test_events_are_append_only(superuser, entry_2099):
    cy = calendar_year_enter(**entry_2099, actor=superuser)
    event = cy.events.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
