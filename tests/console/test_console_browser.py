"""The console in a real browser (Debian's chromium): htmx under the CSP, one-click masking.

The live server needs committed data, so this test uses a transactional database.
"""


import pytest
from django.urls import reverse

from gongkai.reviews.models import Finding
from gongkai.reviews.services import disclosure_submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


PASSWORD = "Gongkai#2026"


@pytest.fixture
def browser_page(browser):
    page = browser.new_page(viewport={"width": 1024, "height": 768})  # a tablet in landscape
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type in {"error", "warning"} else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.problems = problems
    yield page
    page.close()


def test_mask_and_accept_with_htmx_under_the_csp(live_server, browser_page, draft_factory, staff):
    item = draft_factory(body_html="<p>联系电话 13812345678，另一位 13900001111。</p>")
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    first, second = Finding.objects.filter(disclosure=item).order_by("id")
    page = browser_page

    page.goto(live_server.url + reverse("console:login"))
    page.get_by_label("用户名").fill("app_a")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + reverse("console:home"))

    page.goto(live_server.url + reverse("console:disclosure_detail", args=[item.pk]))
    page.wait_for_function("window.htmx !== undefined")
    page.get_by_role("button", name="遮盖手机号码为 138****5678").click()
    page.locator("#messages").get_by_text("已将手机号码遮盖为 138****5678").wait_for()
    assert "138****5678" in page.locator("#body").inner_text()  # swapped out of band
    assert page.locator(f"#finding-{first.pk}").get_by_text("已遮盖").is_visible()

    # accept the second with a reason; an empty reason is stopped by the browser first
    row = page.locator(f"#finding-{second.pk}")
    row.get_by_label("接受理由").fill("单位公开的办事电话")
    row.get_by_role("button", name="接受").click()
    page.locator(f"#finding-{second.pk}").get_by_text("已接受").wait_for()
    assert page.get_by_text("敏感信息已全部处理").is_visible()
    assert page.url.endswith(reverse("console:disclosure_detail", args=[item.pk]))  # no full navigation

    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
    second.refresh_from_db()
    assert second.status == "accepted"
