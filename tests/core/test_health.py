"""GET /healthz (the process answers) and GET /readyz (database, cache, migrations)."""

import logging
import os
import socket

import pytest
import redis

from gongkai.config.settings import cache_from_url
from gongkai.core import health

LIVE_REDIS = "redis://127.0.0.1:6379/13"


@pytest.fixture
def dead_redis(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {"default": cache_from_url(f"redis://127.0.0.1:{port}/0")}


def test_healthz_answers_without_database_cache_or_login(client, dead_redis, caplog):
    response = client.get("/healthz")  # no db fixture: any query would raise
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert not [r for r in caplog.records if r.name == "gongkai.core.cache"]  # the cache was not touched


def test_readyz_reports_each_check_with_its_time(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and "reason" not in body
    assert set(body["checks"]) == {"database", "cache", "migrations"}
    for check in body["checks"].values():
        assert check["status"] == "ok" and isinstance(check["ms"], int | float) and check["ms"] >= 0


def test_readyz_with_redis_up(client, db, settings):
    try:
        redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.25).ping()
    except redis.RedisError:
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            raise
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {"default": cache_from_url(LIVE_REDIS)}
    response = client.get("/readyz")
    assert response.status_code == 200 and response.json()["checks"]["cache"]["status"] == "ok"


def test_readyz_with_redis_down_is_degraded_but_ready(client, db, dead_redis):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["cache"]["status"] == "degraded"
    assert body["checks"]["database"]["status"] == "ok"


def test_readyz_answers_503_with_the_reason_when_a_check_fails(client, db, monkeypatch, caplog):
    def database_down():
        raise health.CheckFailed("数据库不可用 (database unavailable: OperationalError)")

    monkeypatch.setitem(health.CHECKS, "database", database_down)
    with caplog.at_level(logging.WARNING, logger="gongkai.core.health"):
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "failed" and body["checks"]["database"]["status"] == "failed"
    assert body["reason"] == "数据库不可用 (database unavailable: OperationalError)"
    assert body["checks"]["cache"]["status"] == "ok"


def test_the_probes_answer_get_only(client, db):
    assert client.post("/healthz").status_code == 405
    assert client.post("/readyz").status_code == 405
