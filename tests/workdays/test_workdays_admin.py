"""The admin goes through the service: validated, recorded, cache invalidated."""

from datetime import date

import pytest

from gongkai.workdays import calendar
from gongkai.workdays.models import CalendarEvent, CalendarYear

pytestmark = pytest.mark.django_db

ADD = "/admin/workdays/calendaryear/add/"


@pytest.fixture(autouse=True)
def urls(settings):
    settings.ROOT_URLCONF = "workdays_test_urls"


def form(year="2099", notice="《国务院办公厅关于2099年部分节假日安排的通知》", rows=(), initial=0, **extra):
    data = {
        "year": year, "notice": notice,
        "days-TOTAL_FORMS": str(len(rows)), "days-INITIAL_FORMS": str(initial),
        "days-MIN_NUM_FORMS": "0", "days-MAX_NUM_FORMS": "1000",
        "events-TOTAL_FORMS": "0", "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0", "events-MAX_NUM_FORMS": "0",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            if value is True:
                value = "on"
            if value is not False:
                data[f"days-{i}-{key}"] = value
    data.update(extra)
    return data


def test_add_a_year_through_the_admin(client, superuser, django_capture_on_commit_callbacks):
    client.force_login(superuser)
    assert client.get(ADD).status_code == 200
    rows = [
        {"date": "2099-01-01", "is_workday": False, "name": "元旦"},  # a Thursday
        {"date": "2099-02-28", "is_workday": True, "name": "春节调休"},  # a Saturday
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ADD, form(rows=rows))
    assert response.status_code == 302, response.content.decode()[:3000]
    cy = CalendarYear.objects.get(year=2099)
    assert cy.entered_by == superuser
    assert list(cy.days.values_list("date", "is_workday")) == [(date(2099, 1, 1), False), (date(2099, 2, 28), True)]
    assert CalendarEvent.objects.get(year=cy).action == "enter"
    assert calendar.add_workdays(date(2098, 12, 31), 1) == date(2099, 1, 2)  # Friday
    assert calendar.is_workday(date(2099, 2, 28))

    # Change it: 1 January kept, make-up day removed, Friday 2 January added.
    days = {d.date.isoformat(): d for d in cy.days.all()}
    rows = [
        {"id": str(days["2099-01-01"].pk), "year": str(cy.pk), "date": "2099-01-01", "name": "元旦"},
        {"id": str(days["2099-02-28"].pk), "year": str(cy.pk), "date": "2099-02-28", "is_workday": True,
         "name": "春节调休", "DELETE": True},
        {"year": str(cy.pk), "date": "2099-01-02", "name": "元旦"},
    ]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/workdays/calendaryear/{cy.pk}/change/", form(rows=rows, initial=2))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(cy.days.values_list("date", flat=True)) == [date(2099, 1, 1), date(2099, 1, 2)]
    assert CalendarEvent.objects.filter(year=cy).last().action == "update"
    assert calendar.add_workdays(date(2098, 12, 31), 1) == date(2099, 1, 5)  # Thu, Fri off; then the weekend
    assert not calendar.is_workday(date(2099, 2, 28))


def test_invalid_days_are_shown_not_saved(client, coordinator):
    client.force_login(coordinator)
    rows = [
        {"date": "2099-01-01", "is_workday": False, "name": "元旦"},
        {"date": "2099-01-05", "is_workday": True, "name": "调休"},
    ]
    response = client.post(ADD, form(rows=rows))
    assert response.status_code == 200
    assert "调休上班日 2099-01-05 是星期一，本来就是工作日" in response.content.decode()
    assert not CalendarYear.objects.exists()


def test_only_the_coordinator_or_a_superuser_may_enter(client, coordinator, operator):
    client.force_login(operator)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form(rows=[{"date": "2099-01-01", "name": "元旦"}])).status_code == 403
    assert not CalendarYear.objects.exists()
    client.force_login(coordinator)
    assert client.get(ADD).status_code == 200


@pytest.mark.usefixtures("uncovered_2027")
def test_the_list_says_which_years_are_entered_and_which_provisional(client, coordinator, django_capture_on_commit_callbacks):
    from gongkai.workdays.admin import year_statuses
    from gongkai.workdays.services import calendar_year_enter

    client.force_login(coordinator)
    page = client.get("/admin/workdays/calendaryear/").content.decode()
    # today is 27 November 2026: the year before, this year and the next two
    assert [(row["year"], row["label"]) for row in year_statuses(date(2026, 11, 27))] == [
        (2025, "已确定（chinesecalendar 软件包）"), (2026, "已确定（chinesecalendar 软件包）"),
        (2027, "暂定（按法定节假日推算）"), (2028, "暂定（按法定节假日推算）"),
    ]
    assert "<td>2027 年</td>\n        <td>暂定（按法定节假日推算）</td>" in page
    assert "尚未录入国务院办公厅通知，相关期限均为暂定日期。期限暂按周一至周五扣除《全国年节及纪念日放假办法》" in page
    assert "春节 2027-02-05—2027-02-08" in page

    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(year=2027, holidays=[(date(2027, 1, 1), "元旦")], makeup_workdays=[], actor=coordinator)
    page = client.get("/admin/workdays/calendaryear/").content.decode()
    assert "<td>2027 年</td>\n        <td>已录入</td>" in page
    assert "<td>2028 年</td>\n        <td>暂定（按法定节假日推算）</td>" in page
