"""Notice periods run from the day after the notice is received (Art. 30, 32, 34; 国办函〔2020〕109号第七条):
the 补正 period, the fee payment window and the third party's 15 working days. Received the day sent in
person, online, by e-mail or fax; by post on the signed-for date, presumed GONGKAI_POST_PRESUMED_DAYS (7)
calendar days after sending until the clerk enters it. Also: a fee notice only within the reply period,
and the per-request fee counted per agency.

Calendar: November and December 2026 have no holidays or make-up days. The case is received on Monday
2 November 2026; its reply is due Monday 30 November (3–6 Nov 1–4, 9–13 5–9, 16–20 10–14, 23–27 15–19,
30 Nov 20). Every call passes ``today``; 补正 and fee notices are issued by the approver (签发).
"""

import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document as WordDocument

from gongkai.core.errors import DomainError, InvalidTransition, NotFound
from gongkai.core.identifiers import resident_id_check_char
from gongkai.foi import selectors, services
from gongkai.foi.codes import NoticeWay, Status
from gongkai.foi.intake import ApplicantData
from gongkai.foi.models import InfoRequest

TODAY = dt.date(2026, 12, 31)
RECEIVED = dt.date(2026, 11, 2)  # a Monday
SAME_DAY = [NoticeWay.IN_PERSON, NoticeWay.ONLINE, NoticeWay.EMAIL, NoticeWay.FAX]


def d(month, day, year=2026):
    return dt.date(year, month, day)


def person_id(n: int) -> str:
    first17 = f"33021119850101{n:03d}"
    return first17 + resident_id_check_char(first17)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.GONGKAI_FEE_PAYMENT_METHOD = "银行转账"


@pytest.fixture
def register(units, staff):
    """register(**changes): a letter received on 2 November 2026 at DEPT-A, registered by op_a."""

    def make(*, unit=None, actor=None, applicant=1, received_on=RECEIVED):
        item, _ = services.request_register(
            unit=unit or units["a"], channel="letter", received_on=received_on, receipt_basis="signed_for",
            applicant=ApplicantData(type="natural_person", name="李小红", id_type="resident_id",
                                    id_number=person_id(applicant), phone="13812345678",
                                    address="测试区人民路1号"),
            description="请公开2026年老旧小区改造项目的招标文件。", delivery_form="paper", delivery_way="post",
            actor=actor or staff["op_a"], today=TODAY)
        return item

    return make


def docx_text(letter) -> str:
    with letter.docx.open("rb") as f:
        return "\n".join(p.text for p in WordDocument(io.BytesIO(f.read())).paragraphs)


