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


def test_entering_2027_makes_counting_into_it_work(superuser, entry_2027, django_capture_on_commit_callbacks):
    with pytest.raises(UncoveredYear):
        add_workdays(D("2026-12-31"), 1)
    # Provisional before the entry: 2027 counted Monday–Friday (1 January is a Friday).
    assert add_workdays_provisional(D("2026-12-20"), 20) == (D("2027-01-15"), True)

    with django_capture_on_commit_callbacks(execute=True):
        cy = calendar_year_enter(**entry_2027, actor=superuser)

    assert cy.year == 2027 and cy.entered_by == superuser and cy.notice.startswith("《国务院办公厅")
    assert cy.days.count() == 13
    assert calendar.covered(2027)
    assert calendar.sources(2027) == ("override",)
    assert add_workdays(D("2026-12-31"), 1) == D("2027-01-04")  # 1–3 January off
    # …and the provisional date is now final, one day later because of New Year's Day.
    assert add_workdays_provisional(D("2026-12-20"), 20) == (D("2027-01-18"), False)
    # Spring Festival: Fri 5 Feb, then off Sat 6 – Sun 14 Feb, work Mon 15 … and Saturday 20 Feb.
    assert add_workdays(D("2027-02-04"), 1) == D("2027-02-05")
    assert add_workdays(D("2027-02-05"), 1) == D("2027-02-15")
    assert add_workdays(D("2027-02-05"), 6) == D("2027-02-20")
    assert add_workdays(D("2027-02-05"), 7) == D("2027-02-22")
    assert calendar.workdays_between(D("2027-02-05"), D("2027-02-22")) == 7
    # 2028 is still unknown.
    with pytest.raises(UncoveredYear) as info:
        add_workdays(D("2027-12-31"), 1)
    assert info.value.year == 2028


def test_the_entry_is_recorded_and_re_entry_replaces_the_days(
    superuser, coordinator, entry_2027, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        cy = calendar_year_enter(**entry_2027, actor=superuser)
    event = CalendarEvent.objects.get(year=cy)
    assert event.action == "enter" and event.actor == superuser
    assert event.data["before"] is None
    assert event.data["after"]["holidays"][0] == ["2027-01-01", "元旦"]
    assert event.data["after"]["makeup_workdays"] == [["2027-02-20", "春节调休"]]

    # The coordinator corrects the entry: 3 January is a working day after all, with a new make-up day.
    with django_capture_on_commit_callbacks(execute=True):
        again = calendar_year_enter(
            year=2027,
            holidays=[(D("2027-01-01"), "元旦"), (D("2027-01-02"), "元旦")],
            makeup_workdays=[(D("2027-01-03"), "")],
            notice=" 更正 ",
            actor=coordinator,
        )
    assert again.pk == cy.pk
    assert again.notice == "更正" and again.entered_by == coordinator
    assert list(again.days.values_list("date", "is_workday", "name")) == [
        (D("2027-01-01"), False, "元旦"),
        (D("2027-01-02"), False, "元旦"),
        (D("2027-01-03"), True, "调休上班"),  # default name
    ]
    update = CalendarEvent.objects.filter(year=cy).last()
    assert update.action == "update" and update.actor == coordinator
    assert len(update.data["before"]["holidays"]) == 12
    assert update.data["after"]["makeup_workdays"] == [["2027-01-03", "调休上班"]]
    assert is_workday(D("2027-01-03"))  # Sunday, now a make-up day
    # The old Spring Festival days are gone, so Monday 8 February follows Monday–Friday again.
    assert is_workday(D("2027-02-08"))
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
    with pytest.raises(UncoveredYear):
        add_workdays(D("2026-12-29"), 2)  # 31 December is off now, so the count needs 2027


def test_the_cache_is_invalidated_only_on_commit(superuser, entry_2027, django_capture_on_commit_callbacks):
    assert not calendar.covered(2027)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_year_enter(**entry_2027, actor=superuser)
    assert not calendar.covered(2027)  # not committed yet: this process still has the old answer
    for callback in callbacks:
        callback()
    assert calendar.covered(2027)


def test_listeners_run_on_commit_with_the_new_calendar(superuser, entry_2027, django_capture_on_commit_callbacks):
    seen = []

    @on_calendar_changed
    def recompute(year):
        seen.append((year, add_workdays(D("2026-12-31"), 1)))

    def broken(year):
        raise RuntimeError("boom")

    on_calendar_changed(broken)
    also = on_calendar_changed(lambda year: seen.append(("second", year)))
    on_calendar_changed(recompute)  # registering twice has no effect

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        calendar_year_enter(**entry_2027, actor=superuser)
    assert seen == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert seen == [(2027, D("2027-01-04")), ("second", 2027)]  # the broken listener did not stop the next
    assert also is not None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"year": 1999}, "年份“1999”无效"),
        ({"holidays": []}, "请至少录入一个节假日"),
        ({"holidays": [(D("2026-12-31"), "元旦")]}, "节假日 2026-12-31 不在 2027 年内"),
        ({"makeup_workdays": [(D("2028-01-01"), "")]}, "调休上班日 2028-01-01 不在 2027 年内"),
        ({"makeup_workdays": [(D("2027-01-02"), "")]}, "2027-01-02 不能既是节假日又是调休上班日"),
        ({"holidays": [(D("2027-01-01"), "元旦"), (D("2027-01-01"), "元旦")]}, "节假日 2027-01-01 重复录入"),
        ({"makeup_workdays": [(D("2027-01-04"), "")]}, "调休上班日 2027-01-04 是星期一，本来就是工作日"),
        ({"holidays": [(D("2027-01-01"), "元" * 41)]}, "名称过长"),
        ({"notice": "通" * 201}, "通知名称过长"),
    ],
)
def test_invalid_entries_are_refused_in_chinese(superuser, entry_2027, changes, message):
    with pytest.raises(DomainError) as info:
        calendar_year_enter(**{**entry_2027, **changes}, actor=superuser)
    assert message in info.value.message
    assert not CalendarYear.objects.exists() and not CalendarDay.objects.exists()


def test_only_superusers_and_coordinators_may_enter(superuser, coordinator, operator, entry_2027):
    with pytest.raises(AccessDenied) as info:
        calendar_year_enter(**entry_2027, actor=operator)
    assert info.value.message == "只有协调办或系统管理员可以录入工作日历。"
    assert info.value.status_code == 403
    with pytest.raises(AccessDenied):
        calendar_year_enter(**entry_2027, actor=None)
    coordinator.is_active = False
    coordinator.save()
    with pytest.raises(AccessDenied):
        calendar_year_enter(**entry_2027, actor=coordinator)
    assert not CalendarYear.objects.exists()
    coordinator.is_active = True
    coordinator.save()
    calendar_year_enter(**entry_2027, actor=coordinator)
    calendar_year_enter(**entry_2027, actor=superuser)
    assert CalendarEvent.objects.count() == 2


def test_events_are_append_only(superuser, entry_2027):
    cy = calendar_year_enter(**entry_2027, actor=superuser)
    event = cy.events.get()
    with pytest.raises(RuntimeError):
        event.save()
    with pytest.raises(RuntimeError):
        event.delete()
