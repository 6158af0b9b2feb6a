"""Reply letters to the letter of the law: the article each outcome cites, the remedies each kind states,
outcome and kind agreeing, withheld parts with their grounds, information named by its title, letters
refused while a value is missing, and the approver's signature (签发) before a deciding letter goes out.

Dates on the real 2026 calendar: received Monday 14 September 2026, replied Friday 9 October."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document as WordDocument

from gongkai.core.errors import AccessDenied, DomainError, InvalidTransition
from gongkai.core.identifiers import resident_id_check_char
from gongkai.foi import legal, services
from gongkai.foi.codes import Outcome, ReplyKind, Status
from gongkai.foi.intake import ApplicantData
from gongkai.foi.models import InfoRequest, RequestEvent, SignOff
from gongkai.orgs.models import Unit

TODAY = dt.date(2026, 12, 31)
RECEIVED = dt.date(2026, 9, 14)
REPLIED = dt.date(2026, 10, 9)
ACT = legal.ACT


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def applicant() -> ApplicantData:
    first17 = "33021119900101001"
    return ApplicantData(type="natural_person", name="王小明", id_type="resident_id",
                         id_number=first17 + resident_id_check_char(first17), phone="13812345678",
                         email="wang@example.com", address="测试区人民路1号")


@pytest.fixture
def case(units, staff):
    def make(**changes) -> InfoRequest:
        values = {"unit": units["a"], "channel": "letter", "received_on": RECEIVED, "receipt_basis": "signed_for",
                  "applicant": applicant(), "description": "本局2025年老旧小区改造项目的立项批复文件",
                  "delivery_form": "paper", "delivery_way": "pickup", "actor": staff["op_a"], "today": TODAY}
        values.update(changes)
        return services.request_register(**values)[0]

    return make


def letter_text(item: InfoRequest) -> str:
    letter = item.letters.get(kind="reply")
    with letter.docx.open("rb") as f:
        return "\n".join(p.text for p in WordDocument(io.BytesIO(f.read())).paragraphs)


def reply(item, staff, **kwargs):
    values = {"request": item, "on": REPLIED, "actor": staff["app_a"], "today": TODAY}
    values.update(kwargs)
    return services.request_reply(**values)


# The values each outcome's letter needs beyond the case's own; one reply per outcome code.
REPLIES = [
    (ReplyKind.ALREADY_PUBLIC, Outcome.DISCLOSED, {"where_published": "本局门户网站“政府信息公开”栏目"}),
    (ReplyKind.DISCLOSE, Outcome.DISCLOSED, {"provided": ["关于老旧小区改造项目立项的批复（测发改〔2025〕12号）"]}),
    (ReplyKind.PARTIAL, Outcome.PARTIAL, {
        "provided": ["立项批复正文"],
        "withheld_parts": [{"part": "附件2 住户名单", "outcome": Outcome.THIRD_PARTY, "reason": "含住户姓名和住址"}]}),
    *[(ReplyKind.WITHHOLD, o, {"withheld_parts": [{"part": "", "outcome": o, "reason": "经审查属实"}]})
      for o in legal.WITHHELD],
    (ReplyKind.OTHER_LAW, Outcome.INQUIRY_MATTER, {"details": {"info_category": "不动产登记资料",
                                                               "special_law": "《不动产登记暂行条例》"}}),
    (ReplyKind.NOT_EXIST, Outcome.NOT_HELD, {"note": "本局档案室及各科室的纸质和电子文件"}),
    (ReplyKind.NOT_EXIST, Outcome.NEEDS_CREATION, {"note": "申请的五年汇总数据需对各年度报表加工汇总"}),
    (ReplyKind.NOT_THIS_AGENCY, Outcome.NOT_HELD, {"note": "该批复由区住建局作出", "right_agency": "测试区住房和城乡建设局",
                                                   "details": {"right_agency_contact": "0574-86000002"}}),
    (ReplyKind.REPEAT, Outcome.REPEAT, {"details": {"previous_reply_on": "2026-08-01",
                                                    "previous_reply_number": "测发改公开〔2026〕3号"}}),
    (ReplyKind.REPEAT, Outcome.EXCESSIVE, {"note": "您本月已提出120件内容相近的申请"}),
    (ReplyKind.NOT_AN_APPLICATION, Outcome.PETITION, {"note": "投诉", "details": {"right_channel": "12345热线"}}),
    (ReplyKind.NOT_AN_APPLICATION, Outcome.PUBLICATION, {"where_published": "《测试区人民政府公报》2025年第3期"}),
    (ReplyKind.NOT_AN_APPLICATION, Outcome.CONFIRM_REISSUE, {"note": "要求确认2019年答复书的真实性"}),
    (ReplyKind.ABANDONED, Outcome.OTHER, {"note": "申请人于2026年10月8日书面撤回申请"}),
]


@pytest.mark.parametrize(("kind", "outcome", "extra"), REPLIES, ids=[f"{k}-{o}" for k, o, _ in REPLIES])
def test_each_outcome_has_its_letter_citing_its_article_and_the_right_remedies(case, staff, kind, outcome, extra):
    item = reply(case(), staff, reply_kind=kind, outcome=outcome, **extra)

    text = letter_text(item)
    letter = item.letters.get(kind="reply")
    assert letter.template_key == legal.reply_template_key(kind, outcome)
    basis = legal.basis_for(kind, outcome)
    assert basis.article in text, basis
    assert "（待填写）" not in text
    if kind in (ReplyKind.WITHHOLD, ReplyKind.PARTIAL):
        assert "应当先自收到本答复之日起六十日内向测试区人民政府申请行政复议" in text
        assert "对行政复议决定不服的，可以自收到行政复议决定书之日起十五日内向测试区人民法院提起行政诉讼" in text
    else:
        assert ("可以自收到本答复之日起六十日内向测试区人民政府申请行政复议，也可以自收到本答复之日起六个月内"
                "向测试区人民法院提起行政诉讼") in text
        assert "应当先" not in text


def test_a_refusal_cites_the_article_of_each_withheld_part(case, staff):
    item = reply(case(), staff, reply_kind=ReplyKind.WITHHOLD, withheld_parts=[
        {"part": "会议纪要", "outcome": Outcome.PROCESS_INFO, "reason": "项目尚在论证"},
        {"part": "评审专家名单", "outcome": Outcome.THIRD_PARTY, "reason": "专家不同意公开"},
    ])

    assert item.outcome == Outcome.PROCESS_INFO  # the first ground, for table 三
    text = letter_text(item)
    assert "“会议纪要”属于行政机关在履行行政管理职能过程中形成的" in text and f"{ACT}第十六条第二款" in text
    assert "“评审专家名单”属于涉及商业秘密、个人隐私" in text and f"{ACT}第十五条" in text
    assert item.withheld_parts[1] == {"part": "评审专家名单", "outcome": Outcome.THIRD_PARTY, "reason": "专家不同意公开"}


@pytest.mark.parametrize(("kind", "outcome"), [
    (ReplyKind.DISCLOSE, Outcome.STATE_SECRET),
    (ReplyKind.WITHHOLD, Outcome.DISCLOSED),
    (ReplyKind.WITHHOLD, Outcome.INQUIRY_MATTER),  # Art. 36 (七), not a refusal under Art. 36 (三)
    (ReplyKind.NOT_THIS_AGENCY, Outcome.NEEDS_CREATION),
    (ReplyKind.ABANDONED, Outcome.REPEAT),
])
def test_reply_kind_and_outcome_must_agree(case, staff, kind, outcome):
    item = case()
    with pytest.raises(DomainError, match="不能以|须选择|不一致"):
        reply(item, staff, reply_kind=kind, outcome=outcome, provided=["文件"],
              withheld_parts=[{"part": "全文", "outcome": Outcome.STATE_SECRET, "reason": "定密"}]
              if kind == ReplyKind.WITHHOLD else None)
    assert not item.letters.exists()


def test_a_refusal_or_partial_reply_needs_each_withheld_part_with_its_ground_and_reason(case, staff):
    item = case()
    with pytest.raises(DomainError, match="逐项写明不予公开"):
        reply(item, staff, reply_kind=ReplyKind.PARTIAL, provided=["正文"], note="部分涉及隐私")
    with pytest.raises(DomainError, match="请选择不予公开的理由"):
        reply(item, staff, reply_kind=ReplyKind.PARTIAL, provided=["正文"],
              withheld_parts=[{"part": "附件", "outcome": Outcome.NOT_HELD, "reason": "x"}])
    with pytest.raises(DomainError, match="具体理由"):
        reply(item, staff, reply_kind=ReplyKind.WITHHOLD,
              withheld_parts=[{"part": "附件", "outcome": Outcome.STATE_SECRET, "reason": ""}])
    assert InfoRequest.objects.get(pk=item.pk).status == Status.RECEIVED


def test_the_reply_names_the_information_by_its_title_not_the_file_name(case, staff):
    upload = SimpleUploadedFile("scan_0001.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    with pytest.raises(DomainError, match="名称"):
        reply(case(), staff, reply_kind=ReplyKind.DISCLOSE, files=[upload])
    upload.seek(0)
    item = reply(case(), staff, reply_kind=ReplyKind.DISCLOSE, provided=["关于老旧小区改造项目立项的批复"],
                 files=[upload])

    text = letter_text(item)
    assert "现向您提供以下政府信息：关于老旧小区改造项目立项的批复。" in text and "scan_0001" not in text
    assert item.files.get(kind="provided").title == "关于老旧小区改造项目立项的批复"


def test_a_letter_is_not_issued_while_a_remedy_field_is_empty(case, staff, units):
    Unit.objects.filter(pk=units["a"].pk).update(court="")
    item = case()
    with pytest.raises(DomainError, match="管辖|court") as caught:
        reply(item, staff, reply_kind=ReplyKind.NOT_EXIST, note="本局档案")

    assert "（court）" in str(caught.value) and "机构设置" in str(caught.value)
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and not item.letters.exists() and not item.replied_on


def test_a_value_the_letter_needs_must_be_given(case, staff):
    with pytest.raises(DomainError, match="special_law"):
        reply(case(), staff, reply_kind=ReplyKind.OTHER_LAW, details={"info_category": "不动产登记资料"})


def test_still_unclear_only_after_a_supplement(case, staff):
    with pytest.raises(InvalidTransition, match="补正"):
        reply(case(), staff, reply_kind=ReplyKind.NOT_EXIST, outcome=Outcome.STILL_UNCLEAR, note="仍不明确")


# --- 签发 -------------------------------------------------------------------------------------------------


def test_an_operator_cannot_issue_a_reply_alone(case, staff):
    with pytest.raises(AccessDenied, match="负责领导签发"):
        reply(case(), staff, reply_kind=ReplyKind.NOT_EXIST, note="本局档案", actor=staff["op_a"])


def test_an_operator_prepares_and_the_approver_signs(case, staff):
    item = case()
    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    signoff = services.request_prepare(
        request=item, action="reply", actor=staff["op_a"], files=[upload], today=TODAY,
        params={"on": REPLIED, "reply_kind": ReplyKind.DISCLOSE, "provided": ["立项批复"]})
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and not item.letters.exists()  # nothing goes out yet

    with pytest.raises(InvalidTransition, match="待签发"):
        services.request_prepare(request=item, action="reply", actor=staff["op_a"], today=TODAY,
                                 params={"on": REPLIED, "reply_kind": ReplyKind.NOT_EXIST})
    with pytest.raises(AccessDenied):
        services.request_signoff(signoff=signoff, decision="sign", actor=staff["rev_a"], today=TODAY)

    services.request_signoff(signoff=signoff, decision="sign", actor=staff["app_a"], today=TODAY)

    item.refresh_from_db()
    signoff.refresh_from_db()
    assert item.status == Status.REPLIED and item.replied_on == REPLIED
    assert signoff.decision == SignOff.Decision.SIGNED and signoff.decided_by == staff["app_a"]
    letter = item.letters.get(kind="reply")
    assert letter.created_by == staff["app_a"] and "立项批复" in letter_text(item)
    assert item.files.get(kind="provided").title == "立项批复"
    actions = list(RequestEvent.objects.filter(request=item).values_list("action", flat=True))
    assert actions.index("signoff_prepare") < actions.index("reply") < actions.index("signoff_sign")


def test_a_prepared_reply_is_checked_before_it_reaches_the_approver(case, staff):
    with pytest.raises(DomainError, match="不能以"):
        services.request_prepare(request=case(), action="reply", actor=staff["op_a"], today=TODAY,
                                 params={"on": REPLIED, "reply_kind": ReplyKind.DISCLOSE,
                                         "outcome": Outcome.STATE_SECRET, "provided": ["x"]})
    assert not SignOff.objects.exists()


def test_the_approver_returns_with_an_opinion_and_the_preparer_cannot_sign_their_own(case, staff):
    item = case()
    signoff = services.request_prepare(request=item, action="reply", actor=staff["both_a"], today=TODAY,
                                       params={"on": REPLIED, "reply_kind": ReplyKind.NOT_EXIST, "note": "档案"})
    with pytest.raises(AccessDenied, match="拟稿人"):
        services.request_signoff(signoff=signoff, decision="sign", actor=staff["both_a"], today=TODAY)
    with pytest.raises(DomainError, match="退回意见"):
        services.request_signoff(signoff=signoff, decision="return", actor=staff["app_a"], today=TODAY)
    services.request_signoff(signoff=signoff, decision="return", opinion="检索范围写具体", actor=staff["app_a"],
                             today=TODAY)
    with pytest.raises(InvalidTransition):
        services.request_signoff(signoff=signoff, decision="sign", actor=staff["app_a"], today=TODAY)
    item.refresh_from_db()
    assert item.status == Status.RECEIVED and not item.letters.exists()


def test_a_unit_may_delegate_the_clarification_to_its_reviewer(case, staff, units):
    item = case()
    with pytest.raises(AccessDenied):
        services.request_clarify(request=item, on=dt.date(2026, 9, 15), items="写明文号", sent_by="in_person",
                                 actor=staff["rev_a"], today=TODAY)
    Unit.objects.filter(pk=units["a"].pk).update(signoff_delegated=["clarification"])
    item = services.request_clarify(request=InfoRequest.objects.get(pk=item.pk), on=dt.date(2026, 9, 15),
                                    items="写明文号", sent_by="in_person", actor=staff["rev_a"], today=TODAY)
    assert item.status == Status.CLARIFYING and item.letters.filter(kind="clarification").exists()
    # the delegation covers that kind of letter only
    with pytest.raises(AccessDenied):
        reply(item, staff, reply_kind=ReplyKind.NOT_EXIST, note="x", actor=staff["rev_a"])
