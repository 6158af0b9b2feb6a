"""The site shell: 公开指南, accessibility modes, error pages, caching headers."""

import re

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from gongkai.orgs.services import unit_ensure


def test_guide_shows_the_units_office_and_contacts(client, units):
    # given
    unit_ensure(
        code="DEPT-A", name="测试区发展和改革局", parent_code="GOV",
        guide_office="测试区发展和改革局办公室", guide_address="测试区人民路1号", guide_hours="工作日 9:00-17:00",
        guide_phone="010-12345678", guide_fax="010-12345679", guide_email="gk@example.gov.cn",
        guide_postcode="100000", guide_html="<p>本机构主动公开的信息分为机构职能、政策文件两类。</p>",
    )

    # when
    response = client.get("/guide/DEPT-A/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("<h1>测试区发展和改革局政府信息公开指南</h1>", "测试区发展和改革局办公室", "测试区人民路1号",
                 "工作日 9:00-17:00", "010-12345678", "010-12345679", 'href="mailto:gk@example.gov.cn"',
                 "100000", "<p>本机构主动公开的信息分为机构职能、政策文件两类。</p>", "依申请公开", "申请方式见本指南",
                 'href="/list/?unit=DEPT-A"'):
        assert text in html, text
    for label in ("办公地址", "办公时间", "联系电话", "传真", "电子邮箱", "邮政编码"):
        assert f'<th scope="row">{label}</th>' in html


def test_guide_of_a_unit_without_one_is_written_from_its_name(client, units):
    html = client.get("/guide/DEPT-B/").content.decode()

    assert "为进一步做好测试区财政局的政府信息公开工作" in html
    assert "暂未提供" in html
    assert 'href="/list/?unit=DEPT-B"' in html


def test_guide_index_lists_every_unit_and_unknown_unit_is_not_found(client, units):
    html = client.get("/guide/").content.decode()
    for code in ("GOV", "DEPT-A", "DEPT-B"):
        assert f'href="/guide/{code}/"' in html
    assert client.get("/guide/NO-SUCH/").status_code == 404


@pytest.mark.parametrize("url", ["/", "/guide/", "/guide/GOV/", "/list/", "/reports/", "/units/", "/no-such-page/"])
def test_every_page_has_the_landmarks_of_the_shell(client, units, url):
    html = client.get(url).content.decode()

    assert '<html lang="zh-Hans">' in html
    assert '<a class="skip-link" href="#main">跳到主要内容</a>' in html
    assert '<main id="main"' in html and "<header" in html and "<footer" in html
    assert '<nav class="main-nav" aria-label="主导航">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "<script" not in html and "style=" not in html
    for label in ("首页", "公开指南", "公开目录", "年报", "机构", "工作人员登录"):
        assert f">{label}" in html


def test_current_section_is_marked_in_the_navigation(client, units):
    html = client.get("/guide/").content.decode()
    assert '<a href="/guide/" aria-current="page">公开指南</a>' in html


def test_pages_are_publicly_cacheable_and_vary_on_the_a11y_cookie(client, units):
    response = client.get("/units/")

    assert response["Cache-Control"] == "public, max-age=60"
    assert "Cookie" in response["Vary"]
    assert "Set-Cookie" not in response.headers


def test_pages_refuse_writes(client, units):
    assert client.post("/list/").status_code == 405


def test_large_text_and_contrast_modes_work_without_javascript(client, units):
    # when large text is chosen
    response = client.get("/a11y/", {"mode": "large", "next": "/list/?topic=04"})

    # then the choice is remembered and the visitor returns where they were
    assert response.status_code == 302
    assert response["Location"] == "/list/?topic=04"
    assert response.cookies["gk_a11y"].value == "large"
    assert "no-cache" in response["Cache-Control"]
    assert '<body class="a11y-large">' in client.get("/list/").content.decode()

    # and contrast adds to it
    client.get("/a11y/", {"mode": "contrast", "next": "/"})
    html = client.get("/units/").content.decode()
    assert '<body class="a11y-contrast a11y-large">' in html
    assert re.search(r'mode=contrast&amp;next=/units/" aria-current="true">高对比度', html)

    # and normal clears both
    response = client.get("/a11y/", {"mode": "normal", "next": "/units/"})
    assert response.cookies["gk_a11y"].value == ""
    assert '<body class="">' in client.get("/units/").content.decode()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", ""])
def test_a11y_switch_only_returns_to_this_site(client, db, target):
    response = client.get("/a11y/", {"mode": "large", "next": target})

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unknown_cookie_values_are_ignored(client, units):
    client.cookies["gk_a11y"] = 'x" onload="alert(1)'
    assert '<body class="">' in client.get("/").content.decode()


def test_not_found_page_is_friendly_chinese(client, db):
    response = client.get("/no-such-page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "<h1>页面不存在</h1>" in html
    assert 'href="/list/"' in html


def test_server_error_page_needs_no_database():
    # no `db` fixture: any query here would fail the test
    response = server_error(RequestFactory().get("/list/"))

    html = response.content.decode()
    assert response.status_code == 500
    assert "<h1>系统暂时无法访问</h1>" in html
    assert '<html lang="zh-Hans">' in html
    assert "政府信息公开" in html
