"""Every change to the search index: one item (on publish / withdraw / edit) or all of them (reindex).

How changes arrive is in :mod:`gongkai.search.signals`: a withdrawal is taken out of the index in the
withdrawing transaction itself; a publication or an edit is indexed by a background task
(``django.tasks``) once its transaction has committed.
"""

import datetime as dt
import multiprocessing
from collections.abc import Callable, Iterator

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from gongkai.core.sanitize import html_to_text
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.taxonomy import Status

from . import backends, tokens
from .backends import IndexDocument
from .models import SearchEntry

_FIELDS = ("id", "title", "doc_number", "index_number", "summary", "body_html", "published_on", "unit_id",
           "topic__code", "genre__code", "category", "validity")


def _texts(row: dict, attachments: list[str]) -> tuple:
    """What :func:`_document` needs, as plain values (they cross into worker processes)."""
    body = "\n".join([row["summary"] or "", html_to_text(row["body_html"] or ""), *attachments])
    meta = (row["published_on"], row["unit_id"], row["topic__code"] or "", row["genre__code"] or "",
            row["category"] or "", row["validity"] or "")
    return row["id"], row["title"], [row["doc_number"], row["index_number"]], body, meta


def _document(texts: tuple) -> IndexDocument:
    pk, title, identifiers, body, (published_on, unit_id, topic, genre, category, validity) = texts
    return IndexDocument(
        disclosure_id=pk, published_on=published_on, unit_id=unit_id, topic=topic, genre=genre,
        category=category, validity=validity,
        tokens=tokens.document_tokens(title=title, identifiers=identifiers, body=body),
    )


def _rows(ids: list[int]) -> list[tuple]:
    """The texts of the published ones of ``ids``, in the order of ``ids`` (two queries)."""
    found = {row["id"]: row for row in Disclosure.objects.filter(pk__in=ids, status=Status.PUBLISHED)
             .order_by().values(*_FIELDS)}
    rows = [found[pk] for pk in ids if pk in found]
    attachments: dict[int, list[str]] = {}
    for pk, text in (Attachment.objects.filter(disclosure_id__in=[r["id"] for r in rows])
                     .order_by("disclosure_id", "sort", "id").values_list("disclosure_id", "text")):
        if text:
            attachments.setdefault(pk, []).append(text)
    return [_texts(row, attachments.get(row["id"], [])) for row in rows]


def documents(ids: list[int]) -> list[IndexDocument | None]:
    """The index documents of ``ids`` (None for one that is not published)."""
    found = {}
    for start in range(0, len(ids), 500):
        found.update((texts[0], _document(texts)) for texts in _rows(ids[start:start + 500]))
    return [found.get(pk) for pk in ids]


@transaction.atomic
def index_update(*, disclosure_id: int) -> bool:
    """Bring the index up to date with one disclosure: index it when published, else take it out.

    Holds the disclosure's row lock, so a withdrawal running at the same time waits for it (or it for
    the withdrawal) and the index never keeps a withdrawn item. Returns whether the index changed.
    """
    item = Disclosure.objects.select_for_update().filter(pk=disclosure_id).only("id").first()
    backend = backends.current()
    doc = documents([disclosure_id])[0] if item is not None else None
    if doc is None:
        backend.remove(disclosure_id)
        return True
    return backend.upsert(doc)


@transaction.atomic
def index_remove(*, disclosure_id: int) -> None:
    """Take a disclosure out of the index now (in the caller's transaction: it is gone at commit)."""
    backends.current().remove(disclosure_id)


def _batches(ids: list[int], size: int, jobs: int) -> Iterator[list[IndexDocument]]:
    chunks = (ids[i:i + size] for i in range(0, len(ids), size))
    if jobs <= 1:
        for chunk in chunks:
            yield [_document(texts) for texts in _rows(chunk)]
        return
    # Segmentation is the slow part and pure Python: spread it over processes (fork: nothing to re-import).
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending = []
        for chunk in chunks:
            pending.append(pool.map_async(_document, _rows(chunk), chunksize=50))
            if len(pending) > jobs:
                yield pending.pop(0).get()
        for result in pending:
            yield result.get()


def reindex(*, batch_size: int = 1000, jobs: int = 1, progress: Callable[[int], None] | None = None) -> int:
    """Rebuild the whole index from the register without taking search away (see each backend's
    ``rebuild``). Returns the number of items indexed."""
    started: dt.datetime = timezone.now()
    # Oldest first: the SQLite backend numbers its rows in this order, so that rowid order is date order.
    ids = list(Disclosure.objects.filter(status=Status.PUBLISHED).order_by("published_on", "pk")
               .values_list("pk", flat=True))
    return backends.current().rebuild(_batches(ids, batch_size, jobs), started=started, current=documents,
                                      progress=progress)


def index_catch_up(*, since: dt.datetime | None = None, limit: int = 1000) -> int:
    """Index the published items whose entry is missing or older than their last change (their indexing
    task was never enqueued, or was lost), changed at ``since`` or later when given. Idempotent, and safe
    beside the worker's own tasks (each item is indexed under its row lock). Returns how many it indexed.
    """
    current = SearchEntry.objects.filter(disclosure=OuterRef("pk"), indexed_at__gte=OuterRef("updated_at"))
    stale = Disclosure.objects.filter(status=Status.PUBLISHED).filter(~Exists(current))
    if since is not None:
        stale = stale.filter(updated_at__gte=since)
    ids = list(stale.order_by("updated_at", "pk").values_list("pk", flat=True)[:limit])
    for pk in ids:
        index_update(disclosure_id=pk)
        # the entry is current even when its tokens did not change (an upsert then writes nothing)
        index_mark_current(disclosure_id=pk)
    return len(ids)


def index_mark_current(*, disclosure_id: int) -> None:
    """Record that the entry of an item is current now, even when its tokens did not change (an upsert
    then writes nothing), so that :func:`index_catch_up` passes it by."""
    SearchEntry.objects.filter(pk=disclosure_id).update(indexed_at=timezone.now())
