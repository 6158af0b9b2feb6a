"""GB/T 37668 (WCAG 2.1 AA) checked with axe-core in Debian's chromium, on the pages people use most:
the public column on a desktop and on a phone, in every display mode, and the staff login."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}


@pytest.fixture
def site(live_server, staff, draft_factory):
    from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit

    item = draft_factory(summary="公布本区征地补偿标准。")
    disclosure_submit(disclosure=item, actor=staff["op_a"])
    disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
    disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
    return live_server.url, item


def violations(page) -> list[str]:
    result = Axe().run(page, options=WCAG_AA)
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in result.response["violations"]]


PAGES = ["/", "/list/", "/list/?year=2026&category=art20.01", "/guide/", "/guide/DEPT-A/", "/units/",
         "/reports/", "/requests/", "/requests/apply/", "/requests/track/", "/console/login/",
         "/does-not-exist/"]


@pytest.mark.parametrize("viewport", [(1280, 900), (360, 740)], ids=["desktop", "phone"])
def test_public_pages_have_no_wcag_aa_violations(browser, site, viewport):
    base, item = site
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    found = {}
    for path in [*PAGES, f"/items/{item.pk}/"]:
        page.goto(base + path)
        problems = violations(page)
        if problems:
            found[path] = problems
    page.close()
    assert not found, found


@pytest.mark.parametrize("mode", ["large", "contrast"])
def test_display_modes_stay_accessible(browser, site, mode):
    base, item = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/a11y/?mode={mode}&next=/items/{item.pk}/")
    assert "gk_a11y" in {c["name"] for c in page.context.cookies()}
    assert violations(page) == []
    page.goto(f"{base}/list/")
    assert violations(page) == []
    page.close()


def test_keyboard_reaches_the_content_first(browser, site):
    base, _ = site
    page = browser.new_page()
    page.goto(base + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert "跳" in focused  # the skip link comes first
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.close()
