"""``gongkai demo``: the demo data set is loaded once for this module (it takes seconds, not minutes) in a
transaction that is rolled back at the end, and every test reads it."""

import io
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Max, Q
from django.test import override_settings
from django.utils import timezone

from gongkai.core.models import Counter as SerialCounter
from gongkai.core.sanitize import html_to_text
from gongkai.demo import generate
from gongkai.demo.people import DEMO_PASSWORD, logins, username_for
from gongkai.demo.units import UNITS
from gongkai.disclosures.models import Disclosure, DisclosureEvent
from gongkai.disclosures.selectors import overdue_q
from gongkai.disclosures.taxonomy import Channel, DisclosureMode, NormativeKind, Status
from gongkai.orgs.models import Membership, Role, Unit, UnitKind, User
from gongkai.reviews import scanner
from gongkai.reviews.models import Finding, FindingStatus
from gongkai.workdays.calendar import add_workdays_provisional

LOGINS_MD = Path(generate.__file__).with_name("LOGINS.md")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Run the command once on the test database; roll everything back after the module.

    Hashed with the tests' fast hasher (tests/conftest.py), so that the tests can check the password."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            out = io.StringIO()
            started = time.monotonic()
            with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
                call_command("demo", stdout=out)
            yield {"output": out.getvalue(), "seconds": time.monotonic() - started}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def loaded(demo, db):
    return demo


def published_in(year: int):
    return Disclosure.objects.filter(status=Status.PUBLISHED, published_on__year=year)


def test_reports_what_it_loaded(loaded):
    # how long it takes is a benchmark figure, not a test: the output says it
    print(f"gongkai demo took {loaded['seconds']:.1f} s")
    assert "演示数据已装入" in loaded["output"]


# --- units and people -------------------------------------------------------------------------------

def test_units_form_the_district_tree(loaded):
    root = Unit.objects.get(code="ZH")
    assert root.parent is None and root.kind == UnitKind.GOVERNMENT and root.path == "/ZH/"
    assert Unit.objects.count() >= 50
    assert not Unit.objects.exclude(pk=root.pk).exclude(parent=root).exists()
    assert Unit.objects.get(code="ZH-ZFB").name == "镇海区人民政府办公室"
    towns = set(Unit.objects.filter(kind=UnitKind.TOWN).values_list("name", flat=True))
    assert {"招宝山", "蛟川", "骆驼", "庄市", "澥浦", "九龙湖"} == {
        re.sub(r"^镇海区(.+?)(街道办事处|镇人民政府)$", r"\1", name) for name in towns
    }


def test_every_unit_has_a_guide(loaded):
    for unit in Unit.objects.all():
        assert unit.guide_office and unit.guide_hours and unit.guide_postcode == "315200", unit.code
        assert unit.guide_address.startswith("宁波市镇海区"), unit.code
        assert re.fullmatch(r"0574-8\d{7}", unit.guide_phone) and re.fullmatch(r"0574-8\d{7}", unit.guide_fax)
        assert unit.guide_email.endswith("@zh.gov.cn")
        assert unit.name in unit.guide_html and "<h2>三、依申请公开</h2>" in unit.guide_html
        assert unit.guide_phone in unit.guide_html


def test_every_unit_has_an_operator_a_reviewer_and_an_approver(loaded):
    for unit in Unit.objects.all():
        roles = dict(Membership.objects.filter(unit=unit).exclude(role=Role.COORDINATOR)
                     .values_list("role", "user__username"))
        assert roles == {role: username_for(unit.code, role) for role in (Role.OPERATOR, Role.REVIEWER, Role.APPROVER)}
    for user in User.objects.filter(username__endswith="-op"):
        assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", user.display_name), user.display_name


def test_admin_and_coordinator(loaded):
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert Membership.objects.filter(user__username="zfb", unit__code="ZH", role=Role.COORDINATOR).exists()
    assert User.objects.get(username="zh-fgj-op").check_password(DEMO_PASSWORD)


