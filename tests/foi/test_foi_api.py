"""Information requests through the REST API: the whole case on the real 2026 calendar, who may do what,
the public form, tracking and letters, fee quotes and appeals.

Every action date lies before the day this suite was written (29 November 2026), so "not in the future"
holds whenever it runs; no expected value depends on the day it runs.
"""

import io
import json

import pytest
from django.test import Client
from docx import Document as WordDocument
from pypdf import PdfReader, PdfWriter

from gongkai.foi.models import InfoRequest, RequestEvent

PASSWORD = "Gongkai#2026"  # tests/conftest.py
PERSON_ID = "11010519491231002X"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def token_client(username: str) -> Client:
    client = Client()
    response = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})


@pytest.fixture
def api(staff):
    return {name: token_client(name) for name in ("op_a", "rev_a", "app_a", "op_b", "app_b", "coord")}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


LETTER_REQUEST = {
    "unit": "DEPT-A",
    "channel": "letter",
    "received_on": "2026-09-14",
    "receipt_basis": "signed_for",
    "receipt_note": "挂号信 XA123456789CN，收发室签收",
    "applicant": {"type": "natural_person", "name": "王小明", "id_type": "resident_id", "id_number": PERSON_ID,
                  "phone": "13812345678", "email": "wang@example.com", "address": "测试区人民路1号"},
    "description": "请公开本局2025年老旧小区改造项目的立项批复文件。",
    "delivery_form": "paper",
    "delivery_way": "post",
}


def register(client, **changes) -> dict:
    response = post(client, "/api/v1/requests", {**LETTER_REQUEST, **changes})
    assert response.status_code == 201, response.content
    return response.json()


def act(client, pk, action, data, status=200) -> dict:
    response = post(client, f"/api/v1/requests/{pk}/{action}", data)
    assert response.status_code == status, response.content
    return response.json()


