"""The request services and selectors on the real 2026 calendar (chinesecalendar), with explicit dates.

Calendar facts used below (国务院办公厅 2026 notice): 中秋 25–27 September, 国庆 1–7 October; make-up
working days Sunday 20 September and Saturday 10 October. Every call passes ``today``.
"""

import datetime as dt
import io

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument
from pypdf import PdfWriter

from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition, NotFound
from gongkai.core.identifiers import credit_code_check_char, resident_id_check_char
from gongkai.foi import selectors, services
from gongkai.foi.codes import Status
from gongkai.foi.intake import ApplicantData, IntakeInvalid, validate_intake
from gongkai.foi.models import InfoRequest, LetterTemplate, RequestEvent

TODAY = dt.date(2026, 12, 31)
RECEIVED = dt.date(2026, 9, 14)  # a Monday
CREDIT_CODE = "91330211MA2GQ1234" + credit_code_check_char("91330211MA2GQ1234")
DESCRIPTION = "请公开本局2025年老旧小区改造项目的立项批复文件。"


def d(month, day, year=2026):
    return dt.date(year, month, day)


def person_id(n: int) -> str:
    first17 = f"33021119900101{n:03d}"
    return first17 + resident_id_check_char(first17)


def person(n: int = 1, **changes) -> ApplicantData:
    values = {"type": "natural_person", "name": "王小明", "id_type": "resident_id", "id_number": person_id(n),
              "phone": "13812345678", "email": "wang@example.com", "address": "测试区人民路1号"}
    values.update(changes)
    return ApplicantData(**values)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def register(units, staff):
    """register(**changes) registers a letter received on 14 September 2026 at DEPT-A as op_a."""

    def make(**changes):
        values = {"unit": units["a"], "channel": "letter", "received_on": RECEIVED, "receipt_basis": "signed_for",
                  "applicant": person(), "description": DESCRIPTION, "delivery_form": "paper",
                  "delivery_way": "pickup", "actor": staff["op_a"], "today": TODAY}
        values.update(changes)
        return services.request_register(**values)[0]

    return make


