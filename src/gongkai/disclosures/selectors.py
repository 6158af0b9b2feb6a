"""Reads of the register. Staff reads are scoped by :mod:`gongkai.orgs.access`; public reads see only
published items."""

import dataclasses
import datetime as dt
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from gongkai.core.errors import NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit, User

from .models import Attachment, Disclosure, PublicCount, Term
from .taxonomy import Category, DisclosureMode, Status, Vocabulary

_LIST_RELATED = ("unit", "topic", "genre")


def disclosures_for(user: User) -> QuerySet[Disclosure]:
    """Every item the person may read: their units', and a coordinator's whole subtree."""
    return Disclosure.objects.filter(access.scope_q(user, "disclosure.view")).select_related(*_LIST_RELATED)


def disclosure_get_for(user: User, pk: int) -> Disclosure:
    """One item the person may read; an item outside their units is reported as not found."""
    item = disclosures_for(user).filter(pk=pk).first()
    if item is None:
        raise NotFound("该信息不存在，或不在您的管理范围内。")
    return item


def _unit_ids(user: User, role: str) -> list[int]:
    return [g.unit_id for g in access.grants(user) if g.role == role]


def overdue_q(today: dt.date) -> Q:
    """Art. 26: proactive items not yet published whose due date has passed."""
    return (
        Q(disclosure_mode=DisclosureMode.PROACTIVE, publish_due__lt=today)
        & Q(status__in=[Status.DRAFT, Status.SUBMITTED, Status.REVIEWED, Status.APPROVED])
    )


def disclosures_with_provisional_publish_due() -> QuerySet[Disclosure]:
    """Every item whose Art. 26 date was counted into a year no calendar covers (RULES.md §1), whatever
    its status: a published item's date still decides whether it was published on time."""
    return Disclosure.objects.filter(publish_due_provisional=True).order_by("pk")


@dataclass
class WorkQueue:
    drafts: QuerySet[Disclosure]
    to_review: QuerySet[Disclosure]
    to_approve: QuerySet[Disclosure]
    overdue: QuerySet[Disclosure]

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name).count() for name in ("drafts", "to_review", "to_approve", "overdue")}


def work_queue_for(user: User, *, today: dt.date | None = None) -> WorkQueue:
    """"My work": the drafts of my units (operator), what waits for my review or my approval, and
    every overdue item I can see (unit staff and coordinators)."""
    today = today or timezone.localdate()
    base = Disclosure.objects.select_related(*_LIST_RELATED).order_by("publish_due", "id")
    if user.is_superuser:
        everything = Q()
        by_role = {r: everything for r in Role.values}
    else:
        by_role = {r: Q(unit_id__in=_unit_ids(user, r)) for r in Role.values}
    return WorkQueue(
        drafts=base.filter(by_role[Role.OPERATOR], status=Status.DRAFT),
        to_review=base.filter(by_role[Role.REVIEWER], status=Status.SUBMITTED),
        to_approve=base.filter(by_role[Role.APPROVER], status=Status.REVIEWED).exclude(submitted_by=user),
        overdue=base.filter(access.scope_q(user, "disclosure.view")).filter(overdue_q(today)),
    )


# --- public ----------------------------------------------------------------------------------------
#
# Counts on public pages (facets, the unit tree, the home page, the catalogue's total) add up the rows of
# PublicCount, which publication and withdrawal keep (gongkai.disclosures.counts): they cost the same at
# ten items and at a million. Only the items shown are read from the register.

@dataclass(frozen=True)
class PublicFilters:
    unit: str = ""  # unit code; includes the unit's subtree
    topic: str = ""
    genre: str = ""
    category: str = ""
    year: int | None = None
    validity: str = ""


@dataclass(frozen=True)
class _Scope:
    """The filters with the unit's subtree looked up once: ``unit_ids`` is None without a unit filter
    (or when the subtree is every unit), empty for an unknown unit (which matches nothing)."""

    filters: PublicFilters
    unit_ids: tuple[int, ...] | None = None
    # the subtree holds a large share of the items: walk the list's order and skip the others, rather
    # than read all of the subtree's items by unit and sort them (which a planner may prefer)
    unit_share_large: bool = False


