"""Tell nginx's cache of the public column which pages a change made stale, the moment it commits.

nginx keeps anonymous portal pages (deploy/nginx/gongkai.conf, key: the ``gk_a11y`` modes + the URI).
A page without a query string is purged here, in each of the four accessibility variants, when a change
to what it shows commits:

* a disclosure saved while published (publication, or any later change) or withdrawn, or deleted: its
  page and attachment downloads, the pages of the items it interprets and that interpret it (their
  政策解读 links), and the column pages that list or count published items (home, the unfiltered
  catalogue, the unit tree, the guide index);
* an attachment added to or removed from such an item: the same;
* a unit saved: its guide page and the same column pages (names and the tree);
* an annual report saved while published (a new version): its page, its files and the list of reports.

Pages with a query string (filters, page numbers, search) are not purged: nginx keeps them 5 seconds.
Anything else follows the pages' 60-second lifetime.

A page is purged by deleting nginx's file of it: ``DELETE {GONGKAI_CACHE_PURGE_URL}/<l1>/<l2>/<md5>``,
where the MD5 is that of the cache key ``<a11y>|<uri>`` and the levels ``1:2`` are its last characters —
the layout of ``proxy_cache_path … levels=1:2`` and ``proxy_cache_key "$gongkai_a11y|$request_uri"`` in
deploy/nginx/gongkai.conf, whose loopback-only ``/_gongkai_cache/`` location does the deleting. nginx
answers the next request for the page from the application and stores it again.

A request that read the database just before the commit may store its stale page just after the purge;
the same pages are therefore purged once more ``GONGKAI_CACHE_PURGE_AGAIN`` seconds later (2; 0: never),
which leaves that window to requests slower than that.

``GONGKAI_CACHE_PURGE_URL`` (e.g. ``http://127.0.0.1/_gongkai_cache``) is where the requests go; unset,
nothing is sent. Each request waits at most ``GONGKAI_CACHE_PURGE_TIMEOUT`` (0.5 s); the first failure
stops the round and is logged. A purge never fails the change that caused it: it runs after the commit.
"""

from __future__ import annotations

import hashlib
import http.client
import logging
import threading
import time
from collections.abc import Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse

from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.taxonomy import Status
from gongkai.orgs.models import Unit

logger = logging.getLogger(__name__)

# The gk_a11y values nginx keys on (its map normalises the cookie to one of these; "-" is no cookie).
A11Y_VARIANTS = ("-", "large", "contrast", "contrast_large")
COLUMN_PAGES = ("portal:home", "portal:list", "portal:units", "portal:guide_index")
# statuses whose item is, or was until this change, on the portal
PUBLIC_STATUSES = frozenset({Status.PUBLISHED, Status.WITHDRAWN})


def column_paths() -> list[str]:
    return [reverse(name) for name in COLUMN_PAGES]


def disclosure_paths(disclosure_id: int) -> list[str]:
    """Every cached page that shows the item: its own, its files, the items linked to it, the column."""
    paths = [reverse("portal:item", args=[disclosure_id])]
    paths += [
        reverse("portal:attachment", args=[disclosure_id, pk])
        for pk in Attachment.objects.filter(disclosure_id=disclosure_id).values_list("pk", flat=True)
    ]
    linked = Disclosure.interprets.through.objects
    related = {
        *linked.filter(from_disclosure_id=disclosure_id).values_list("to_disclosure_id", flat=True),
        *linked.filter(to_disclosure_id=disclosure_id).values_list("from_disclosure_id", flat=True),
    }
    paths += [reverse("portal:item", args=[pk]) for pk in sorted(related)]
    return paths + column_paths()


def unit_paths(code: str) -> list[str]:
    return [reverse("portal:guide", args=[code]), *column_paths()]


def cache_file(key: str) -> str:
    """Where nginx keeps the page of ``key`` under its cache directory (levels=1:2)."""
    digest = hashlib.md5(key.encode()).hexdigest()  # noqa: S324 - nginx's file name, not a secret
    return f"{digest[-1]}/{digest[-3:-1]}/{digest}"


def report_paths(report_id: int) -> list[str]:
    from gongkai.annual.documents import FILE_FORMATS

    return [reverse("portal:reports"), reverse("portal:annual_report", args=[report_id]),
            *(reverse("portal:annual_download", args=[report_id, fmt]) for fmt in FILE_FORMATS)]


