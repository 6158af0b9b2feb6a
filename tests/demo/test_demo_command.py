"""``gongkai demo``: the demo data set is loaded once for this module (it takes seconds, not minutes) in a
transaction that is rolled back at the end, and every test reads it."""

import datetime as dt
import importlib.util
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
from django.test import Client, override_settings
from django.utils import timezone

from gongkai.api.auth import token_issue
from gongkai.core.models import Counter as SerialCounter
from gongkai.core.sanitize import html_to_text
from gongkai.demo import generate
from gongkai.demo.people import DEMO_PASSWORD, logins, username_for
from gongkai.demo.units import UNITS
from gongkai.disclosures.models import Disclosure, DisclosureEvent
from gongkai.disclosures.selectors import overdue_q
from gongkai.disclosures.taxonomy import Channel, DisclosureMode, NormativeKind, Status, Validity
from gongkai.foi import legal
from gongkai.foi.codes import AppealKind, AppealResult, ApplicantType, Outcome, ReplyKind
from gongkai.foi.codes import Status as RequestStatus
from gongkai.foi.models import Appeal, InfoRequest
from gongkai.foi.selectors import clock_for
from gongkai.foi.services.replies import withheld_parts_check
from gongkai.orgs.models import Membership, Role, Unit, UnitEvent, UnitKind, User
from gongkai.reports import annual2021
from gongkai.reports.selectors import annual_report
from gongkai.reports.validate import validate_2021
from gongkai.reviews import scanner
from gongkai.reviews.models import Finding, FindingStatus
from gongkai.workdays.calendar import add_workdays_provisional

LOGINS_MD = Path(generate.__file__).with_name("LOGINS.md")
SEED_2014 = Path(__file__).parents[1] / "reports" / "seed_2014.py"


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


# --- the units' settings: remedies, report roll-up, sign-off ----------------------------------------------

def test_every_unit_can_issue_reply_letters(loaded):
    remedies = {code: (body, court) for code, body, court in Unit.objects.values_list(
        "code", "reconsideration_body", "court")}
    assert len(remedies) == len(UNITS) and all(body and court for body, court in remedies.values())
    # a government's own decisions: the government above it and the intermediate court (行政诉讼法 Art. 15(1))
    assert remedies.pop("ZH") == ("宁波市人民政府", "宁波市中级人民法院")
    # the vertically-led 气象局: its upper-level department; the 公积金 branch: the city that runs the centre
    assert remedies.pop("ZH-QXJ") == ("宁波市气象局", "宁波市镇海区人民法院")
    assert remedies.pop("ZH-GJJ") == ("宁波市人民政府", "宁波市镇海区人民法院")
    assert set(remedies.values()) == {("宁波市镇海区人民政府", "宁波市镇海区人民法院")}
    assert list(Unit.objects.filter(report_includes_towns=True).values_list("code", flat=True)) == ["ZH"]
    delegated = {u.code: u.signoff_delegated for u in Unit.objects.exclude(signoff_delegated=[])}
    assert delegated == {"ZH-ZFB": ["clarification"], "ZH-ZBS": ["clarification"]}
    # set through the service, by the coordinator, once per unit
    events = UnitEvent.objects.filter(action="settings_update")
    assert events.count() == len(UNITS) and set(events.values_list("actor__username", flat=True)) == {"zfb"}


# --- the complete year 2025 --------------------------------------------------------------------------------

REFUSALS = {code for code in Outcome.values if code.startswith("withheld.")} - {Outcome.INQUIRY_MATTER}
KIND_OF = {  # the reply kinds each outcome is given with
    Outcome.DISCLOSED: {ReplyKind.DISCLOSE, ReplyKind.ALREADY_PUBLIC}, Outcome.PARTIAL: {ReplyKind.PARTIAL},
    **{code: {ReplyKind.WITHHOLD} for code in REFUSALS}, Outcome.INQUIRY_MATTER: {ReplyKind.OTHER_LAW},
    Outcome.NOT_HELD: {ReplyKind.NOT_EXIST, ReplyKind.NOT_THIS_AGENCY},
    Outcome.NEEDS_CREATION: {ReplyKind.NOT_EXIST}, Outcome.STILL_UNCLEAR: {ReplyKind.NOT_EXIST},
    Outcome.REPEAT: {ReplyKind.REPEAT}, Outcome.EXCESSIVE: {ReplyKind.REPEAT},
    **{code: {ReplyKind.NOT_AN_APPLICATION} for code in (Outcome.PETITION, Outcome.PUBLICATION,
                                                          Outcome.CONFIRM_REISSUE)},
    **{code: {ReplyKind.ABANDONED} for code in (Outcome.NO_SUPPLEMENT, Outcome.FEE_UNPAID, Outcome.OTHER)},
}


