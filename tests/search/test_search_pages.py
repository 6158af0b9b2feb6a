"""The portal search page, the search boxes on the other pages, and GET /api/v1/public/search."""

import re

import pytest

from gongkai.search.selectors import MAX_PAGE, PAGE_SIZE


def titles_on(html: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", t) for t in re.findall(r'<h3><a href="/items/\d+/">(.*?)</a></h3>', html)]


def test_the_search_page_finds_highlights_and_announces_the_count(client, corpus):
    response = client.get("/search/", {"q": "保障性住房"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    assert set(titles_on(html)[:2]) == {corpus["housing_result"].title, corpus["housing_apply"].title}
    assert '<p class="result-count" role="status">找到 4 条与“保障性住房”相关的政府信息</p>' in html
    assert "<mark>保障性住房</mark>" in html
    assert f'href="/items/{corpus["housing_apply"].pk}/"' in html
    assert corpus["housing_apply"].index_number in html and "镇建〔2014〕18号" in html


def test_the_search_form_is_accessible(client, corpus):
    html = client.get("/search/", {"q": "征地"}).content.decode()

    assert '<form class="search-form" action="/search/" method="get" role="search"' in html
    assert '<label for="search-q">检索词</label>' in html and 'id="search-q" name="q" type="search" value="征地"' in html
    for name, label in (("unit", "发布机构"), ("topic", "主题分类"), ("genre", "体裁"), ("year", "发布年份"),
                        ("sort", "排序")):
        assert f'<label for="search-{name}">{label}</label>' in html
        assert f'<select id="search-{name}" name="{name}">' in html
    assert len(re.findall(r"<h1[\s>]", html)) == 1
    assert "<script" not in html and "style=" not in html
    assert 'class="site-search"' not in html  # no second search box on the search page


@pytest.mark.parametrize(("q", "message"), [
    ("", "请输入要查找的内容"), ("征" * 10_000, "查询内容过长"), ("？！。“”", "只有标点或符号"),
])
def test_an_unsearchable_query_gets_a_clear_message_not_an_error(client, db, q, message):
    response = client.get("/search/", {"q": q})

    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(f'<p id="search-error" class="search-error" role="alert">[^<]*{message}', html)
    assert 'aria-invalid="true"' in html


@pytest.mark.parametrize("q", ['"', "NEAR(", "AND OR", '征地" OR "1', "<script>alert(1)</script>"])
def test_fts_syntax_in_the_page_is_searched_as_text(client, corpus, q):
    response = client.get("/search/", {"q": q})

    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_no_query_shows_just_the_form(client, db):
    html = client.get("/search/").content.decode()

    assert 'role="search"' in html and "result-count" not in html and "search-error" not in html


@pytest.mark.parametrize(("params", "expected"), [
    ({"unit": "GOV"}, 5), ({"unit": "DEPT-A"}, 5), ({"unit": "DEPT-B"}, 0), ({"unit": "NO-SUCH"}, 0),
    ({"topic": "05"}, 2), ({"genre": "other"}, 1), ({"year": "2014"}, 0),
])
def test_filters_narrow_the_results(client, corpus, params, expected):
    from django.utils import timezone

    response = client.get("/search/", {"q": "征地", **params})
    html = response.content.decode()

    assert len(titles_on(html)) == expected
    this_year = client.get("/search/", {"q": "征地", "year": timezone.localdate().year}).content.decode()
    assert len(titles_on(this_year)) == 5


def test_the_other_pages_carry_a_search_box(client, db):
    html = client.get("/list/").content.decode()

    assert ('<form class="site-search" action="/search/" method="get" role="search" aria-label="全站检索">'
            '<label for="site-search-q">检索</label>') in html
    home = client.get("/").content.decode()
    assert '<label for="home-search-q">检索政府信息</label>' in home and 'class="site-search"' not in home


def test_titles_and_snippets_are_escaped(client, draft_factory, publish):
    publish(draft_factory(title="关于<b>征地</b>补偿的通知", body_html="<p>征地补偿&lt;script&gt;标准</p>"))

    html = client.get("/search/", {"q": "征地"}).content.decode()

    assert "&lt;b&gt;<mark>征地</mark>&lt;/b&gt;" in html
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def many(draft_factory, publish):
    """PAGE_SIZE + 5 published notices about 低保."""
    return [publish(draft_factory(title=f"镇海区第{i}批低保对象名单公示")) for i in range(PAGE_SIZE + 5)]


def test_the_api_answers_total_and_results(client, corpus):
    response = client.get("/api/v1/public/search", {"q": "甬政办发[2014]57号"})

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 1 and body["total_capped"] is False
    hit = body["results"][0]
    item = corpus["gov_open_points"]
    assert {k: hit[k] for k in ("id", "title", "index_number", "doc_number", "unit")} == {
        "id": item.pk, "title": item.title, "index_number": item.index_number, "doc_number": "甬政办发〔2014〕57号",
        "unit": "DEPT-A"}
    assert hit["published_at"] and "<mark>甬政办发〔2014〕57号</mark>" in hit["snippet"]


def test_the_api_filters_sorts_and_pages(client, many):
    first = client.get("/api/v1/public/search", {"q": "低保", "sort": "date"}).json()
    second = client.get("/api/v1/public/search", {"q": "低保", "sort": "date", "page": 2}).json()

    assert first["total"] == PAGE_SIZE + 5 and first["pages"] == 2
    assert len(first["results"]) == PAGE_SIZE and len(second["results"]) == 5
    ids = [r["id"] for r in first["results"] + second["results"]]
    assert ids == sorted((i.pk for i in many), reverse=True)
    assert client.get("/api/v1/public/search", {"q": "低保", "page": 10**6}).json()["page"] == 2
    assert client.get("/api/v1/public/search", {"q": "低保", "unit": "DEPT-B"}).json()["total"] == 0
    assert MAX_PAGE * PAGE_SIZE >= 1000


@pytest.mark.parametrize(("q", "message"), [("", "请输入要查找的内容"), ("征" * 10_000, "查询内容过长"), ('"', "只有标点")])
def test_the_api_answers_400_with_a_message_for_unsearchable_queries(client, db, q, message):
    response = client.get("/api/v1/public/search", {"q": q})

    assert response.status_code == 400
    assert message in response.json()["detail"]


@pytest.mark.parametrize("q", ["NEAR(", "AND OR", "征地 NOT", "征地'; --"])
def test_the_api_searches_fts_syntax_as_text(client, db, q):
    response = client.get("/api/v1/public/search", {"q": q})

    assert response.status_code == 200 and response.json()["total"] == 0
