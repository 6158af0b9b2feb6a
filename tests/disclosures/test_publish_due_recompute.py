"""Entering a year's holidays makes the register's provisional Art. 26 dates final (RULES.md §1).

2027 is treated as not yet covered by the State Council's notice whatever chinesecalendar release is
installed (the package is used up to 2026 only), and the tests run on 22 December 2026.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from gongkai.disclosures.models import Disclosure, DisclosureEvent
from gongkai.disclosures.services import disclosure_publish_dues_recompute
from gongkai.disclosures.taxonomy import Status
from gongkai.workdays import calendar
from gongkai.workdays.models import CalendarDay, CalendarYear
from gongkai.workdays.services import calendar_year_enter

pytestmark = pytest.mark.django_db


def d(month, day, year=2027):
    return dt.date(year, month, day)


@pytest.fixture(autouse=True)
def uncovered_2027(settings, clock):
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = 2026
    clock.move_to(dt.datetime(2026, 12, 22, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai")))


def enter_2027(actor, django_capture_on_commit_callbacks):
    # An invented arrangement: 元旦 1–3 January off, and (to show a date moving) Saturday 9 January worked.
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(
            year=2027, holidays=[(d(1, 1), "元旦"), (d(1, 2), "元旦"), (d(1, 3), "元旦")],
            makeup_workdays=[(d(1, 9), "调休上班")], notice="《国务院办公厅关于2027年部分节假日安排的通知》（测试用）",
            actor=actor,
        )


def test_a_provisional_art26_date_becomes_final_when_2027_is_entered(
    draft_factory, staff, django_capture_on_commit_callbacks
):
    # given an item formed on Monday 21 December 2026: 22–25 (4), 28–31 December (8), then 2027 counted
    # Monday–Friday minus the statutory holidays: 1 January (元旦) off, 4–8 (13), 11–15 (18), 18, 19 (20)
    item = draft_factory(written_on="2026-12-21")
    assert (item.publish_due, item.publish_due_provisional) == (d(1, 19), True)
    # and one whose 20 working days end in 2026: final from the start
    final = draft_factory(written_on="2026-11-20")
    assert final.publish_due_provisional is False

    # when the coordinator enters 2027 (Saturday 9 January a make-up working day)
    enter_2027(staff["coord"], django_capture_on_commit_callbacks)

    # then the date is recomputed on the entered calendar: 9 January counts, so 18 January is the 20th
    item.refresh_from_db()
    assert (item.publish_due, item.publish_due_provisional) == (d(1, 18), False)
    event = DisclosureEvent.objects.get(disclosure=item, action="publish_due_recompute")
    assert event.actor is None
    assert event.data == {
        "before": {"publish_due": "2027-01-19", "publish_due_provisional": True},
        "after": {"publish_due": "2027-01-18", "publish_due_provisional": False},
    }
    assert not DisclosureEvent.objects.filter(disclosure=final, action="publish_due_recompute").exists()
    # idempotent: nothing is provisional any more
    assert disclosure_publish_dues_recompute() == 0
    assert DisclosureEvent.objects.filter(action="publish_due_recompute").count() == 1


def test_published_items_are_recomputed_too_with_the_actor_recorded(draft_factory, staff):
    # the date of a published item still says whether it was published in time (annual statistics)
    item = draft_factory(written_on="2026-12-21")
    Disclosure.objects.filter(pk=item.pk).update(status=Status.PUBLISHED, published_on=dt.date(2026, 12, 22))
    # 2027 entered with 元旦 only (written directly: no listener runs), then the service called by hand
    year = CalendarYear.objects.create(year=2027, notice="（测试用）")
    CalendarDay.objects.create(year=year, date=d(1, 1), is_workday=False, name="元旦")
    calendar.bump_version()
    assert disclosure_publish_dues_recompute(actor=staff["coord"]) == 1
    item.refresh_from_db()
    assert (item.publish_due, item.publish_due_provisional) == (d(1, 19), False)  # the same day, now final
    assert DisclosureEvent.objects.get(disclosure=item, action="publish_due_recompute").actor == staff["coord"]


def test_nothing_changes_while_the_year_is_still_uncovered(draft_factory):
    item = draft_factory(written_on="2026-12-21")
    assert disclosure_publish_dues_recompute() == 0
    item.refresh_from_db()
    assert (item.publish_due, item.publish_due_provisional) == (d(1, 19), True)
    assert not DisclosureEvent.objects.filter(action="publish_due_recompute").exists()
