"""The first job end to end through the REST API: draft → findings → mask → review → approve → public."""

import pytest
from django.test import Client

PASSWORD = "Gongkai#2026"  # tests/conftest.py


def token_client(username: str) -> Client:
    client = Client()
    response = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                           content_type="application/json")
    assert response.status_code == 200, response.content
    token = response.json()["token"]
    return Client(headers={"Authorization": f"Bearer {token}"})


@pytest.fixture
def api(staff):
    return {name: token_client(name) for name in ("op_a", "rev_a", "app_a", "op_b", "both_a", "coord")}


def post(client, url, data=None):
    return client.post(url, data or {}, content_type="application/json")


NEW_ITEM = {
    "unit": "DEPT-A",
    "title": "关于公布2026年度征地补偿标准的通告",
    "body_html": "<p>为做好征地补偿工作，现将标准公布如下。</p><p>咨询电话：13812345678。</p>"
                 "<script>alert('x')</script>",
    "summary": "公布本区2026年度征地区片综合地价和补偿标准。",
    "doc_number": "测发改〔2026〕12号",
    "written_on": "2026-11-02",
    "topic": "05",
    "genre": "public_notice",
    "category": "art21.land_expropriation",
    "disclosure_mode": "proactive",
    "is_normative": True,
    "channels": ["website", "wechat"],
}


def test_the_whole_slice(api, client):
    # draft
    response = post(api["op_a"], "/api/v1/disclosures", NEW_ITEM)
    assert response.status_code == 201, response.content
    item = response.json()
    pk = item["id"]
    assert item["status"] == "draft"
    assert item["index_number"] == "DEPT-A/2026-00001"
    assert item["publish_due"] == "2026-11-30"  # 20 working days after 2 November 2026
    assert item["normative_kind"] == "normative" and item["is_normative"] is True
    assert "<script" not in item["body_html"]
    # not public yet
    assert client.get(f"/api/v1/public/disclosures/{pk}").status_code == 404
    assert client.get(f"/items/{pk}/").status_code == 404
    # submit: the scanner finds the mobile number
    item = post(api["op_a"], f"/api/v1/disclosures/{pk}/submit").json()
    assert item["status"] == "submitted"
    [finding] = item["findings"]
    assert finding["kind"] == "mobile" and not finding["resolved"]
    assert "138****5678" in finding["excerpt"] and "13812345678" not in str(item["findings"])
    # review passes, approval is refused while the finding is open
    item = post(api["rev_a"], f"/api/v1/disclosures/{pk}/review", {"decision": "pass", "opinion": "无涉密"}).json()
    assert item["status"] == "reviewed"
    response = post(api["app_a"], f"/api/v1/disclosures/{pk}/approve", {"decision": "approve"})
    assert response.status_code == 409
    assert "敏感信息" in response.json()["detail"]
    # one click masks it
    item = post(api["rev_a"], f"/api/v1/disclosures/{pk}/findings/{finding['id']}/resolve", {"action": "mask"}).json()
    assert item["findings"][0]["resolved"] is True
    assert "138****5678" in item["body_html"]
    item = post(api["app_a"], f"/api/v1/disclosures/{pk}/approve", {"decision": "approve", "opinion": "同意"}).json()
    assert item["status"] == "published"
    assert [e["action"] for e in item["events"]] == [
        "create", "submit", "scan", "pass_review", "finding_mask", "approve", "publish"]
    # public: the API and the portal page show it with its 索引号
    public = client.get(f"/api/v1/public/disclosures/{pk}").json()
    assert public["index_number"] == "DEPT-A/2026-00001"
    assert public["url"] == f"/items/{pk}/"
    listing = client.get("/api/v1/public/disclosures", {"unit": "GOV", "year": 2026}).json()
    assert [r["id"] for r in listing["results"]] == [pk]
    page = client.get(f"/items/{pk}/")
    assert page.status_code == 200
    assert "DEPT-A/2026-00001" in page.content.decode()
    assert "<script>alert" not in page.content.decode()


