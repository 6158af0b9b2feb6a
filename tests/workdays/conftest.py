import pytest

from gongkai.workdays import calendar, services


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test starts with an empty per-process calendar cache and no listeners.

    The test database rolls back after each test, but the in-memory cache would keep a year entered by the
    previous test; and the services' on-commit hooks only run where a test captures them.
    """
    calendar.clear_cache()
    saved = list(services._listeners)
    services._listeners.clear()
    yield
    services._listeners[:] = saved
    calendar.clear_cache()


@pytest.fixture
def unit(db):
    from gongkai.orgs.models import Unit

    return Unit.objects.create(code="ZH", name="某区人民政府", kind="government", path="/ZH/")


def _person(username, unit=None, role=None, **extra):
    from gongkai.orgs.models import Membership, User

    user = User.objects.create_user(username=username, password="x-Long-Password-1", **extra)
    if role:
        Membership.objects.create(user=user, unit=unit, role=role)
    return user


@pytest.fixture
def superuser(db):
    return _person("admin", is_superuser=True, is_staff=True)


@pytest.fixture
def coordinator(unit):
    return _person("xietiao", unit, "coordinator", is_staff=True)


@pytest.fixture
def operator(unit):
    return _person("jingban", unit, "operator", is_staff=True)


@pytest.fixture
def entry_2027():
    """An invented 2027 arrangement for the tests (not the real notice, which was not out when written)."""
    from datetime import date, timedelta

    spring = [(date(2027, 2, 6) + timedelta(days=i), "春节") for i in range(9)]  # Sat 6 Feb … Sun 14 Feb
    return {
        "year": 2027,
        "holidays": [(date(2027, 1, 1), "元旦"), (date(2027, 1, 2), "元旦"), (date(2027, 1, 3), "元旦"), *spring],
        "makeup_workdays": [(date(2027, 2, 20), "春节调休")],
        "notice": "《国务院办公厅关于2027年部分节假日安排的通知》",
    }
