"""Publishing never waits on, nor fails with, the task queue: with the Redis tasks backend down the item is
published all the same and the worker's sweep (or `gongkai daily`) indexes it later; with Redis up, the
index task goes through the queue and `gongkai worker` runs it."""

import logging
import os
import socket
from io import StringIO

import pytest
import redis
from django.core.management import call_command

from gongkai.config.settings import rq_queues_from_url
from gongkai.core.worker import sweep
from gongkai.disclosures.taxonomy import Status
from gongkai.search.models import SearchEntry
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db(transaction=True)

LIVE_REDIS = "redis://127.0.0.1:6379/12"


def rq_tasks(settings, url: str) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = rq_queues_from_url(url)


@pytest.fixture
def dead_redis(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    rq_tasks(settings, f"redis://127.0.0.1:{port}/0")


@pytest.fixture
def live_redis(settings):
    client = redis.Redis.from_url(LIVE_REDIS, socket_connect_timeout=0.25)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("GONGKAI_REQUIRE_REDIS") == "1":
            pytest.fail("no Redis on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")
    client.flushdb()
    rq_tasks(settings, LIVE_REDIS)
    yield client
    client.flushdb()


def found(text: str) -> list[int]:
    return [r.id for r in search(q=text).results]


def test_with_the_task_queue_down_publishing_succeeds_and_the_sweep_indexes(
    draft_factory, publish, dead_redis, caplog
):
    caplog.set_level(logging.WARNING, logger="gongkai.core.tasks")

    item = publish(draft_factory(title="关于开展城乡居民医疗保险集中参保工作的通知"))

    assert item.status == Status.PUBLISHED
    assert not SearchEntry.objects.filter(pk=item.pk).exists()
    assert any("index_update_task" in r.getMessage() for r in caplog.records)

    assert sweep()["search"] == "补建索引 1 条"
    assert found("医疗保险") == [item.pk]
    assert sweep()["search"] == "补建索引 0 条"


def test_the_daily_run_catches_up_an_edit_whose_task_was_lost(draft_factory, publish, dead_redis):
    item = publish(draft_factory(title="关于开展城乡居民医疗保险集中参保工作的通知"))
    sweep()
    assert found("医疗保险") == [item.pk]

    # an edit whose task never reached the queue: the index is older than the item
    item.title = "关于开展城乡居民养老保险集中参保工作的通知"
    item.save()
    assert found("养老保险") == []

    out = StringIO()
    call_command("daily", "--only", "search", stdout=out)
    assert "补建索引 1 条" in out.getvalue()
    assert found("养老保险") == [item.pk]


def test_with_redis_up_the_index_task_goes_through_the_queue(draft_factory, publish, live_redis):
    item = publish(draft_factory(title="关于开展城乡居民医疗保险集中参保工作的通知"))
    assert live_redis.llen("rq:queue:default") == 1
    assert found("医疗保险") == []

    call_command("worker", "--batch", "--sweep-every", "0", stdout=StringIO())

    assert found("医疗保险") == [item.pk]
    assert live_redis.llen("rq:queue:default") == 0
