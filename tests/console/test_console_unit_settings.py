"""The coordinator's unit settings: the console page (list, form in place with htmx or on its own page,
the suggestion) and the API (``GET/PATCH /api/v1/units/{code}/settings``)."""

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.orgs.models import Unit, UnitEvent
from gongkai.orgs.services import unit_ensure

PASSWORD = "Gongkai#2026"
LIST = "/console/units/settings/"
HTMX = {"HTTP_HX_REQUEST": "true"}


def edit_url(code: str) -> str:
    return reverse("console:unit_settings_edit", args=[code])


@pytest.fixture
def new_dept(units):
    """A department nobody has set up yet: no remedies, so no reply letter."""
    unit, _ = unit_ensure(code="DEPT-C", name="测试区教育局", parent_code="GOV")
    return unit


def form(**values) -> dict:
    data = {"reconsideration_body": "测试区人民政府", "court": "测试区人民法院", "signoff_delegated": ["clarification"]}
    data.update(values)
    return data


# --- the list ----------------------------------------------------------------------------------------

def test_the_coordinator_sees_every_unit_and_the_ones_that_cannot_issue_letters(client_for, new_dept,
                                                                               django_assert_max_num_queries):
    coord = client_for("coord")
    with django_assert_max_num_queries(8):
        response = coord.get(LIST)
    assert response.status_code == 200
    rows = {row.unit.code: row for row in response.context["rows"]}
    assert set(rows) == {"GOV", "DEPT-A", "DEPT-B", "DEPT-C"}
    assert rows["DEPT-C"].missing
    html = response.content.decode()
    assert '<tr id="unit-DEPT-C" class="missing">' in html and "未设置完整，不能出具答复书" in html
    missing = [code for code, row in rows.items() if row.missing]
    assert f"其中 {len(missing)} 个机构的救济途径未设置完整" in html
    only = coord.get(LIST + "?missing=1")
    assert {row.unit.code for row in only.context["rows"]} == set(missing)


def test_the_page_is_linked_for_coordinators_only(client_for, units):
    assert "机构设置" in client_for("coord").get("/console/").content.decode()
    home = client_for("op_a").get("/console/").content.decode()
    assert "机构设置" not in home and LIST not in home


def test_people_who_manage_no_unit_are_told(client_for, units):
    response = client_for("app_a").get(LIST)
    assert response.status_code == 403
    assert "只有协调办可以管理机构和人员。" in response.content.decode()


def test_the_page_needs_a_login(db, client):
    response = client.get(LIST)
    assert response.status_code == 302 and "/console/login/" in response["Location"]


# --- the form on its own page (no JavaScript) --------------------------------------------------------