def test_other_units_draft_is_invisible_and_untouchable(api):
    pk = post(api["op_a"], "/api/v1/disclosures", NEW_ITEM).json()["id"]
    assert api["op_b"].get(f"/api/v1/disclosures/{pk}").status_code == 404
    assert post(api["op_b"], f"/api/v1/disclosures/{pk}/submit").status_code == 404
    response = api["op_b"].patch(f"/api/v1/disclosures/{pk}", {"title": "篡改"}, content_type="application/json")
    assert response.status_code == 404
    # and B's operator cannot draft in A's name
    response = post(api["op_b"], "/api/v1/disclosures", NEW_ITEM)
    assert response.status_code == 403
    assert "经办人" in response.json()["detail"]
    # the coordinator above both can read it
    assert api["coord"].get(f"/api/v1/disclosures/{pk}").status_code == 200


def test_one_person_cannot_submit_and_approve(api):
    pk = post(api["both_a"], "/api/v1/disclosures", {**NEW_ITEM, "body_html": "<p>无敏感信息。</p>"}).json()["id"]
    post(api["both_a"], f"/api/v1/disclosures/{pk}/submit")
    post(api["rev_a"], f"/api/v1/disclosures/{pk}/review", {"decision": "pass"})
    response = post(api["both_a"], f"/api/v1/disclosures/{pk}/approve", {"decision": "approve"})
    assert response.status_code == 403
    assert "自己提交" in response.json()["detail"]


def test_wrong_state_is_409_wrong_role_is_403(api):
    pk = post(api["op_a"], "/api/v1/disclosures", NEW_ITEM).json()["id"]
    response = post(api["app_a"], f"/api/v1/disclosures/{pk}/approve", {"decision": "approve"})
    assert response.status_code == 409
    assert "草稿" in response.json()["detail"]
    post(api["op_a"], f"/api/v1/disclosures/{pk}/submit")
    response = post(api["op_a"], f"/api/v1/disclosures/{pk}/review", {"decision": "pass"})
    assert response.status_code == 403
    response = post(api["rev_a"], f"/api/v1/disclosures/{pk}/review", {"decision": "maybe"})
    assert response.status_code == 422


def test_auth(staff, client):
    assert client.get("/api/v1/disclosures/1").status_code == 401
    bad = client.post("/api/v1/auth/token", {"username": "op_a", "password": "wrong"},
                      content_type="application/json")
    assert bad.status_code == 403 and "密码" in bad.json()["detail"]
    forged = Client(headers={"Authorization": "Bearer not-a-token"})
    assert forged.get("/api/v1/disclosures/1").status_code == 401


def test_bad_input_is_a_clear_error(api):
    response = post(api["op_a"], "/api/v1/disclosures", {**NEW_ITEM, "topic": "99"})
    assert response.status_code == 400 and "主题分类" in response.json()["detail"]
    response = post(api["op_a"], "/api/v1/disclosures", {**NEW_ITEM, "disclosure_mode": "not_disclosed"})
    assert response.status_code == 400 and "理由" in response.json()["detail"]
    response = post(api["op_a"], "/api/v1/disclosures", {**NEW_ITEM, "channels": ["tiktok"]})
    assert response.status_code == 400
    response = post(api["op_a"], "/api/v1/disclosures", {**NEW_ITEM, "unit": "NOPE"})
    assert response.status_code == 404


def test_reference_data(client, units):
    units_json = client.get("/api/v1/units").json()
    assert {"code": "DEPT-A", "name": "测试区发展和改革局", "parent": "GOV", "kind": "department"} in units_json
    tax = client.get("/api/v1/taxonomies").json()
    assert len(tax["topics"]) == 22
    assert {"code": "notice", "name": "通知"} in tax["genres"]
    assert len(tax["genres"]) == 16
    assert {c["code"] for c in tax["channels"]} == {"website", "gazette", "weibo", "wechat", "other"}
    assert {"code": "repealed", "name": "废止"} in tax["validity"]
    assert len([c for c in tax["categories"] if c["code"].startswith("art20.")]) == 15


def test_workdays_endpoint(client, db):
    assert client.get("/api/v1/workdays/add", {"start": "2026-09-30", "days": 1}).json() == {"date": "2026-10-08"}
    response = client.get("/api/v1/workdays/add", {"start": "2099-03-02", "days": 5})
    assert response.status_code == 400 and "2099" in response.json()["detail"]


def test_openapi_is_served(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/disclosures/{pk}/approve" in spec["paths"]