def pdf_upload(name="身份证.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


def docx_text(field) -> str:
    with field.open("rb") as f:
        return "\n".join(p.text for p in WordDocument(io.BytesIO(f.read())).paragraphs)


# --- intake ------------------------------------------------------------------------------------------

def check(applicant, **changes):
    values = {"applicant": applicant, "description": DESCRIPTION, "delivery_form": "paper", "delivery_way": "pickup"}
    values.update(changes)
    return validate_intake(**values)


def test_a_complete_application_has_no_errors():
    assert check(person()) == {}
    assert check(person(phone="0574-87654321", email="")) == {}  # a landline will do
    org = ApplicantData(type="org.business", name="宁波某某建设有限公司", id_type="", id_number="",
                        org_code=CREDIT_CODE.lower(), phone="13812345678", contact_name="李四")
    assert check(org) == {}


@pytest.mark.parametrize(("changes", "field", "words"), [
    ({"id_number": person_id(1)[:-1] + ("0" if person_id(1)[-1] != "0" else "1")}, "id_number", "校验码"),
    ({"id_type": "credit_code"}, "id_type", "证件类型"),
    ({"name": " "}, "name", "姓名"),
    ({"phone": "12345", "email": "", "address": ""}, "phone", "联系电话"),
    ({"phone": "", "email": "", "address": ""}, "phone", "至少填写一种联系方式"),
    ({"email": "not-an-address"}, "email", "邮箱"),
    ({"type": "citizen"}, "type", "申请人类型"),
])
def test_each_wrong_field_gets_its_own_message(changes, field, words):
    errors = check(person(**changes))
    assert words in errors[field]


def test_organisations_need_a_valid_credit_code():
    org = ApplicantData(type="org.research", name="某研究院", id_type="", id_number="", phone="13812345678")
    assert "统一社会信用代码" in check(org)["org_code"]
    org.org_code = CREDIT_CODE[:-1] + ("0" if CREDIT_CODE[-1] != "0" else "1")
    assert "校验码" in check(org)["org_code"]


def test_description_and_codes_are_checked():
    errors = check(person(), description="  ", delivery_form="fax", delivery_way="carrier-pigeon")
    assert set(errors) == {"description", "delivery_form", "delivery_way"}
    assert "5000" in check(person(), description="字" * 5001)["description"]
    assert "邮箱" in check(person(email=""), delivery_way="email")["email"]


def test_registration_refuses_with_every_error_by_field(units, staff):
    with pytest.raises(IntakeInvalid) as refused:
        services.request_register(
            unit=units["a"], channel="fax", received_on=d(9, 14), receipt_basis="signed_for",
            applicant=person(phone="", email="", address=""), description="", delivery_form="paper",
            delivery_way="pickup", actor=staff["op_a"], today=TODAY)
    assert set(refused.value.errors) == {"receipt_basis", "phone", "description"}
    assert refused.value.status_code == 400
    assert not InfoRequest.objects.exists()


# --- Art. 31: the date of receipt -------------------------------------------------------------------------

@pytest.mark.parametrize(("channel", "basis", "ok"), [
    ("letter", "signed_for", True), ("letter", "confirmed", True), ("letter", "submitted", False),
    ("letter", "both_confirmed", False), ("fax", "both_confirmed", True), ("fax", "signed_for", False),
    ("online", "both_confirmed", True), ("online", "submitted", False), ("email", "both_confirmed", True),
    ("in_person", "submitted", True), ("in_person", "confirmed", False),
])
def test_the_receipt_basis_must_fit_the_channel(register, channel, basis, ok):
    if ok:
        assert register(channel=channel, receipt_basis=basis).receipt_basis == basis
    else:
        with pytest.raises(IntakeInvalid) as refused:
            register(channel=channel, receipt_basis=basis)
        assert "第三十一条" in refused.value.errors["receipt_basis"]


def test_the_basis_defaults_by_channel_and_receipt_cannot_be_in_the_future(register):
    assert register(channel="in_person", receipt_basis=None).receipt_basis == "submitted"
    assert register(channel="letter", receipt_basis="").receipt_basis == "signed_for"
    with pytest.raises(IntakeInvalid) as refused:
        register(received_on=d(12, 1), today=d(11, 30))
    assert "不能晚于今天" in refused.value.errors["received_on"]


def test_registration_numbers_the_case_and_keeps_only_the_code_digest(register, units, staff):
    item, code = services.request_register(
        unit=units["a"], channel="in_person", received_on=RECEIVED, receipt_basis="submitted", applicant=person(),
        description=DESCRIPTION, delivery_form="paper", delivery_way="pickup", proof=pdf_upload(),
        actor=staff["op_a"], today=TODAY)
    second = register()
    assert (item.number, second.number) == ("YSQ-2026-000001", "YSQ-2026-000002")
    assert len(code) == 8 and set(code) <= set(services.QUERY_CODE_ALPHABET)
    assert item.query_code_digest == InfoRequest.digest_of(code) and code not in str(item.__dict__)
    # 20 working days after Monday 14 September: the make-up Sunday 20 September counts, 中秋 and 国庆 do not
    assert item.due_date == d(10, 16) and not item.due_provisional
    assert item.clarification_due == d(9, 22)  # the 7th working day: 15 16 17 18 20(Sun) 21 22
    [proof] = item.files.all()
    assert proof.kind == "proof" and proof.name == "身份证.pdf" and "身份证" not in proof.file.name
    assert item.events.get().action == "register"


def test_the_online_form_is_received_today_and_confirmed_at_once(units):
    item, code = services.request_submit_online(
        unit_code="DEPT-A", applicant=person(), description=DESCRIPTION, delivery_form="electronic",
        delivery_way="email", today=d(11, 2))
    assert (item.channel, item.received_on, item.receipt_basis) == ("online", d(11, 2), "both_confirmed")
    assert item.created_by is None and item.original_unit == units["a"]
    with pytest.raises(IntakeInvalid) as refused:
        services.request_submit_online(unit_code="NOPE", applicant=person(), description=DESCRIPTION,
                                       delivery_form="electronic", delivery_way="email", today=d(11, 2))
    assert "unit" in refused.value.errors


@pytest.mark.skipif(not apps.is_installed("gongkai.notify"), reason="gongkai.notify is not installed yet")
def test_the_applicant_is_told_the_number_and_code_by_sms_and_email(register):
    from gongkai.notify.models import Message

    item, code = services.request_submit_online(
        unit_code="DEPT-A", applicant=person(), description=DESCRIPTION, delivery_form="electronic",
        delivery_way="email", today=d(11, 2))
    messages = Message.objects.filter(related_object_id=str(item.pk))
    assert sorted(messages.values_list("channel", flat=True)) == ["email", "sms"]
    assert all(item.number in m.body and code in m.body for m in messages)


def test_staff_registration_needs_a_role_in_the_unit(units, staff):
    with pytest.raises(AccessDenied):
        services.request_register(
            unit=units["a"], channel="letter", received_on=RECEIVED, receipt_basis="signed_for", applicant=person(),
            description=DESCRIPTION, delivery_form="paper", delivery_way="pickup", actor=staff["op_b"], today=TODAY)


# --- 补正 (Art. 30) --------------------------------------------------------------------------------------------

def test_clarification_only_once_and_only_within_seven_working_days(register, staff):
    item = register()
    with pytest.raises(DomainError) as late:
        # 23 September is the 8th working day after 14 September
        services.request_clarify(sent_by="in_person", request=item, on=d(9, 23), items="请写明项目名称", actor=staff["app_a"], today=TODAY)
    assert "7个工作日" in late.value.message and "2026年9月22日" in late.value.message
    services.request_clarify(sent_by="in_person", request=item, on=d(9, 22), items="请写明项目名称", actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    assert item.status == Status.CLARIFYING and item.due_date is None
    # 15 working days after 22 September: 23 24 28 29 30, 8 9 10(Sat) 12 13 14 15 16 19 20 October
    assert item.supplement_due == d(10, 20)
    services.request_supplement(request=item, on=d(10, 9), actor=staff["op_a"], today=TODAY)
    with pytest.raises(InvalidTransition) as again:
        services.request_clarify(sent_by="in_person", request=item, on=d(10, 12), items="再补充", actor=staff["app_a"], today=TODAY)
    assert "补正只能一次" in again.value.message
    item.refresh_from_db()
    # the clock restarts on 9 October: 10(Sat) = 1, 12–16 = 2–6, 19–23 = 7–11, 26–30 = 12–16,
    # 2–5 November = 17–20
    assert item.due_date == d(11, 5)
    letter = item.letters.get()
    assert letter.kind == "clarification" and "请写明项目名称" in docx_text(letter.docx)


def test_abandoned_for_no_supplement_only_after_the_supplement_period(register, staff):
    item = register()
    services.request_clarify(sent_by="in_person", request=item, on=d(9, 16), items="请写明项目名称", actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    assert item.supplement_due == d(10, 13)  # 15 working days after 16 September
    with pytest.raises(InvalidTransition) as early:
        services.request_reply(request=item, on=d(10, 13), reply_kind="abandoned", outcome="other.no_supplement",
                               actor=staff["app_a"], today=TODAY)
    assert "2026年10月13日" in early.value.message
    with pytest.raises(InvalidTransition):  # no other reply while waiting for the supplement
        services.request_reply(request=item, on=d(10, 14), reply_kind="disclose", provided=["立项批复"], actor=staff["app_a"], today=TODAY)
    services.request_reply(request=item, on=d(10, 14), reply_kind="abandoned", outcome="other.no_supplement",
                           actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    assert (item.status, item.outcome, item.on_time) == (Status.REPLIED, "other.no_supplement", True)
    assert "逾期未补正" in docx_text(item.letters.get(kind="reply").docx)


def test_abandoned_for_an_unpaid_fee_only_after_the_payment_period(register, staff):
    item = register()
    services.request_fee_notice(sent_by="in_person", request=item, on=d(9, 17), method="per_page", quantity=150, actor=staff["app_a"],
                                today=TODAY)
    item.refresh_from_db()
    assert item.fee_amount == 1700 and item.status == Status.PAUSED  # 70 × 10 + 50 × 20
    # 20 working days after 17 September: 18 20(Sun) 21–24 28–30, 8 9 10(Sat) 12–16 19–21 October
    assert item.fee_payment_due == d(10, 21)
    with pytest.raises(InvalidTransition):
        services.request_reply(request=item, on=d(10, 21), reply_kind="abandoned", outcome="other.fee_unpaid",
                               actor=staff["app_a"], today=TODAY)
    with pytest.raises(InvalidTransition):  # nor a normal reply while the fee is unpaid
        services.request_reply(request=item, on=d(10, 22), reply_kind="disclose", provided=["立项批复"], actor=staff["app_a"], today=TODAY)
    services.request_reply(request=item, on=d(10, 22), reply_kind="abandoned", outcome="other.fee_unpaid",
                           actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    assert item.outcome == "other.fee_unpaid"


def test_abandoned_needs_one_of_its_two_outcomes(register, staff):
    item = register()
    with pytest.raises(DomainError):
        services.request_reply(request=item, on=d(10, 14), reply_kind="abandoned", actor=staff["app_a"], today=TODAY)
    with pytest.raises(DomainError):
        services.request_reply(request=item, on=d(10, 14), reply_kind="disclose", provided=["立项批复"], outcome="other.fee_unpaid",
                               actor=staff["app_a"], today=TODAY)


# --- fees ------------------------------------------------------------------------------------------------

def test_the_per_request_fee_counts_the_applicants_requests_of_the_month(register, staff):
    # ten requests of the same person in September are free; the 11th costs 100 元
    first = register(received_on=d(9, 1))
    for day in range(2, 11):
        register(received_on=d(9, day))
    register(received_on=d(8, 31))  # another month
    register(received_on=d(9, 10), applicant=person(2))  # another person
    eleventh = register(received_on=d(9, 11))
    with pytest.raises(DomainError) as free:
        services.request_fee_notice(sent_by="in_person", request=first, on=d(9, 11), method="per_request", actor=staff["app_a"], today=TODAY)
    assert "第1件" in free.value.message
    assert services.month_position(eleventh) == 11
    services.request_fee_notice(sent_by="in_person", request=eleventh, on=d(9, 14), method="per_request", actor=staff["app_a"],
                                today=TODAY)
    eleventh.refresh_from_db()
    assert (eleventh.fee_method, eleventh.fee_quantity, eleventh.fee_amount) == ("per_request", 11, 100)
    letter = eleventh.letters.get()
    assert letter.kind == "fee_notice" and "100" in docx_text(letter.docx)
    services.request_fee_paid(request=eleventh, on=d(9, 18), actor=staff["op_a"], today=TODAY)
    eleventh.refresh_from_db()
    assert eleventh.status == Status.PROCESSING and eleventh.fee_paid_on == d(9, 18)


# --- consultations, extension, Art. 35 -------------------------------------------------------------------------

def test_overlapping_consultations_are_ended_one_by_one(register, staff):
    item = register()
    first = services.request_consult(sent_by="in_person", request=item, on=d(9, 16), party="甲公司", reason="商业秘密",
                                     actor=staff["op_a"], today=TODAY)
    second = services.request_consult(sent_by="in_person", request=item, on=d(9, 17), party="区住建局", kind="agency",
                                      actor=staff["op_a"], today=TODAY)
    with pytest.raises(DomainError) as which:
        services.request_consult_end(request=item, on=d(9, 18), actor=staff["op_a"], today=TODAY)
    assert "2 项" in which.value.message
    with pytest.raises(DomainError):  # only a third party objects; an agency's silence is consent
        services.request_consult_end(request=item, pause_id=second.pk, on=d(9, 18), objection=True,
                                     actor=staff["op_a"], today=TODAY)
    services.request_consult_end(request=item, pause_id=first.pk, on=d(9, 18), answer="不同意公开", objection=True,
                                 actor=staff["op_a"], today=TODAY)
    item.refresh_from_db()
    assert item.status == Status.PAUSED
    services.request_consult_end(request=item, on=d(9, 21), actor=staff["op_a"], today=TODAY)
    item.refresh_from_db()
    assert item.status == Status.PROCESSING
    # paused working days: 17 18 (甲公司, 16–18) ∪ 18 20(Sun) 21 (区住建局, 17–21) = 17 18 20 21 → four days
    assert item.due_date == d(10, 22)  # 16 October + 4 working days: 19 20 21 22
    # the letter to the third party is not the applicant's to download
    letter = item.letters.get()
    assert letter.kind == "third_party" and not letter.public
    assert list(selectors.public_letters(item)) == []


def test_extension_is_for_approvers_once_at_most_twenty_days_before_the_due_date(register, staff):
    item = register()
    with pytest.raises(AccessDenied):
        services.request_extend(request=item, on=d(10, 9), days=10, reason="档案量大", actor=staff["op_a"],
                                today=TODAY)
    with pytest.raises(DomainError):
        services.request_extend(request=item, on=d(10, 9), days=21, reason="档案量大", actor=staff["app_a"],
                                today=TODAY)
    with pytest.raises(DomainError) as too_late:
        services.request_extend(request=item, on=d(10, 19), days=10, reason="档案量大", actor=staff["app_a"],
                                today=TODAY)
    assert "2026年10月16日" in too_late.value.message
    services.request_extend(request=item, on=d(10, 16), days=20, reason="档案量大", actor=staff["app_a"],
                            today=TODAY)
    item.refresh_from_db()
    # 20 working days after 16 October: 19–23 26–30 2–6 9–13 November
    assert (item.due_date, item.extension_approved_by) == (d(11, 13), staff["app_a"])
    with pytest.raises(InvalidTransition):
        services.request_extend(request=item, on=d(10, 16), days=1, reason="再延", actor=staff["app_a"], today=TODAY)
    assert "2026年11月13日" in docx_text(item.letters.get(kind="extension").docx)


def test_art35_sets_a_later_stated_due_date(register, staff):
    item = register()
    with pytest.raises(DomainError):
        services.request_mark_excessive(request=item, due=d(10, 16), reason="本月已申请60件", actor=staff["app_a"],
                                        today=TODAY)
    services.request_mark_excessive(request=item, due=d(12, 15), reason="本月已申请60件", actor=staff["app_a"],
                                    today=TODAY)
    item.refresh_from_db()
    assert (item.due_date, item.excessive_reason) == (d(12, 15), "本月已申请60件")


def test_action_dates_are_checked(register, staff):
    item = register()
    with pytest.raises(DomainError) as before:
        services.request_consult(sent_by="in_person", request=item, on=d(9, 13), party="甲公司", actor=staff["op_a"], today=TODAY)
    assert "不能早于收到申请的日期" in before.value.message
    with pytest.raises(DomainError) as future:
        services.request_consult(sent_by="in_person", request=item, on=d(9, 20), party="甲公司", actor=staff["op_a"], today=d(9, 18))
    assert "不能晚于今天" in future.value.message
    services.request_reply(request=item, on=d(9, 30), reply_kind="disclose", provided=["立项批复"], actor=staff["app_a"], today=TODAY)
    with pytest.raises(DomainError):
        services.request_deliver(request=item, on=d(9, 29), way="post", actor=staff["op_a"], today=TODAY)


# --- transfer, merge, assignment ---------------------------------------------------------------------------------

def test_transfer_keeps_the_received_date_and_the_clock(register, units, staff):
    item = register()
    services.request_assign(request=item, handler=staff["op_a"], actor=staff["op_a"], today=TODAY)
    before = InfoRequest.objects.get(pk=item.pk)
    services.request_transfer(request=item, to_unit=units["b"], actor=staff["op_a"], reason="属财政局职责",
                              today=TODAY)
    item.refresh_from_db()
    assert (item.unit, item.original_unit, item.handler, item.status) == (units["b"], units["a"], None, "received")
    assert (item.received_on, item.due_date, item.clarification_due) == (
        before.received_on, before.due_date, before.clarification_due)
    event = item.events.get(action="transfer")
    assert event.data["from_unit"] == "DEPT-A" and event.data["to_unit"] == "DEPT-B" and event.opinion == "属财政局职责"
    # the new unit handles it; the old one can no longer act on it
    with pytest.raises(AccessDenied):
        services.request_assign(request=item, handler=staff["op_a"], actor=staff["op_a"], today=TODAY)
    with pytest.raises(DomainError):  # op_a holds no role in DEPT-B
        services.request_assign(request=item, handler=staff["op_a"], actor=staff["op_b"], today=TODAY)
    services.request_assign(request=item, handler=staff["op_b"], actor=staff["op_b"], today=TODAY)


def test_merge_closes_the_duplicate_and_points_to_the_case(register, staff):
    first, duplicate = register(), register()
    services.request_merge(request=duplicate, into=first, actor=staff["op_a"], today=TODAY)
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into) == (Status.MERGED, first)
    assert first.events.filter(action="merged_from").exists()
    third = register()
    with pytest.raises(InvalidTransition):
        services.request_merge(request=third, into=duplicate, actor=staff["op_a"], today=TODAY)
    with pytest.raises(DomainError):
        services.request_merge(request=third, into=third, actor=staff["op_a"], today=TODAY)


# --- reply and delivery ------------------------------------------------------------------------------------

def test_reply_rules_by_kind(register, staff):
    item = register()
    reply = services.request_reply
    with pytest.raises(DomainError) as withhold:
        reply(request=item, on=d(10, 9), reply_kind="withhold", actor=staff["app_a"], today=TODAY)
    assert "逐项写明不予公开" in withhold.value.message
    with pytest.raises(DomainError):
        reply(request=item, on=d(10, 9), reply_kind="withhold", outcome="disclosed", actor=staff["app_a"], today=TODAY)
    with pytest.raises(DomainError) as partial:
        reply(request=item, on=d(10, 9), reply_kind="partial", provided=["正文"], actor=staff["app_a"], today=TODAY)
    assert "部分公开中不予公开的" in partial.value.message
    with pytest.raises(DomainError):
        reply(request=item, on=d(10, 9), reply_kind="already_public", actor=staff["app_a"], today=TODAY)
    reply(request=item, on=d(10, 19), reply_kind="withhold", outcome="withheld.third_party",
          withheld_reasons="涉及第三方商业秘密，第三方不同意公开（条例第十五条）", actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    # due 16 October; replied 19 October: late
    assert (item.outcome, item.replied_on, item.on_time) == ("withheld.third_party", d(10, 19), False)
    assert "商业秘密" in docx_text(item.letters.get().docx)
    services.request_deliver(request=item, on=d(10, 20), way="post", note="EMS1234567890", proof=pdf_upload("回执.pdf"),
                             actor=staff["op_a"], today=TODAY)
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.delivered_way) == (Status.CLOSED, d(10, 20), "post")
    assert item.files.get().kind == "delivery"


def test_the_outcome_defaults_from_the_reply_kind_and_provided_files_are_kept(register, staff):
    item = register()
    services.request_reply(request=item, on=d(10, 9), reply_kind="not_this_agency", note="该项目由区住建局立项",
                           right_agency="测试区住房和城乡建设局", details={"right_agency_contact": "0574-86000002"},
                           files=[pdf_upload("说明.pdf")], actor=staff["app_a"],
                           today=TODAY)
    item.refresh_from_db()
    assert (item.outcome, item.on_time) == ("unavailable.not_held", True)
    assert "测试区住房和城乡建设局" in docx_text(item.letters.get().docx)
    assert item.files.get().kind == "provided"


# --- letters -----------------------------------------------------------------------------------------------

def test_letters_are_numbered_per_unit_per_year(register, units, staff):
    a1, a2 = register(), register()
    b1 = register(unit=units["b"], actor=staff["op_b"])
    late = register(received_on=d(12, 28))
    services.request_clarify(sent_by="in_person", request=a1, on=d(9, 15), items="项目名称", actor=staff["app_a"], today=TODAY)
    services.request_clarify(sent_by="in_person", request=a2, on=d(9, 15), items="项目名称", actor=staff["app_a"], today=TODAY)
    services.request_clarify(sent_by="in_person", request=b1, on=d(9, 15), items="项目名称", actor=staff["app_b"], today=TODAY)
    services.request_clarify(sent_by="in_person", request=late, on=d(1, 4, 2027), items="项目名称", actor=staff["app_a"],
                             today=d(1, 4, 2027))
    numbers = [x.letters.get().number for x in (a1, a2, b1, late)]
    assert numbers == ["测试区发展和改革局公开〔2026〕1号", "测试区发展和改革局公开〔2026〕2号",
                       "测试区财政局公开〔2026〕1号", "测试区发展和改革局公开〔2027〕1号"]


def test_the_letter_number_pattern_and_short_name(settings, register, units, staff):
    settings.GONGKAI_LETTER_NUMBER_PATTERN = "{unit_short}依申请〔{year}〕{serial:03d}号"
    units["a"].short_name = "测发改"
    units["a"].save()
    item = register()
    services.request_clarify(sent_by="in_person", request=item, on=d(9, 15), items="项目名称", actor=staff["app_a"], today=TODAY)
    letter = item.letters.get()
    assert letter.number == "测发改依申请〔2026〕001号"
    assert "测发改依申请〔2026〕001号" in docx_text(letter.docx)
    with letter.pdf.open("rb") as f:
        assert f.read(5) == b"%PDF-"


def test_a_units_own_template_overrides_the_default(register, units, staff):
    LetterTemplate.objects.create(key="clarification", title="补正通知（全局）", paragraphs=["全局文本"])
    LetterTemplate.objects.create(unit=units["a"], key="clarification", title="补正通知",
                                  paragraphs=["请于{{ due_date_text }}前补正：{{ items }}。"])
    item = register()
    services.request_clarify(sent_by="in_person", request=item, on=d(9, 16), items="项目名称", actor=staff["app_a"], today=TODAY)
    text = docx_text(item.letters.get().docx)
    assert "补正通知" in text and "请于2026年10月13日前补正：项目名称。" in text and "全局文本" not in text
    other = register(unit=units["b"], actor=staff["op_b"])
    services.request_clarify(sent_by="in_person", request=other, on=d(9, 16), items="项目名称", actor=staff["app_b"], today=TODAY)
    assert "全局文本" in docx_text(other.letters.get().docx)


def test_a_letter_can_be_issued_on_its_own(register, staff):
    item = register()
    letter = services.letter_issue(request=item, kind="not_this_agency_notice", template_key="not_this_agency_notice",
                                   context={"right_agency": "测试区住房和城乡建设局", "right_agency_contact": "0574-1"},
                                   on=d(9, 16), actor=staff["app_a"], today=TODAY)
    assert letter.public and "测试区住房和城乡建设局" in docx_text(letter.docx)
    with pytest.raises(AccessDenied, match="签发"):  # it decides the application: the approver signs it
        services.letter_issue(request=item, kind="not_this_agency_notice", template_key="not_this_agency_notice",
                              context={}, on=d(9, 16), actor=staff["op_a"], today=TODAY)
    with pytest.raises(AccessDenied):
        services.letter_issue(request=item, kind="not_this_agency_notice", template_key="not_this_agency_notice",
                              context={}, on=d(9, 16), actor=staff["op_b"], today=TODAY)


# --- personal data, lists, tracking ------------------------------------------------------------------------------

def test_personal_data_only_for_the_handling_unit_and_coordinators_and_every_view_logged(register, units, staff):
    item = register()
    with pytest.raises(NotFound):
        selectors.request_get_for(staff["op_b"], item.pk)
    for name in ("op_a", "app_a", "coord"):
        seen = selectors.applicant_view_for(staff[name], selectors.request_get_for(staff[name], item.pk))
        assert seen.id_number == person_id(1) and seen.phone == "13812345678"
    # the reviewer sees the case, not the applicant (and nothing is logged for a refusal)
    assert selectors.applicant_view_for(staff["rev_a"], selectors.request_get_for(staff["rev_a"], item.pk)) is None
    assert list(RequestEvent.objects.filter(request=item, action="view_applicant")
                .values_list("actor__username", flat=True)) == ["op_a", "app_a", "coord"]
    services.request_transfer(request=item, to_unit=units["b"], actor=staff["op_a"], reason="属财政局职责",
                              today=TODAY)
    # the unit that passed it on still sees the case, but no longer the applicant
    assert selectors.applicant_view_for(staff["op_a"], selectors.request_get_for(staff["op_a"], item.pk)) is None
    assert selectors.applicant_view_for(staff["op_b"], selectors.request_get_for(staff["op_b"], item.pk)) is not None


def test_lists_mask_the_applicant(register):
    item = register(applicant=person(name="张三", phone="13812345678", email="zhang@example.com"))
    masked = selectors.applicant_masked(item)
    assert (masked.name, masked.phone, masked.email, masked.address) == ("张*", "138****5678", "z***@example.com", "")
    assert masked.id_number == person_id(1)[:2] + "*" * 14 + person_id(1)[-2:]
    org = register(applicant=ApplicantData(type="org.legal", name="某律师事务所", id_type="", id_number="",
                                           org_code=CREDIT_CODE, phone="13812345678"))
    assert selectors.applicant_masked(org).name == "某律师事务所"


def test_tracking_with_a_wrong_code_reveals_nothing(units):
    item, code = services.request_submit_online(
        unit_code="DEPT-A", applicant=person(), description=DESCRIPTION, delivery_form="electronic",
        delivery_way="email", today=d(11, 2))
    assert selectors.request_track(item.number, code) == item
    assert selectors.request_track(item.number.lower(), code.lower()) == item
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")
    assert selectors.request_track(item.number, wrong) is None
    assert selectors.request_track("YSQ-2026-999999", code) is None
    assert selectors.request_track("", "") is None


def test_the_work_queue(register, staff):
    fresh = register()  # due 16 October
    mine = register(received_on=d(9, 28))  # due 20 working days after 28 September: 30 October
    services.request_assign(request=mine, handler=staff["op_a"], actor=staff["op_a"], today=TODAY)
    queue = selectors.work_queue_for(staff["op_a"], today=d(10, 12))
    assert list(queue.to_assign) == [fresh] and list(queue.to_handle) == [mine]
    # due soon: by 12 October + 5 working days (13 14 15 16 19) = 19 October
    assert list(queue.due_soon) == [fresh] and list(queue.overdue) == []
    queue = selectors.work_queue_for(staff["coord"], today=d(10, 19))
    assert list(queue.overdue) == [fresh] and list(queue.to_handle) == []
    assert selectors.work_queue_for(staff["op_b"], today=d(10, 19)).counts() == {
        "to_assign": 0, "to_handle": 0, "due_soon": 0, "overdue": 0}


# --- repeats and Art. 44 -------------------------------------------------------------------------------------

def test_repeat_and_art44_hints(register):
    text = "请公开测试区发展和改革局2025年老旧小区改造项目的立项批复文件"
    old = register(received_on=d(8, 1, 2025), description=text)  # more than 12 months before
    first = register(received_on=d(9, 1), description=text)
    register(received_on=d(9, 2), description="请提供2026年度部门预算")  # something else
    repeat = register(received_on=d(9, 14), description=text.replace("请公开", "申请公开") + "。")
    hints = selectors.similar_requests_for(repeat)
    assert hints.repeats == [first] and old not in hints.repeats and not hints.art44
    assert "重复申请" in hints.repeat_hint
    register(received_on=d(9, 15), applicant=person(2), description=text)
    # a different text that names the same 文号 counts as the same information
    register(received_on=d(9, 15), applicant=person(3), description="测发改[2025]12号文件", doc_reference="")
    target = register(received_on=d(9, 16), applicant=person(4), description="我想要测发改〔2025〕12号",
                      doc_reference="")
    register(received_on=d(9, 16), applicant=person(5), description="测发改〔2025〕12号")
    hints = selectors.similar_requests_for(target)
    assert hints.applicants == 3 and hints.art44 and "第四十四条" in hints.art44_hint


# --- appeals and reopening ---------------------------------------------------------------------------------

def test_a_corrected_appeal_reopens_the_case(register, staff):
    item = register()
    services.request_reply(request=item, on=d(10, 9), reply_kind="not_exist", note="经检索档案室未找到",
                           actor=staff["app_a"], today=TODAY)
    services.request_deliver(request=item, on=d(10, 12), way="post", actor=staff["op_a"], today=TODAY)
    with pytest.raises(InvalidTransition):  # no correction yet
        services.request_reopen(request=item, actor=staff["app_a"], reason="自查", today=TODAY)
    with pytest.raises(DomainError):
        services.appeal_file(request=item, kind="reconsideration", after_reconsideration=True, filed_on=d(10, 20),
                             actor=staff["op_a"], today=TODAY)
    appeal = services.appeal_file(request=item, kind="reconsideration", filed_on=d(10, 20), body="测试区人民政府",
                                  actor=staff["op_a"], today=TODAY)
    with pytest.raises(DomainError):
        services.appeal_decide(appeal=appeal, result="corrected", on=d(10, 19), actor=staff["op_a"], today=TODAY)
    with pytest.raises(AccessDenied):  # reopening is the approver's or coordinator's decision
        services.appeal_decide(appeal=appeal, result="corrected", on=d(12, 1), reopen=True, actor=staff["op_a"],
                               today=TODAY)
    services.appeal_decide(appeal=appeal, result="corrected", on=d(12, 1), note="责令重新答复", reopen=True,
                           actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    appeal.refresh_from_db()
    assert (appeal.result, appeal.decided_on) == ("corrected", d(12, 1))
    assert (item.status, item.reply_kind, item.outcome, item.closed_on) == (Status.PROCESSING, "", "", None)
    reopened = item.events.get(action="reopen")
    assert reopened.data["before"]["outcome"] == "unavailable.not_held"
    with pytest.raises(InvalidTransition):
        services.appeal_decide(appeal=appeal, result="upheld", on=d(12, 2), actor=staff["app_a"], today=TODAY)
    litigation = services.appeal_file(request=item, kind="litigation", after_reconsideration=True, filed_on=d(12, 10),
                                      actor=staff["coord"], today=TODAY)
    assert litigation.after_reconsideration and litigation.result == "pending"


def test_provisional_dates_become_final_when_the_year_is_entered(register, staff, django_capture_on_commit_callbacks):
    from gongkai.workdays.services import calendar_year_enter

    # Friday 18 December 2026: 21–25 = 5, 28–31 = 9; 2027 is not in the calendar yet, so it counts
    # Monday–Friday without the statutory 元旦: 4–8 = 14, 11–15 = 19, 18 January = 20, provisional
    item = register(received_on=d(12, 18), today=d(12, 18))
    assert (item.due_date, item.due_provisional) == (d(1, 18, 2027), True)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_year_enter(year=2027, holidays=[(d(1, 1, 2027), "元旦")], makeup_workdays=[],
                            notice="国务院办公厅关于2027年部分节假日安排的通知", actor=staff["coord"])
    item.refresh_from_db()
    # 1 January is a holiday now: 4–8 = 14, 11–15 = 19, 18 January = 20
    assert (item.due_date, item.due_provisional) == (d(1, 18, 2027), False)
    assert item.events.filter(action="clock_recompute").count() == 1
    assert services.request_clocks_recompute(today=d(12, 21)) == 0  # nothing provisional is left


# Who may do what with requests, stated independently of access.PERMISSIONS: (person, action) -> units.
A, B, ALL = {"DEPT-A"}, {"DEPT-B"}, {"GOV", "DEPT-A", "DEPT-B"}
REQUEST_MATRIX = {
    "op_a": {a: A for a in ("view", "view_applicant", "register", "assign", "handle", "transfer", "appeal")},
    "rev_a": {"view": A},
    "app_a": {a: A for a in ("view", "view_applicant", "register", "assign", "handle", "transfer", "extend", "sign",
                             "reopen", "appeal")},
    "op_b": {a: B for a in ("view", "view_applicant", "register", "assign", "handle", "transfer", "appeal")},
    "coord": {a: ALL for a in ("view", "view_applicant", "register", "assign", "transfer", "reopen", "appeal")},
}


@pytest.mark.parametrize("person", list(REQUEST_MATRIX))
def test_the_request_permission_matrix(staff, units, person):
    from gongkai.orgs import access

    actions = sorted(a.removeprefix("request.") for a in access.PERMISSIONS if a.startswith("request."))
    assert actions == sorted(["view", "view_applicant", "register", "assign", "handle", "transfer", "extend", "sign",
                              "reopen", "appeal"])
    for action in actions:
        allowed = {code for code in ("GOV", "DEPT-A", "DEPT-B")
                   if access.can(staff[person], f"request.{action}", units[{"GOV": "gov", "DEPT-A": "a",
                                                                           "DEPT-B": "b"}[code]])}
        assert allowed == REQUEST_MATRIX[person].get(action, set()), (person, action)
