"""Open data: published items only, no authentication."""

from ninja import Field, Query, Router, Schema

from gongkai.api.schemas import DisclosurePublicDetailOut, DisclosurePublicOut, metadata, public_detail
from gongkai.disclosures import selectors

router = Router(tags=["public"])

PAGE_SIZE = 20
MAX_PAGE = 500


class ListQuery(Schema):
    unit: str = ""
    topic: str = ""
    genre: str = ""
    category: str = ""
    validity: str = ""
    year: int | None = None
    page: int = 1
    # the "next_after" of the previous response: the next page however deep (``page`` is then ignored)
    after: str = Field("", max_length=40)


class PageOut(Schema):
    total: int
    page: int
    pages: int
    results: list[DisclosurePublicOut]
    next_after: str = Field(description="传入 after 即得下一页；最后一页为空")


@router.get("/disclosures", response=PageOut)
def disclosure_list(request, q: Query[ListQuery]):
    filters = selectors.PublicFilters(unit=q.unit, topic=q.topic, genre=q.genre, category=q.category,
                                      year=q.year, validity=q.validity)
    number = None if q.after else min(max(q.page, 1), MAX_PAGE)
    page = selectors.public_page(filters, page=number, after=q.after, per_page=PAGE_SIZE)
    return {"total": page.total, "page": page.number, "pages": page.num_pages,
            "results": [metadata(item) for item in page.items], "next_after": page.next_cursor}


@router.get("/disclosures/{int:pk}", response=DisclosurePublicDetailOut)
def disclosure_detail(request, pk: int):
    item = selectors.public_disclosure_get(pk)
    return public_detail(item, selectors.public_interpretations(item))