def clarify(item, staff, sent_by, received_on=None, on=dt.date(2026, 11, 4)):
    services.request_clarify(request=item, on=on, items="请写明项目名称", sent_by=sent_by, received_on=received_on,
                             actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    return item


def fee_notice(item, staff, sent_by, received_on=None, on=dt.date(2026, 11, 5)):
    services.request_fee_notice(request=item, on=on, method="per_page", quantity=150, sent_by=sent_by,
                                received_on=received_on, actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    return item


def consult(item, staff, sent_by, received_on=None, on=dt.date(2026, 11, 5)):
    pause = services.request_consult(request=item, on=on, party="宁波某某建设有限公司", reason="商业秘密",
                                     sent_by=sent_by, received_on=received_on, actor=staff["op_a"], today=TODAY)
    item.refresh_from_db()
    return pause


# --- 补正 (Art. 30): the supplement period --------------------------------------------------------------------

@pytest.mark.parametrize("way", SAME_DAY)
def test_the_supplement_period_runs_from_the_day_sent_when_received_that_day(register, staff, way):
    # sent Wed 4 Nov: 5 6 (2), 9–13 (7), 16–20 (12), 23 24 25 (15) → Wed 25 Nov
    item = clarify(register(), staff, way)
    assert (item.clarification_sent_by, item.clarification_received_on) == (way, None)
    assert item.supplement_due == d(11, 25)
    assert not selectors.clock_for(item, today=TODAY).supplement_due_presumed


def test_by_post_the_supplement_period_runs_from_a_presumed_receipt_until_the_signed_for_date(register, staff):
    # posted Wed 4 Nov, presumed received Wed 11 Nov (+7 days): 12 13 (2), 16–20 (7), 23–27 (12),
    # 30 Nov, 1, 2 Dec (15) → Wed 2 Dec
    item = clarify(register(), staff, "post")
    result = selectors.clock_for(item, today=d(11, 20))
    assert item.supplement_due == result.supplement_due == d(12, 2) and result.supplement_due_presumed
    assert "推定2026年11月11日收到" in [s for s in result.segments if s.kind == "clarification"][0].text
    # signed for on Mon 9 Nov: 10–13 (4), 16–20 (9), 23–27 (14), 30 Nov (15)
    services.request_notice_received(request=item, notice="clarification", on=d(11, 9), actor=staff["op_a"],
                                     today=d(11, 20))
    item.refresh_from_db()
    assert (item.clarification_received_on, item.supplement_due) == (d(11, 9), d(11, 30))
    assert item.status == Status.CLARIFYING
    assert not selectors.clock_for(item, today=d(11, 20)).supplement_due_presumed
    entry = item.events.get(action="notice_received")
    assert entry.actor == staff["op_a"] and entry.data["notice"] == "clarification"
    assert (entry.data["on"], entry.data["before"], entry.data["supplement_due"]) == ("2026-11-09", None, "2026-11-30")


def test_a_signed_for_date_given_with_the_notice_is_used_at_once(register, staff):
    item = clarify(register(), staff, "post", received_on=d(11, 9))
    assert (item.clarification_received_on, item.supplement_due) == (d(11, 9), d(11, 30))


def test_a_higher_presumption_setting_moves_the_presumed_date(register, staff, settings):
    settings.GONGKAI_POST_PRESUMED_DAYS = 10  # presumed Sat 14 Nov: 16–20 (5), 23–27 (10), 30 Nov–4 Dec (15)
    assert clarify(register(), staff, "post").supplement_due == d(12, 4)


# --- the fee payment window (国办函〔2020〕109号第七条) ------------------------------------------------------------

@pytest.mark.parametrize("way", SAME_DAY)
def test_the_payment_window_runs_from_the_day_sent_when_received_that_day(register, staff, way):
    # sent Thu 5 Nov: 6 (1), 9–13 (6), 16–20 (11), 23–27 (16), 30 Nov, 1, 2, 3 Dec (20) → Thu 3 Dec
    item = fee_notice(register(), staff, way)
    assert (item.fee_notice_sent_by, item.fee_payment_due) == (way, d(12, 3))
    assert item.pauses.get().sent_by == way


def test_by_post_the_payment_window_runs_from_the_presumed_then_the_signed_for_date(register, staff):
    # presumed Thu 12 Nov: 13 (1), 16–20 (6), 23–27 (11), 30 Nov–4 Dec (16), 7–10 Dec (20) → Thu 10 Dec
    item = fee_notice(register(), staff, "post")
    assert item.fee_payment_due == d(12, 10)
    assert selectors.clock_for(item, today=d(11, 20)).fee_payment_due_presumed
    # signed for Tue 10 Nov: 11–13 (3), 16–20 (8), 23–27 (13), 30 Nov–4 Dec (18), 7, 8 Dec (20)
    services.request_notice_received(request=item, notice="fee_notice", on=d(11, 10), actor=staff["op_a"],
                                     today=d(11, 20))
    item.refresh_from_db()
    assert (item.fee_notice_received_on, item.fee_payment_due) == (d(11, 10), d(12, 8))
    assert item.pauses.get().received_on == d(11, 10)
    assert not selectors.clock_for(item, today=d(11, 20)).fee_payment_due_presumed


# --- the third party's 15 working days (Art. 32) -------------------------------------------------------------

def answer_window(item):
    [window] = selectors.clock_for(item, today=TODAY).answer_windows
    return window


@pytest.mark.parametrize("way", SAME_DAY)
def test_the_third_partys_window_runs_from_the_day_sent_when_received_that_day(register, staff, way):
    # sent Thu 5 Nov: 6 (1), 9–13 (6), 16–20 (11), 23–26 (15) → Thu 26 Nov
    item = register()
    consult(item, staff, way)
    window = answer_window(item)
    assert (window.end, window.received.on, window.received.presumed) == (d(11, 26), d(11, 5), False)
    # never answered: paused 6–26 Nov (15); counted 3–5 Nov (3), 27 Nov (4), 30 Nov–4 Dec (9), 7–11 (14),
    # 14–18 (19), Mon 21 Dec (20)
    assert item.due_date == selectors.clock_for(item, today=TODAY).due_date == d(12, 21)
    assert "即2026年11月26日前" in docx_text(item.letters.get(kind="third_party"))


def test_by_post_the_third_partys_window_runs_from_the_presumed_then_the_signed_for_date(register, staff):
    item = register()
    pause = consult(item, staff, "post")
    # presumed Thu 12 Nov: 13 (1), 16–20 (6), 23–27 (11), 30 Nov–3 Dec (15) → Thu 3 Dec
    window = answer_window(item)
    assert (window.end, window.received.presumed) == (d(12, 3), True)
    # paused 6 Nov–3 Dec (20): 3–5 Nov (3), 4 Dec (4), 7–11 (9), 14–18 (14), 21–25 (19), Mon 28 Dec (20)
    result = selectors.clock_for(item, today=TODAY)
    assert result.due_date == d(12, 28)
    assert "推定2026年11月12日收到" in [s for s in result.segments if s.kind == "pause"][0].text
    # signed for Mon 9 Nov: 10–13 (4), 16–20 (9), 23–27 (14), 30 Nov (15); paused 6–30 Nov (17):
    # 3–5 Nov (3), 1–4 Dec (7), 7–11 (12), 14–18 (17), 21–23 Dec (20)
    services.request_notice_received(request=item, notice="consultation", on=d(11, 9), actor=staff["op_a"],
                                     today=d(11, 20))
    pause.refresh_from_db()
    assert pause.received_on == d(11, 9)
    assert answer_window(item).end == d(11, 30)
    assert selectors.clock_for(item, today=TODAY).due_date == d(12, 23)


# --- the printed letters ------------------------------------------------------------------------------------

def test_letters_received_the_day_sent_print_the_end_of_the_period(register, staff):
    clarified = clarify(register(), staff, "email")
    text = docx_text(clarified.letters.get(kind="clarification"))
    assert "自收到本告知书之日起15个工作日内（即2026年11月25日前）" in text and "邮寄" not in text
    charged = fee_notice(register(), staff, "in_person")
    text = docx_text(charged.letters.get(kind="fee_notice"))
    assert "自收到本通知书次日起20个工作日内（即2026年12月3日前）" in text


def test_letters_sent_by_post_count_from_the_signed_for_day_and_print_no_date(register, staff):
    clarified = clarify(register(), staff, "post")
    text = docx_text(clarified.letters.get(kind="clarification"))
    assert "自收到本告知书之日起15个工作日内（本告知书以邮寄方式送达，以您签收之日为收到之日" in text
    assert "即2026年" not in text
    charged = fee_notice(register(), staff, "post")
    text = docx_text(charged.letters.get(kind="fee_notice"))
    assert "20个工作日内（本通知书以邮寄方式送达，以您签收之日为收到之日）" in text and "2026年12月10日" not in text
    consulted = register()
    consult(consulted, staff, "post")
    text = docx_text(consulted.letters.get(kind="third_party"))
    assert "15个工作日内（本函以邮寄方式送达，以贵方签收之日为收到之日" in text and "2026年12月3日" not in text


# --- the abandoned gates move with receipt -------------------------------------------------------------------

def abandon(item, staff, outcome, on):
    return services.request_reply(request=item, on=on, reply_kind="abandoned", outcome=outcome,
                                  actor=staff["app_a"], today=TODAY)


def test_no_supplement_counts_from_receipt_and_a_posted_notice_needs_its_signed_for_date(register, staff):
    emailed = clarify(register(), staff, "email")  # due 25 Nov
    with pytest.raises(InvalidTransition) as early:
        abandon(emailed, staff, "other.no_supplement", d(11, 25))
    assert "2026年11月25日" in early.value.message
    abandon(emailed, staff, "other.no_supplement", d(11, 26))

    posted = clarify(register(), staff, "post")  # presumed received 11 Nov, due 2 Dec
    with pytest.raises(InvalidTransition) as unproven:
        abandon(posted, staff, "other.no_supplement", d(12, 3))
    assert "尚未登记申请人签收的日期" in unproven.value.message and "2026年12月2日" in unproven.value.message
    services.request_notice_received(request=posted, notice="clarification", on=d(11, 9), actor=staff["op_a"],
                                     today=TODAY)  # due 30 Nov
    with pytest.raises(InvalidTransition):
        abandon(posted, staff, "other.no_supplement", d(11, 30))
    abandon(posted, staff, "other.no_supplement", d(12, 1))
    posted.refresh_from_db()
    assert (posted.status, posted.outcome) == (Status.REPLIED, "other.no_supplement")


def test_fee_unpaid_counts_from_receipt_and_a_posted_notice_needs_its_signed_for_date(register, staff):
    faxed = fee_notice(register(), staff, "fax")  # due 3 Dec
    with pytest.raises(InvalidTransition) as early:
        abandon(faxed, staff, "other.fee_unpaid", d(12, 3))
    assert "缴费期限至2026年12月3日" in early.value.message
    abandon(faxed, staff, "other.fee_unpaid", d(12, 4))

    posted = fee_notice(register(), staff, "post")  # presumed 12 Nov, due 10 Dec
    with pytest.raises(InvalidTransition) as unproven:
        abandon(posted, staff, "other.fee_unpaid", d(12, 11))
    assert "收费通知书以邮寄方式送达" in unproven.value.message
    services.request_notice_received(request=posted, notice="fee_notice", on=d(11, 10), actor=staff["op_a"],
                                     today=TODAY)  # due 8 Dec
    with pytest.raises(InvalidTransition):
        abandon(posted, staff, "other.fee_unpaid", d(12, 8))
    abandon(posted, staff, "other.fee_unpaid", d(12, 9))


def test_lateness_of_the_supplement_and_the_payment_counts_from_receipt(register, staff):
    # signed for 9 Nov: supplement due 30 Nov; a supplement on 30 Nov is in time, though 25 Nov (the day-sent
    # count) has passed
    item = clarify(register(), staff, "post", received_on=d(11, 9))
    services.request_supplement(request=item, on=d(11, 30), actor=staff["op_a"], today=TODAY)
    assert item.events.get(action="supplement").data["late"] is False
    late = clarify(register(), staff, "post", received_on=d(11, 9))
    services.request_supplement(request=late, on=d(12, 1), actor=staff["op_a"], today=TODAY)
    assert late.events.get(action="supplement").data["late"] is True

    # signed for 10 Nov: payment due 8 Dec
    charged = fee_notice(register(), staff, "post", received_on=d(11, 10))
    services.request_fee_paid(request=charged, on=d(12, 8), actor=staff["op_a"], today=TODAY)
    assert charged.events.get(action="fee_paid").data["late"] is False
    charged = fee_notice(register(), staff, "post", received_on=d(11, 10))
    services.request_fee_paid(request=charged, on=d(12, 9), actor=staff["op_a"], today=TODAY)
    assert charged.events.get(action="fee_paid").data["late"] is True


# --- how a notice went out: required and checked -----------------------------------------------------------

@pytest.mark.parametrize(("sent_by", "received_on", "words"), [
    ("", None, "请选择补正告知书的送达方式"),
    (None, None, "请选择补正告知书的送达方式"),
    ("pigeon", None, "送达方式“pigeon”无效"),
    ("post", d(11, 3), "不能早于补正告知书的发出日期"),
    ("post", d(11, 10), "不能晚于今天"),
])
def test_the_way_of_sending_is_required_and_the_receipt_date_checked(register, staff, sent_by, received_on, words):
    item = register()
    with pytest.raises(DomainError) as refused:
        services.request_clarify(request=item, on=d(11, 4), items="请写明项目名称", sent_by=sent_by,
                                 received_on=received_on, actor=staff["app_a"], today=d(11, 6))
    assert words in refused.value.message
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and not item.letters.exists()


def test_recording_a_receipt_is_checked(register, staff):
    item = register()
    with pytest.raises(InvalidTransition):  # nothing sent yet
        services.request_notice_received(request=item, notice="clarification", on=d(11, 9), actor=staff["op_a"],
                                         today=TODAY)
    with pytest.raises(DomainError):
        services.request_notice_received(request=item, notice="reply", on=d(11, 9), actor=staff["op_a"],
                                         today=TODAY)
    first, second = consult(item, staff, "post"), consult(item, staff, "post", on=d(11, 6))
    with pytest.raises(DomainError) as which:
        services.request_notice_received(request=item, notice="consultation", on=d(11, 9), actor=staff["op_a"],
                                         today=TODAY)
    assert "2 份征求意见书" in which.value.message
    with pytest.raises(NotFound):
        services.request_notice_received(request=item, notice="consultation", pause_id=first.pk + second.pk,
                                         on=d(11, 9), actor=staff["op_a"], today=TODAY)
    with pytest.raises(DomainError) as early:
        services.request_notice_received(request=item, notice="consultation", pause_id=second.pk, on=d(11, 5),
                                         actor=staff["op_a"], today=TODAY)
    assert "不能早于征求意见书的发出日期（2026年11月6日）" in early.value.message
    with pytest.raises(DomainError):  # another unit's staff
        services.request_notice_received(request=item, notice="consultation", pause_id=second.pk, on=d(11, 9),
                                         actor=staff["op_b"], today=TODAY)
    services.request_notice_received(request=item, notice="consultation", pause_id=second.pk, on=d(11, 9),
                                     actor=staff["op_a"], today=TODAY)
    second.refresh_from_db()
    first.refresh_from_db()
    assert (first.received_on, second.received_on) == (None, d(11, 9))


# --- a fee notice only within the reply period (国办函〔2020〕109号第七条) ------------------------------------------

def test_a_fee_notice_after_the_reply_period_is_refused(register, staff):
    item = register()  # due Mon 30 Nov
    with pytest.raises(InvalidTransition) as late:
        fee_notice(item, staff, "in_person", on=d(12, 1))
    assert "答复期限内" in late.value.message and "2026年11月30日" in late.value.message
    item.refresh_from_db()
    assert not item.fee_notice_on and not item.pauses.exists() and not item.letters.exists()
    assert fee_notice(item, staff, "in_person", on=d(11, 30)).status == Status.PAUSED


def test_a_fee_notice_may_come_until_the_due_date_a_consultation_moved(register, staff):
    item = register()
    services.request_consult(request=item, on=d(11, 5), party="某公司", reason="商业秘密", sent_by="email",
                             actor=staff["op_a"], today=d(11, 27))
    services.request_consult_end(request=item, on=d(11, 13), answer="同意公开", actor=staff["op_a"], today=d(11, 27))
    # paused 6–13 Nov (6 working days): due 30 Nov + 6 = 8 Dec
    assert fee_notice(item, staff, "in_person", on=d(12, 8)).fee_notice_on == d(12, 8)


# --- per-request fees are counted per agency (按件计收) ---------------------------------------------------------

def test_the_per_request_count_is_the_applicants_requests_to_the_same_agency(register, units, staff):
    # the same ID number: twelve requests to unit A and twelve to unit B in November
    cases = {"a": [], "b": []}
    for day in range(1, 13):
        for key, actor in (("a", staff["op_a"]), ("b", staff["op_b"])):
            cases[key].append(register(unit=units[key], actor=actor, received_on=d(11, day + 2)))
    assert [services.month_position(c) for c in cases["a"]] == list(range(1, 13))
    assert [services.month_position(c) for c in cases["b"]] == list(range(1, 13))
    for key, approver in (("a", staff["app_a"]), ("b", staff["app_b"])):
        with pytest.raises(DomainError) as free:  # the tenth of the month to this agency: free
            services.request_fee_notice(request=cases[key][9], on=d(11, 16), method="per_request", sent_by="online",
                                        actor=approver, today=TODAY)
        assert "本月第10件申请不收取信息处理费" in free.value.message
        eleventh = cases[key][10]
        services.request_fee_notice(request=eleventh, on=d(11, 16), method="per_request", sent_by="online",
                                    actor=approver, today=TODAY)
        eleventh.refresh_from_db()
        assert (eleventh.fee_quantity, eleventh.fee_amount) == (11, 100)
        assert "本件为您2026年11月向本机关提出的第11件申请" in docx_text(eleventh.letters.get(kind="fee_notice"))


def test_a_transferred_request_counts_for_the_unit_that_handles_it(register, units, staff):
    at_a = [register(received_on=d(11, 3)) for _ in range(3)]
    passed_on = register(received_on=d(11, 4))
    at_b = register(unit=units["b"], actor=staff["op_b"], received_on=d(11, 5))
    assert (services.month_position(passed_on), services.month_position(at_b)) == (4, 1)
    services.request_transfer(request=passed_on, to_unit=units["b"], reason="属财政局职责", actor=staff["op_a"],
                              today=TODAY)
    passed_on.refresh_from_db()
    # received 4 Nov, so it comes before B's own request of 5 Nov; A no longer counts it
    assert (services.month_position(passed_on), services.month_position(at_b)) == (1, 2)
    assert services.month_position(register(received_on=d(11, 6))) == 4 == len(at_a) + 1


# --- the API and the case page -------------------------------------------------------------------------------

def api_client(username: str) -> Client:
    client = Client()
    response = client.post("/api/v1/auth/token", {"username": username, "password": "Gongkai#2026"},
                           content_type="application/json")
    return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})


