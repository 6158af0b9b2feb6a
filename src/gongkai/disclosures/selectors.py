"""Reads of the register. Staff reads are scoped by :mod:`gongkai.orgs.access`; public reads see only
published items."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongkai.core.errors import NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Role, Unit, User

from .models import Attachment, Disclosure, Term
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

@dataclass(frozen=True)
class PublicFilters:
    unit: str = ""  # unit code; includes the unit's subtree
    topic: str = ""
    genre: str = ""
    category: str = ""
    year: int | None = None
    validity: str = ""


def public_disclosures(filters: PublicFilters | None = None) -> QuerySet[Disclosure]:
    """Published items, newest first, filtered. Unknown filter values simply match nothing."""
    filters = filters or PublicFilters()
    qs = Disclosure.objects.filter(status=Status.PUBLISHED).select_related(*_LIST_RELATED)
    if filters.unit:
        unit = Unit.objects.filter(code=filters.unit).only("path").first()
        qs = qs.filter(unit__path__startswith=unit.path) if unit else qs.none()
    if filters.topic:
        qs = qs.filter(topic__code=filters.topic)
    if filters.genre:
        qs = qs.filter(genre__code=filters.genre)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.year:
        start = dt.date(filters.year, 1, 1)
        qs = qs.filter(published_on__gte=start, published_on__lt=start.replace(year=filters.year + 1))
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    return qs.order_by("-published_on", "-id")


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


def public_facets(filters: PublicFilters | None = None) -> dict[str, list[tuple[str, str, int]]]:
    """Counts of published items per category, topic, genre and year, for the browse page.

    Each facet is a list of (code, label, count), in the vocabulary's order, zero counts dropped.
    """
    qs = public_disclosures(filters).order_by()
    category_counts = dict(qs.values_list("category").annotate(n=Count("id")))
    topic_counts = dict(qs.values_list("topic__code").annotate(n=Count("id")))
    genre_counts = dict(qs.values_list("genre__code").annotate(n=Count("id")))
    year_counts = dict(
        qs.annotate(y=ExtractYear("published_on")).values_list("y").annotate(n=Count("id"))
    )
    terms = {v: list(Term.objects.filter(vocabulary=v, active=True)) for v in Vocabulary.values}
    return {
        "category": [(c, label, category_counts[c]) for c, label in Category.choices if category_counts.get(c)],
        "topic": [(t.code, t.name, topic_counts[t.code]) for t in terms["topic"] if topic_counts.get(t.code)],
        "genre": [(t.code, t.name, genre_counts[t.code]) for t in terms["genre"] if genre_counts.get(t.code)],
        "year": [(str(y), f"{y}年", n) for y, n in sorted(year_counts.items(), reverse=True) if y],
    }


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


def public_unit_tree(filters: PublicFilters | None = None) -> list[UnitNode]:
    """Every unit as a tree (siblings by sort order), each with its subtree's count of published items
    matching ``filters``. Two queries whatever the size of the tree."""
    direct = dict(public_disclosures(filters).order_by().values_list("unit_id").annotate(n=Count("id")))
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


@dataclass
class PublicCatalogue:
    """The 公开目录 page: the matching items (a lazy queryset, to paginate) and the facet counts."""

    items: QuerySet[Disclosure]
    # category / topic / genre / year / unit -> [(code, label, count)], zero counts dropped
    facets: dict[str, list[tuple[str, str, int]]]


def public_catalogue(filters: PublicFilters | None = None) -> PublicCatalogue:
    """Published items matching ``filters`` with the facets of :func:`public_facets` plus a unit facet
    (counts include each unit's subtree, as the unit filter does). A bounded number of queries."""
    facets = public_facets(filters)
    facets["unit"] = [
        (node.unit.code, node.unit.name, node.count)
        for root in public_unit_tree(filters) for node in root.walk() if node.count
    ]
    return PublicCatalogue(items=public_disclosures(filters), facets=facets)


@dataclass
class PublicOverview:
    """The portal's home page."""

    latest: list[Disclosure]
    total: int
    categories: list[tuple[str, str, int]]  # every statutory category (Art. 20/21), zero counts kept
    top_units: list[UnitNode]  # most published first; counts include the subtree


def public_overview(*, latest: int = 10, top_units: int = 10) -> PublicOverview:
    qs = public_disclosures()
    category_counts = dict(qs.order_by().values_list("category").annotate(n=Count("id")))
    ranked = sorted(
        (node for root in public_unit_tree() for node in root.walk() if node.count),
        key=lambda node: (-node.count, node.unit.sort, node.unit.code),
    )
    return PublicOverview(
        latest=list(qs[:latest]),
        total=sum(category_counts.values()),
        categories=[(c, label, category_counts.get(c, 0)) for c, label in Category.choices],
        top_units=ranked[:top_units],
    )


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