def test_saving_the_form_sets_the_unit_and_goes_back_to_the_list(client_for, new_dept, staff):
    coord = client_for("coord")
    page = coord.get(edit_url("DEPT-C"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "行政复议机关" in html and "管辖人民法院" in html and "可由审核人签发的文书" in html
    assert "年度报告汇总乡镇（街道）" not in html  # a department's report rolls up nothing
    assert "测试区人民政府" in html  # the suggestion from the tree
    response = coord.post(edit_url("DEPT-C"), form())
    assert response.status_code == 302 and response["Location"] == LIST + "#unit-DEPT-C"
    new_dept.refresh_from_db()
    assert (new_dept.reconsideration_body, new_dept.court, new_dept.signoff_delegated) == (
        "测试区人民政府", "测试区人民法院", ["clarification"])
    assert UnitEvent.objects.get(unit=new_dept, action="settings_update").actor == staff["coord"]
    assert "已保存测试区教育局的设置。" in coord.get(LIST).content.decode()


def test_a_government_rolls_up_its_towns_from_the_form(client_for, units):
    coord = client_for("coord")
    assert "年度报告汇总乡镇（街道）" in coord.get(edit_url("GOV")).content.decode()
    coord.post(edit_url("GOV"), form(reconsideration_body="测试市人民政府", court="测试市中级人民法院",
                                     report_includes_towns="on"))
    assert Unit.objects.get(code="GOV").report_includes_towns is True


def test_a_rejected_form_keeps_what_was_typed(client_for, new_dept):
    coord = client_for("coord")
    too_long = "测" * 101
    response = coord.post(edit_url("DEPT-C"), form(court=too_long, reconsideration_body="某某区人民政府"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "管辖人民法院名称不能超过 100 个字（现为 101 个字）。" in html
    assert too_long in html and 'value="某某区人民政府"' in html
    assert response.context["form"].errors["court"]
    new_dept.refresh_from_db()
    assert new_dept.court == ""


def test_the_fill_button_puts_the_suggestion_in_without_saving(client_for, new_dept):
    coord = client_for("coord")
    response = coord.post(edit_url("DEPT-C"), {"fill": "1", "reconsideration_body": "", "court": "某法院",
                                                "signoff_delegated": ["fee_notice"]})
    assert response.status_code == 200
    bound = response.context["form"]
    assert bound["reconsideration_body"].value() == "测试区人民政府"  # from the tree
    assert bound["court"].value() == "某法院"  # the tree cannot tell the court of 测试区: what was typed stays
    assert bound["signoff_delegated"].value() == ["fee_notice"]
    assert "已填入建议值，请核对后保存。" in response.content.decode()
    new_dept.refresh_from_db()
    assert new_dept.reconsideration_body == ""


def test_only_the_coordinator_may_edit_and_other_units_are_not_found(client_for, units):
    response = client_for("app_a").get(edit_url("DEPT-A"))
    assert response.status_code == 302 and response["Location"] == "/console/"
    response = client_for("app_a").post(edit_url("DEPT-A"), form(court="某法院"))
    assert response.status_code == 302
    assert Unit.objects.get(code="DEPT-A").court != "某法院"
    assert client_for("op_a").get(edit_url("DEPT-B")).status_code == 404
    assert client_for("coord").get(edit_url("NOWHERE")).status_code == 404


# --- in place with htmx -------------------------------------------------------------------------------

def test_the_row_opens_its_form_in_place_and_saves_back_into_a_row(client_for, new_dept):
    coord = client_for("coord")
    opened = coord.get(edit_url("DEPT-C"), **HTMX).content.decode()
    assert opened.startswith('<tr id="unit-DEPT-C" class="editing">') and "<html" not in opened
    assert 'hx-post="/console/units/DEPT-C/settings/"' in opened
    rejected = coord.post(edit_url("DEPT-C"), form(reconsideration_body="某" * 150), **HTMX)
    assert rejected.status_code == 400  # swapped in all the same (htmx-config in base.html)
    assert 'class="editing"' in rejected.content.decode() and "不能超过 100 个字" in rejected.content.decode()
    saved = coord.post(edit_url("DEPT-C"), form(), **HTMX)
    html = saved.content.decode()
    assert saved.status_code == 200
    assert html.startswith('<tr id="unit-DEPT-C">') and "测试区人民法院" in html and "补正告知书" in html
    assert 'hx-swap-oob="true"' in html and "已保存测试区教育局的设置。" in html
    cancelled = coord.get(reverse("console:unit_settings_row", args=["DEPT-C"]), **HTMX)
    assert cancelled.content.decode().startswith('<tr id="unit-DEPT-C">')


# --- the API -------------------------------------------------------------------------------------------

def token_client(username: str) -> Client:
    client = Client()
    response = client.post("/api/v1/auth/token", {"username": username, "password": PASSWORD},
                           content_type="application/json")
    return Client(headers={"Authorization": f"Bearer {response.json()['token']}"})


def patch(client: Client, code: str, data: dict):
    return client.patch(f"/api/v1/units/{code}/settings", data, content_type="application/json")


def test_the_api_reads_the_settings_with_the_suggestion(staff, new_dept):
    body = token_client("coord").get("/api/v1/units/DEPT-C/settings").json()
    assert body["code"] == "DEPT-C" and body["letters_allowed"] is False
    assert body["suggestion"]["reconsideration_body"] == "测试区人民政府" and body["suggestion"]["notes"]
    op = token_client("op_a")
    assert op.get("/api/v1/units/DEPT-A/settings").status_code == 200  # any role in the unit
    assert op.get("/api/v1/units/DEPT-B/settings").status_code == 404
    assert Client().get("/api/v1/units/DEPT-A/settings").status_code == 401


def test_the_api_changes_only_what_is_given_through_the_service(staff, new_dept):
    coord = token_client("coord")
    response = patch(coord, "DEPT-C", {"court": "测试区人民法院"})
    assert response.status_code == 200, response.content
    assert response.json()["court"] == "测试区人民法院" and response.json()["reconsideration_body"] == ""
    response = patch(coord, "DEPT-C", {"reconsideration_body": "测试区人民政府", "signoff_delegated": ["clarification"]})
    body = response.json()
    assert (body["court"], body["letters_allowed"], body["signoff_delegated"]) == (
        "测试区人民法院", True, ["clarification"])
    assert UnitEvent.objects.filter(unit=new_dept, action="settings_update").count() == 2
    assert patch(coord, "GOV", {"report_includes_towns": True}).json()["report_includes_towns"] is True


def test_the_api_refuses_with_chinese_messages_by_field(staff, units):
    coord = token_client("coord")
    response = patch(coord, "DEPT-A", {"report_includes_towns": True, "signoff_delegated": ["reply", "memo"]})
    assert response.status_code == 400
    body = response.json()
    assert set(body["errors"]) == {"report_includes_towns", "signoff_delegated"}
    assert "只有人民政府的年度报告才汇总乡镇（街道）" in body["detail"]
    assert patch(token_client("app_a"), "DEPT-A", {"court": "某法院"}).status_code == 403
    assert patch(token_client("op_a"), "DEPT-B", {"court": "某法院"}).status_code == 404
    assert patch(coord, "DEPT-A", {"report_includes_towns": "maybe"}).status_code == 422


# --- in a real browser (Debian's chromium): htmx under the CSP, and WCAG 2.1 AA -------------------------

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


def axe_violations(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    result = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in result.response["violations"]]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_editing_a_row_in_place_in_the_browser(live_server, browser, staff, new_dept):
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live_server.url + reverse("console:login"))
    page.get_by_label("用户名").fill("coord")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + reverse("console:home"))

    page.get_by_role("link", name="机构设置", exact=True).click()
    page.wait_for_url(live_server.url + LIST)  # loaded: the deferred htmx has run
    assert axe_violations(page) == []
    page.get_by_role("link", name="编辑测试区教育局的设置").click()
    row = page.locator("#unit-DEPT-C")
    row.get_by_role("button", name="填入建议值").click()
    page.locator("#messages").get_by_text("已填入建议值").wait_for()
    assert row.get_by_label("行政复议机关").input_value() == "测试区人民政府"
    assert axe_violations(page) == []
    row.get_by_label("管辖人民法院").fill("测试区人民法院")
    row.get_by_label("补正告知书").check()
    row.get_by_role("button", name="保存设置").click()
    page.locator("#messages").get_by_text("已保存测试区教育局的设置。").wait_for()
    assert "missing" not in (page.locator("#unit-DEPT-C").get_attribute("class") or "")
    assert page.url.startswith(live_server.url + LIST)  # no full navigation
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
    page.close()
    new_dept.refresh_from_db()
    assert (new_dept.court, new_dept.signoff_delegated) == ("测试区人民法院", ["clarification"])
