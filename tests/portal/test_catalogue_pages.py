"""Pages of the 公开目录: near pages by number, 上一页 / 下一页 and deep pages by cursor, counts from the
maintained table — the cost of a page does not grow with the register."""

import datetime as dt
import html as html_lib
import re

import pytest

from gongkai.disclosures.counts import count_deltas, public_counts_apply, public_counts_diff
from gongkai.disclosures.models import Disclosure, Term
from gongkai.disclosures.taxonomy import Status


def titles_on(response) -> list[str]:
    return re.findall(r'<td><a href="/items/\d+/">([^<]+)</a></td>', response.content.decode())


def link(response, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', response.content.decode())
    return html_lib.unescape(found.group(1)) if found else None


@pytest.fixture
def register(units):
    """register(n) loads n published items in bulk (as an import does, with their counts): three a day,
    going back from 2026-11-26 across several years, titles 条目0000… newest first."""
    topic = Term.objects.get(vocabulary="topic", code="10")
    genres = list(Term.objects.filter(vocabulary="genre", code__in=["notice", "opinion"]))
    made = [0]

    def load(n: int) -> list[Disclosure]:
        items = []
        for _ in range(n):
            i = made[0]
            day = dt.date(2026, 11, 26) - dt.timedelta(days=i // 3 * 5)
            items.append(Disclosure(
                unit=units["a" if i % 4 else "b"], index_number=f"BULK/{i:06d}", title=f"条目{i:04d}",
                topic=topic, genre=genres[i % 2], category="art20.01", status=Status.PUBLISHED,
                published_on=day, channels=["website"],
            ))
            made[0] += 1
        Disclosure.objects.bulk_create(items)
        public_counts_apply(count_deltas(items))
        return items

    return load


def in_order(**filters) -> list[str]:
    return list(Disclosure.objects.filter(status=Status.PUBLISHED, **filters)
                .order_by("-published_on", "-id").values_list("title", flat=True))


def test_next_and_previous_walk_the_whole_list_once_in_order(client, register):
    register(65)
    expected = in_order()

    # forwards by 下一页
    seen, url, pages = [], "/list/", []
    while url:
        response = client.get(url)
        pages.append(titles_on(response))
        seen += pages[-1]
        url = link(response, "next")
    assert seen == expected
    assert [len(p) for p in pages] == [20, 20, 20, 5]

    # and back by 上一页 from the last page
    back, url = [], link(client.get("/list/?page=4"), "prev")
    while url:
        response = client.get(url)
        back.append(titles_on(response))
        url = link(response, "prev")
    assert back == pages[-2::-1]


def test_a_cursor_page_knows_its_number_and_links_the_near_pages(client, register):
    register(130)
    second = client.get(link(client.get("/list/"), "next"))

    html = second.content.decode()
    assert "共 130 条，第 2 / 7 页" in html
    assert '<span aria-current="page">第 2 页</span>' in html
    for number in (1, 3, 4):
        assert f'href="/list/?page={number}"' in html
    assert 'href="/list/?page=7">末页' in html
    # a cursor without the number its link would carry: the number is counted
    bare = client.get(link(client.get("/list/"), "next").split("&")[0])
    assert "共 130 条，第 2 / 7 页" in bare.content.decode()
    assert titles_on(bare) == titles_on(second)


def test_deep_page_numbers_show_the_same_items_as_counting_from_the_top(client, register):
    register(530)
    expected = in_order()

    assert titles_on(client.get("/list/?page=24")) == expected[460:480]  # found through the yearly counts
    assert titles_on(client.get("/list/?page=27")) == expected[520:530]
    assert titles_on(client.get("/list/?page=999")) == expected[520:530]
    deep = client.get("/list/?page=24")
    assert titles_on(client.get(link(deep, "next"))) == expected[480:500]
    assert titles_on(client.get(link(deep, "prev"))) == expected[440:460]


def test_deep_pages_with_filters(client, register):
    register(900)
    expected = in_order(unit__code="DEPT-A", genre__code="notice")

    response = client.get("/list/?unit=DEPT-A&genre=notice&page=22")

    assert len(expected) > 430
    assert titles_on(response) == expected[420:440]
    assert titles_on(client.get(link(response, "next"))) == expected[440:460]


@pytest.mark.parametrize("query", [
    "after=garbage", "after=2026-13-01.5", "after=2026-01-01.x", "before=.", "after=2026-01-01.", "before=-1.-1",
    "after=2026-01-01.99999999999999999999999", "after=" + "9" * 500, "before=2026-1-1.5", "after=2026-01-01.5.5",
])
def test_a_malformed_cursor_shows_page_one(client, register, query):
    register(30)

    response = client.get(f"/list/?{query}")

    assert response.status_code == 200
    assert titles_on(response) == in_order()[:20]


def test_a_cursor_past_either_end_shows_the_first_or_last_page(client, register):
    register(30)
    expected = in_order()

    assert titles_on(client.get("/list/?after=1990-01-01.1")) == expected[20:]
    assert titles_on(client.get("/list/?before=2099-01-01.1")) == expected[:20]


def test_pages_cost_the_same_number_of_queries_at_any_size(client, register, django_assert_max_num_queries):
    register(3)
    urls = ["/", "/list/", "/list/?unit=GOV&year=2026", "/list/?unit=DEPT-B", "/list/?topic=10&genre=notice", "/units/"]
    queries = {}
    for url in urls:
        with django_assert_max_num_queries(20) as counted:
            client.get(url)
        queries[url] = len(counted.captured_queries)
    register(900)
    cursor = link(client.get("/list/"), "next")

    for url in urls:
        with django_assert_max_num_queries(queries[url]):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(queries["/list/"] + 1):  # plus the seek inside one year
        client.get("/list/?page=40")
    with django_assert_max_num_queries(queries["/list/"] + 1):  # plus the position inside one year
        client.get(cursor)
    assert public_counts_diff() == {}


def test_public_api_pages_by_number_and_by_cursor(client, register):
    register(45)
    expected = in_order()

    first = client.get("/api/v1/public/disclosures").json()
    second = client.get("/api/v1/public/disclosures", {"page": 2}).json()
    by_cursor = client.get("/api/v1/public/disclosures", {"after": first["next_after"]}).json()

    assert (first["total"], first["pages"], second["page"]) == (45, 3, 2)
    assert [r["title"] for r in first["results"]] == expected[:20]
    assert by_cursor["results"] == second["results"] and by_cursor["page"] == 2
    last = client.get("/api/v1/public/disclosures", {"after": by_cursor["next_after"]}).json()
    assert [r["title"] for r in last["results"]] == expected[40:] and last["next_after"] == ""
    assert client.get("/api/v1/public/disclosures", {"after": "nonsense"}).json()["results"] == first["results"]
