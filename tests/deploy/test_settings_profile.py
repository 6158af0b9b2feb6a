"""The production settings derived from the environment: pooled PostgreSQL connections, sessions that
survive a Redis outage."""

import json
import os
import subprocess
import sys

import pytest
import redis
from django.urls import reverse

from gongkai.config.settings import cache_from_url

PASSWORD = "Gongkai#2026"  # the staff fixture's
LIVE_REDIS = "redis://127.0.0.1:6379/13"


def _redis_answers() -> bool:
    try:
        return bool(redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.25).ping())
    except redis.RedisError:
        return False


def _settings_under(**env: str) -> dict:
    code = ("import json; from gongkai.config import settings as s; "
            "db = s.DATABASES['default']; "
            "print(json.dumps({'session': s.SESSION_ENGINE, 'max_age': db.get('CONN_MAX_AGE'), "
            "'pool': db.get('OPTIONS', {}).get('pool'), 'proxy_ssl': getattr(s, 'SECURE_PROXY_SSL_HEADER', None)}))")
    base = {key: value for key, value in os.environ.items()
            if not key.startswith(("DATABASE_", "CACHE_URL", "GONGKAI_TRUSTED"))}
    out = subprocess.run([sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_postgresql_connections_are_pooled_when_a_pool_size_is_given():
    pooled = _settings_under(DATABASE_URL="postgres://gk@db:5432/gongkai", DATABASE_POOL_MAX="3",
                             DATABASE_POOL_TIMEOUT="4")
    assert pooled["pool"] == {"min_size": 1, "max_size": 3, "timeout": 4.0}
    assert pooled["max_age"] == 0  # the pool keeps the connections, Django must not

    plain = _settings_under(DATABASE_URL="postgres://gk@db:5432/gongkai")
    assert plain["pool"] is None and plain["max_age"] == 60


def test_sessions_go_through_redis_with_the_database_behind_it():
    assert _settings_under(CACHE_URL="redis://127.0.0.1:6379/0")["session"] == (
        "django.contrib.sessions.backends.cached_db")
    assert _settings_under()["session"] == "django.contrib.sessions.backends.db"


def test_behind_one_proxy_its_scheme_is_trusted():
    assert _settings_under(GONGKAI_TRUSTED_PROXIES="1")["proxy_ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert _settings_under()["proxy_ssl"] is None


def test_staff_stay_signed_in_when_redis_goes_down(db, client, settings, staff):
    if not _redis_answers():
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    # given a person signed in while Redis answers
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.CACHES = {"default": cache_from_url(LIVE_REDIS)}
    assert client.login(username="op_a", password=PASSWORD)
    assert client.get(reverse("console:home")).status_code == 200

    # when Redis stops answering (a port nobody listens on)
    settings.CACHES = {"default": cache_from_url("redis://127.0.0.1:9/0")}

    # then the session is read from the database: still signed in
    response = client.get(reverse("console:home"))
    assert response.status_code == 200
    assert response.wsgi_request.user.username == "op_a"