@pytest.fixture
def api(loaded):
    token, _ = token_issue(user=User.objects.get(username="zfb"))
    return Client(headers={"Authorization": f"Bearer {token}"})


def test_2025_district_report_fills_every_result_and_appeal_cell(api):
    response = api.get("/api/v1/reports/annual?unit=ZH&year=2025&format=2021&rollup=true")
    assert response.status_code == 200, response.content
    report = response.json()
    assert report["include_towns"] is True  # the government's own setting
    table3, table4, table2 = report["table3"], report["table4"], report["table2"]
    empty = [(row, column) for row in (*annual2021.OUTCOMES, "total") for column in annual2021.COLUMNS
             if not table3[row][column]]
    assert empty == []
    for row in ("new", "carried_in", "carried_out"):
        assert all(table3[row].values()), row
    assert [(group, column) for group, cells in table4.items() for column, n in cells.items() if not n] == []
    # table 二: a district government makes no 规章 (立法法 Art. 93: cities with districts and above)
    assert table2["regulations"] == {"issued": 0, "repealed": 0, "in_force": 0}
    assert all(table2["normative_documents"].values())
    assert all(table2[row]["decisions"] for row in ("licensing", "penalty", "enforcement"))
    assert table2["fees"]["amount_10k_yuan"] > 0
    assert report["violations"] == []


def test_2025_agrees_with_the_years_before_and_after(loaded):
    zh = Unit.objects.get(code="ZH")
    years = {year: annual_report(unit=zh, year=year, fmt="2021", rollup=True) for year in (2024, 2025, 2026)}
    assert validate_2021(years[2025], previous=years[2024], following=years[2026]) == []
    assert years[2024]["table3"]["carried_out"]["total"] == 6  # received in December 2024
    assert years[2025]["table2"]["normative_documents"] == {"issued": 11, "repealed": 5, "in_force": 11}


def requests_of_2025():
    return InfoRequest.objects.filter(Q(received_on__year=2025) | Q(replied_on__year=2025)).select_related("unit")


def test_2025_requests_follow_the_law(loaded):
    requests = list(requests_of_2025().prefetch_related("pauses"))
    assert len(requests) >= 180
    for r in requests:
        assert r.status == RequestStatus.CLOSED and r.closed_on == r.delivered_on, r.number
        assert r.received_on <= r.replied_on <= r.delivered_on, r.number
        assert r.reply_kind in KIND_OF[r.outcome], (r.number, r.outcome, r.reply_kind)
        # the stored dates are what the legal clock says, and on time means on or before the due date
        result = clock_for(r)
        assert (r.due_date, r.clarification_due, r.supplement_due, r.fee_payment_due) == (
            result.due_date, result.clarification_due, result.supplement_due, result.fee_payment_due), r.number
        assert r.on_time == (r.due_date is None or r.replied_on <= r.due_date), r.number
        if r.clarification_sent_on:  # 补正 within 7 working days (Art. 30), at most once
            assert r.clarification_sent_on <= r.clarification_due
            assert r.supplement_received_on or r.outcome == Outcome.NO_SUPPLEMENT
        if r.outcome == Outcome.NO_SUPPLEMENT:
            assert not r.supplement_received_on and r.replied_on > r.supplement_due
        if r.outcome == Outcome.STILL_UNCLEAR:
            assert r.supplement_received_on
        if r.outcome == Outcome.FEE_UNPAID:
            assert r.fee_amount and not r.fee_paid_on and r.replied_on > r.fee_payment_due
        assert all(p.ended_on is None or p.ended_on <= r.replied_on for p in r.pauses.all())
        if r.extension_days:
            assert r.extension_days <= 20 and r.extension_approved_by.username == username_for(r.unit.code, "approver")
        # every withheld part names what is withheld, its ground (whose article foi.legal gives) and why;
        # 行政查询事项 is answered under Art. 36 (七), not withheld
        if r.outcome in legal.WITHHELD:
            assert [part["outcome"] for part in r.withheld_parts] == [r.outcome], r.number
        elif r.outcome == Outcome.PARTIAL:
            assert r.withheld_parts and all(p["outcome"] in legal.WITHHELD for p in r.withheld_parts)
        else:
            assert r.withheld_parts == []
        assert all(p["part"] and p["reason"] for p in r.withheld_parts)
        if r.withheld_parts:  # what the service itself accepts
            assert withheld_parts_check(r.reply_kind, r.outcome, r.withheld_parts) == r.withheld_parts
    third_party = [r for r in requests if r.outcome == Outcome.THIRD_PARTY]
    assert all(any(p.objection for p in r.pauses.all()) for r in third_party)  # the third party objected
    assert Counter(r.applicant_type for r in requests).keys() == set(ApplicantType.values)
    assert {r.outcome for r in requests} == set(Outcome.values)
    assert {r.unit.kind for r in requests} == {UnitKind.GOVERNMENT, UnitKind.DEPARTMENT, UnitKind.TOWN}
    features = {"补正": any(r.clarification_sent_on for r in requests), "延期": any(r.extension_days for r in requests),
                "收费": any(r.fee_paid_on for r in requests),
                "征求意见": {p.kind for r in requests for p in r.pauses.all()} >= {"third_party", "agency"}}
    assert all(features.values()), features


