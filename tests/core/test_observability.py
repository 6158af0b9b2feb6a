"""Structured JSON logs with a request id, and the Prometheus page: what an operator's tools will parse."""

import datetime as dt
import io
import json
import logging

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from gongkai.core.logging import JsonFormatter, RequestContextFilter
from gongkai.notify.models import Message


@pytest.fixture
def json_lines(settings):
    """The lines the JSON formatter writes for every gongkai / django logger during the test, parsed."""
    settings.GONGKAI_ACCESS_LOG = True
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    loggers = [logging.getLogger(name) for name in ("gongkai", "django.request")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.addHandler(handler)
        lg.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    for lg, level in zip(loggers, levels, strict=True):
        lg.removeHandler(handler)
        lg.setLevel(level)


def access(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "gongkai.request"]


def test_each_request_writes_one_json_access_line_with_its_id(json_lines, db):
    response = Client().get(reverse("portal:list"), {"q": "13812345678"})
    (line,) = access(json_lines())
    assert response["X-Request-ID"] == line["request_id"] and len(line["request_id"]) == 32
    assert (line["level"], line["method"], line["path"], line["status"]) == ("INFO", "GET", "/list/", 200)
    assert line["view"] == "portal:list" and "user_id" not in line  # nobody signed in
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] >= 0
    stamp = dt.datetime.fromisoformat(line["timestamp"])
    assert stamp.utcoffset() == dt.timedelta(hours=8)  # Asia/Shanghai, with the zone written out
    assert stamp.date() == dt.date(2026, 11, 27)  # the test's clock
    assert "13812345678" not in json.dumps(json_lines())  # the query string is never logged


def test_an_incoming_request_id_is_kept_and_a_strange_one_replaced(json_lines, db):
    kept = Client().get(reverse("portal:home"), headers={"X-Request-ID": "nginx-5f2c9a0e1b"})
    replaced = Client().get(reverse("portal:home"), headers={"X-Request-ID": "<script>\n"})
    first, second = access(json_lines())
    assert kept["X-Request-ID"] == first["request_id"] == "nginx-5f2c9a0e1b"
    assert replaced["X-Request-ID"] == second["request_id"] != "<script>\n"


def test_the_access_line_names_the_member_of_staff_never_their_password(json_lines, staff):
    client = Client()
    client.post(reverse("console:login"), {"username": "op_a", "password": "Gongkai#2026"})
    client.get(reverse("console:home"))
    lines = access(json_lines())
    assert lines[-1]["user_id"] == staff["op_a"].pk and lines[-1]["path"] == "/console/"
    assert "Gongkai#2026" not in json.dumps(json_lines()) and "op_a" not in json.dumps(lines)


def test_personal_data_in_a_message_is_masked_and_lines_of_a_request_share_its_id(json_lines, db):
    logging.getLogger("gongkai.test").warning("申请人 11010519491231002X 电话 13812345678 提交失败")
    (line,) = [x for x in json_lines() if x["logger"] == "gongkai.test"]
    assert line["message"] == "申请人 [身份证号] 电话 [手机号] 提交失败" and "request_id" not in line
    # a server error: the error log line and the access line carry the same request id
    client = Client(raise_request_exception=False)
    client.get("/api/v1/public/disclosures/not-a-number")
    ids = {x["request_id"] for x in json_lines() if x["logger"] in {"gongkai.request", "django.request"}}
    assert len(ids) == 1


def test_log_format_json_configures_the_formatter(monkeypatch):
    import importlib

    from gongkai.config import settings as module

    monkeypatch.setenv("LOG_FORMAT", "json")
    reloaded = importlib.reload(module)
    try:
        assert reloaded.LOGGING["handlers"]["console"]["formatter"] == "json"
        assert reloaded.GONGKAI_ACCESS_LOG is True
    finally:
        monkeypatch.delenv("LOG_FORMAT")
        importlib.reload(module)


# --- /metrics ----------------------------------------------------------------------------------------


def scrape(client: Client | None = None, **extra) -> dict:
    response = (client or Client()).get("/metrics", **extra)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[sample.name, tuple(sorted(sample.labels.items()))] = sample.value
    return samples


def value(samples: dict, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_requests_are_counted_by_view_and_status_with_latency_and_queries(db):
    before = scrape()
    client = Client()
    client.get(reverse("portal:list"))
    client.get(reverse("portal:list"))
    client.get("/no-such-page/")
    after = scrape()
    ok = dict(view="portal:list", method="GET", status="200")
    assert value(after, "gongkai_http_requests_total", **ok) - value(before, "gongkai_http_requests_total", **ok) == 2
    missing = dict(view="unresolved", method="GET", status="404")
    assert value(after, "gongkai_http_requests_total", **missing) - value(
        before, "gongkai_http_requests_total", **missing) == 1
    count = "gongkai_http_request_duration_seconds_count"
    assert value(after, count, view="portal:list") - value(before, count, view="portal:list") == 2
    queries = "gongkai_http_request_db_queries_sum"
    assert value(after, queries, view="portal:list") > value(before, queries, view="portal:list")


def test_the_outbox_and_task_backlog_are_gauges(db):
    Message.objects.create(channel="sms", recipient="13800000000", body="待发送", status="queued")
    Message.objects.create(channel="email", recipient="a@example.com", body="重试", status="failed")
    Message.objects.create(channel="sms", recipient="13800000001", body="放弃", status="failed",
                           gave_up_at=timezone.now())
    Message.objects.create(channel="sms", recipient="13800000002", body="已发送", status="sent")
    samples = scrape()
    assert value(samples, "gongkai_notify_messages", channel="sms", state="pending") == 1
    assert value(samples, "gongkai_notify_messages", channel="email", state="retrying") == 1
    assert ("gongkai_notify_messages", (("channel", "sms"), ("state", "failed"))) in samples
    assert "13800000000" not in Client().get("/metrics").content.decode()


def test_metrics_are_refused_to_addresses_not_allowed(db, settings):
    refused = Client().get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert refused.status_code == 403 and "无权访问监控指标" in refused.content.decode()
    settings.GONGKAI_METRICS_ALLOW = ["10.0.0.0/8"]
    assert Client().get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
    assert Client().get("/metrics").status_code == 403  # the loopback is no longer in the list


def test_metrics_are_refused_to_a_visitor_coming_through_the_local_proxy(db):
    # nginx on the same machine: the peer is the loopback, the visitor is named in X-Forwarded-For
    proxied = Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7",
                           HTTP_X_REAL_IP="198.51.100.7")
    assert proxied.status_code == 403
    assert Client().get("/metrics", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200


def test_several_workers_add_up_in_multiprocess_mode(tmp_path):
    """Two worker processes count requests into PROMETHEUS_MULTIPROC_DIR; a scrape sums both."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "gongkai.config.settings"}
    count = ("import django; django.setup()\n"
             "from gongkai.core.metrics import REQUESTS\n"
             "REQUESTS.labels('portal:home', 'GET', '200').inc(3)\n")
    for _ in range(2):
        subprocess.run([sys.executable, "-c", count], env=env, check=True)
    scrape_code = ("import django; django.setup()\n"
                   "from gongkai.core.metrics import metrics_text\n"
                   "import sys; sys.stdout.write(metrics_text(backlog=False).decode())\n")
    text = subprocess.run([sys.executable, "-c", scrape_code], env=env, check=True, capture_output=True,
                          text=True).stdout
    assert 'gongkai_http_requests_total{method="GET",status="200",view="portal:home"} 6.0' in text
