"""The annual report pages in Debian's chromium: WCAG 2.1 AA (axe-core) on the portal page of a
published report and on the console pages, no CSP errors; a screenshot of each for a human to look at
(/tmp/gongkai-annual-portal.png, /tmp/gongkai-annual-console.png)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
PASSWORD = "Gongkai#2026"


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


def open_page(browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.problems = []  # CSP reports and script errors; failed loads are told by the responses below
    page.on("console", lambda m: page.problems.append(m.text)
            if m.type in {"error", "warning"} and not m.text.startswith("Failed to load resource") else None)
    page.on("response", lambda r: page.problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return page


@pytest.mark.parametrize("width", [1280, 360], ids=["desktop", "phone"])
def test_portal_report_page_is_accessible(browser, live_server, published, width):
    page = open_page(browser, width)
    page.goto(live_server.url + reverse("portal:annual_report", args=[published.pk]))
    assert page.get_by_role("heading", level=1).inner_text().endswith("年政府信息公开工作年度报告")
    assert page.get_by_role("columnheader", name="申请人情况").is_visible()
    assert violations(page) == []
    if width == 1280:
        page.screenshot(path="/tmp/gongkai-annual-portal.png", full_page=True)
    page.goto(live_server.url + "/reports/")
    assert violations(page) == []
    assert page.problems == []
    page.close()


def test_console_pages_are_accessible(browser, live_server, published, staff):
    from gongkai.annual import services

    services.report_new_version(report=published, actor=staff["op_a"])
    page = open_page(browser, 1280)
    page.goto(live_server.url + reverse("console:login"))
    page.get_by_label("用户名").fill("coord")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(live_server.url + reverse("console:home"))
    page.goto(live_server.url + reverse("console:annual_overview") + "?year=2024")
    assert page.get_by_role("cell", name="逾期未发布").count() >= 1
    assert violations(page) == []
    page.goto(live_server.url + reverse("console:annual_report", args=[published.pk]))
    assert page.get_by_role("heading", name="编写正文").is_visible()
    assert violations(page) == []
    page.screenshot(path="/tmp/gongkai-annual-console.png", full_page=False)
    assert page.problems == []
    page.close()