def _scope(filters: PublicFilters | None) -> _Scope:
    filters = filters or PublicFilters()
    if not filters.unit:
        return _Scope(filters)
    path = Unit.objects.filter(code=filters.unit).values("path")[:1]
    units = dict(Unit.objects.annotate(inside=Q(path__startswith=Subquery(path))).values_list("pk", "inside"))
    inside = tuple(sorted(pk for pk, yes in units.items() if yes))
    return _Scope(filters, unit_ids=None if len(inside) == len(units) else inside)


def _with_unit_share(scope: _Scope) -> _Scope:
    """``scope`` knowing whether its subtree holds at least 1/50 of the published items (from the counts)."""
    if not scope.unit_ids:
        return scope
    shares = PublicCount.objects.aggregate(
        inside=Sum("count", filter=Q(unit_id__in=scope.unit_ids), default=0), everything=Sum("count", default=0))
    return dataclasses.replace(scope, unit_share_large=shares["inside"] * 50 >= shares["everything"])


def _items(scope: _Scope) -> QuerySet[Disclosure]:
    filters = scope.filters
    # lists never show the body, the largest column by far
    qs = Disclosure.objects.filter(status=Status.PUBLISHED).select_related(*_LIST_RELATED).defer("body_html")
    if scope.unit_ids is not None and scope.unit_share_large:
        # "+ 0" keeps the database from reading the subtree through the unit index
        qs = qs.alias(unit_plain=F("unit_id") + 0).filter(unit_plain__in=scope.unit_ids)
    elif scope.unit_ids is not None:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    qs = _filter_terms(qs, filters)
    if filters.year:
        qs = qs.filter(published_on__gte=dt.date(filters.year, 1, 1), published_on__lt=_year_end(filters.year))
    return qs.order_by("-published_on", "-id")


def _filter_terms(qs: QuerySet, filters: PublicFilters) -> QuerySet:
    """Topic, genre, category and validity: named alike on items and on their maintained counts."""
    if filters.topic:
        qs = qs.filter(topic__code=filters.topic)
    if filters.genre:
        qs = qs.filter(genre__code=filters.genre)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    return qs


def _fetch(qs: QuerySet[Disclosure]) -> list[Disclosure]:
    """The items of an ordered, sliced ``qs``: their ids first, read from the register alone, so that the
    database walks the list's order by its index rather than starting from a joined table (which
    SQLite's planner may prefer, then sort everything); then those rows with their unit, topic, genre."""
    ids = list(qs.values_list("id", flat=True))
    rows = Disclosure.objects.select_related(*_LIST_RELATED).defer("body_html").in_bulk(ids)
    return [rows[pk] for pk in ids if pk in rows]


def _year_end(year: int) -> dt.date:
    """The first day after ``year`` (dt.date.max for the last year a date can have)."""
    return dt.date(year + 1, 1, 1) if year < dt.MAXYEAR else dt.date.max


def _count_rows(scope: _Scope) -> QuerySet[PublicCount]:
    """The maintained count rows that the filters select."""
    filters = scope.filters
    qs = PublicCount.objects.order_by()
    if scope.unit_ids is not None:
        qs = qs.filter(unit_id__in=scope.unit_ids)
    qs = _filter_terms(qs, filters)
    if filters.year:
        qs = qs.filter(year=filters.year)
    return qs


def _sums(rows: QuerySet[PublicCount], field: str) -> dict:
    """Published items per value of ``field``, values without any left out."""
    return {value: n for value, n in rows.values_list(field).annotate(n=Sum("count")) if n}


def public_disclosures(filters: PublicFilters | None = None) -> QuerySet[Disclosure]:
    """Published items, newest first, filtered. Unknown filter values simply match nothing."""
    return _items(_scope(filters))