def test_logins_md_lists_real_logins():
    people = {p.username: p.display_name for p in logins()}
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (\S+) \|", LOGINS_MD.read_text(), re.M)
    assert len(rows) >= 10
    for username, name in rows:
        assert people[username] == name
    assert DEMO_PASSWORD in LOGINS_MD.read_text()


# --- the 2014 figures of the seed report -------------------------------------------------------------

def test_2014_reproduces_the_seed_table(loaded):
    items = list(published_in(2014).values_list("channels", "disclosure_mode"))
    assert len(items) == 14076  # 主动公开政府信息数 = 政府网站公开政府信息数
    assert all(Channel.WEBSITE in channels for channels, _ in items)
    assert all(mode == DisclosureMode.PROACTIVE for _, mode in items)
    assert sum(Channel.WEIBO in channels for channels, _ in items) == 3628  # 政务微博
    assert not any({Channel.WECHAT, Channel.GAZETTE, Channel.OTHER} & set(channels) for channels, _ in items)
    normative = Disclosure.objects.filter(normative_kind=NormativeKind.NORMATIVE, written_on__year=2014)
    assert normative.count() == 25  # 制发规范性文件总数
    assert normative.filter(status=Status.PUBLISHED, published_on__year=2014).count() == 16  # 主动公开规范性文件数
    hidden = normative.exclude(status=Status.PUBLISHED)
    assert hidden.count() == 9
    assert not hidden.exclude(disclosure_mode=DisclosureMode.NOT_DISCLOSED, status=Status.DRAFT).exists()
    assert not hidden.filter(non_disclosure_reason="").exists()
    # The seed's 政策解读稿件发布数 is empty: no interpretation in 2014.
    assert not published_in(2014).filter(interprets__isnull=False).exists()


def test_current_year_items_up_to_yesterday(loaded):
    today = timezone.localdate()
    bulk = Disclosure.objects.filter(status=Status.PUBLISHED, published_on__year=today.year,
                                     events__data__source="demo")
    assert bulk.count() >= 2500
    assert bulk.aggregate(last=Max("published_on"))["last"] < today or today.timetuple().tm_yday == 1
    assert bulk.filter(interprets__isnull=False).exists()  # 政策解读 linked to their policies
    assert any(Channel.WECHAT in channels for channels in bulk.values_list("channels", flat=True))


def test_every_item_is_consistent_metadata(loaded):
    assert not Disclosure.objects.filter(events__isnull=True).exists()
    numbers = list(Disclosure.objects.values_list("index_number", flat=True))
    assert len(numbers) == len(set(numbers))
    pattern = re.compile(r"^(ZH(?:-[A-Z]+)?)/(\d{4})-(\d{5})$")
    last: Counter = Counter()
    for item in Disclosure.objects.select_related("unit").only("index_number", "unit__code", "written_on"):
        code, year, serial = pattern.match(item.index_number).groups()
        assert code == item.unit.code and int(year) == item.written_on.year
        last[(code, int(year))] = max(last[(code, int(year))], int(serial))
    codes = dict(Unit.objects.values_list("pk", "code"))
    sequences = {}
    for key, value in SerialCounter.objects.filter(key__startswith="disclosure-index:").values_list("key", "last"):
        _, unit_id, year = key.split(":")
        sequences[(codes[int(unit_id)], int(year))] = value
    assert sequences == dict(last)
    published = Disclosure.objects.filter(status=Status.PUBLISHED)
    assert not published.filter(Q(published_at__isnull=True) | Q(written_on__gt=F("published_on"))).exists()
    for item in published.order_by("?")[:50]:
        assert (item.publish_due, item.publish_due_provisional) == add_workdays_provisional(
            item.written_on, settings.GONGKAI_PUBLISH_WITHIN_WORKDAYS)
        assert timezone.localdate(item.published_at) == item.published_on
        assert item.created_by.username == username_for(item.unit.code, Role.OPERATOR)
        event = item.events.get()
        assert event.action == "publish" and event.actor.username == username_for(item.unit.code, Role.APPROVER)
        assert event.at == item.published_at and item.created_at == item.published_at


