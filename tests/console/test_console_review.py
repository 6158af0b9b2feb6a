"""The review slice through the console: draft → submit → findings → mask/accept → review → approve."""

import pytest
from django.urls import Resolver404, resolve, reverse

from gongkai.disclosures.models import Disclosure
from gongkai.reviews.models import Finding

MOBILE = "13812345678"


def detail(item) -> str:
    return reverse("console:disclosure_detail", args=[item.pk])


def new_item_form(**overrides) -> dict:
    values = {
        "unit": "",
        "title": "关于公布征地补偿联系人的通知",
        "summary": "征地补偿工作联系人。",
        "body_html": f"<p>联系人：张三，手机 {MOBILE}。</p>",
        "doc_number": "测发改〔2026〕12号",
        "written_on": "2026-11-20",
        "changed_on": "",
        "topic": "10",
        "genre": "notice",
        "category": "art20.05",
        "disclosure_mode": "proactive",
        "non_disclosure_reason": "",
        "validity": "valid",
        "effective_on": "",
        "validity_changed_on": "",
        "normative_kind": "",
        "channels": ["website", "wechat"],
        "interprets": "",
    }
    values.update(overrides)
    return values


@pytest.fixture
def submitted(draft_factory, client_for, act):
    """A draft with a mobile number in its body, submitted by op_a through the console."""
    item = draft_factory(body_html=f"<p>联系电话：{MOBILE}</p>")
    act(client_for("op_a"), item, "submit")
    item.refresh_from_db()
    assert item.status == "submitted"
    return item


def test_full_slice_through_the_console(client_for, act, units):
    op, rev, app = client_for("op_a"), client_for("rev_a"), client_for("app_a")

    # given a new item drafted in the console, with a mobile number in its body
    response = op.post(reverse("console:disclosure_new"), new_item_form(unit=units["a"].pk))
    assert response.status_code == 302
    item = Disclosure.objects.get(title="关于公布征地补偿联系人的通知")
    assert response["Location"] == detail(item)
    assert item.unit == units["a"] and item.channels == ["website", "wechat"]

    # when it is submitted, the scanner's finding is shown, masked, never raw
    assert act(op, item, "submit").status_code == 302
    page = rev.get(detail(item)).content.decode()
    assert "手机号码" in page and "138****5678" in page and "待处理" in page
    assert MOBILE not in page.split('id="findings"')[1].split("</section>")[0]

    # the approver cannot publish while the finding is open
    assert act(rev, item, "pass_review", "未发现涉密内容").status_code == 302
    response = act(app, item, "approve")
    assert response.status_code == 409
    assert "敏感信息未处理" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "reviewed"

    # masking (by the approver, one click) replaces the number in the text
    finding = Finding.objects.get(disclosure=item)
    response = app.post(reverse("console:finding_mask", args=[item.pk, finding.pk]))
    assert response.status_code == 302 and response["Location"] == detail(item) + "#findings"
    item.refresh_from_db()
    assert "138****5678" in item.body_html and MOBILE not in item.body_html

    # then approval publishes it
    response = act(app, item, "approve", "同意发布")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "published" and item.published_on is not None
    assert "已审批发布" in app.get(detail(item)).content.decode()

    try:
        resolve(f"/items/{item.pk}/")
    except Resolver404:
        return  # the public portal is not built yet
    public = op.get(f"/items/{item.pk}/")
    assert public.status_code == 200 and item.title in public.content.decode()


