"""``search()``: the one entry point of full-text search, for the portal page and the open-data API.

Order by relevance: first the documents that hold the query's *words* — those with them in the title or
文号 among the newest :data:`RANK_CANDIDATES` such documents, and the newest :data:`RANK_CANDIDATES` of all
word matches — by field-weighted relevance (bm25 / ts_rank) times a freshness boost; then every other
document that holds the query's *characters*, newest first. Order by date: newest first. Only
published items ever come back: the index holds nothing else, and the rows are re-read as published.
"""

import datetime as dt
import math
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.safestring import SafeString

from gongkai.core.sanitize import html_to_text
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.selectors import PublicFilters
from gongkai.disclosures.taxonomy import Status
from gongkai.orgs.models import Unit

from . import backends, query, snippets
from .backends import Hit, Scope
from .query import ParsedQuery, QueryError

PAGE_SIZE = 20
MAX_PAGE = 50  # 1,000 results; past that, a narrower query or a filter is the better tool
COUNT_CAP = 5_000  # "5,000 条以上": counting a million matches exactly costs more than it tells
RANK_CANDIDATES = 500
FRESHNESS = 0.5  # a document published today weighs 1.5×, one a year old 1.25×…
FRESHNESS_HALF_LIFE_DAYS = 365
SORTS = ("relevance", "date")

__all__ = ["PAGE_SIZE", "QueryError", "SearchPage", "SearchResult", "search"]


@dataclass
class SearchResult:
    id: int
    title: str
    index_number: str
    doc_number: str
    unit_code: str
    unit_name: str
    published_on: dt.date
    published_at: dt.datetime | None
    title_html: SafeString  # the title, escaped, hits in <mark>
    snippet_html: SafeString  # the text around the first hits, escaped, hits in <mark>


@dataclass
class SearchPage:
    q: str
    sort: str
    total: int
    total_capped: bool  # more than ``total`` match
    page: int
    pages: int
    results: list[SearchResult] = field(default_factory=list)

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def _scope(filters: PublicFilters) -> Scope | None:
    """The filters as the backends take them; None when they can match nothing (an unknown unit)."""
    unit_ids = None
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).only("path").first()
        if unit is None:
            return None
        unit_ids = tuple(Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True))
        if len(unit_ids) == Unit.objects.count():  # the whole tree: no filter at all
            unit_ids = None
    return Scope(unit_ids=unit_ids, topic=filters.topic, genre=filters.genre, category=filters.category,
                 validity=filters.validity, year=filters.year)


def _boost(hit: Hit, today: dt.date) -> float:
    age = max((today - hit.published_on).days, 0)
    return hit.relevance * (1 + FRESHNESS * math.pow(0.5, age / FRESHNESS_HALF_LIFE_DAYS))


def _relevance_page(backend, parsed: ParsedQuery, scope: Scope, offset: int) -> list[int]:
    hits = {h.key: h for h in backend.ranked(parsed, scope, limit=RANK_CANDIDATES)}
    if len(hits) == RANK_CANDIDATES:  # else every title match is among them already
        for hit in backend.ranked(parsed, scope, limit=RANK_CANDIDATES, titles=True):
            hits.setdefault(hit.key, hit)  # a title match outside the newest word matches
    if parsed.has_phrase:
        holding = backend.holding(parsed, scope, list(hits))
        hits = {key: hit for key, hit in hits.items() if key in holding}
    today = timezone.localdate()
    ranked = sorted(hits.values(), key=lambda h: (-_boost(h, today), -h.key))
    ids = [h.disclosure_id for h in ranked[offset:offset + PAGE_SIZE]]
    if len(ids) < PAGE_SIZE:
        ids += backend.newest(parsed, scope, offset=max(offset - len(ranked), 0), limit=PAGE_SIZE - len(ids),
                              exclude=tuple(hits))
    return ids


_RESULT_FIELDS = ("id", "title", "index_number", "doc_number", "summary", "body_html", "published_on",
                  "published_at", "unit__code", "unit__name")


def _results(ids: list[int], parsed: ParsedQuery) -> list[SearchResult]:
    """The rows of ``ids`` that are (still) published, in that order, with highlighted snippets. Two
    queries; a third for attachment text when a body holds none of the hits."""
    rows = {row["id"]: row for row in Disclosure.objects.filter(pk__in=ids, status=Status.PUBLISHED)
            .order_by().values(*_RESULT_FIELDS)}
    marks = parsed.marks()
    identifier = parsed.identifier.key if parsed.identifier else ""
    texts = {}
    for pk, row in rows.items():
        texts[pk] = [row["summary"], html_to_text(row["body_html"])]
        if identifier:
            texts[pk].insert(0, f"{row['doc_number']} {row['index_number']}")
    bare = [pk for pk, parts in texts.items() if not any(snippets.has_hit(t, marks, identifier=identifier)
                                                           for t in parts)]
    if bare:
        for pk, text in (Attachment.objects.filter(disclosure_id__in=bare).order_by("sort", "id")
                         .values_list("disclosure_id", "text")):
            texts[pk].append(text)
    return [
        SearchResult(
            id=pk, title=row["title"], index_number=row["index_number"], doc_number=row["doc_number"],
            unit_code=row["unit__code"], unit_name=row["unit__name"], published_on=row["published_on"], published_at=row["published_at"],
            title_html=snippets.highlight(row["title"], marks, identifier=identifier),
            snippet_html=snippets.snippet(texts[pk], marks, identifier=identifier),
        )
        for pk in ids if (row := rows.get(pk)) is not None  # a row withdrawn after the index answered
    ]


def search(*, q: str, filters: PublicFilters | None = None, sort: str = "relevance", page: int = 1) -> SearchPage:
    """One page of published items matching ``q`` and ``filters``.

    Raises :class:`QueryError` (with a message for the person) for an empty, over-long or symbol-only
    query. ``sort`` is "relevance" or "date"; ``page`` is clamped to 1 … the last page (at most
    :data:`MAX_PAGE`).
    """
    parsed = query.parse(q)
    sort = sort if sort in SORTS else "relevance"
    scope = _scope(filters or PublicFilters())
    if scope is None:
        return SearchPage(q=q, sort=sort, total=0, total_capped=False, page=1, pages=1)
    backend = backends.current()
    with backend.reading():
        words_only = False
        if parsed.identifier:
            words_only = backend.count(parsed, scope, cap=1, words=True) > 0
            if not words_only:  # no item has this number: look for it as text
                parsed = parsed.as_text()
        total = backend.count(parsed, scope, cap=COUNT_CAP + 1, words=words_only)
        capped = total > COUNT_CAP
        total = min(total, COUNT_CAP)
        pages = max(1, min(MAX_PAGE, math.ceil(total / PAGE_SIZE)))
        page = min(max(page, 1), pages)
        offset = (page - 1) * PAGE_SIZE
        if total == 0:
            ids = []
        elif sort == "date" or words_only:
            ids = backend.newest(parsed, scope, offset=offset, limit=PAGE_SIZE, words=words_only)
        else:
            ids = _relevance_page(backend, parsed, scope, offset)
    return SearchPage(q=q, sort=sort, total=total, total_capped=capped, page=page, pages=pages,
                      results=_results(ids, parsed))
