"""Full-text search over published items: ``GET /api/v1/public/search``. No authentication.

An empty, over-long or symbol-only ``q`` is answered 400 with a Chinese ``detail`` saying what to type.
"""

import datetime as dt

from ninja import Query, Router, Schema

from gongkai.disclosures.selectors import PublicFilters
from gongkai.search import selectors

router = Router(tags=["public"])


class SearchQuery(Schema):
    q: str = ""
    unit: str = ""
    topic: str = ""
    genre: str = ""
    category: str = ""
    validity: str = ""
    year: int | None = None
    sort: str = "relevance"  # relevance | date
    page: int = 1


class SearchHitOut(Schema):
    id: int
    title: str
    index_number: str
    doc_number: str
    unit: str  # 发布机构 code
    unit_name: str
    published_on: dt.date
    published_at: dt.datetime | None
    snippet: str  # HTML: the text is escaped, the hits are wrapped in <mark>


class SearchOut(Schema):
    total: int  # at most 5,000; ``total_capped`` says there are more
    total_capped: bool
    page: int
    pages: int
    sort: str
    results: list[SearchHitOut]


@router.get("", response=SearchOut, summary="全文检索已发布的政府信息")
def search(request, q: Query[SearchQuery]):
    filters = PublicFilters(unit=q.unit[:40], topic=q.topic[:40], genre=q.genre[:40], category=q.category[:40],
                            year=q.year if q.year and dt.MINYEAR < q.year < dt.MAXYEAR else None,
                            validity=q.validity[:20])
    page = selectors.search(q=q.q, filters=filters, sort=q.sort, page=q.page)
    return {
        "total": page.total, "total_capped": page.total_capped, "page": page.page, "pages": page.pages,
        "sort": page.sort,
        "results": [
            {"id": hit.id, "title": hit.title, "index_number": hit.index_number, "doc_number": hit.doc_number,
             "unit": hit.unit_code, "unit_name": hit.unit_name, "published_on": hit.published_on,
             "published_at": hit.published_at, "snippet": str(hit.snippet_html)}
            for hit in page.results
        ],
    }