def public_disclosure_get(pk: int) -> Disclosure:
    item = (
        Disclosure.objects.filter(pk=pk, status=Status.PUBLISHED)
        .select_related(*_LIST_RELATED)
        .prefetch_related("attachments")
        .first()
    )
    if item is None:
        raise NotFound("该信息不存在或已撤回。")
    return item


def public_interpretations(item: Disclosure) -> dict[str, list[Disclosure]]:
    """政策解读 linked both ways, published ones only."""
    return {
        "interprets": list(item.interprets.filter(status=Status.PUBLISHED).only("id", "title")),
        "interpretations": list(item.interpretations.filter(status=Status.PUBLISHED).only("id", "title")),
    }


def _facets(scope: _Scope) -> dict[str, list[tuple[str, str, int]]]:
    rows = _count_rows(scope)
    category_counts = _sums(rows, "category")
    topic_counts, genre_counts = _sums(rows, "topic_id"), _sums(rows, "genre_id")
    year_counts = _sums(rows, "year")
    terms = list(Term.objects.filter(active=True))
    return {
        "category": [(c, label, category_counts[c]) for c, label in Category.choices if category_counts.get(c)],
        "topic": [(t.code, t.name, topic_counts[t.pk]) for t in terms
                  if t.vocabulary == Vocabulary.TOPIC and topic_counts.get(t.pk)],
        "genre": [(t.code, t.name, genre_counts[t.pk]) for t in terms
                  if t.vocabulary == Vocabulary.GENRE and genre_counts.get(t.pk)],
        "year": [(str(y), f"{y}年", n) for y, n in sorted(year_counts.items(), reverse=True)],
    }


def public_facets(filters: PublicFilters | None = None) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of published items per category, topic, genre and year, for the browse page.

    Each facet is a list of (code, label, count), in the vocabulary's order, zero counts dropped.
    """
    return _facets(_scope(filters))


def public_units() -> QuerySet[Unit]:
    return Unit.objects.order_by("path")


def public_unit_get(code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise NotFound("该机构不存在。")
    return unit


# --- public pages of the portal --------------------------------------------------------------------

@dataclass
class UnitNode:
    """A unit in the public unit tree, with the number of published items of it and its subtree."""

    unit: Unit
    count: int
    children: list["UnitNode"]

    def walk(self):
        """This node, then its descendants, depth first in display order."""
        yield self
        for child in self.children:
            yield from child.walk()


def _unit_tree(scope: _Scope) -> list[UnitNode]:
    direct = _sums(_count_rows(scope), "unit_id")
    units = list(Unit.objects.defer("guide_html").order_by("sort", "code"))
    totals: dict[str, int] = {}
    for u in units:
        if direct.get(u.pk):
            for code in u.path.strip("/").split("/"):
                totals[code] = totals.get(code, 0) + direct[u.pk]
    nodes = {u.pk: UnitNode(unit=u, count=totals.get(u.code, 0), children=[]) for u in units}
    roots = []
    for u in units:
        parent = nodes.get(u.parent_id)
        (parent.children if parent else roots).append(nodes[u.pk])
    return roots


def public_unit_tree(filters: PublicFilters | None = None) -> list[UnitNode]:
    """Every unit as a tree (siblings by sort order), each with its subtree's count of published items
    matching ``filters``. A fixed number of queries whatever the size of the tree or the register."""
    return _unit_tree(_scope(filters))


@dataclass
class PublicCatalogue:
    """The 公开目录 page: one page of the matching items and the facet counts."""

    page: "CataloguePage"
    # category / topic / genre / year / unit -> [(code, label, count)], zero counts dropped
    facets: dict[str, list[tuple[str, str, int]]]


def public_catalogue(
    filters: PublicFilters | None = None, *, page: int | None = None, after: str = "", before: str = "",
    per_page: int = 20,
) -> PublicCatalogue:
    """Published items matching ``filters``: the page asked for (see :func:`public_page`) with the
    facets of :func:`public_facets` plus a unit facet (counts include each unit's subtree, as the unit
    filter does). A fixed number of queries whatever the size of the register."""
    scope = _scope(filters)
    facets = _facets(scope)
    facets["unit"] = [
        (node.unit.code, node.unit.name, node.count)
        for root in _unit_tree(scope) for node in root.walk() if node.count
    ]
    years = {int(code): n for code, _, n in facets["year"]}
    return PublicCatalogue(
        page=_page(scope, years, page=page, after=after, before=before, per_page=per_page), facets=facets
    )


@dataclass
class PublicOverview:
    """The portal's home page."""

    latest: list[Disclosure]
    total: int
    categories: list[tuple[str, str, int]]  # every statutory category (Art. 20/21), zero counts kept
    top_units: list[UnitNode]  # most published first; counts include the subtree


