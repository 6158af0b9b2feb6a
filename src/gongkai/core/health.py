"""Probes for load balancers and orchestrators: ``GET /healthz`` and ``GET /readyz``.

``/healthz`` answers 200 ``{"status": "ok"}`` as long as the process serves requests; it touches
neither the database nor the cache, so a database outage never gets healthy workers restarted.

``/readyz`` says whether this process can do its work: the database answers ``SELECT 1``, the cache
stores and returns a value, and every migration on disk is applied. It answers 200 with each check's
result and time in milliseconds, or 503 with the reason in Chinese and English when a check fails.
A cache answered from process memory because Redis is down (:class:`gongkai.core.cache.FailSafeCache`)
is ``degraded``, not failed: the site works, with rate limits counted per process.

Both are public, need no session, and are exempt from CSRF (GET only anyway).
"""

from __future__ import annotations

import logging
import secrets
import time
from collections.abc import Callable

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

OK, DEGRADED, FAILED = "ok", "degraded", "failed"

# Set once this process has seen every migration applied: the code cannot change under a running
# process, so the migration files need not be read again on every probe.
_migrations_applied = False


class CheckFailed(Exception):
    """A readiness check failed; the message is the reason shown in the 503 answer."""


def check_database() -> str:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        raise CheckFailed(f"数据库不可用 (database unavailable: {exc.__class__.__name__})") from exc
    return OK


def check_cache() -> str:
    key, token = f"health:readyz:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(key, token, timeout=30)
        answered = cache.get(key)
        cache.delete(key)
    except Exception as exc:
        raise CheckFailed(f"缓存不可用 (cache unavailable: {exc.__class__.__name__})") from exc
    if answered != token:
        raise CheckFailed("缓存未能读回写入的值 (cache did not return the value just stored)")
    return DEGRADED if getattr(cache, "degraded", False) else OK


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        raise CheckFailed(f"无法读取数据库迁移状态 (migration state unreadable: {exc.__class__.__name__})") from exc
    if plan:
        raise CheckFailed(f"有 {len(plan)} 项数据库迁移尚未执行 ({len(plan)} unapplied migrations)")
    _migrations_applied = True
    return OK


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "cache": check_cache,
    "migrations": check_migrations,
}


@csrf_exempt
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": OK})


@csrf_exempt
@require_GET
@never_cache
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict] = {}
    reasons: list[str] = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            status = check()
        except CheckFailed as failure:
            logger.warning("readyz: %s", failure, exc_info=failure.__cause__)
            status = FAILED
            reasons.append(str(failure))
            results[name] = {"status": status, "reason": str(failure)}
        else:
            results[name] = {"status": status}
        results[name]["ms"] = round((time.perf_counter() - started) * 1000, 1)
    statuses = {result["status"] for result in results.values()}
    overall = FAILED if FAILED in statuses else DEGRADED if DEGRADED in statuses else OK
    body: dict = {"status": overall, "checks": results}
    if reasons:
        body["reason"] = "；".join(reasons)
    return JsonResponse(body, status=503 if overall == FAILED else 200,
                        json_dumps_params={"ensure_ascii": False})
