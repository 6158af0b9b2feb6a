import pytest
from django.utils.module_loading import autodiscover_modules

from gongkai.workdays import calendar, services


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Each test starts with an empty per-process calendar cache and no listeners.

    The test database rolls back after each test, but the in-memory cache would keep a year entered by the
    previous test; and the services' on-commit hooks only run where a test captures them.
    """
    calendar.clear_cache()
    # Listeners register when their app's services module is first imported; import them all now, so that
    # none registers into the emptied list below and is lost when it is restored.
    autodiscover_modules("services")
    saved = list(services._listeners)
    services._listeners.clear()
    yield
    services._listeners[:] = saved
    calendar.clear_cache()


@pytest.fixture
def uncovered_2027(settings):
    """2027 uncovered whatever chinesecalendar release is installed: the package is used up to 2026 only."""
    settings.GONGKAI_WORKDAYS_PACKAGE_LAST_YEAR = 2026
    assert not calendar.package_covers(2027) and calendar.package_covers(2026)


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


# The invented arrangements below use 2098 and 2099: years no ``chinesecalendar`` release will cover (it
# publishes a year only after the State Council notice), so the tests do not change meaning when the
# package learns 2027, 2028, ... Weekdays: 1 January 2099 is a Thursday, 14 February a Saturday.


@pytest.fixture
def entry_2099():
    """An invented 2099 arrangement (the year stays uncovered until a test enters it).

    元旦: off Thu 1 – Sat 3 Jan, work Sun 4 Jan. 春节: off Sat 14 – Sun 22 Feb (nine days, Mon 16 – Fri 20
    included), work Sat 28 Feb. 12 holidays, 2 make-up working days.
    """
    from datetime import date, timedelta

    spring = [(date(2099, 2, 14) + timedelta(days=i), "春节") for i in range(9)]  # Sat 14 Feb … Sun 22 Feb
    return {
        "year": 2099,
        "holidays": [(date(2099, 1, 1), "元旦"), (date(2099, 1, 2), "元旦"), (date(2099, 1, 3), "元旦"), *spring],
        "makeup_workdays": [(date(2099, 1, 4), "元旦调休"), (date(2099, 2, 28), "春节调休")],
        "notice": "《国务院办公厅关于2099年部分节假日安排的通知》",
    }


@pytest.fixture
def year_2098(db):
    """2098 entered by hand with only New Year's Day (Wed 1 Jan) off, so December 2098 is plain
    Monday–Friday: a covered year from which a count can run into the uncovered 2099."""
    from datetime import date

    from gongkai.workdays.models import CalendarDay, CalendarYear

    cy = CalendarYear.objects.create(year=2098, notice="（测试用）")
    CalendarDay.objects.create(year=cy, date=date(2098, 1, 1), is_workday=False, name="元旦")
    calendar.bump_version()
    return cy
