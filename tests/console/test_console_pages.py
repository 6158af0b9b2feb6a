"""Console pages: login, my work, the list, drafting and editing, attachments, the 公开指南."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfWriter

import gongkai.console
from gongkai.disclosures.models import Disclosure

PASSWORD = "Gongkai#2026"


def detail(item) -> str:
    return reverse("console:disclosure_detail", args=[item.pk])


def form_data(**overrides) -> dict:
    values = {
        "title": "关于调整城区停车收费标准的通知",
        "summary": "",
        "body_html": "<p>自 2027 年 1 月 1 日起执行。</p>",
        "doc_number": "测发改〔2026〕30号",
        "written_on": "2026-11-18",
        "changed_on": "",
        "topic": "09",
        "genre": "notice",
        "category": "art20.08",
        "disclosure_mode": "proactive",
        "non_disclosure_reason": "",
        "validity": "valid",
        "effective_on": "2027-01-01",
        "validity_changed_on": "",
        "normative_kind": "normative",
        "channels": ["website"],
        "interprets": "",
    }
    values.update(overrides)
    return values


# --- login -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/console/",
        "/console/disclosures/",
        "/console/disclosures/new/",
        "/console/disclosures/1/",
        "/console/disclosures/1/edit/",
        "/console/units/DEPT-A/guide/",
    ],
)
def test_pages_need_a_login(db, client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/console/login/?next=")


def test_actions_need_a_login(draft_factory, client):
    item = draft_factory()
    response = client.post(reverse("console:disclosure_transition", args=[item.pk]), {"action": "submit"})
    assert response.status_code == 302 and response["Location"].startswith("/console/login/")
    item.refresh_from_db()
    assert item.status == "draft"


def test_login_with_a_wrong_password_says_so_in_chinese(staff, client):
    response = client.post(reverse("console:login"), {"username": "op_a", "password": "wrong"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "用户名或密码不正确" in body
    assert 'value="op_a"' in body  # the user name is kept


def test_login_and_logout(staff, client):
    page = client.get(reverse("console:login")).content.decode()
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert "政府信息公开 · 工作台" in page and "testserver" not in page
    response = client.post(reverse("console:login"), {"username": "op_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("console:home")
    assert "我的工作" in client.get(reverse("console:home")).content.decode()

    assert client.get(reverse("console:logout")).status_code == 405  # logging out is a POST
    response = client.post(reverse("console:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("console:login")
    assert client.get(reverse("console:home")).status_code == 302


def test_layout_obeys_the_csp(client_for):
    response = client_for("op_a").get(reverse("console:home"))
    body = response.content.decode()
    assert "nonce-" in response["Content-Security-Policy"]
    assert 'src="/static/gongkai/vendor/htmx.min.js" nonce="' in body
    assert "<style" not in body and " style=" not in body
    assert '"includeIndicatorStyles": false' in body
    assert 'hx-headers=\'{"X-CSRFToken": "' in body


def test_vendored_htmx_version_is_recorded_in_the_layout():
    console = Path(gongkai.console.__file__).parent
    vendored = (console / "static/gongkai/vendor/htmx.min.js").read_text()
    version = re.search(r'version:"([0-9.]+)"', vendored).group(1)
    assert f"htmx.org {version} " in (console / "templates/console/base.html").read_text()


# --- my work ---------------------------------------------------------------------------------------


def test_my_work_shows_queues_overdue_and_roles(draft_factory, client_for, act, staff):
    old = draft_factory(title="去年形成的旧文件", written_on="2026-01-05")
    draft_factory(title="本月的新草稿")
    late = Disclosure.objects.get(pk=old.pk)
    assert late.publish_due < dt.date.today()

    page = client_for("op_a").get(reverse("console:home")).content.decode()
    assert '<span class="count">2</span> 草稿' in page
    assert '<span class="count">1</span> 超期未发布' in page
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert "去年形成的旧文件" in overdue and "本月的新草稿" not in overdue
    assert late.publish_due.isoformat() in overdue
    assert f"{(dt.date.today() - late.publish_due).days} 天" in overdue
    assert "测试区发展和改革局" in page and "经办人" in page

    act(client_for("op_a"), old, "submit")
    rev_page = client_for("rev_a").get(reverse("console:home")).content.decode()
    assert '<span class="count">1</span> 待审查' in rev_page and "审核人" in rev_page
    assert (
        '<span class="count">0</span> 草稿'
        in client_for("op_b").get(reverse("console:home")).content.decode()
    )


# --- list ------------------------------------------------------------------------------------------


def test_list_is_scoped_filtered_and_paginated(draft_factory, client_for, act, units, staff):
    for n in range(22):
        draft_factory(title=f"预算公开第{n:02d}号")
    submitted = draft_factory(title="政府采购目录")
    act(client_for("op_a"), submitted, "submit")
    draft_factory(title="财政局的草稿", unit=units["b"], actor=staff["op_b"])

    op_a = client_for("op_a")
    url = reverse("console:disclosure_list")
    page = op_a.get(url).content.decode()
    assert "共 23 条" in page and "财政局的草稿" not in page and "第 1 / 2 页" in page
    assert "共 22 条" in op_a.get(url, {"q": "预算"}).content.decode()
    only = op_a.get(url, {"status": "submitted"}).content.decode()
    assert "共 1 条" in only and "政府采购目录" in only
    assert "共 0 条" in op_a.get(url, {"unit": "DEPT-B"}).content.decode()
    second = op_a.get(url, {"q": "预算", "page": 2}).content.decode()
    assert "第 2 / 2 页" in second and "q=%E9%A2%84%E7%AE%97&amp;page=1" in second

    coord = client_for("coord").get(url).content.decode()
    assert "共 24 条" in coord and "财政局的草稿" in coord


# --- drafting and editing --------------------------------------------------------------------------


def test_new_preselects_the_only_unit(client_for, units):
    page = client_for("op_a").get(reverse("console:disclosure_new")).content.decode()
    assert f'<option value="{units["a"].pk}" selected>测试区发展和改革局</option>' in page
    assert "测试区财政局" not in page
    assert 'type="date" name="written_on"' in page
    assert (
        "您不是任何机构的经办人"
        in client_for("rev_a").get(reverse("console:disclosure_new")).content.decode()
    )


def test_new_refused_by_the_form_keeps_what_was_typed(client_for, units):
    response = client_for("op_a").post(
        reverse("console:disclosure_new"), form_data(unit=units["a"].pk, topic="", interprets="12, 十三")
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'value="关于调整城区停车收费标准的通知"' in body and "测发改〔2026〕30号" in body
    assert 'aria-describedby="id_topic_error"' in body and 'id="id_topic_error"' in body
    assert "请填写数字编号" in body
    assert not Disclosure.objects.exists()


def test_new_refused_by_the_service_shows_its_message_and_keeps_what_was_typed(client_for, units):
    data = form_data(unit=units["a"].pk, disclosure_mode="not_disclosed", body_html="<p>我写的正文</p>")
    response = client_for("op_a").post(reverse("console:disclosure_new"), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "公开方式为“不予公开”时，必须说明不予公开的理由。" in body
    assert body.index("必须说明不予公开的理由") < body.index("<fieldset>")  # at the top
    assert (
        'value="关于调整城区停车收费标准的通知"' in body
        and "&lt;p&gt;我写的正文&lt;/p&gt;</textarea>" in body
    )
    assert '<option value="not_disclosed" selected>' in body
    assert not Disclosure.objects.exists()


def test_new_for_a_unit_outside_the_person_is_refused(client_for, units):
    response = client_for("op_a").post(reverse("console:disclosure_new"), form_data(unit=units["b"].pk))
    assert response.status_code == 400
    assert not Disclosure.objects.exists()


def test_edit_saves_a_draft(draft_factory, client_for):
    item = draft_factory()
    op = client_for("op_a")
    page = op.get(reverse("console:disclosure_edit", args=[item.pk])).content.decode()
    assert f'value="{item.title}"' in page and 'value="2026-11-02"' in page

    policy = draft_factory(title="被解读的政策")
    data = form_data(title="修改后的标题", interprets=str(policy.pk))
    response = op.post(reverse("console:disclosure_edit", args=[item.pk]), data)
    assert response.status_code == 302 and response["Location"] == detail(item)
    item.refresh_from_db()
    assert item.title == "修改后的标题" and list(item.interprets.all()) == [policy]
    assert "修改" in op.get(detail(item)).content.decode().split('id="history"')[1]


def test_edit_refused_keeps_what_was_typed(draft_factory, client_for):
    item = draft_factory()
    data = form_data(title="新的标题", validity="repealed")
    response = client_for("op_a").post(reverse("console:disclosure_edit", args=[item.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "必须填写废止日期" in body and 'value="新的标题"' in body
    item.refresh_from_db()
    assert item.title != "新的标题"


def test_edit_is_offered_only_for_drafts_to_operators(draft_factory, client_for, act):
    item = draft_factory()
    url = reverse("console:disclosure_edit", args=[item.pk])
    response = client_for("rev_a").get(url, follow=True)
    assert response.redirect_chain[-1][0] == detail(item)
    assert "只有该机构的经办人可以修改草稿" in response.content.decode()

    act(client_for("op_a"), item, "submit")
    response = client_for("op_a").post(url, form_data(), follow=True)
    assert "只有草稿可以修改" in response.content.decode()
    item.refresh_from_db()
    assert item.title != form_data()["title"]


# --- attachments -----------------------------------------------------------------------------------


def _pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    path = tmp_path / "通知附件.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def test_attachments_upload_and_remove_in_draft_only(draft_factory, client_for, act, media, tmp_path):
    item = draft_factory()
    op = client_for("op_a")
    with _pdf(tmp_path).open("rb") as fh:
        response = op.post(reverse("console:attachment_upload", args=[item.pk]), {"file": fh})
    assert response.status_code == 302 and response["Location"] == detail(item) + "#attachments"
    attachment = item.attachments.get()
    page = op.get(detail(item)).content.decode()
    assert "通知附件.pdf" in page and 'enctype="multipart/form-data"' in page

    response = op.post(reverse("console:attachment_remove", args=[item.pk, attachment.pk]))
    assert response.status_code == 302
    assert not item.attachments.exists()

    act(op, item, "submit")
    page = op.get(detail(item)).content.decode()
    assert 'enctype="multipart/form-data"' not in page
    with _pdf(tmp_path).open("rb") as fh:
        response = op.post(reverse("console:attachment_upload", args=[item.pk]), {"file": fh})
    assert response.status_code == 409 and "只有草稿可以添加附件" in response.content.decode()


def test_attachment_of_a_wrong_kind_is_refused_with_a_message(draft_factory, client_for, media, tmp_path):
    item = draft_factory()
    path = tmp_path / "脚本.exe"
    path.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    with path.open("rb") as fh:
        response = client_for("op_a").post(reverse("console:attachment_upload", args=[item.pk]), {"file": fh})
    assert response.status_code == 400
    assert "脚本" in response.content.decode()
    assert not item.attachments.exists()


# --- 公开指南 ----------------------------------------------------------------------------------------


def test_guide_edit(client_for, units):
    url = reverse("console:unit_guide", args=["DEPT-A"])
    op = client_for("op_a")
    assert 'name="guide_phone"' in op.get(url).content.decode()
    data = {
        "guide_office": "区发改局办公室",
        "guide_address": "测试区人民路 1 号",
        "guide_hours": "工作日 9:00-17:00",
        "guide_phone": "0591-12345678",
        "guide_fax": "",
        "guide_email": "fgj@example.gov.cn",
        "guide_postcode": "350000",
        "guide_html": "<p>指南正文</p><script>alert(1)</script>",
    }
    response = op.post(url, data)
    assert response.status_code == 302
    units["a"].refresh_from_db()
    assert units["a"].guide_phone == "0591-12345678" and "<script>" not in units["a"].guide_html

    response = client_for("rev_a").get(url, follow=True)
    assert "只有该机构的经办人、负责领导或协调办可以编辑公开指南" in response.content.decode()
    assert client_for("op_b").get(url).status_code == 404
    assert client_for("coord").get(url).status_code == 200
