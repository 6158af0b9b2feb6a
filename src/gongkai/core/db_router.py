"""Reads of anonymous portal pages from PostgreSQL read replicas; everything else from the primary.

A replica may lag the primary by a moment, so only reads where a page a second old is acceptable go there:
the anonymous GET pages of the public portal (which nginx and browsers cache for 60 seconds anyway). Never
a staff page, an API call, a form post, the tracking of a request (a citizen who has just applied must
find it), a visitor with a session (a member of staff looking at what they have just published), nor a
read inside a transaction. Writes always go to the primary, and migrations run on the primary only.

``DATABASE_REPLICA_URLS`` (comma separated) becomes the aliases ``replica1``, ``replica2``…
(``GONGKAI_DB_REPLICAS``). A replica that cannot be reached is left out for
``GONGKAI_REPLICA_RETRY_SECONDS`` and its pages are read from the primary meanwhile.
"""

import contextlib
import logging
import random
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

PRIMARY = "default"
# set while the current request (or block of code) accepts reads a moment old: the replica chosen for it
_replica: ContextVar[str | None] = ContextVar("gongkai_replica", default=None)
# replica alias → monotonic time until which it is considered down (per process)
_down_until: dict[str, float] = {}
# always read from the primary, whatever the request: what a visitor has just written themselves
PRIMARY_ONLY_APPS = {"sessions"}


def replica_aliases() -> list[str]:
    return list(getattr(settings, "GONGKAI_DB_REPLICAS", []))


def replica_pick() -> str | None:
    """A reachable replica, or None (read from the primary). Checks the connection, so a replica that is
    down is found here and not halfway through rendering a page."""
    now = time.monotonic()
    candidates = [alias for alias in replica_aliases() if _down_until.get(alias, 0) <= now]
    random.shuffle(candidates)
    for alias in candidates:
        try:
            connection = connections[alias]
            # a kept-alive connection to a replica that restarted is noticed here (CONN_HEALTH_CHECKS)
            connection.close_if_health_check_failed()
            connection.ensure_connection()
            return alias
        except DatabaseError as exc:
            retry = float(getattr(settings, "GONGKAI_REPLICA_RETRY_SECONDS", 30))
            _down_until[alias] = now + retry
            logger.warning("只读副本 %s 无法连接，%s 秒内改从主库读取：%s", alias, int(retry), exc)
    return None


@contextlib.contextmanager
def replica_reads():
    """Inside this block, reads outside a transaction may come from a replica."""
    token = _replica.set(replica_pick())
    try:
        yield _replica.get()
    finally:
        _replica.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        alias = _replica.get()
        if alias is None or model._meta.app_label in PRIMARY_ONLY_APPS:
            return PRIMARY
        if connections[PRIMARY].in_atomic_block:  # a transaction reads what it is about to change
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # replicas hold the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


def replica_ok(request) -> bool:
    """Whether this request may be answered from a replica (see the module's docstring)."""
    match = request.resolver_match
    return bool(
        request.method in {"GET", "HEAD"}
        and match is not None
        and "portal" in match.namespaces
        and not (match.url_name or "").startswith("request")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class ReplicaReadsMiddleware:
    """Marks the anonymous portal pages as answerable from a replica, from URL resolution until the
    response (rendering included) is complete."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            token = getattr(request, "_gongkai_replica_token", None)
            if token is not None:
                _replica.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if replica_aliases() and replica_ok(request):
            request._gongkai_replica_token = _replica.set(replica_pick())
