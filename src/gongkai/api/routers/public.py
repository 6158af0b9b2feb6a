"""Open data: published items only, no authentication."""

from django.core.paginator import Paginator
from ninja import Query, Router, Schema

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


class PageOut(Schema):
    total: int
    page: int
    pages: int
    results: list[DisclosurePublicOut]


@router.get("/disclosures", response=PageOut)
def disclosure_list(request, q: Query[ListQuery]):
    filters = selectors.PublicFilters(unit=q.unit, topic=q.topic, genre=q.genre, category=q.category,
                                      year=q.year, validity=q.validity)
    paginator = Paginator(selectors.public_disclosures(filters), PAGE_SIZE)
    page = paginator.get_page(min(max(q.page, 1), MAX_PAGE))
    return {"total": paginator.count, "page": page.number, "pages": paginator.num_pages,
            "results": [metadata(item) for item in page.object_list]}


@router.get("/disclosures/{int:pk}", response=DisclosurePublicDetailOut)
def disclosure_detail(request, pk: int):
    item = selectors.public_disclosure_get(pk)
    return public_detail(item, selectors.public_interpretations(item))
