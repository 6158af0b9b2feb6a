"""The pages of information requests through Django's test client: the public form, the receipt, public
tracking and letter downloads, and the staff list, registration and case page."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from gongkai.core import antiabuse
from gongkai.foi import services
from gongkai.foi.intake import ApplicantData
from gongkai.foi.models import InfoRequest, RequestEvent

PERSON_ID = "11010519491231002X"  # valid check character
BAD_ID = "110105194912310021"  # same number, wrong check character
CREDIT_CODE = "91330200MA2AXXXX0C"
DIGITS = "零一二三四五六七八九"


@pytest.fixture(autouse=True)
def quick_checks(settings, tmp_path):
    settings.GONGKAI_POW_DIFFICULTY = 4  # a few dozen hashes here; the browser test runs the real script
    settings.MEDIA_ROOT = tmp_path / "media"


def solve(token: str, difficulty: int) -> str:
    n = 0
    while not antiabuse.pow_valid(token, str(n), difficulty):
        n += 1
    return str(n)


def challenge_of(html: str) -> dict:
    token = re.search(r'name="pow_token" value="([^"]+)"', html).group(1)
    difficulty = int(re.search(r'data-pow-difficulty="(\d+)"', html).group(1))
    a, b = re.search(r"请计算：(.)加(.)等于多少？", html).groups()
    return {"token": token, "nonce": solve(token, difficulty), "answer": str(DIGITS.index(a) + DIGITS.index(b))}


def application(**changes) -> dict:
    data = {
        "applicant_type": "natural_person", "name": "张三", "id_type": "resident_id", "id_number": PERSON_ID,
        "phone": "13812345678", "email": "zhang@example.com", "address": "测试区人民路1号", "postcode": "315000",
        "unit": "DEPT-A", "description": "2025年度测试区发展和改革局老旧小区改造项目的立项批复文件",
        "doc_reference": "测发改〔2025〕12号", "delivery_form": "electronic", "delivery_way": "email",
    }
    data.update(changes)
    return data


def pdf_upload(name="身份证.pdf") -> SimpleUploadedFile:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/pdf")


@pytest.fixture
def apply(client, units):
    """apply(data, human="pow"|"answer"|None) posts the public form with a fresh challenge solved."""

    def post(data=None, human="pow", files=None):
        page = client.get(reverse("portal:request_apply"))
        check = challenge_of(page.content.decode())
        payload = dict(data or application())
        payload["pow_token"] = check["token"]
        if human == "pow":
            payload["pow_nonce"] = check["nonce"]
        elif human == "answer":
            payload["pow_answer"] = check["answer"]
        return client.post(reverse("portal:request_apply"), {**payload, **(files or {})})

    return post


def receipt(client) -> tuple[str, str]:
    html = client.get(reverse("portal:request_done")).content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    return number, code


# --- the public form ---------------------------------------------------------------------------------


def test_apply_with_valid_data_shows_the_number_and_code_once(client, apply):
    response = apply(files={"proof": pdf_upload()})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:request_done")

    done = client.get(reverse("portal:request_done"))
    html = done.content.decode()
    number = re.search(r'id="receipt-number">([^<]+)<', html).group(1)
    code = re.search(r'id="receipt-code">([^<]+)<', html).group(1)
    assert re.fullmatch(r"YSQ-\d{4}-\d{6}", number)
    assert "请妥善保存" in html and "data-print" in html
    assert "no-store" in done["Cache-Control"]

    info = InfoRequest.objects.get(number=number)
    assert info.channel == "online" and info.unit.code == "DEPT-A" and info.applicant_name == "张三"
    assert info.files.get().kind == "proof"
    assert code not in info.query_code_digest and info.query_code_digest == InfoRequest.digest_of(code)

    again = client.get(reverse("portal:request_done")).content.decode()
    assert code not in again and "只显示一次" in again


def test_the_form_asks_no_purpose_and_offers_the_rules_codes(client, units):
    response = client.get(reverse("portal:request_apply"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "用途" not in html.replace("不需要说明用途", "")
    for code in ("natural_person", "org.business", "org.research", "org.nonprofit", "org.legal", "org.other",
                 "paper", "electronic", "disc", "view", "post", "email", "pickup", "online"):
        assert f'value="{code}"' in html
    assert "20 个工作日" in html
    assert "no-cache" in response["Cache-Control"] and "csrfmiddlewaretoken" in html
    assert 'src="/static/gongkai/pow.js"' in html and 'nonce="' in html


def test_an_invalid_id_number_is_shown_next_to_the_field_and_everything_typed_is_kept(client, apply):
    response = apply(application(id_number=BAD_ID), files={"proof": pdf_upload("我的身份证.pdf")})
    html = response.content.decode()

    assert response.status_code == 400
    assert not InfoRequest.objects.exists()
    assert 'id="id_id_number_error"' in html and "居民身份证号码不正确" in html
    assert re.search(r'<input[^>]*aria-describedby="[^"]*id_id_number_error[^"]*"[^>]*name="id_number"', html) or \
        re.search(r'<input[^>]*name="id_number"[^>]*aria-describedby="[^"]*id_id_number_error', html)
    assert 'class="error-summary"' in html and 'href="#id_id_number"' in html
    for typed in ("张三", BAD_ID, "13812345678", "zhang@example.com", "测试区人民路1号", "315000",
                  "老旧小区改造项目的立项批复文件", "测发改〔2025〕12号"):
        assert typed in html
    assert re.search(r'value="DEPT-A"[^>]*selected', html)
    assert re.search(r'value="electronic"[^>]*checked', html)
    assert "我的身份证.pdf" in html and "请重新选择" in html  # the file must be chosen again, and we say so


def test_an_organisation_needs_a_valid_credit_code(client, apply):
    data = application(applicant_type="org.business", name="宁波某某科技有限公司", contact_name="李四",
                       id_type="", id_number="", org_code="91330200MA2AXXXX0X")
    response = apply(data)
    assert response.status_code == 400
    assert "统一社会信用代码不正确" in response.content.decode()

    assert apply({**data, "org_code": CREDIT_CODE}).status_code == 302
    info = InfoRequest.objects.get()
    assert (info.applicant_type, info.id_type, info.id_number, info.contact_name) == \
        ("org.business", "credit_code", CREDIT_CODE, "李四")


def test_a_proof_that_is_not_a_pdf_or_image_is_refused_by_its_content(client, apply):
    fake = SimpleUploadedFile("身份证.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
    response = apply(files={"proof": fake})
    assert response.status_code == 400
    assert 'id="id_proof_error"' in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_the_security_check_is_required(client, apply):
    response = apply(human=None)
    assert response.status_code == 400
    assert "请完成安全验证" in response.content.decode()
    assert not InfoRequest.objects.exists()


def test_a_wrong_nonce_or_answer_is_refused_and_a_reused_challenge_too(client, units):
    page = client.get(reverse("portal:request_apply")).content.decode()
    check = challenge_of(page)
    url = reverse("portal:request_apply")
    wrong = str(int(check["answer"]) + 1)
    response = client.post(url, {**application(), "pow_token": check["token"], "pow_answer": wrong})
    assert response.status_code == 400 and "计算题答案不正确" in response.content.decode()

    assert client.post(url, {**application(), "pow_token": check["token"], "pow_nonce": check["nonce"]}).status_code == 302
    replay = client.post(url, {**application(), "pow_token": check["token"], "pow_nonce": check["nonce"]})
    assert replay.status_code == 400 and "已使用过" in replay.content.decode()
    assert InfoRequest.objects.count() == 1


def test_without_javascript_the_arithmetic_question_is_enough(client, apply):
    assert apply(human="answer").status_code == 302
    assert InfoRequest.objects.count() == 1


def test_online_applications_are_rate_limited_per_address(client, apply, settings):
    settings.GONGKAI_RATE_APPLY = (2, 3600)
    assert apply().status_code == 302
    assert apply().status_code == 302
    third = apply()
    assert third.status_code == 429
    assert "操作过于频繁" in third.content.decode()
    assert InfoRequest.objects.count() == 2


# --- tracking ----------------------------------------------------------------------------------------


@pytest.fixture
def filed(client, apply):
    """An online request filed by ``client``: (number, code)."""
    assert apply().status_code == 302
    return receipt(client)


def test_tracking_with_the_right_code_shows_status_dates_and_the_clock(filed, units):
    number, code = filed
    visitor = Client()
    response = visitor.post(reverse("portal:request_track"), {"number": number.lower(), "code": code})
    assert response.status_code == 302
    page = visitor.get(response["Location"])
    html = page.content.decode()
    info = InfoRequest.objects.get(number=number)
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert number in html and "已登记" in html and info.unit.name in html
    assert f"{info.received_on.year}年{info.received_on.month}月{info.received_on.day}日" in html
    assert f"{info.due_date.year}年{info.due_date.month}月{info.due_date.day}日" in html
    assert 'class="clock"' in html and "第三十三条" in html and "收到申请" in html
    assert "张三" not in html and PERSON_ID not in html  # no personal data on the public page


def test_a_wrong_code_looks_like_an_unknown_number(filed):
    number, code = filed
    visitor = Client()
    wrong = visitor.post(reverse("portal:request_track"), {"number": number, "code": "WRONG234"})
    unknown = visitor.post(reverse("portal:request_track"), {"number": "YSQ-1999-000001", "code": code})
    assert wrong.status_code == unknown.status_code == 400
    assert "编号或查询码不正确。" in wrong.content.decode()
    strip = lambda r: re.sub(r'value="[^"]*"', "", r.content.decode())  # noqa: E731 - the typed number differs
    assert strip(wrong) == strip(unknown)
    # the status page cannot be opened without a successful check
    assert visitor.get(reverse("portal:request_status", args=[number])).status_code == 302


def test_tracking_is_rate_limited(filed, settings):
    number, code = filed
    settings.GONGKAI_RATE_TRACK = (3, 3600)
    visitor = Client()
    for _ in range(3):
        assert visitor.post(reverse("portal:request_track"), {"number": number, "code": "WRONG234"}).status_code == 400
    blocked = visitor.post(reverse("portal:request_track"), {"number": number, "code": code})
    assert blocked.status_code == 429 and "操作过于频繁" in blocked.content.decode()


# --- staff pages -------------------------------------------------------------------------------------


@pytest.fixture
def staff_client(staff):
    def make(name):
        c = Client()
        c.force_login(staff[name])
        return c

    return make


def register_data(**changes) -> dict:
    data = {**application(), "channel": "letter", "receipt_basis": "signed_for", "received_on": "2026-11-16",
            "receipt_note": "挂号信 XA123456789CN"}
    data.update(changes)
    return data


def test_staff_register_a_letter_and_see_the_query_code_once(staff_client, units):
    op = staff_client("op_a")
    response = op.post(reverse("console:request_new"), {**register_data(), "scan": pdf_upload("原件.pdf")})
    assert response.status_code == 302
    info = InfoRequest.objects.get()
    assert (info.channel, str(info.received_on), info.receipt_basis) == ("letter", "2026-11-16", "signed_for")
    assert info.files.get().kind == "scan"

    html = op.get(response["Location"]).content.decode()
    code = re.search(r'id="new-query-code">([^<]+)<', html).group(1)
    assert info.query_code_digest == InfoRequest.digest_of(code)
    assert code not in op.get(response["Location"]).content.decode()


def test_downloading_a_proof_of_identity_is_logged_and_scoped(staff_client, staff, units):
    op = staff_client("op_a")
    op.post(reverse("console:request_new"), {**register_data(), "scan": pdf_upload("原件.pdf")})
    info = InfoRequest.objects.get()
    scan = info.files.get()
    url = reverse("console:request_file", args=[info.pk, scan.pk])

    assert staff_client("op_b").get(url).status_code == 404
    response = op.get(url)
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert RequestEvent.objects.filter(request=info, action="view_applicant", actor=staff["op_a"]).count() == 1


def test_staff_registration_checks_the_receipt_basis_and_keeps_what_was_typed(staff_client, units):
    op = staff_client("op_a")
    response = op.post(reverse("console:request_new"), register_data(channel="fax", receipt_basis="signed_for"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "第三十一条" in html and 'id="id_receipt_basis_error"' in html
    assert "老旧小区改造项目的立项批复文件" in html and "挂号信 XA123456789CN" in html
    assert not InfoRequest.objects.exists()


def _registered(staff):
    info, _ = services.request_register(
        unit=staff["op_a"].memberships.get().unit, channel="in_person", received_on=timezone.localdate(),
        receipt_basis="submitted",
        applicant=ApplicantData(type="natural_person", name="王小明", id_type="resident_id", id_number=PERSON_ID,
                                phone="13812345678", address="测试区人民路1号"),
        description="测试区2025年财政预算执行情况", delivery_form="paper", delivery_way="post",
        actor=staff["op_a"],
    )
    return info


def test_the_list_is_scoped_and_masks_personal_data(staff, staff_client):
    info = _registered(staff)
    html = staff_client("op_a").get(reverse("console:request_list")).content.decode()
    assert info.number in html and "王**" in html
    assert "王小明" not in html and PERSON_ID not in html and "13812345678" not in html
    assert info.number not in staff_client("op_b").get(reverse("console:request_list")).content.decode()
    assert info.number in staff_client("coord").get(reverse("console:request_list")).content.decode()

    overdue = staff_client("op_a").get(reverse("console:request_list"), {"due": "overdue"}).content.decode()
    assert info.number not in overdue


def test_other_units_staff_get_404(staff, staff_client):
    info = _registered(staff)
    other = staff_client("op_b")
    assert other.get(reverse("console:request_detail", args=[info.pk])).status_code == 404
    assert other.post(reverse("console:request_step", args=[info.pk, "assign"]),
                      {"assign-handler": staff["op_b"].pk}).status_code == 404


def test_viewing_the_applicant_block_writes_an_event(staff, staff_client):
    info = _registered(staff)
    op = staff_client("op_a")
    views = RequestEvent.objects.filter(request=info, action="view_applicant")

    plain = op.get(reverse("console:request_detail", args=[info.pk])).content.decode()
    assert "王小明" not in plain and views.count() == 0

    full = op.get(reverse("console:request_detail", args=[info.pk]), {"applicant": "1"}).content.decode()
    assert "王小明" in full and PERSON_ID in full and "查看记录已留存" in full
    assert views.count() == 1 and views.get().actor == staff["op_a"]


def step(client, info, action, **fields):
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(reverse("console:request_step", args=[info.pk, action]), data)


def test_staff_handle_a_case_through_the_case_page(staff, staff_client):
    today = timezone.localdate().isoformat()
    info = _registered(staff)
    op, boss = staff_client("op_a"), staff_client("app_a")

    assert step(op, info, "assign", handler=staff["op_a"].pk).status_code == 302
    # 补正 decides the case: the operator submits it for signature (签发), the approver signs it
    page = op.get(reverse("console:request_detail", args=[info.pk])).content.decode()
    assert "提交签发" in page
    assert step(op, info, "clarify", on=today, items="请写明所需预算表的具体名称", period_days="10",
                sent_by="online").status_code == 302
    info.refresh_from_db()
    assert info.status == "processing" and not info.letters.exists()
    signoff = info.signoffs.get()
    home = boss.get(reverse("console:home")).content.decode()
    assert "待我签发的文书" in home and info.number in home
    page = boss.get(reverse("console:request_detail", args=[info.pk])).content.decode()
    assert "待签发：补正告知书" in page and "请写明所需预算表的具体名称" in page and "签发并出具" in page
    sign = reverse("console:request_signoff", args=[info.pk, signoff.pk])
    assert op.post(sign, {"decision": "sign"}).status_code == 403  # not the operator
    assert boss.post(sign, {"decision": "sign", "opinion": "同意"}).status_code == 302
    info.refresh_from_db()
    assert info.status == "clarifying" and info.letters.get(kind="clarification").created_by == staff["app_a"]

    assert step(op, info, "supplement", on=today, note="申请人来电补充").status_code == 302
    assert step(op, info, "consult", on=today, kind="third_party", party="某某建设有限公司", reason="商业秘密",
                sent_by="email").status_code == 302
    info.refresh_from_db()
    assert info.status == "paused"
    pause = info.pauses.get()
    assert step(op, info, "consult_end", pause=pause.pk, on=today, answer="同意公开").status_code == 302

    # an operator may not extend: the approver's sign-off is required (403, the reason shown)
    refused = step(op, info, "extend", on=today, days="15", reason="需要调取档案")
    assert refused.status_code == 403 and "负责领导批准" in refused.content.decode()
    # a date the rules do not allow: the service's message, and the form as typed, opened
    early = step(boss, info, "extend", on="2020-01-02", days="15", reason="需要调取档案")
    html = early.content.decode()
    assert early.status_code == 400 and "不能早于收到申请的日期" in html
    assert re.search(r'<details class="step" id="step-extend" open>', html)
    assert "需要调取档案" in html and 'value="2020-01-02"' in html and 'value="15"' in html
    assert step(boss, info, "extend", on=today, days="15", reason="需要调取档案").status_code == 302

    # the reply: returned once with an opinion, then submitted again and signed
    assert step(op, info, "reply", on=today, reply_kind="disclose", provided="预算执行情况表").status_code == 302
    first = info.signoffs.get(decision="")
    refused = boss.post(reverse("console:request_signoff", args=[info.pk, first.pk]), {"decision": "return"})
    assert refused.status_code == 400 and "退回意见" in refused.content.decode()
    assert boss.post(reverse("console:request_signoff", args=[info.pk, first.pk]),
                     {"decision": "return", "opinion": "写明表格的年度"}).status_code == 302
    assert "写明表格的年度" in op.get(reverse("console:request_detail", args=[info.pk])).content.decode()
    assert step(op, info, "reply", on=today, reply_kind="disclose",
                provided="2026年度预算执行情况表\n预算调整说明").status_code == 302
    second = info.signoffs.get(decision="")
    assert boss.post(reverse("console:request_signoff", args=[info.pk, second.pk]), {"decision": "sign"}).status_code == 302
    assert step(op, info, "deliver", on=today, way="post", note="挂号信 XA1").status_code == 302
    info.refresh_from_db()
    assert info.status == "closed" and info.outcome == "disclosed" and info.extension_days == 15
    assert set(info.letters.values_list("kind", flat=True)) >= {"clarification", "third_party", "extension", "reply"}

    page = op.get(reverse("console:request_detail", args=[info.pk])).content.decode()
    assert "当前没有您可以办理的步骤" in page and "答复书" in page and "延期答复" in page
    letter = info.letters.get(kind="reply")
    download = op.get(reverse("console:request_letter", args=[info.pk, letter.pk, "pdf"]))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert staff_client("op_b").get(reverse("console:request_letter", args=[info.pk, letter.pk, "pdf"])).status_code == 404


def test_a_step_the_state_does_not_allow_shows_the_reason_and_keeps_the_form(staff, staff_client):
    today = timezone.localdate().isoformat()
    info = _registered(staff)
    boss = staff_client("app_a")
    assert step(boss, info, "clarify", on=today, items="请写明年份", sent_by="online").status_code == 302
    again = step(boss, info, "clarify", on=today, items="第二次补正", sent_by="online")
    # clarifying: no second 补正 (the form is not offered; posting it anyway is a 409 with the reason)
    assert again.status_code == 409
    assert "补正" in again.content.decode()


def test_the_public_can_download_their_letters_after_tracking(staff, filed, staff_client):
    number, code = filed
    info = InfoRequest.objects.get(number=number)
    today = timezone.localdate().isoformat()
    boss = staff_client("app_a")
    assert step(boss, info, "reply", on=today, reply_kind="disclose", provided="部门预算").status_code == 302
    letter = info.letters.get(kind="reply")
    url = reverse("portal:request_letter", args=[letter.pk, "pdf"])

    stranger = Client()
    assert stranger.get(url).status_code == 404  # no tracked case in this session
    stranger.post(reverse("portal:request_track"), {"number": number, "code": code})
    status = stranger.get(reverse("portal:request_status", args=[number])).content.decode()
    assert url in status and "已答复" in status
    download = stranger.get(url)
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert stranger.get(reverse("portal:request_letter", args=[letter.pk, "exe"])).status_code == 404


def test_the_work_queue_block_counts_my_cases(staff, staff_client):
    from django.template import Context, Template
    from django.test import RequestFactory

    info = _registered(staff)
    services.request_assign(request=info, handler=staff["op_a"], actor=staff["op_a"])
    request = RequestFactory().get("/console/")
    request.user = staff["op_a"]
    html = Template("{% load foi_console %}{% request_queue %}").render(Context({"request": request}))
    assert info.number in html and "我承办的" in html
