"""The 公开目录 (browse and filter), the home page and the unit pages."""

import re

import pytest
from django.utils import timezone


def titles_on(response) -> list[str]:
    return re.findall(r'<td><a href="/items/\d+/">([^<]+)</a></td>', response.content.decode())


@pytest.fixture
def catalogue(published, draft_factory):
    """Three published items that differ in topic, genre, category and validity, and one draft."""
    return {
        "plan": published(title="测试区国土空间总体规划", topic="05", genre="notice", category="art20.03"),
        "budget": published(title="测试区2026年财政预算", topic="04", genre="announcement", category="art20.07"),
        "old": published(title="已废止的收费标准", topic="04", genre="notice", category="art20.08",
                         validity="repealed", validity_changed_on="2026-11-10"),
        "draft": draft_factory(title="未发布的草稿", topic="04", category="art20.07"),
    }


def test_catalogue_lists_published_items_newest_first_with_their_columns(client, catalogue):
    response = client.get("/list/")

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert titles_on(response) == ["已废止的收费标准", "测试区2026年财政预算", "测试区国土空间总体规划"]
    for column in ("索引号", "标题", "发文字号", "发布机构", "发布日期"):
        assert f'<th scope="col">{column}</th>' in html
    assert catalogue["plan"].index_number in html
    assert "<caption>政府信息公开目录</caption>" in html
    assert "共 3 条" in html


@pytest.mark.parametrize(("query", "expected"), [
    ("topic=04", ["已废止的收费标准", "测试区2026年财政预算"]),
    ("genre=announcement", ["测试区2026年财政预算"]),
    ("category=art20.03", ["测试区国土空间总体规划"]),
    ("validity=repealed", ["已废止的收费标准"]),
    ("topic=04&genre=notice", ["已废止的收费标准"]),
    ("unit=GOV", ["已废止的收费标准", "测试区2026年财政预算", "测试区国土空间总体规划"]),
    ("unit=DEPT-B", []),
    ("year=2001", []),
])
def test_filters_narrow_the_list(client, catalogue, query, expected):
    assert titles_on(client.get(f"/list/?{query}")) == expected


def test_year_filter_matches_the_publication_year(client, catalogue):
    year = timezone.localdate().year
    assert len(titles_on(client.get(f"/list/?year={year}"))) == 3


def test_facets_show_counts_mark_the_choice_and_offer_to_clear_it(client, catalogue):
    html = client.get("/list/?topic=04&unit=DEPT-A").content.decode()

    # the chosen topic is marked, and its link keeps the other filter
    assert re.search(r'<a href="/list/\?topic=04&amp;unit=DEPT-A" aria-current="true" class="chosen">'
                     r"财政、金融、审计</a> <span class=\"count\">2</span>", html)
    # facets count within the current choice
    assert re.search(r'genre=notice[^"]*"[^>]*>通知</a> <span class="count">1</span>', html)
    assert re.search(r'>发布机构</h3>\s*<p class="facet-clear"><a href="/list/\?topic=04">清除', html)
    assert '<a href="/list/?unit=DEPT-A">清除<span class="visually-hidden">主题分类筛选' in html
    assert '<a href="/list/">清除全部筛选</a>' in html
    # every statutory facet is present
    for title in ("公开类别", "主题分类", "体裁", "发布机构", "发布年份"):
        assert f">{title}</h3>" in html


@pytest.mark.parametrize("query", [
    "year=abc", "year=-1", "year=0", "year=99999", "year=２０２６", "page=abc", "page=0", "page=-3",
    "page=99999999999999999999999999", "page=1.5", "category=bogus", "validity=forever",
    "unit=%3Cscript%3E", "topic=%27%20OR%201%3D1", "genre=" + "x" * 500, "page=" + "9" * 5000,
])
def test_bad_query_values_never_fail(client, catalogue, query):
    response = client.get(f"/list/?{query}")

    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_bad_filter_values_are_ignored(client, catalogue):
    assert len(titles_on(client.get("/list/?year=abc&category=bogus&validity=forever"))) == 3


def test_pages_of_twenty_and_out_of_range_pages(client, published):
    for n in range(21):
        published(title=f"第{n:02d}号通知")

    first = client.get("/list/")
    assert len(titles_on(first)) == 20
    assert re.search(r'href="/list/\?after=[0-9-]+\.\d+&amp;page=2" rel="next"', first.content.decode())
    last = titles_on(client.get("/list/?page=2"))
    assert last == ["第00号通知"]
    assert titles_on(client.get("/list/?page=999")) == last
    assert titles_on(client.get("/list/?page=abc")) == titles_on(first)


def test_catalogue_query_count_does_not_grow_with_the_page(client, published, django_assert_max_num_queries):
    published(title="第一条")
    with django_assert_max_num_queries(13) as few:
        client.get("/list/?unit=DEPT-A&topic=10")
    for n in range(24):
        published(title=f"第{n}号通知", genre=["notice", "opinion", "announcement"][n % 3])

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/list/?unit=DEPT-A&topic=10")
    assert len(titles_on(response)) == 20


def test_home_shows_latest_items_categories_and_units(client, catalogue, published):
    for n in range(10):
        published(title=f"近期通知{n}")

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>政府信息公开</h1>" in html
    assert len(titles_on(response)) == 10
    assert "近期通知9" in html and "测试区国土空间总体规划" not in html
    assert "未发布的草稿" not in html
    # every statutory category is listed, with its count
    assert re.search(r'<a href="/list/\?category=art20.07">（七）财政预算、决算信息</a> <span class="count">1 条</span>', html)
    assert re.search(r"<span>（九）政府集中采购项目的目录、标准及实施情况</span> <span class=\"count\">0 条</span>", html)
    assert "第二十一条 社会救助" in html
    # units by count, the government counting its departments
    assert re.search(r'<a href="/list/\?unit=GOV">测试区人民政府</a><span class="hint">（含下级机构）</span> '
                     r'<span class="count">13 条</span>', html)
    assert re.search(r'<a href="/list/\?unit=DEPT-A">测试区发展和改革局</a> <span class="count">13 条</span>', html)
    assert "测试区财政局</a>" not in html
    for link in ('href="/guide/"', 'href="/list/"', 'href="/reports/"', 'href="/console/login/"'):
        assert link in html


def test_home_and_unit_pages_use_few_queries(client, catalogue, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        client.get("/")
    with django_assert_max_num_queries(2):
        client.get("/units/")
    with django_assert_max_num_queries(2):
        client.get("/guide/")


def test_unit_tree_nests_departments_under_their_government(client, catalogue):
    html = client.get("/units/").content.decode()

    gov = html.index("测试区人民政府")
    nested = html.index("<ul>", gov)
    assert nested < html.index("测试区发展和改革局") and nested < html.index("测试区财政局")
    assert 'href="/guide/DEPT-B/"' in html
    assert 'href="/list/?unit=DEPT-A"' in html
    assert "<h1>机构</h1>" in html


def test_reports_page_is_empty_for_now(client, db):
    response = client.get("/reports/")

    assert response.status_code == 200
    assert "暂无年度报告。" in response.content.decode()
