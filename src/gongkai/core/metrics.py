"""Prometheus metrics at ``/metrics``: requests by view and status, latency, database queries per request,
and the backlog of background tasks and of the notification outbox.

Several gunicorn workers: set ``PROMETHEUS_MULTIPROC_DIR`` to an empty directory writable by the workers
(emptied at every start); each worker writes its counters there and a scrape of any worker sums them all.
The backlog gauges are counted from the database at scrape time. Only the addresses in
``GONGKAI_METRICS_ALLOW`` (default: the loopback) may read the page.
"""

import contextlib
import ipaddress
import logging
import os
import time

from django.conf import settings
from django.db import DatabaseError, connections
from django.http import HttpResponse
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily

logger = logging.getLogger(__name__)

REQUESTS = Counter("gongkai_http_requests_total", "HTTP requests answered, by view, method and status",
                   ["view", "method", "status"])
LATENCY = Histogram("gongkai_http_request_duration_seconds", "Time to answer a request, by view", ["view"],
                    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10))
QUERIES = Histogram("gongkai_http_request_db_queries", "Database queries per request, by view", ["view"],
                    buckets=(0, 1, 2, 5, 10, 20, 50, 100, 200))
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class BacklogCollector:
    """Counts, at scrape time, the background tasks and notification messages that wait or failed."""

    def collect(self):
        from gongkai.notify.models import Message, Status

        outbox = GaugeMetricFamily("gongkai_notify_messages", "Notification outbox messages by channel and state",
                                   labels=["channel", "state"])
        rows = (Message.objects.exclude(status=Status.SENT).values_list("channel", "status", "gave_up_at"))
        counts: dict[tuple[str, str], int] = {}
        for channel, status, gave_up_at in rows.iterator():
            state = "pending" if status == Status.QUEUED else ("failed" if gave_up_at else "retrying")
            counts[channel, state] = counts.get((channel, state), 0) + 1
        for channel in ("sms", "email"):
            for state in ("pending", "retrying", "failed"):
                outbox.add_metric([channel, state], counts.get((channel, state), 0))
        yield outbox
        tasks = self._tasks()
        if tasks is not None:
            yield tasks

    @staticmethod
    def _tasks():
        backend = settings.TASKS.get("default", {}).get("BACKEND", "")
        if backend != "django_tasks_db.DatabaseBackend":
            return None  # the Redis queues have their own exporters
        from django.db.models import Count
        from django_tasks_db.models import DBTaskResult

        family = GaugeMetricFamily("gongkai_tasks", "Background tasks by state", labels=["state"])
        counts = dict(DBTaskResult.objects.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        for state in ("READY", "RUNNING", "FAILED"):
            family.add_metric([state.lower()], counts.get(state, 0))
        return family


def metrics_text(*, backlog: bool = True) -> bytes:
    """The page: the request metrics of every worker, then (``backlog``) the gauges counted now."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.MultiProcessCollector(registry)
    else:
        from prometheus_client import REGISTRY

        registry = REGISTRY
    text = generate_latest(registry)
    if backlog:
        gauges = CollectorRegistry(auto_describe=False)
        gauges.register(BacklogCollector())
        try:
            text += generate_latest(gauges)
        except DatabaseError as exc:  # the request metrics are still worth scraping
            logger.warning("监控指标：无法统计待发送消息和后台任务：%s", exc)
    return text


def _address_allowed(address: str) -> bool:
    allowed = getattr(settings, "GONGKAI_METRICS_ALLOW", ["127.0.0.1", "::1"])
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in allowed)


def metrics_allowed(request) -> bool:
    """The peer and every address a proxy says it forwarded for must be allowed: behind nginx on the same
    machine the peer is the loopback, and the visitor's own address is in X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") + [request.META.get("HTTP_X_REAL_IP", "")]
    addresses = [request.META.get("REMOTE_ADDR", "")] + [a for a in forwarded if a.strip()]
    return all(_address_allowed(address) for address in addresses)


def metrics_view(request):
    if not metrics_allowed(request):
        return HttpResponse("无权访问监控指标：来访地址不在 GONGKAI_METRICS_ALLOW 中。\n", status=403,
                            content_type="text/plain; charset=utf-8")
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)


class _QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class MetricsMiddleware:
    """Counts every request by view name (``portal:list``; ``unresolved`` for a URL that matches nothing)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counter = _QueryCounter()
        started = time.perf_counter()
        with contextlib.ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(counter))
            response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match else "unresolved"
        method = request.method if request.method in KNOWN_METHODS else "other"
        REQUESTS.labels(view, method, str(response.status_code)).inc()
        LATENCY.labels(view).observe(time.perf_counter() - started)
        QUERIES.labels(view).observe(counter.count)
        return response