def test_the_api_takes_the_way_of_sending_and_a_later_signed_for_date(register, staff):
    # the suite's day is 27 November 2026: every date below lies before it
    item = register()
    boss, op = api_client("app_a"), api_client("op_a")
    url = f"/api/v1/requests/{item.pk}"
    missing = boss.post(f"{url}/clarify", {"on": "2026-11-04", "items": "请写明项目名称"}, content_type="application/json")
    assert missing.status_code == 400 and "送达方式" in missing.json()["detail"]
    body = boss.post(f"{url}/clarify", {"on": "2026-11-04", "items": "请写明项目名称", "sent_by": "post"},
                     content_type="application/json").json()
    assert (body["clarification_sent_by"], body["supplement_due"], body["supplement_due_presumed"]) == (
        "post", "2026-12-02", True)
    body = op.post(f"{url}/notice-received", {"notice": "clarification", "on": "2026-11-09"},
                   content_type="application/json").json()
    assert (body["clarification_received_on"], body["supplement_due"], body["supplement_due_presumed"]) == (
        "2026-11-09", "2026-11-30", False)
    assert "notice_received" in [e["action"] for e in body["events"]]
    wrong = op.post(f"{url}/notice-received", {"notice": "fee_notice", "on": "2026-11-09"},
                    content_type="application/json")
    assert wrong.status_code == 409 and "收费通知书" in wrong.json()["detail"]


