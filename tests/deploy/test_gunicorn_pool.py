"""The web tier's database connections are bounded: gunicorn workers × DATABASE_POOL_MAX, whatever the load."""

import os
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from django.db import connection

from .servers import DEPLOY, database_url_of, gunicorn

APP_NAME = "gongkai-pool-test"



def _sample_connections(dsn: dict, stop: threading.Event, peaks: list[int]) -> None:
    with psycopg.connect(**dsn, autocommit=True) as probe:
        while not stop.is_set():
            count = probe.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND application_name = %s",
                [dsn["dbname"], APP_NAME],
            ).fetchone()[0]
            peaks.append(count)
            time.sleep(0.005)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the pool is PostgreSQL's")
def test_a_burst_of_requests_never_opens_more_connections_than_the_pools_allow(transactional_db, tmp_path):
    # given two workers of eight threads each, and a pool of two connections per worker
    settings_dict = connection.settings_dict
    env = {
        "DATABASE_URL": database_url_of(settings_dict, application_name=APP_NAME),
        "GUNICORN_WORKERS": "2", "GUNICORN_THREADS": "8", "DATABASE_POOL_MAX": "2",
        "DATABASE_POOL_TIMEOUT": "20", "DATABASE_MAX_CONNECTIONS": "4",
    }
    dsn = {"dbname": settings_dict["NAME"], "user": settings_dict["USER"] or "postgres",
           "host": settings_dict["HOST"] or "127.0.0.1", "port": settings_dict["PORT"] or "5432",
           "password": settings_dict["PASSWORD"] or None}
    with gunicorn(env, tmp_path=tmp_path) as base:
        stop, peaks = threading.Event(), []
        sampler = threading.Thread(target=_sample_connections, args=(dsn, stop, peaks))
        sampler.start()

        # when 32 clients at once ask for pages that read the database
        def fetch(n: int) -> int:
            path = ("/", "/list/", "/units/", "/readyz")[n % 4]
            with urllib.request.urlopen(f"{base}{path}", timeout=30) as response:  # noqa: S310
                return response.status

        try:
            with ThreadPoolExecutor(max_workers=32) as clients:
                statuses = list(clients.map(fetch, range(192)))
        finally:
            stop.set()
            sampler.join()

    # then every request is answered, and PostgreSQL never saw more than 2 × 2 connections of the web tier
    assert statuses == [200] * 192
    assert 1 <= max(peaks) <= 4, max(peaks)


def _gunicorn_config(**env: str) -> subprocess.CompletedProcess:
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "GUNICORN_"))}
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", f"exec(open({str(DEPLOY / 'gunicorn.conf.py')!r}).read()); import os; "
                              "print(workers, threads, os.environ['DATABASE_POOL_MAX'])"],
        env={**environment, **env}, capture_output=True, text=True, check=False,
    )


def test_the_pool_is_fitted_to_the_connection_budget_and_an_excess_refuses_to_start():
    fitted = _gunicorn_config(GUNICORN_WORKERS="5", GUNICORN_THREADS="4", DATABASE_MAX_CONNECTIONS="12")
    assert fitted.stdout.split() == ["5", "4", "2"]

    refused = _gunicorn_config(GUNICORN_WORKERS="5", DATABASE_POOL_MAX="4", DATABASE_MAX_CONNECTIONS="12")
    assert refused.returncode != 0
    assert "超过 DATABASE_MAX_CONNECTIONS=12" in refused.stderr
