"""The first job in a real browser: an operator drafts, the scanner finds a phone number, the reviewer
masks it and passes, the approver publishes, and a citizen on a phone reads it on the portal."""

import re

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gongkai#2026"  # tests/conftest.py


def login(page, base, username):
    page.goto(f"{base}/console/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("登录")).click()
    page.wait_for_url(f"{base}/console/")


def logout(page, base):
    page.context.clear_cookies()


def test_draft_review_approve_publish_in_the_browser(live_server, browser, staff):
    base = live_server.url
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)

    # the operator drafts an item with a phone number in it
    login(page, base, "op_a")
    page.goto(f"{base}/console/disclosures/new/")
    page.get_by_label("标题").fill("关于公布2026年度城乡居民最低生活保障标准的通知")
    page.get_by_label("正文").fill("<p>自2026年12月1日起执行。</p><p>咨询电话：13812345678。</p>")
    page.get_by_label("发文字号").fill("测民〔2026〕8号")
    page.get_by_label("成文日期").fill("2026-11-02")
    page.get_by_label("主题分类").select_option(label="民政、扶贫、救灾")
    page.get_by_label("体裁").select_option(label="通知")
    page.get_by_role("button", name=re.compile("保存")).click()
    page.wait_for_load_state()
    assert re.search(r"/console/disclosures/\d+/$", page.url), page.locator("main").inner_text()
    item_url = page.url
    pk = int(re.search(r"/disclosures/(\d+)/", item_url).group(1))
    index_number = re.search(r"DEPT-A/2026-\d{5}", page.locator("main").inner_text()).group(0)
    page.get_by_role("button", name="提交审查").click()
    page.wait_for_load_state()
    assert "138****5678" in page.content()
    assert "13812345678" not in page.locator("#findings").inner_text()
    logout(page, base)

    # the reviewer masks the finding with one click and passes the review
    login(page, base, "rev_a")
    page.goto(item_url)
    page.get_by_role("button", name=re.compile("遮盖")).first.click()
    page.wait_for_function("() => !document.querySelector('#findings').innerText.includes('待处理')")
    page.get_by_role("button", name="审查通过").click()
    page.wait_for_load_state()
    logout(page, base)

    # the approver publishes
    login(page, base, "app_a")
    page.goto(item_url)
    page.get_by_role("button", name=re.compile("审批")).first.click()
    page.wait_for_load_state()
    assert "已发布" in page.content()
    context.close()

    # a citizen on a phone finds it on the portal with its 索引号; the masked number is what they see
    phone = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True, locale="zh-CN")
    citizen = phone.new_page()
    citizen.goto(f"{base}/items/{pk}/")
    text = citizen.content()
    assert index_number in text
    assert "138****5678" in text and "13812345678" not in text
    width = citizen.evaluate("document.documentElement.scrollWidth")
    assert width <= 360 + 1, f"the page is wider than the phone: {width}px"
    phone.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors


def test_unpublished_item_is_404_in_the_browser(live_server, browser, draft_factory):
    item = draft_factory()
    page = browser.new_page()
    response = page.goto(f"{live_server.url}/items/{item.pk}/")
    assert response.status == 404
    assert "不存在" in page.content()
