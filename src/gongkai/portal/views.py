"""The public 政府信息公开 column. Each view parses the query string, calls the selectors and renders.

Every page here is anonymous and the same for everyone, apart from the accessibility modes read from
the ``gk_a11y`` cookie. nginx micro-caches them (its cache key includes ``$cookie_gk_a11y``), so they
carry ``Cache-Control: public, max-age=60`` and ``Vary: Cookie``; a publication or withdrawal reaches
the public within a minute at worst. Nothing here may depend on the session or the CSP nonce, which a
cached copy would share between visitors: scripts are plain static files.
"""

import datetime as dt

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_cookie

from gongkai.annual.selectors import published_reports
from gongkai.core.errors import NotFound
from gongkai.disclosures import selectors
from gongkai.disclosures.selectors import PublicFilters
from gongkai.disclosures.taxonomy import Category, Validity

from .context import A11Y_COOKIE, A11Y_MODES

PER_PAGE = 20
MAX_PARAM_CHARS = 40
A11Y_COOKIE_AGE = 365 * 24 * 3600


def public_page(view):
    """GET/HEAD only, cacheable by browsers and the nginx micro-cache for 60 seconds."""
    return require_safe(cache_control(public=True, max_age=60)(vary_on_cookie(view)))


def _filters_from(query: QueryDict) -> PublicFilters:
    """The 公开目录 filters from the query string. A malformed value is dropped, never an error."""

    def text(name: str) -> str:
        value = query.get(name, "").strip()
        return value if len(value) <= MAX_PARAM_CHARS else ""

    year = text("year")
    category, validity = text("category"), text("validity")
    return PublicFilters(
        unit=text("unit"),
        topic=text("topic"),
        genre=text("genre"),
        category=category if category in Category.values else "",
        year=int(year) if year.isascii() and year.isdigit() and dt.MINYEAR < int(year) < dt.MAXYEAR else None,
        validity=validity if validity in Validity.values else "",
    )


def _page_number(query: QueryDict) -> int:
    """1 for a missing or malformed page; one past the end shows the last."""
    value = query.get("page", "")
    if not (value.isascii() and value.isdigit()):
        return 1
    return max(int(value), 1) if len(value) <= 18 else 10**18


def _as_query(filters: PublicFilters) -> QueryDict:
    query = QueryDict(mutable=True)
    for name in ("category", "topic", "genre", "unit", "year", "validity"):
        value = getattr(filters, name)
        if value:
            query[name] = str(value)
    return query


@public_page
def home(request: HttpRequest) -> HttpResponse:
    overview = selectors.public_overview(latest=10, top_units=10)
    return render(request, "portal/home.html", {"section": "home", "overview": overview})


@public_page
def guide_index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/guide_index.html", {"section": "guide", "tree": selectors.public_unit_tree()})


@public_page
def guide_detail(request: HttpRequest, code: str) -> HttpResponse:
    try:
        unit = selectors.public_unit_get(code)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "portal/guide_detail.html", {"section": "guide", "unit": unit})


FACETS = (("category", "公开类别"), ("topic", "主题分类"), ("genre", "体裁"), ("unit", "发布机构"),
          ("year", "发布年份"))


def _with(query: QueryDict, **changes: str | None) -> str:
    """``query`` with ``changes`` applied (None removes), without the page number, as "?…"."""
    query = query.copy()
    query.pop("page", None)
    for name, value in changes.items():
        if value is None:
            query.pop(name, None)
        else:
            query[name] = value
    return f"?{query.urlencode()}" if query else ""


def _facet_groups(facets: dict[str, list[tuple[str, str, int]]], current: QueryDict) -> list[dict]:
    """Each facet with, per option, the link that selects it; the chosen option is marked."""
    return [
        {
            "name": name,
            "title": title,
            "chosen": current.get(name, ""),
            "clear": _with(current, **{name: None}),
            "options": [
                {"label": label, "count": count, "href": _with(current, **{name: code}),
                 "chosen": current.get(name) == code}
                for code, label, count in facets[name]
            ],
        }
        for name, title in FACETS
    ]


@public_page
def catalogue(request: HttpRequest) -> HttpResponse:
    """Near pages by number (?page=N); 上一页 / 下一页 and deep pages by cursor (?before= / ?after=, a
    malformed one shows page 1)."""
    filters = _filters_from(request.GET)
    cursor = {name: value if len(value := request.GET.get(name, "")) <= MAX_PARAM_CHARS else ""
              for name in ("after", "before")}
    # beside a cursor the page number is only the one to show; without a valid one it is counted
    page = _page_number(request.GET) if request.GET.get("page", "").isdigit() else None
    result = selectors.public_catalogue(filters, page=page, per_page=PER_PAGE, **cursor)
    current = _as_query(filters)
    return render(request, "portal/catalogue.html", {
        "section": "list",
        "page_obj": result.page,
        "page_query": _with(current),
        "filtered": bool(current),
        "facets": _facet_groups(result.facets, current),
        "validity": {"label": Validity(filters.validity).label, "clear": _with(current, validity=None)}
        if filters.validity else None,
    })


@public_page
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        item = selectors.public_disclosure_get(pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return render(request, "portal/item.html", {
        "section": "list",
        "item": item,
        "links": selectors.public_interpretations(item),
    })


@public_page
def attachment_download(request: HttpRequest, pk: int, aid: int) -> FileResponse:
    try:
        attachment = selectors.public_attachment_get(pk, aid)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    # Images open in the browser; documents are always downloaded, never rendered on our origin.
    inline = attachment.mime.startswith("image/")
    return FileResponse(
        attachment.file.open("rb"), as_attachment=not inline, filename=attachment.name,
        content_type=attachment.mime,
    )


@public_page
def reports(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/reports.html", {"section": "reports", "reports": published_reports()})


@public_page
def unit_tree(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/units.html", {"section": "units", "tree": selectors.public_unit_tree()})


@never_cache
@require_safe
def a11y(request: HttpRequest) -> HttpResponse:
    """大字版 / 高对比度 / 标准版 without JavaScript: remember the choice in a cookie, go back.

    ``mode=large`` or ``mode=contrast`` adds that mode, ``mode=normal`` clears both.
    """
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    modes = set(request.COOKIES.get(A11Y_COOKIE, "").split("_")) & A11Y_MODES
    mode = request.GET.get("mode", "")
    if mode == "normal":
        modes = set()
    elif mode in A11Y_MODES:
        modes.add(mode)
    response = redirect(target)
    if modes:
        response.set_cookie(
            A11Y_COOKIE, "_".join(sorted(modes)), max_age=A11Y_COOKIE_AGE, samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE, httponly=True,
        )
    else:
        response.delete_cookie(A11Y_COOKIE, samesite="Lax")
    return response