def test_the_whole_case_through_the_api(api):
    op, app = api["op_a"], api["app_a"]
    # Registered Monday 14 September 2026 (registered mail signed for that day). Not counted; day 1 is
    # 15 September. 补正 deadline: 15 16 17 18, Sunday 20 (make-up day), 21, 22 → 22 September.
    case = register(op)
    pk = case["id"]
    assert case["number"] == "YSQ-2026-000001" and case["status"] == "received" and len(case["query_code"]) == 8
    # 20 working days: 15–18, 20(Sun), 21–24 = 9; 中秋 25–27 and 国庆 1–7 October off; 28–30 = 12;
    # 8, 9, 10(Sat), 12–16 = 20 → 16 October
    assert case["due_date"] == "2026-10-16"
    act(op, pk, "assign", {"handler": "op_a"})

    # 补正 on Wednesday 16 September (2nd working day), 15 working days to supplement:
    # 17 18 20(Sun) 21–24 = 7; 28–30 = 10; 8 9 10(Sat) 12 13 = 15 → 13 October
    item = act(app, pk, "clarify", {"on": "2026-09-16", "items": "请写明项目名称或文号", "period_days": 15,
                                 "sent_by": "online"})
    assert item["status"] == "clarifying" and item["due_date"] is None
    assert item["clarification_due"] == "2026-09-22" and item["supplement_due"] == "2026-10-13"

    # supplement arrives Tuesday 29 September: the clock restarts. 30 September = 1; 8 9 10(Sat) = 4;
    # 12–16 = 9; 19–23 = 14; 26–30 = 19; 2 November = 20
    item = act(op, pk, "supplement", {"on": "2026-09-29"})
    assert item["status"] == "processing" and item["due_date"] == "2026-11-02"

    # third party asked Friday 9 October, answers Thursday 15 October: 10(Sat) 12 13 14 15 = 5 working
    # days not counted → 2 November + 5 working days (3 4 5 6 9) = 9 November
    item = act(op, pk, "consult", {"on": "2026-10-09", "party": "宁波某某建设有限公司", "kind": "third_party",
                                "reason": "商业秘密", "sent_by": "email"})
    assert item["status"] == "paused"
    pause = item["pauses"][0]["id"]
    item = act(op, pk, "consult-end", {"on": "2026-10-15", "pause_id": pause, "answer": "同意公开",
                                       "objection": False})
    assert item["status"] == "processing" and item["due_date"] == "2026-11-09"

    # extension: an operator may not (403); the approver extends 20 working days on 20 October:
    # 10–13 = 4, 16–20 = 9, 23–27 = 14, 30 November – 4 December = 19, 7 December = 20
    response = post(op, f"/api/v1/requests/{pk}/extend", {"on": "2026-10-20", "days": 20, "reason": "档案量大"})
    assert response.status_code == 403 and "负责领导" in response.json()["detail"]
    item = act(app, pk, "extend", {"on": "2026-10-20", "days": 20, "reason": "需调阅2019年以来的项目档案"})
    assert item["due_date"] == "2026-12-07" and item["extension_days"] == 20

    # reply Friday 20 November (on time): the operator prepares it (202, nothing issued yet), the
    # approver signs it (签发) and the letter goes out; delivered Monday 23 November: closed
    item = act(op, pk, "reply", {"on": "2026-11-20", "reply_kind": "disclose", "provided": ["立项批复文件（共3页）"]},
               status=202)
    assert item["status"] == "processing" and len(item["letters"]) == 3
    [signoff] = item["signoffs"]
    assert (signoff["action"], signoff["decision"], signoff["prepared_by"]) == ("reply", "pending", "op_a")
    assert post(op, f"/api/v1/requests/{pk}/signoffs/{signoff['id']}", {"decision": "sign"}).status_code == 403
    item = act(app, pk, f"signoffs/{signoff['id']}", {"decision": "sign", "opinion": "同意"})
    assert item["status"] == "replied" and item["outcome"] == "disclosed" and item["on_time"] is True
    assert item["signoffs"][0]["decision"] == "signed" and item["signoffs"][0]["decided_by"] == "app_a"
    # a second reply is a wrong move: 409 with the reason
    response = post(app, f"/api/v1/requests/{pk}/reply", {"on": "2026-11-20", "reply_kind": "disclose"})
    assert response.status_code == 409 and "已答复" in response.json()["detail"]
    item = act(op, pk, "deliver", {"on": "2026-11-23", "way": "post", "note": "EMS 1234567890"})
    assert item["status"] == "closed" and item["closed_on"] == "2026-11-23"

    # the record: every move, the clock explained, the numbered letters
    actions = [e["action"] for e in item["events"] if e["action"] != "view_applicant"]
    assert actions == ["register", "assign", "clarify", "letter_issue", "supplement", "consult", "letter_issue",
                       "consult_end", "resume", "extend", "letter_issue", "signoff_prepare", "reply", "letter_issue",
                       "signoff_sign", "deliver"]
    assert [s["kind"] for s in item["clock"]] == ["received", "clarification", "restart", "pause", "extension", "due"]
    assert "2026年12月7日" in item["clock"][-1]["text"]
    assert [(x["kind"], x["number"]) for x in item["letters"]] == [
        ("clarification", "测试区发展和改革局公开〔2026〕1号"), ("third_party", "测试区发展和改革局公开〔2026〕2号"),
        ("extension", "测试区发展和改革局公开〔2026〕3号"), ("reply", "测试区发展和改革局公开〔2026〕4号")]
    reply = item["letters"][-1]
    docx = op.get(reply["url_docx"])
    assert docx.status_code == 200
    text = "\n".join(p.text for p in WordDocument(io.BytesIO(b"".join(docx.streaming_content))).paragraphs)
    assert "测试区发展和改革局公开〔2026〕4号" in text and "王小明" in text and "行政复议" in text
    pdf = op.get(reply["url_pdf"])
    assert "第三十六条" in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages[0].extract_text()