def test_texts_are_real_and_free_of_personal_data(loaded):
    assert not Disclosure.objects.filter(Q(title__icontains="lorem") | Q(body_html__icontains="lorem")
                                         | Q(body_html__icontains="ipsum")).exists()
    bulk = Disclosure.objects.filter(events__data__source="demo").only("title", "body_html")
    titles = Counter(bulk.values_list("title", flat=True))
    assert len(titles) > 0.6 * sum(titles.values())  # titles vary
    for item in bulk.order_by("id")[::7]:
        text = item.title + "\n" + html_to_text(item.body_html)
        assert "<p>" in item.body_html and len(text) > 60
        assert scanner.scan(text, marks=settings.GONGKAI_SCANNER_MARKS) == [], item.title
    assert bulk.filter(doc_number__regex=r"^镇政办发〔2014〕\d+号$").exists()
    assert bulk.filter(title__regex=r"^行政处罚决定书（镇[^罚]+罚〔\d{4}〕\d+号）$").exists()
    assert bulk.filter(title__startswith="行政许可决定公示（").exists()
    assert bulk.filter(title__contains="低保救助对象名单公示", body_html__regex=r"<td>[\u4e00-\u9fff]\*").exists()


# --- the workflow samples ----------------------------------------------------------------------------

def test_workflow_states_are_all_there(loaded):
    statuses = Counter(Disclosure.objects.exclude(events__data__source="demo").values_list("status", flat=True))
    for status in (Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.WITHDRAWN):
        assert statuses[status] >= 1, status
    assert Finding.objects.filter(status=FindingStatus.OPEN, kind="id_number").exists()
    assert Finding.objects.filter(status=FindingStatus.OPEN, kind="mobile").exists()
    assert Finding.objects.filter(status=FindingStatus.MASKED).exists()
    assert Disclosure.objects.filter(overdue_q(timezone.localdate())).exists()
    assert DisclosureEvent.objects.filter(action="return_review").exists()
    withdrawn = Disclosure.objects.get(status=Status.WITHDRAWN)
    assert [e.action for e in withdrawn.events.all()] == ["create", "submit", "pass_review", "approve", "publish",
                                                          "withdraw"]
    assert Disclosure.objects.filter(status=Status.DRAFT, interprets__isnull=False).exists()


# --- running it again --------------------------------------------------------------------------------

def test_if_empty_on_a_loaded_database_adds_nothing(loaded):
    before = (Unit.objects.count(), User.objects.count(), Disclosure.objects.count(), DisclosureEvent.objects.count())
    out = io.StringIO()
    call_command("demo", if_empty=True, stdout=out)
    assert "不再装入" in out.getvalue()
    assert before == (Unit.objects.count(), User.objects.count(), Disclosure.objects.count(),
                      DisclosureEvent.objects.count())


def test_refuses_a_loaded_database_without_force(loaded):
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=io.StringIO())


def test_force_adds_nothing_twice(loaded):
    before = (Unit.objects.count(), User.objects.count(), Membership.objects.count(), Disclosure.objects.count())
    call_command("demo", force=True, stdout=io.StringIO())
    assert before == (Unit.objects.count(), User.objects.count(), Membership.objects.count(),
                      Disclosure.objects.count())


# --- pure parts --------------------------------------------------------------------------------------

def test_allocation_is_exact():
    assert sum(generate.allocate(14076).values()) == 14076
    assert sum(generate.allocate(3000).values()) == 3000
    assert set(generate.allocate(10)) == {spec.code for spec in UNITS}


def test_logins_are_deterministic():
    assert logins() == logins()
    assert len({p.username for p in logins()}) == 2 + 3 * len(UNITS)


def test_demo_units_cover_the_brief():
    codes = {spec.code for spec in UNITS}
    assert {"ZH", "ZH-ZFB", "ZH-FGJ", "ZH-JYJ", "ZH-ZBS"} <= codes
    assert len(codes) >= 50
    assert all(re.fullmatch(r"[A-Z0-9-]+", code) for code in codes)
