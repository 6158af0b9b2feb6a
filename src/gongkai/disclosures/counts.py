"""The maintained counts of published items (:class:`~gongkai.disclosures.models.PublicCount`).

Every change to the set of published items, or to a counted field of a published item, goes through
:func:`public_count_change` (one item) or :func:`public_counts_apply` (a bulk load) in the transaction
that makes it. The increments are ``UPDATE … SET count = count + n``, and a missing row is created
under a savepoint (a concurrent creator's row is then updated instead), so publications running at
the same time never lose a count. Rows that fall to zero stay; readers skip them.

:func:`public_counts_diff` compares the table with a live count of the register and
:func:`public_counts_rebuild` replaces it with one (``gongkai counts --check`` / ``--rebuild``).
"""

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F
from django.db.models.functions import ExtractYear

from .models import Disclosure, PublicCount
from .taxonomy import Status


class CountKey(NamedTuple):
    unit_id: int
    category: str
    topic_id: int
    genre_id: int
    year: int
    validity: str


def count_key(item: Disclosure) -> CountKey | None:
    """The row ``item`` counts in, or None when it is not published."""
    if item.status != Status.PUBLISHED or item.published_on is None:
        return None
    return CountKey(item.unit_id, item.category or "", item.topic_id, item.genre_id, item.published_on.year,
                    item.validity)


def public_counts_apply(deltas: dict[CountKey, int]) -> None:
    """Add each delta to its row (creating the row when needed). Rows are touched in key order, so two
    transactions changing the same rows queue instead of deadlocking."""
    with transaction.atomic():
        for key, delta in sorted(deltas.items()):
            if not delta:
                continue
            fields = key._asdict()
            if PublicCount.objects.filter(**fields).update(count=F("count") + delta):
                continue
            try:
                with transaction.atomic():
                    PublicCount.objects.create(**fields, count=delta)
            except IntegrityError:  # created meanwhile by a concurrent transaction
                PublicCount.objects.filter(**fields).update(count=F("count") + delta)


def public_count_change(before: CountKey | None, after: CountKey | None) -> None:
    """One item moved from row ``before`` to row ``after`` (None: not published). Call it in the
    transaction that saves the item, with the keys from :func:`count_key` before and after the change."""
    if before == after:
        return
    deltas: Counter[CountKey] = Counter()
    if before is not None:
        deltas[before] -= 1
    if after is not None:
        deltas[after] += 1
    public_counts_apply(dict(deltas))


def count_deltas(items: Iterable[Disclosure], sign: int = 1) -> Counter[CountKey]:
    """The deltas of adding (or, with ``sign=-1``, removing) ``items``; unpublished ones count nothing."""
    deltas: Counter[CountKey] = Counter()
    for item in items:
        key = count_key(item)
        if key is not None:
            deltas[key] += sign
    return deltas


def live_counts() -> dict[CountKey, int]:
    """The counts as the register says they are now (a full scan: for checks and rebuilds only)."""
    rows = (
        Disclosure.objects.filter(status=Status.PUBLISHED)
        .annotate(year=ExtractYear("published_on"))
        .order_by()
        .values_list("unit_id", "category", "topic_id", "genre_id", "year", "validity")
        .annotate(n=Count("id"))
    )
    return {CountKey(*row[:6]): row[6] for row in rows}


def stored_counts() -> dict[CountKey, int]:
    rows = PublicCount.objects.exclude(count=0).values_list(
        "unit_id", "category", "topic_id", "genre_id", "year", "validity", "count"
    )
    return {CountKey(*row[:6]): row[6] for row in rows}


def public_counts_diff() -> dict[CountKey, tuple[int, int]]:
    """Every row where the table and the register disagree: key → (stored, live)."""
    stored, live = stored_counts(), live_counts()
    return {
        key: (stored.get(key, 0), live.get(key, 0))
        for key in sorted(stored.keys() | live.keys())
        if stored.get(key, 0) != live.get(key, 0)
    }


@transaction.atomic
def public_counts_rebuild() -> int:
    """Replace the table with a live count; returns the number of rows written. Readers see the old
    table until the transaction commits; on PostgreSQL publications wait for it (on SQLite the write
    lock already serialises them)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {PublicCount._meta.db_table} IN EXCLUSIVE MODE")
    live = live_counts()
    PublicCount.objects.all().delete()
    PublicCount.objects.bulk_create(
        (PublicCount(**key._asdict(), count=n) for key, n in live.items()), batch_size=2000
    )
    return len(live)