def test_2025_carries_over_from_and_into_the_years_around_it(loaded):
    requests = requests_of_2025()
    carried_in = requests.filter(received_on__year=2024, replied_on__year=2025)
    carried_out = requests.filter(received_on__year=2025, replied_on__year=2026)
    assert set(carried_in.values_list("applicant_type", flat=True)) == set(ApplicantType.values)
    assert carried_out.count() == 7 and not carried_out.filter(received_on__lt=dt.date(2025, 12, 1)).exists()
    # answered on 30 December, delivered by post in January: it counts in 2025, the year of its reply
    late_delivery = requests.get(replied_on=dt.date(2025, 12, 30))
    assert late_delivery.delivered_on == dt.date(2026, 1, 5) and late_delivery.delivered_way == "post"
    # three replies came late; reconsideration or a court said so
    late = requests.filter(on_time=False)
    assert late.count() == 3
    assert all(r.appeals.filter(result=AppealResult.CORRECTED).exists() for r in late)


def test_2025_appeals_follow_the_remedies_the_replies_offered(loaded):
    appeals = list(Appeal.objects.filter(filed_on__year=2025).select_related("request__unit"))
    assert len(appeals) >= 12
    for appeal in appeals:
        request, unit = appeal.request, appeal.request.unit
        assert request.delivered_on < appeal.filed_on and (appeal.decided_on is None or appeal.filed_on < appeal.decided_on)
        if appeal.kind == AppealKind.RECONSIDERATION:
            assert appeal.body == unit.reconsideration_body
            assert appeal.filed_on <= request.delivered_on + dt.timedelta(days=60)
        else:
            assert appeal.body == unit.court
        if appeal.kind == AppealKind.LITIGATION and not appeal.after_reconsideration:
            # since 2024 a refusal goes to reconsideration first (行政复议法 2023 Art. 23)
            assert request.outcome not in REFUSALS | {Outcome.PARTIAL}, request.number
        if appeal.after_reconsideration:
            before = request.appeals.get(kind=AppealKind.RECONSIDERATION)
            assert before.decided_on < appeal.filed_on <= before.decided_on + dt.timedelta(days=15)
    pending = [a for a in appeals if a.decided_on is None or a.decided_on > dt.date(2025, 12, 31)]
    assert {(a.kind, a.after_reconsideration) for a in pending} == {
        (AppealKind.RECONSIDERATION, False), (AppealKind.LITIGATION, False), (AppealKind.LITIGATION, True)}


def test_2025_register_items_for_table_two(loaded):
    normative = Disclosure.objects.filter(normative_kind=NormativeKind.NORMATIVE)
    issued = normative.filter(written_on__year=2025)
    assert issued.count() == 11 and not issued.exclude(status=Status.PUBLISHED).exists()
    assert issued.filter(interpretations__isnull=False).distinct().count() == 11  # each with its 政策解读
    repealed = normative.filter(validity=Validity.REPEALED, validity_changed_on__year=2025)
    expired = normative.filter(validity=Validity.EXPIRED, validity_changed_on__year=2025)
    assert (repealed.count(), expired.count()) == (2, 3)
    for old in repealed:  # the new text says so
        assert issued.filter(body_html__contains=f"《{old.title[old.title.index('《') + 1:old.title.rindex('》')]}》").exists()
    assert {d.written_on.year for d in expired} == {2020}


def test_2014_seed_table_through_the_api_as_the_government_set_it(api):
    spec = importlib.util.spec_from_file_location("seed_2014", SEED_2014)
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    response = api.get("/api/v1/reports/annual?unit=ZH&year=2014&format=2014&rollup=true")
    assert response.status_code == 200, response.content
    rows = response.json()["rows"]
    # the two answer rows the printed table cannot have right (they add up to 44 for 41) and the empty total
    not_reproduced = {"answer_already_public": (1, 0), "answer_other_route": (2, 0), "answers": (None, 41)}
    assert len(rows) == len(seed.SEED_2014)
    for row, (label, _, printed) in zip(rows, seed.SEED_2014, strict=True):
        assert row["label"] == label
        if row["key"] in not_reproduced:
            assert (printed, row["value"]) == not_reproduced[row["key"]]
        elif printed is None:
            assert row["value"] in (None, 0), label
        else:
            assert row["value"] == printed, label


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