def test_registration_errors_come_back_by_field(api):
    response = post(api["op_a"], "/api/v1/requests", {**LETTER_REQUEST, "channel": "fax",
                                                        "applicant": {**LETTER_REQUEST["applicant"],
                                                                      "id_number": PERSON_ID[:-1] + "1"}})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"receipt_basis", "id_number"} and "第三十一条" in body["detail"]
    assert post(Client(), "/api/v1/requests", LETTER_REQUEST).status_code == 401
    assert post(api["op_b"], "/api/v1/requests", LETTER_REQUEST).status_code == 403
    # the basis defaults by channel
    assert register(api["op_a"], channel="in_person", receipt_basis=None)["status"] == "received"


def test_wrong_person_403_wrong_state_409_wrong_unit_404(api):
    pk = register(api["op_a"])["id"]
    assert api["op_b"].get(f"/api/v1/requests/{pk}").status_code == 404
    assert post(api["op_b"], f"/api/v1/requests/{pk}/clarify", {"on": "2026-09-16", "items": "x"}).status_code == 404
    assert post(api["rev_a"], f"/api/v1/requests/{pk}/clarify", {"on": "2026-09-16", "items": "x"}).status_code == 403
    response = post(api["app_a"], f"/api/v1/requests/{pk}/clarify", {"on": "2026-09-23", "items": "x",
                                                                      "sent_by": "in_person"})
    assert response.status_code == 400 and "7个工作日" in response.json()["detail"]
    assert post(api["op_a"], f"/api/v1/requests/{pk}/deliver", {"on": "2026-09-23", "way": "post"}).status_code == 409
    act(api["app_a"], pk, "reply", {"on": "2026-10-09", "reply_kind": "not_exist", "note": "经检索未找到"})
    response = post(api["app_a"], f"/api/v1/requests/{pk}/extend", {"on": "2026-10-09", "days": 5, "reason": "x"})
    assert response.status_code == 409 and "已答复" in response.json()["detail"]


def test_personal_data_is_shown_to_the_handling_unit_only_and_each_view_logged(api):
    pk = register(api["op_a"])["id"]
    mine = api["op_a"].get(f"/api/v1/requests/{pk}").json()
    assert mine["applicant"]["id_number"] == PERSON_ID and mine["applicant_masked"]["name"] == "王**"
    assert api["coord"].get(f"/api/v1/requests/{pk}").json()["applicant"]["phone"] == "13812345678"
    act(api["op_a"], pk, "transfer", {"to_unit": "DEPT-B", "reason": "属财政局职责"})
    after = api["op_a"].get(f"/api/v1/requests/{pk}").json()
    assert after["applicant"] is None and after["unit"] == "DEPT-B" and after["original_unit"] == "DEPT-A"
    assert after["due_date"] == mine["due_date"] and after["received_on"] == "2026-09-14"
    assert PERSON_ID not in json.dumps(after) and "13812345678" not in json.dumps(after)
    assert api["op_b"].get(f"/api/v1/requests/{pk}").json()["applicant"]["name"] == "王小明"
    viewers = RequestEvent.objects.filter(request_id=pk, action="view_applicant").values_list("actor__username",
                                                                                              flat=True)
    assert list(viewers) == ["op_a", "coord", "op_b"]
    listed = api["op_b"].get("/api/v1/requests").json()
    assert [r["applicant"]["id_number"] for r in listed] == ["11**************2X"]