def purge(paths: Iterable[str], *, base: str | None = None) -> int:
    """Delete each path's cached copy in every accessibility variant; the number of copies removed.
    ``base``: where nginx's purge location is (default ``GONGKAI_CACHE_PURGE_URL``)."""
    base = settings.GONGKAI_CACHE_PURGE_URL if base is None else base
    if not base:
        return 0
    target = urlsplit(base)
    prefix = target.path.rstrip("/")
    connection = http.client.HTTPConnection(
        target.hostname or "127.0.0.1", target.port or 80, timeout=settings.GONGKAI_CACHE_PURGE_TIMEOUT
    )
    removed = 0
    try:
        for path in dict.fromkeys(paths):
            for variant in A11Y_VARIANTS:
                connection.request("DELETE", f"{prefix}/{cache_file(f'{variant}|{path}')}")
                response = connection.getresponse()
                response.read()
                if response.status in (200, 204):
                    removed += 1
                elif response.status != 404:  # 404: that copy was not in the cache
                    logger.warning("cache purge: %s %s answered %s", base, path, response.status)
                    return removed
    except (OSError, http.client.HTTPException) as exc:
        logger.warning("cache purge: %s unreachable (%s); cached pages expire within 60 s", base, exc)
    finally:
        connection.close()
    return removed


def _purge_later(delay: float, paths: list[str], base: str) -> None:
    time.sleep(delay)  # a relative sleep: no deadline on the wall clock, which an administrator may move
    purge(paths, base=base)


def _purge_after_commit(paths) -> None:
    """``paths`` (a list, or a function reading them after the commit) purged once the change commits,
    and again ``GONGKAI_CACHE_PURGE_AGAIN`` seconds later."""

    def run() -> None:
        resolved, base = (paths() if callable(paths) else paths), settings.GONGKAI_CACHE_PURGE_URL
        purge(resolved, base=base)
        delay = settings.GONGKAI_CACHE_PURGE_AGAIN
        if delay > 0:
            threading.Thread(target=_purge_later, args=(delay, resolved, base), daemon=True).start()

    transaction.on_commit(run, robust=True)


def disclosure_saved(sender, instance: Disclosure, raw: bool = False, **kwargs) -> None:
    if raw or not settings.GONGKAI_CACHE_PURGE_URL or instance.status not in PUBLIC_STATUSES:
        return
    pk = instance.pk
    _purge_after_commit(lambda: disclosure_paths(pk))


def disclosure_deleted(sender, instance: Disclosure, **kwargs) -> None:
    if settings.GONGKAI_CACHE_PURGE_URL and instance.status in PUBLIC_STATUSES:
        _purge_after_commit(disclosure_paths(instance.pk))  # read now: the rows go with the item


def attachment_changed(sender, instance: Attachment, raw: bool = False, **kwargs) -> None:
    if raw or not settings.GONGKAI_CACHE_PURGE_URL:
        return
    status = Disclosure.objects.filter(pk=instance.disclosure_id).values_list("status", flat=True).first()
    if status in PUBLIC_STATUSES:
        pk, aid = instance.disclosure_id, instance.pk
        _purge_after_commit(lambda: [reverse("portal:attachment", args=[pk, aid]), *disclosure_paths(pk)])


def unit_saved(sender, instance: Unit, raw: bool = False, **kwargs) -> None:
    if not raw and settings.GONGKAI_CACHE_PURGE_URL:
        _purge_after_commit(unit_paths(instance.code))


def report_saved(sender, instance, raw: bool = False, **kwargs) -> None:
    from gongkai.annual.models import ReportStatus

    if not raw and settings.GONGKAI_CACHE_PURGE_URL and instance.status == ReportStatus.PUBLISHED:
        _purge_after_commit(report_paths(instance.pk))


def connect() -> None:
    from gongkai.annual.models import AnnualReport

    post_save.connect(disclosure_saved, sender=Disclosure, dispatch_uid="portal.purge.disclosure_saved")
    pre_delete.connect(disclosure_deleted, sender=Disclosure, dispatch_uid="portal.purge.disclosure_deleted")
    post_save.connect(attachment_changed, sender=Attachment, dispatch_uid="portal.purge.attachment_saved")
    post_delete.connect(attachment_changed, sender=Attachment, dispatch_uid="portal.purge.attachment_deleted")
    post_save.connect(unit_saved, sender=Unit, dispatch_uid="portal.purge.unit_saved")
    post_save.connect(report_saved, sender=AnnualReport, dispatch_uid="portal.purge.report_saved")