def test_mask_with_htmx_returns_the_findings_partial(submitted, client_for):
    finding = Finding.objects.get(disclosure=submitted)
    response = client_for("rev_a").post(
        reverse("console:finding_mask", args=[submitted.pk, finding.pk]), HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body and body.lstrip().startswith('<section id="findings"')
    assert "已遮盖" in body
    assert 'id="body" aria-labelledby="body-h" hx-swap-oob="true"' in body  # the preview follows the mask
    assert 'id="messages" class="messages" hx-swap-oob="true"' in body and "遮盖为 138****5678" in body


def test_accept_needs_a_reason_and_the_approver(submitted, client_for, act):
    finding = Finding.objects.get(disclosure=submitted)
    url = reverse("console:finding_accept", args=[submitted.pk, finding.pk])
    field = f"finding-{finding.pk}-reason"

    # the reviewer is offered no accept form, and cannot accept
    assert field not in client_for("rev_a").get(detail(submitted)).content.decode()
    response = client_for("rev_a").post(url, {field: "法人联系电话"})
    assert response.status_code == 403 and "负责领导" in response.content.decode()

    # the approver is, but not without a reason
    app = client_for("app_a")
    assert f'name="{field}"' in app.get(detail(submitted)).content.decode()
    response = app.post(url, {field: "   "})
    assert response.status_code == 400
    assert "接受敏感信息必须说明理由" in response.content.decode()
    finding.refresh_from_db()
    assert finding.status == "open"

    response = app.post(url, {field: "属于依法应当公开的法人联系电话"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == "accepted" and finding.reason == "属于依法应当公开的法人联系电话"
    page = app.get(detail(submitted)).content.decode()
    assert "已接受" in page and "app_a" in page and "属于依法应当公开的法人联系电话" in page


def test_accept_refusal_over_htmx_keeps_the_typed_reason(submitted, client_for, act):
    # given the item went back to draft, where accepting is not possible
    act(client_for("rev_a"), submitted, "return_review", "请先核实联系电话")
    finding = Finding.objects.get(disclosure=submitted)
    field = f"finding-{finding.pk}-reason"
    response = client_for("app_a").post(
        reverse("console:finding_accept", args=[submitted.pk, finding.pk]),
        {field: "我写好的理由"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 409
    assert "不能接受敏感信息" in response.content.decode()


def test_a_person_cannot_approve_their_own_submission(draft_factory, staff, client_for, act):
    item = draft_factory(actor=staff["both_a"])
    both = client_for("both_a")
    act(both, item, "submit")
    act(client_for("rev_a"), item, "pass_review")

    response = act(both, item, "approve", "同意")
    assert response.status_code == 403
    body = response.content.decode()
    assert "提交人不能审批自己提交的信息" in body
    assert "同意</textarea>" in body  # what was typed is kept
    item.refresh_from_db()
    assert item.status == "reviewed"

    # another approver of the unit can
    assert act(client_for("app_a2"), item, "approve").status_code == 302
    item.refresh_from_db()
    assert item.status == "published"


def buttons(page: str) -> set[str]:
    return {
        action
        for action in (
            "submit",
            "pass_review",
            "return_review",
            "approve",
            "return_approval",
            "withdraw",
            "reopen",
        )
        if f'name="action" value="{action}"' in page
    }


def test_buttons_shown_match_permissions(draft_factory, client_for, act):
    item = draft_factory()
    names = ("op_a", "rev_a", "app_a", "coord", "both_a")
    clients = {name: client_for(name) for name in names}

    def shown() -> dict[str, set[str]]:
        return {name: buttons(clients[name].get(detail(item)).content.decode()) for name in names}

    assert shown() == {
        "op_a": {"submit"},
        "rev_a": set(),
        "app_a": set(),
        "coord": set(),
        "both_a": {"submit"},
    }
    edit = reverse("console:disclosure_edit", args=[item.pk])
    assert f'href="{edit}"' in clients["op_a"].get(detail(item)).content.decode()
    assert f'href="{edit}"' not in clients["rev_a"].get(detail(item)).content.decode()

    act(clients["op_a"], item, "submit")
    assert shown() == {
        "op_a": set(),
        "rev_a": {"pass_review", "return_review"},
        "app_a": set(),
        "coord": set(),
        "both_a": set(),
    }

    act(clients["rev_a"], item, "pass_review")
    assert shown() == {
        "op_a": set(),
        "rev_a": set(),
        "app_a": {"approve", "return_approval"},
        "coord": set(),
        "both_a": {"approve", "return_approval"},
    }

    act(clients["app_a"], item, "approve")
    assert shown() == {
        "op_a": set(),
        "rev_a": set(),
        "app_a": {"withdraw"},
        "coord": {"withdraw"},
        "both_a": {"withdraw"},
    }

    act(clients["coord"], item, "withdraw", "文件内容需要更正")
    assert shown() == {
        "op_a": {"reopen"},
        "rev_a": set(),
        "app_a": set(),
        "coord": set(),
        "both_a": {"reopen"},
    }


def test_return_and_withdraw_need_an_opinion(draft_factory, client_for, act):
    item = draft_factory()
    act(client_for("op_a"), item, "submit")
    response = act(client_for("rev_a"), item, "return_review", "  ")
    assert response.status_code == 400 and "审查退回必须填写意见或理由" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "submitted"

    act(client_for("rev_a"), item, "pass_review")
    act(client_for("app_a"), item, "approve")
    response = act(client_for("app_a"), item, "withdraw", "")
    assert response.status_code == 400 and "撤回必须填写意见或理由" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "published"
    assert act(client_for("app_a"), item, "withdraw", "附件版本有误").status_code == 302
    item.refresh_from_db()
    assert item.status == "withdrawn" and item.withdrawn_reason == "附件版本有误"
    assert "附件版本有误" in client_for("op_a").get(detail(item)).content.decode()


def test_wrong_state_is_a_clear_message(draft_factory, client_for, act):
    item = draft_factory()
    response = act(client_for("app_a"), item, "approve")
    assert response.status_code == 409
    assert "当前状态为“草稿”，不能审批同意" in response.content.decode()
    response = act(client_for("op_a"), item, "no_such_action")
    assert response.status_code == 400 and "无法识别的操作" in response.content.decode()


def test_other_units_staff_get_404_and_cannot_act(draft_factory, client_for, act):
    item = draft_factory()
    op_b = client_for("op_b")
    assert op_b.get(detail(item)).status_code == 404
    assert op_b.get(reverse("console:disclosure_edit", args=[item.pk])).status_code == 404
    assert op_b.post(reverse("console:disclosure_edit", args=[item.pk]), new_item_form()).status_code == 404
    assert act(op_b, item, "submit").status_code == 404

    act(client_for("op_a"), item, "submit")
    item.refresh_from_db()
    assert item.status == "submitted"
    assert act(client_for("app_b"), item, "pass_review").status_code == 404
    item.refresh_from_db()
    assert item.status == "submitted"


def test_other_units_staff_cannot_touch_findings(submitted, client_for):
    finding = Finding.objects.get(disclosure=submitted)
    app_b = client_for("app_b")
    assert app_b.post(reverse("console:finding_mask", args=[submitted.pk, finding.pk])).status_code == 404
    response = app_b.post(
        reverse("console:finding_accept", args=[submitted.pk, finding.pk]),
        {f"finding-{finding.pk}-reason": "x"},
    )
    assert response.status_code == 404
    finding.refresh_from_db()
    assert finding.status == "open"


def test_history_lists_every_step(draft_factory, client_for, act):
    item = draft_factory(body_html=f"<p>{MOBILE}</p>")
    act(client_for("op_a"), item, "submit", "请审查")
    act(client_for("rev_a"), item, "return_review", "请删除个人手机号码")

    page = client_for("op_a").get(detail(item)).content.decode()
    history = page.split('id="history"')[1]
    for text in (
        "起草",
        "提交审查",
        "请审查",
        "敏感信息检查",
        "发现 1 处敏感信息",
        "审查退回",
        "请删除个人手机号码",
    ):
        assert text in history
    assert history.index("起草") < history.index("提交审查") < history.index("审查退回")
    assert "op_a" in history and "rev_a" in history and "系统" in history
