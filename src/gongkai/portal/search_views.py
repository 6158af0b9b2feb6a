"""全站检索: the public search page. Parses the query string, calls :func:`gongkai.search.selectors.search`
and renders; like every portal page it is anonymous and micro-cached (see :mod:`gongkai.portal.views`)."""

from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from gongkai.disclosures import selectors as disclosure_selectors
from gongkai.disclosures.models import Disclosure, Term
from gongkai.disclosures.taxonomy import Status, Vocabulary
from gongkai.search import selectors
from gongkai.search.query import MAX_QUERY_CHARS, QueryError

from .views import _filters_from, _page_number, public_page

SORTS = (("relevance", "按相关度"), ("date", "按发布日期"))


def _choices() -> dict:
    """Options of the filter selects: units (tree order), 主题分类, 体裁 and the years that have items."""
    years = Disclosure.objects.filter(status=Status.PUBLISHED).aggregate(first=Min("published_on"),
                                                                         last=Max("published_on"))
    return {
        "units": disclosure_selectors.public_units().only("code", "name", "path"),
        "topics": Term.objects.filter(vocabulary=Vocabulary.TOPIC, active=True),
        "genres": Term.objects.filter(vocabulary=Vocabulary.GENRE, active=True),
        "years": range(years["last"].year, years["first"].year - 1, -1) if years["first"] else [],
        "sorts": SORTS,
    }


def _page_query(request: HttpRequest) -> str:
    """The current query string without the page number, as "q=…&…" (for the pagination links)."""
    query: QueryDict = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@public_page
def search(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    filters = _filters_from(request.GET)
    sort = request.GET.get("sort", "relevance")
    result, error = None, ""
    if "q" in request.GET:  # the form was sent (an empty box gets the message that says what to type)
        try:
            result = selectors.search(q=q, filters=filters, sort=sort, page=_page_number(request.GET))
        except QueryError as exc:
            error = exc.message
    return render(request, "portal/search.html", {
        "section": "search",
        "q": q[:MAX_QUERY_CHARS * 2],
        "filters": filters,
        "sort": sort if sort in dict(SORTS) else "relevance",
        "result": result,
        "error": error,
        "page_query": _page_query(request),
        "first_number": (result.page - 1) * selectors.PAGE_SIZE + 1 if result else 1,
        "max_page": selectors.MAX_PAGE,
        "max_results": selectors.MAX_PAGE * selectors.PAGE_SIZE,
        **_choices(),
    })
