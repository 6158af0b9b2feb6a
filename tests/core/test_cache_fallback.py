"""CACHE_URL=redis://…: the shared cache in production, and the site keeps working when Redis is down
(gongkai.core.cache.FailSafeCache).

The happy path uses the Redis on 127.0.0.1:6379 (database 13); tests needing it skip where none runs
unless GONGKAI_REQUIRE_REDIS=1 (CI). "Redis down" is a port nobody listens on, or a socket that accepts
connections and never answers.
"""

import logging
import os
import socket

import pytest
import redis
from django.core.cache import cache, caches
from django.urls import reverse

from gongkai.config.settings import cache_from_url
from gongkai.core.antiabuse import (
    HumanCheckFailed,
    RateLimited,
    challenge_issue,
    challenge_verify,
    rate_check,
    rate_limit,
)
from gongkai.core.cache import FailSafeCache
from gongkai.workdays.calendar import add_workdays

LIVE_REDIS = "redis://127.0.0.1:6379/13"
WARNING = "Cache server RedisCache unreachable"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.25).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def live_redis(settings):
    if not _redis_answers():
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": cache_from_url(LIVE_REDIS)}
    cache.clear()
    return redis.Redis.from_url(LIVE_REDIS)


@pytest.fixture
def dead_redis(settings):
    """A Redis URL on a port that was free a moment ago (a fresh one per test, so each test sees its
    own first failure and its own warning)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {"default": cache_from_url(url)}
    return url


def warnings_of(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "gongkai.core.cache" and r.levelno == logging.WARNING]


# --- configuration -----------------------------------------------------------------------------------


def test_a_redis_url_configures_the_fail_safe_cache_with_short_timeouts_and_no_retries():
    config = cache_from_url("redis://cache.internal:6379/0")
    assert config["BACKEND"] == "gongkai.core.cache.FailSafeCache"
    assert config["PRIMARY"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/0"
    assert config["OPTIONS"]["socket_connect_timeout"] == 0.25
    assert config["OPTIONS"]["socket_timeout"] == 0.5
    assert config["OPTIONS"]["retry"].get_retries() == 0


def test_the_default_cache_is_process_memory_and_sessions_live_in_the_database(settings):
    assert cache_from_url("")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"


# --- Redis up ----------------------------------------------------------------------------------------


def test_with_redis_up_values_are_shared_through_redis(live_redis, caplog):
    assert isinstance(caches["default"], FailSafeCache)
    cache.set("shared", "值", timeout=60)
    assert cache.get("shared") == "值"
    assert cache.add("counter", 0) and cache.incr("counter") == 1
    assert any(key.endswith(b"shared") for key in live_redis.keys("*"))  # really in Redis
    assert not cache.degraded and not warnings_of(caplog)


def test_with_redis_up_rate_limits_are_counted_in_redis(live_redis):
    assert [rate_limit("ip:1", 2, 60) for _ in range(3)] == [True, True, False]
    assert any(b"antiabuse:rate:ip:1" in key for key in live_redis.keys("*"))


# --- Redis down --------------------------------------------------------------------------------------


def test_with_redis_down_the_cache_answers_from_memory_and_warns_once(dead_redis, caplog):
    cache.set("key", "value")
    assert cache.get("key") == "value"
    assert cache.add("n", 0) and cache.incr("n") == 1
    with pytest.raises(ValueError):
        cache.incr("missing")  # the cache API's own errors still reach the caller
    for _ in range(20):
        cache.get("key")
    assert cache.degraded
    [warning] = warnings_of(caplog)
    assert "缓存服务器不可用" in warning.getMessage() and "ConnectionError" in warning.getMessage()


def test_a_silent_redis_times_out_and_the_cache_falls_back(settings, caplog):
    # given a server that accepts connections and never answers
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        config = cache_from_url(f"redis://127.0.0.1:{silent.getsockname()[1]}/0")
        config["OPTIONS"].update(socket_connect_timeout=0.1, socket_timeout=0.1)
        settings.CACHES = {"default": config}
        # when
        cache.set("key", "value")
        # then the read timed out once and everything after is answered from memory
        assert cache.get("key") == "value" and cache.degraded
    [warning] = warnings_of(caplog)
    assert "TimeoutError" in warning.getMessage()


def test_with_redis_down_rate_limits_still_limit_in_this_process(dead_redis, caplog, rf, settings):
    settings.GONGKAI_RATE_TRACK = (2, 3600)
    request = rf.get("/", REMOTE_ADDR="203.0.113.9")
    rate_check("TRACK", request)
    rate_check("TRACK", request)
    with pytest.raises(RateLimited):
        rate_check("TRACK", request)
    assert len(warnings_of(caplog)) == 1


def test_with_redis_down_a_challenge_is_still_accepted_once(dead_redis):
    challenge = challenge_issue(purpose="foi.apply", difficulty=1)
    nonce = next(str(n) for n in range(1000) if _pow_ok(challenge.token, str(n)))
    challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")
    with pytest.raises(HumanCheckFailed, match="已使用过"):
        challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")


def _pow_ok(token: str, nonce: str) -> bool:
    from gongkai.core.antiabuse import pow_valid

    return pow_valid(token, nonce, 1)


def test_with_redis_down_working_days_are_counted(dead_redis, db):
    import datetime as dt

    assert add_workdays(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 30)


def test_with_redis_down_the_public_pages_and_logins_answer(dead_redis, client, staff, caplog):
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get(reverse("portal:request_apply")).status_code == 200

    response = client.post(reverse("console:login"), {"username": "op_a", "password": "Gongkai#2026"})
    assert response.status_code == 302 and response["Location"] == reverse("console:home")
    assert client.get(reverse("console:home")).status_code == 200

    response = client.post("/api/v1/auth/token", {"username": "op_a", "password": "Gongkai#2026"},
                           content_type="application/json")
    assert response.status_code == 200 and response.json()["token"]

    assert len(warnings_of(caplog)) == 1  # one warning, not one per request


def test_when_redis_answers_again_the_cache_goes_back_to_it(live_redis, caplog):
    # given a cache whose fallback period is over as soon as it starts
    caplog.set_level(logging.INFO, logger="gongkai.core.cache")
    params = {key: value for key, value in cache_from_url(LIVE_REDIS).items() if key not in ("BACKEND", "LOCATION")}
    failsafe = FailSafeCache(LIVE_REDIS, {**params, "FALLBACK_SECONDS": 0})
    failsafe.set("key", "in redis")
    failsafe._fall_back(redis.ConnectionError("connection reset"))
    # when the next call reaches Redis
    assert failsafe.get("key") == "in redis"
    # then the outage is over and said so
    assert not failsafe.degraded
    assert any("answers again" in r.getMessage() for r in caplog.records if r.name == "gongkai.core.cache")
