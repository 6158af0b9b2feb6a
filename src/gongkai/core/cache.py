"""A cache that survives its server going away (``CACHE_URL=redis://…``).

:class:`FailSafeCache` delegates every call to the configured backend (the *primary*, Redis in
production). When the primary fails to answer (connection refused, timeout, any Redis error), the call
is answered from a local-memory cache of this process instead, and so is every call for the next
``FALLBACK_SECONDS`` (default 30): no request waits on a dead server more than once per period and
process. After the period the next call tries the primary again; the first that succeeds ends the
fallback.

What the fallback means for the product: rate limits and used one-time challenges
(:mod:`gongkai.core.antiabuse`) count per process instead of across all workers (they still limit),
and the working-day calendar's version token is per process (another worker entering a year is seen
when the primary is back). Sessions live in the database and are not affected.

One warning per ``WARNING_INTERVAL`` (60 s) and process says the cache is down, however many requests
fall back; one line says when it is back. ``degraded`` tells ``/readyz`` that the fallback is active.

Configuration (``gongkai.config.settings.cache_from_url`` writes it)::

    {"BACKEND": "gongkai.core.cache.FailSafeCache", "LOCATION": "redis://…",
     "PRIMARY": "django.core.cache.backends.redis.RedisCache", "FALLBACK_SECONDS": 30,
     "OPTIONS": {…}}  # LOCATION, OPTIONS, TIMEOUT, KEY_PREFIX, VERSION go to the primary
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.locmem import LocMemCache
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

DEFAULT_FALLBACK_SECONDS = 30
WARNING_INTERVAL = 60.0


def _outage_errors() -> tuple[type[BaseException], ...]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # a primary other than Redis
        return (OSError,)
    return (RedisError, OSError)


@dataclass
class _Outage:
    """The primary's state in this process, shared by every thread's cache object for one LOCATION."""

    down_until: float = 0.0  # time.monotonic() until which calls go to the fallback
    warned_at: float | None = None  # when the last warning was logged
    suppressed: int = 0  # failures since the last warning


_outages: dict[str, _Outage] = {}
_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _lock:
        return _outages.setdefault(location, _Outage())


class FailSafeCache(BaseCache):
    """Django's cache API over a primary backend, answered from process memory while it is down."""

    def __init__(self, location: str, params: dict):
        params = dict(params)
        primary_path = params.pop("PRIMARY", "django.core.cache.backends.redis.RedisCache")
        self.fallback_seconds = float(params.pop("FALLBACK_SECONDS", DEFAULT_FALLBACK_SECONDS))
        super().__init__({key: value for key, value in params.items() if key != "OPTIONS"})
        self.location = location
        self._primary: BaseCache = import_string(primary_path)(location, params)
        fallback_params = {key: params[key] for key in ("TIMEOUT", "KEY_PREFIX", "VERSION", "KEY_FUNCTION")
                           if key in params}
        # LocMemCache keeps its data per LOCATION at module level: one fallback store per process.
        self._fallback = LocMemCache(f"gongkai-fallback:{location}", fallback_params)
        self._errors = _outage_errors()
        self._outage = _outage_for(location)

    @property
    def degraded(self) -> bool:
        """True while calls are answered from this process's memory because the primary failed."""
        return time.monotonic() < self._outage.down_until

    def _call(self, name: str, *args, **kwargs):
        outage = self._outage
        if outage.down_until and time.monotonic() < outage.down_until:
            return getattr(self._fallback, name)(*args, **kwargs)
        try:
            result = getattr(self._primary, name)(*args, **kwargs)
        except self._errors as exc:
            self._fall_back(exc)
            return getattr(self._fallback, name)(*args, **kwargs)
        if outage.down_until:
            self._recovered()
        return result

    def _fall_back(self, exc: BaseException) -> None:
        outage = self._outage
        now = time.monotonic()
        with _lock:
            outage.down_until = now + self.fallback_seconds
            if outage.warned_at is not None and now - outage.warned_at < WARNING_INTERVAL:
                outage.suppressed += 1
                return
            outage.warned_at, suppressed, outage.suppressed = now, outage.suppressed, 0
        logger.warning(
            "缓存服务器不可用，本进程改用内存缓存（限流与一次性验证暂按进程计算）。"
            "Cache server %s unreachable (%s: %s); answering from this process's memory for %g s "
            "(rate limits and one-time challenges count per process meanwhile)%s.",
            self._primary.__class__.__name__, exc.__class__.__name__, exc, self.fallback_seconds,
            f"; {suppressed} more failures since the previous warning" if suppressed else "",
        )

    def _recovered(self) -> None:
        with _lock:
            if not self._outage.down_until:
                return
            self._outage.down_until = 0.0
        logger.info("缓存服务器已恢复。Cache server %s answers again.", self._primary.__class__.__name__)

    # --- Django's cache API: each call goes to the primary, or to the fallback while it is down -----

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout=timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default=default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta=delta, version=version)

    def decr(self, key, delta=1, version=None):
        return self._call("decr", key, delta=delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout=timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version)

    def clear(self):
        self._fallback.clear()
        return self._call("clear")

    def close(self, **kwargs):
        try:
            self._primary.close(**kwargs)
        except self._errors:
            pass  # closing a connection to a dead server: nothing left to release