def test_the_public_form_tracking_and_own_letters(api, client):
    response = client.post("/api/v1/public/requests", {
        "unit": "DEPT-A", "applicant": {**LETTER_REQUEST["applicant"]},
        "description": "请公开2026年本局部门预算。", "delivery_form": "electronic", "delivery_way": "email",
    }, content_type="application/json")
    assert response.status_code == 200, response.content
    number, code = response.json()["number"], response.json()["query_code"]
    item = InfoRequest.objects.get(number=number)
    assert item.channel == "online" and item.receipt_basis == "both_confirmed"

    tracked = client.get("/api/v1/public/requests/track", {"number": number, "code": code})
    assert tracked.status_code == 200
    assert tracked.json()["status"] == "received" and tracked.json()["letters"] == []
    assert tracked.json()["clock"][0]["kind"] == "received"
    for wrong in ({"number": number, "code": "AAAAAAAA"}, {"number": "YSQ-2026-999999", "code": code}, {}):
        response = client.get("/api/v1/public/requests/track", wrong)
        assert (response.status_code, response.json()) == (404, {"detail": "编号或查询码不正确。"})

    # staff reply; the applicant downloads the reply, not someone else's letter
    other = register(api["op_a"])["id"]
    act(api["app_a"], other, "reply", {"on": "2026-10-09", "reply_kind": "not_exist", "note": "经检索未找到"})
    other_letter = InfoRequest.objects.get(pk=other).letters.get()
    act(api["app_a"], item.pk, "reply", {"on": str(item.received_on), "reply_kind": "disclose",
                                         "provided": ["部门预算"]})
    [letter] = client.get("/api/v1/public/requests/track", {"number": number, "code": code}).json()["letters"]
    assert letter["kind"] == "reply"
    pdf = client.get(letter["url_pdf"])
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    by_code = client.get(f"/api/v1/public/requests/letters/{letter['id']}.docx", {"number": number, "code": code})
    assert by_code.status_code == 200
    stolen = client.get(f"/api/v1/public/requests/letters/{other_letter.pk}.pdf", {"number": number, "code": code})
    assert stolen.status_code == 404
    forged = letter["url_pdf"].replace(f"/letters/{letter['id']}.", f"/letters/{other_letter.pk}.")
    assert client.get(forged).status_code == 404


