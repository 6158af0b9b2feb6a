"""gunicorn for Gongkai's web tier: ``gunicorn -c deploy/gunicorn.conf.py``.

Everything comes from the environment (the same file as the application's, see deploy/gongkai.env.example):

* ``GUNICORN_BIND`` (``127.0.0.1:8000``; ``unix:/run/gongkai/web.sock`` works too) — nginx proxies to it.
* ``GUNICORN_WORKERS`` (2 × cores + 1) processes of ``GUNICORN_THREADS`` (4) threads each.
* ``DATABASE_POOL_MAX`` (default: the thread count) PostgreSQL connections per process at most, so the web
  tier never holds more than workers × ``DATABASE_POOL_MAX``. With ``DATABASE_MAX_CONNECTIONS`` set (the
  share of PostgreSQL's ``max_connections`` given to the web tier) a configuration that could exceed it
  refuses to start, and an unset ``DATABASE_POOL_MAX`` is lowered to fit.
* ``GUNICORN_ACCESS_LOG`` — unset: no access log (nginx writes one); ``-`` for stdout (journald), as JSON.
* ``GUNICORN_TIMEOUT`` (60 s: the longest request is a PDF export of an annual report).

The application is loaded once in the master (``preload_app``): the Chinese segmenter's dictionaries,
loaded when the WSGI module is imported, are shared by every worker copy-on-write. Anything the master
opened while loading (database connections, the pool, Redis sockets) is closed before each fork, so no
two processes ever share a socket.
"""

import multiprocessing
import os

wsgi_app = "gongkai.config.wsgi:application"
bind = [address.strip() for address in os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")]
workers = int(os.environ.get("GUNICORN_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# a worker is replaced after this many requests (spread out), so slow growth of memory never accumulates
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 2000)
max_requests_jitter = max_requests // 10
proc_name = "gongkai-web"
# headers and request lines nginx already bounded; gunicorn's defaults stay
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
access_log_format = (
    '{"time":"%(t)s","client":"%({x-forwarded-for}i)s","method":"%(m)s","path":"%(U)s",'
    '"status":%(s)s,"bytes":"%(B)s","ms":%(M)s}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")


def _database_budget() -> None:
    """Fit the per-process pool into the web tier's share of PostgreSQL connections."""
    budget = int(os.environ.get("DATABASE_MAX_CONNECTIONS") or 0)
    if not os.environ.get("DATABASE_POOL_MAX"):
        pool = min(threads, budget // workers) if budget else threads
        if pool < 1:
            raise SystemExit(
                f"DATABASE_MAX_CONNECTIONS={budget} 不足以给 {workers} 个进程各分配一个数据库连接。"
                f" (needs at least GUNICORN_WORKERS={workers})"
            )
        os.environ["DATABASE_POOL_MAX"] = str(pool)
    pool = int(os.environ["DATABASE_POOL_MAX"])
    if budget and workers * pool > budget:
        raise SystemExit(
            f"{workers} 个进程 × DATABASE_POOL_MAX={pool} = {workers * pool} 个数据库连接，"
            f"超过 DATABASE_MAX_CONNECTIONS={budget}。请减少 GUNICORN_WORKERS 或 DATABASE_POOL_MAX。"
        )


_database_budget()


def _close_shared_resources() -> None:
    from django.core.cache import caches
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
        if hasattr(connection, "close_pool"):
            connection.close_pool()
    caches.close_all()


def when_ready(server) -> None:
    pool = os.environ.get("DATABASE_POOL_MAX")
    server.log.info(
        "gongkai-web: %s workers × %s threads; database connections at most %s × %s = %s",
        workers, threads, workers, pool, workers * int(pool),
    )


def pre_fork(server, worker) -> None:
    # runs in the master: whatever loading the application opened is closed before the child exists
    _close_shared_resources()


def post_fork(server, worker) -> None:
    # the child starts with no connection of its own; Django opens (or pools) them on first use
    _close_shared_resources()
