"""``GET /api/v1/workdays/add`` and ``/between`` (router in gongkai.api.routers.workdays)."""

import importlib.util
from datetime import date

import pytest
from django.test import Client
from django.urls import Resolver404, resolve
from ninja import NinjaAPI
from ninja.testing import TestClient

from gongkai.api.routers.workdays import router
from gongkai.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(settings):
    settings.ROOT_URLCONF = "workdays_test_urls"
    return Client()


def test_add(client):
    response = client.get("/api/v1/workdays/add", {"start": "2026-09-30", "days": 20})
    assert response.status_code == 200
    assert response.json() == {"date": "2026-11-03"}
    assert client.get("/api/v1/workdays/add", {"start": "2025-01-24", "days": 3}).json() == {"date": "2025-02-05"}
    assert client.get("/api/v1/workdays/add", {"start": "2025-01-24", "days": 0}).json() == {"date": "2025-01-24"}


def test_between(client):
    response = client.get("/api/v1/workdays/between", {"start": "2026-09-30", "end": "2026-11-03"})
    assert response.status_code == 200
    assert response.json() == {"days": 20}
    assert client.get("/api/v1/workdays/between", {"start": "2026-11-03", "end": "2026-09-30"}).json() == {
        "days": 0
    }


def test_uncovered_year_is_400_with_the_message(client):
    response = client.get("/api/v1/workdays/add", {"start": "2098-12-31", "days": 20})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "2099 年的节假日安排尚未录入工作日历，请协调办按国务院办公厅通知录入后再计算。"
    }
    response = client.get("/api/v1/workdays/between", {"start": "2098-12-31", "end": "2099-01-10"})
    assert response.status_code == 400
    assert "2099 年" in response.json()["detail"]


@pytest.mark.parametrize("days", [-1, 367, 10000])
def test_days_out_of_range(client, days):
    response = client.get("/api/v1/workdays/add", {"start": "2026-01-05", "days": days})
    assert response.status_code == 400
    assert response.json() == {"detail": "工作日数应在 0 到 366 之间。"}


def test_366_is_allowed(client):
    assert client.get("/api/v1/workdays/add", {"start": "2024-01-01", "days": 366}).status_code == 200


@pytest.mark.parametrize("query", [{"start": "2026-02-30", "days": 1}, {"start": "2026-01-05", "days": "x"}, {}])
def test_malformed_input_is_refused(client, query):
    assert client.get("/api/v1/workdays/add", query).status_code in {400, 422}


def test_an_entered_year_is_used(client):
    cy = CalendarYear.objects.create(year=2099)
    CalendarDay.objects.create(year=cy, date=date(2099, 1, 1), is_workday=False, name="元旦")  # a Thursday
    from gongkai.workdays import calendar

    calendar.bump_version()
    assert client.get("/api/v1/workdays/add", {"start": "2098-12-31", "days": 1}).json() == {"date": "2099-01-02"}
    # Fri 2 (1), the weekend, Mon 5 January (2).
    assert client.get("/api/v1/workdays/add", {"start": "2098-12-31", "days": 2}).json() == {"date": "2099-01-05"}
    assert client.get("/api/v1/workdays/between", {"start": "2098-12-31", "end": "2099-01-05"}).json() == {
        "days": 2
    }


def test_with_the_ninja_test_client():
    api = NinjaAPI(urls_namespace="wd-test-client")
    api.add_router("/workdays/", router)
    response = TestClient(api).get("/workdays/add?start=2026-02-13&days=2")
    assert response.status_code == 200
    assert response.json() == {"date": "2026-02-24"}


def test_mounted_in_the_project_api():
    """Through the project's own URLconf, once the lead has written gongkai.api.main and mounted us."""
    if importlib.util.find_spec("gongkai.api.main") is None:
        pytest.skip("gongkai.api.main does not exist yet")
    try:
        resolve("/api/v1/workdays/add")
    except Resolver404:
        pytest.skip("the workdays router is not mounted at /api/v1/workdays/ yet")
    response = Client().get("/api/v1/workdays/add", {"start": "2026-09-30", "days": 20})
    assert response.status_code in {200, 401}  # the project API may require a token
    if response.status_code == 200:
        assert response.json() == {"date": "2026-11-03"}