def test_the_public_form_takes_multipart_with_a_proof_and_reports_errors(client, units):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    buffer.seek(0)
    buffer.name = "身份证.pdf"
    data = {"unit": "DEPT-A", "applicant": LETTER_REQUEST["applicant"], "description": "请公开部门预算。",
            "delivery_form": "paper", "delivery_way": "post"}
    response = client.post("/api/v1/public/requests", {"data": json.dumps(data), "proof": buffer})
    assert response.status_code == 200, response.content
    assert InfoRequest.objects.get(number=response.json()["number"]).files.get().kind == "proof"
    response = client.post("/api/v1/public/requests", {**data, "description": "", "applicant": {}},
                           content_type="application/json")
    assert response.status_code == 422
    response = client.post("/api/v1/public/requests", {**data, "description": "  ", "unit": "NOPE"},
                           content_type="application/json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"unit", "description"}


def test_public_endpoints_are_rate_limited(settings, client, db):
    settings.GONGKAI_RATE_TRACK = (2, 3600)
    for _ in range(2):
        assert client.get("/api/v1/public/requests/track", {"number": "x", "code": "y"}).status_code == 404
    response = client.get("/api/v1/public/requests/track", {"number": "x", "code": "y"})
    assert response.status_code == 429 and "频繁" in response.json()["detail"]


@pytest.mark.parametrize(("query", "amount"), [
    ({"method": "per_request", "count": 10}, 0), ({"method": "per_request", "count": 11}, 100),
    ({"method": "per_request", "count": 31}, 200), ({"method": "per_page", "pages": 30}, 0),
    ({"method": "per_page", "pages": 150}, 1700), ({"method": "per_page", "pages": 201}, 2740),
])
def test_fee_quotes(client, query, amount):
    response = client.get("/api/v1/fees/quote", query)
    assert response.status_code == 200 and response.json()["amount_yuan"] == amount


def test_fee_quote_refuses_mixed_or_missing_numbers(client):
    assert client.get("/api/v1/fees/quote", {"method": "per_page", "pages": 5, "count": 1}).status_code == 400
    assert client.get("/api/v1/fees/quote", {"method": "per_request"}).status_code == 400
    assert client.get("/api/v1/fees/quote", {"method": "per_line", "pages": 5}).status_code == 422


def test_fee_notice_and_payment_through_the_api(api):
    pk = register(api["op_a"])["id"]
    item = act(api["app_a"], pk, "fee-notice", {"on": "2026-09-17", "method": "per_page", "pages": 150,
                                               "sent_by": "in_person"})
    assert item["status"] == "paused" and item["fee_amount"] == "1700.00"
    assert item["fee_payment_due"] == "2026-10-21"
    item = act(api["op_a"], pk, "fee-paid", {"on": "2026-09-30"})
    # paused 18 20(Sun) 21 22 23 24 28 29 30 September = 9 working days: 16 October + 9 = 29 October
    assert item["status"] == "processing" and item["due_date"] == "2026-10-29"


def test_appeals_through_the_api(api):
    pk = register(api["op_a"])["id"]
    act(api["app_a"], pk, "reply", {"on": "2026-10-09", "reply_kind": "withhold",
                                    "withheld_parts": [{"outcome": "withheld.process_info",
                                                        "reason": "项目尚在论证，属于过程性信息"}]})
    act(api["op_a"], pk, "deliver", {"on": "2026-10-12", "way": "post"})
    response = post(api["op_a"], f"/api/v1/requests/{pk}/appeals",
                    {"kind": "reconsideration", "after_reconsideration": False, "filed_on": "2026-10-20",
                     "body": "测试区人民政府"})
    assert response.status_code == 201
    appeal = response.json()
    assert appeal["result"] == "pending"
    assert post(api["op_b"], f"/api/v1/appeals/{appeal['id']}/decide",
                {"result": "corrected", "on": "2026-11-20"}).status_code == 404
    response = post(api["app_a"], f"/api/v1/appeals/{appeal['id']}/decide",
                    {"result": "corrected", "on": "2026-11-20", "note": "责令重新答复", "reopen": True})
    assert response.status_code == 200 and response.json()["result"] == "corrected"
    item = api["app_a"].get(f"/api/v1/requests/{pk}").json()
    assert item["status"] == "processing" and item["outcome"] == "" and item["appeals"][0]["decided_on"] == "2026-11-20"
    response = post(api["app_a"], f"/api/v1/appeals/{appeal['id']}/decide", {"result": "upheld", "on": "2026-11-21"})
    assert response.status_code == 409


def test_the_openapi_document_describes_every_request_endpoint(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/requests", "/api/v1/requests/{pk}/clarify", "/api/v1/public/requests",
                 "/api/v1/public/requests/track", "/api/v1/fees/quote", "/api/v1/appeals/{pk}/decide"):
        assert path in schema["paths"]
    refs = set()

    def walk(node):
        if isinstance(node, dict):
            if "$ref" in node:
                refs.add(node["$ref"].rsplit("/", 1)[-1])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert refs <= set(schema["components"]["schemas"])
    body = schema["paths"]["/api/v1/public/requests"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)


def test_merge_excessive_and_the_list(api):
    first = register(api["op_a"])["id"]
    duplicate = register(api["op_a"])["id"]
    similar = api["op_a"].get(f"/api/v1/requests/{duplicate}").json()["similar"]
    assert similar["repeats"] == ["YSQ-2026-000001"] and "重复申请" in similar["hints"][0]
    item = act(api["op_a"], duplicate, "merge", {"into": first, "reason": "同一申请重复登记"})
    assert item["status"] == "merged" and item["merged_into"] == first
    assert post(api["op_a"], f"/api/v1/requests/{duplicate}/merge", {"into": first}).status_code == 409
    response = post(api["op_a"], f"/api/v1/requests/{first}/excessive", {"due": "2026-12-15", "reason": "本月已申请60件"})
    assert response.status_code == 403
    item = act(api["app_a"], first, "excessive", {"due": "2026-12-15", "reason": "本月已申请60件"})
    assert item["due_date"] == "2026-12-15" and item["clock"][-2]["kind"] == "excessive"
    listed = api["op_a"].get("/api/v1/requests", {"status": "merged"}).json()
    assert [r["number"] for r in listed] == ["YSQ-2026-000002"]
    assert api["op_b"].get("/api/v1/requests").json() == []
    assert [r["number"] for r in api["coord"].get("/api/v1/requests").json()] == ["YSQ-2026-000002", "YSQ-2026-000001"]
