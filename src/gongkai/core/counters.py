"""Gap-tolerant, never-reused serial numbers."""

from django.db import transaction
from django.db.models import F

from .models import Counter


def counter_next(key: str) -> int:
    """Take the next value of counter ``key`` (1 for a new counter).

    The UPDATE takes the row lock first (PostgreSQL) or the write lock (SQLite, whose transactions
    start IMMEDIATE), so concurrent callers queue and each gets its own value.
    """
    with transaction.atomic():
        Counter.objects.get_or_create(key=key)
        Counter.objects.filter(key=key).update(last=F("last") + 1)
        return Counter.objects.values_list("last", flat=True).get(key=key)


def counter_advance(key: str, *, at_least: int) -> None:
    """Make sure the next value of ``key`` is above ``at_least`` (for imports and bulk loads)."""
    with transaction.atomic():
        counter, _ = Counter.objects.get_or_create(key=key)
        if counter.last < at_least:
            Counter.objects.filter(key=key, last__lt=at_least).update(last=at_least)
