"""Order, counts and pages over items published across years: the PostgreSQL backend reads the newest
matches month window by month window, and must give exactly what one query over everything would."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.selectors import PublicFilters
from gongkai.search import services
from gongkai.search.selectors import PAGE_SIZE, search

FIRST = dt.date(2019, 3, 5)


@pytest.fixture
def spread(draft_factory, publish):
    """45 river items published 23 days apart (March 2019 – December 2021): dredging in every seventh, a
    levee in the last one, bank protection in the others; then reindexed. Returns the items, oldest first."""
    items = []
    for i in range(45):
        # bodies of the same length, so that bm25 ties too
        body = "<p>本期完成清淤。</p>" if i % 7 == 0 else "<p>本期完成堤防。</p>" if i == 44 else "<p>本期完成护岸。</p>"
        item = publish(draft_factory(title=f"河道整治工程进展情况（第{i + 1}期）", body_html=body))
        day = FIRST + dt.timedelta(days=23 * i)
        Disclosure.objects.filter(pk=item.pk).update(published_on=day)
        item.published_on = day
        items.append(item)
    services.reindex()
    return items


def newest_first(items) -> list[int]:
    return [i.pk for i in sorted(items, key=lambda i: (i.published_on, i.pk), reverse=True)]


def every_page(q: str, **kwargs) -> list[int]:
    first = search(q=q, **kwargs)
    ids = [r.id for r in first.results]
    for page in range(2, first.pages + 1):
        ids += [r.id for r in search(q=q, page=page, **kwargs).results]
    return ids


@pytest.mark.parametrize("sort", ["date", "relevance"])
def test_pages_follow_publication_order_across_years(spread, sort):
    # every item holds 河道 in its title: relevance ties, and the fresher one comes first
    assert search(q="河道", sort=sort).total == 45
    assert every_page("河道", sort=sort) == newest_first(spread)


def test_rare_words_are_found_however_far_back(spread):
    dredged = [item for i, item in enumerate(spread) if i % 7 == 0]

    assert search(q="清淤").total == len(dredged) == 7
    assert every_page("清淤", sort="date") == newest_first(dredged)
    assert [r.id for r in search(q="堤防").results] == [spread[44].pk]
    assert [r.id for r in search(q="河道整治工程进展情况（第1期）").results][0] == spread[0].pk


def test_a_year_filter_counts_and_orders_that_year_only(spread):
    in_2020 = [item for item in spread if item.published_on.year == 2020]

    page = search(q="河道", filters=PublicFilters(year=2020), sort="date")

    assert page.total == len(in_2020) == 16
    assert [r.id for r in page.results] == newest_first(in_2020)
    assert search(q="清淤", filters=PublicFilters(year=2018)).total == 0


def test_a_late_page_of_many_matches_is_the_right_slice(spread):
    expected = newest_first(spread)
    page = search(q="护岸", sort="date", page=2)
    others = {item.pk for i, item in enumerate(spread) if i % 7 == 0 or i == 44}
    protected = [pk for pk in expected if pk not in others]

    assert page.total == len(protected) == 37
    assert [r.id for r in page.results] == protected[PAGE_SIZE:2 * PAGE_SIZE]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_postgres_stops_counting_when_the_newest_months_project_far_beyond_the_cap(spread, monkeypatch):
    from gongkai.search import query
    from gongkai.search.backends import Scope, postgres

    monkeypatch.setattr(postgres, "COUNT_SAMPLE", 2)
    backend = postgres.PostgresBackend()
    parsed = query.parse("河道")

    def counted(cap: int) -> tuple[int, int]:
        with backend.reading(), CaptureQueriesContext(connection) as queries:
            total = backend.count(parsed, Scope(), cap=cap)
        return total, sum("count(*)" in q["sql"] for q in queries.captured_queries)

    # 2–3 items in the newest two months of 34 project about 40: three times a cap of 10, not of 20
    assert counted(10) == (10, 1)
    total, windows = counted(20)
    assert total == 20 and windows > 1