def test_the_case_page_has_the_way_of_sending_and_records_a_signed_for_date(register, staff):
    item = register()
    boss = Client()
    boss.force_login(staff["app_a"])
    page = boss.get(reverse("console:request_detail", args=[item.pk])).content.decode()
    assert 'name="clarify-sent_by"' in page and 'name="clarify-received_on"' in page and "邮寄" in page
    assert 'id="step-notice_received"' not in page  # nothing sent yet
    step = reverse("console:request_step", args=[item.pk, "clarify"])
    refused = boss.post(step, {"clarify-on": "2026-11-04", "clarify-items": "请写明项目名称"})
    assert refused.status_code == 400 and "请选择补正告知书的送达方式" in refused.content.decode()
    assert boss.post(step, {"clarify-on": "2026-11-04", "clarify-items": "请写明项目名称",
                            "clarify-sent_by": "post"}).status_code == 302
    page = boss.get(reverse("console:request_detail", args=[item.pk])).content.decode()
    assert 'id="step-notice_received"' in page and "按推定的收到日期计算" in page and "邮寄，尚未登记签收" in page
    done = boss.post(reverse("console:request_step", args=[item.pk, "notice_received"]),
                     {"notice_received-notice": "clarification", "notice_received-on": "2026-11-09"})
    assert done.status_code == 302
    item.refresh_from_db()
    assert (item.clarification_received_on, item.supplement_due) == (d(11, 9), d(11, 30))
    page = boss.get(reverse("console:request_detail", args=[item.pk])).content.decode()
    assert "2026-11-09 收到" in page and "按推定的收到日期计算" not in page


def test_cases_in_other_units_are_not_counted_in_the_same_month(register, units, staff):
    # a twelfth request of the month to A after eleven to B is A's first
    for day in range(3, 14):
        register(unit=units["b"], actor=staff["op_b"], received_on=d(11, day))
    assert services.month_position(register(received_on=d(11, 16))) == 1
    assert InfoRequest.objects.filter(unit=units["b"]).count() == 11


def test_the_applicants_message_after_a_posted_clarification_gives_no_presumed_date(register, staff):
    from gongkai.foi.reminders import applicant_text

    posted = clarify(register(), staff, "post")
    text = applicant_text(request=posted, kind="clarification")
    assert "自签收补正告知书之日起" in text and "前补正" not in text
    by_hand = clarify(register(), staff, "in_person")
    assert "前补正" in applicant_text(request=by_hand, kind="clarification")