def public_overview(*, latest: int = 10, top_units: int = 10) -> PublicOverview:
    scope = _scope(None)
    category_counts = _sums(_count_rows(scope), "category")
    ranked = sorted(
        (node for root in _unit_tree(scope) for node in root.walk() if node.count),
        key=lambda node: (-node.count, node.unit.sort, node.unit.code),
    )
    return PublicOverview(
        latest=_fetch(_items(scope)[:latest]),
        total=sum(category_counts.values()),
        categories=[(c, label, category_counts.get(c, 0)) for c, label in Category.choices],
        top_units=ranked[:top_units],
    )


# --- pages of the public list ----------------------------------------------------------------------
#
# Near pages are read with OFFSET. Everything else is read from a point of the list's order
# (published_on, id), which the index disclosure_public_order reaches directly: "next" and "previous"
# carry the edge item as a cursor (?after= / ?before=), and a deep ?page=N is found from the maintained
# counts per year, then with an OFFSET inside that one year over the index alone (from whichever end of
# the year is nearer).

SHALLOW_OFFSET = 400  # items; up to here an OFFSET costs less than seeking


@dataclass(frozen=True)
class Cursor:
    """A place in the public list: the item with this publication date and id."""

    published_on: dt.date
    pk: int

    def __str__(self) -> str:
        return f"{self.published_on.isoformat()}.{self.pk}"

    @classmethod
    def of(cls, item: Disclosure) -> "Cursor":
        return cls(item.published_on, item.pk)


def cursor_parse(text: str) -> Cursor | None:
    """``2026-05-01.12345`` → the cursor; anything malformed → None (the caller shows page 1)."""
    day, dot, pk = (text or "").partition(".")
    if not dot or len(day) != 10 or not (pk.isascii() and pk.isdigit()) or len(pk) > 18:
        return None
    try:
        return Cursor(dt.date.fromisoformat(day), int(pk))
    except ValueError:
        return None


def _older(qs: QuerySet[Disclosure], cursor: Cursor, *, inclusive: bool = False) -> QuerySet[Disclosure]:
    """The items after ``cursor`` in the list's order (older, or as old with a smaller id)."""
    same_day = Q(published_on=cursor.published_on, id__lte=cursor.pk) if inclusive \
        else Q(published_on=cursor.published_on, id__lt=cursor.pk)
    # the plain bound lets the database walk the index from the cursor on
    return qs.filter(Q(published_on__lt=cursor.published_on) | same_day, published_on__lte=cursor.published_on)


def _newer(qs: QuerySet[Disclosure], cursor: Cursor) -> QuerySet[Disclosure]:
    """The items before ``cursor`` in the list's order."""
    same_day = Q(published_on=cursor.published_on, id__gt=cursor.pk)
    return qs.filter(Q(published_on__gt=cursor.published_on) | same_day, published_on__gte=cursor.published_on)


def _in_year(qs: QuerySet[Disclosure], year: int) -> QuerySet[Disclosure]:
    return qs.filter(published_on__gte=dt.date(year, 1, 1), published_on__lt=_year_end(year))


@dataclass
class CataloguePage:
    """One page of the public list."""

    items: list[Disclosure]
    total: int  # items matching the filters (from the maintained counts)
    number: int  # the page number (on a page reached by cursor, the one its link carried)
    per_page: int
    has_previous: bool
    has_next: bool

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def previous_cursor(self) -> str:
        """``?before=`` of the previous page ("" on the first)."""
        return str(Cursor.of(self.items[0])) if self.has_previous and self.items else ""

    @property
    def next_cursor(self) -> str:
        """``?after=`` of the next page ("" on the last)."""
        return str(Cursor.of(self.items[-1])) if self.has_next and self.items else ""

    def near_pages(self, around: int = 2) -> list[int]:
        """The page numbers to link to around this one."""
        return list(range(max(1, self.number - around), min(self.num_pages, self.number + around) + 1))


def _number_of(qs: QuerySet[Disclosure], years: dict[int, int], item: Disclosure, per_page: int) -> int:
    """The page ``item`` is on: the items of later years from the counts, then one index range."""
    year = item.published_on.year
    before = sum(n for y, n in years.items() if y > year) + _newer(_in_year(qs, year), Cursor.of(item)).count()
    return before // per_page + 1


def _page_at(qs: QuerySet[Disclosure], years: dict[int, int], offset: int, per_page: int) -> list[Disclosure]:
    if offset <= SHALLOW_OFFSET:
        return _fetch(qs[offset:offset + per_page])
    rank = offset
    for year in sorted(years, reverse=True):
        if rank < years[year]:
            keys = _in_year(qs, year).values_list("published_on", "id")
            if rank >= years[year] // 2:  # nearer the year's oldest item: count from that end
                keys, rank = keys.order_by("published_on", "id"), years[year] - 1 - rank
            first = keys[rank:rank + 1].first()
            if first is None:
                return []
            return _fetch(_older(qs, Cursor(*first), inclusive=True)[:per_page])
        rank -= years[year]
    return []


def _page(scope: _Scope, years: dict[int, int], *, page: int | None, after: str, before: str,
          per_page: int) -> CataloguePage:
    total = sum(years.values())
    last = max(1, -(-total // per_page))
    if not total:  # nothing matches: no need to look
        return CataloguePage([], 0, 1, per_page, False, False)
    qs = _items(_with_unit_share(scope))
    if cursor := cursor_parse(after):
        items = _fetch(_older(qs, cursor)[:per_page + 1])
        if items:
            number = min(max(page, 2), last) if page else _number_of(qs, years, items[0], per_page)
            return CataloguePage(items[:per_page], total, number, per_page, True, len(items) > per_page)
        page = last  # past the end
    elif cursor := cursor_parse(before):
        items = _fetch(_newer(qs, cursor).order_by("published_on", "id")[:per_page + 1])[::-1]
        if len(items) > per_page:
            number = min(max(page, 1), last - 1) if page else _number_of(qs, years, items[1], per_page)
            return CataloguePage(items[1:], total, number, per_page, True, True)
        page = 1  # reached the top
    number = min(max(page or 1, 1), last)
    offset = (number - 1) * per_page
    items = _page_at(qs, years, offset, per_page)
    return CataloguePage(items, total, number, per_page, number > 1, offset + len(items) < total)


def public_page(filters: PublicFilters | None = None, *, page: int | None = None, after: str = "",
                before: str = "", per_page: int = 20) -> CataloguePage:
    """One page of published items matching ``filters``, newest first: the items after the cursor
    ``after``, or before the cursor ``before``, or else page number ``page`` (past the end: the last
    page). A malformed cursor is ignored. With a cursor, ``page`` is only the number to show (the
    links of the portal carry it); without one the number is counted."""
    scope = _scope(filters)
    years = _sums(_count_rows(scope), "year")
    return _page(scope, years, page=page, after=after, before=before, per_page=per_page)


def public_attachment_get(pk: int, attachment_pk: int) -> Attachment:
    """The :class:`~gongkai.disclosures.models.Attachment` ``attachment_pk`` of published item ``pk``;
    raises NotFound when either does not exist or the item is not published."""

    attachment = (
        Attachment.objects.filter(pk=attachment_pk, disclosure_id=pk, disclosure__status=Status.PUBLISHED)
        .select_related("disclosure")
        .first()
    )
    if attachment is None:
        raise NotFound("该附件不存在，或所属信息已撤回。")
    return attachment
