"""Shared fixtures: a small unit tree with staff in every role, and helpers to draft items.

Tree: GOV (government) ├── DEPT-A (department) └── DEPT-B (department)
Staff: op_a / rev_a / app_a / app_a2 in DEPT-A, op_b / app_b in DEPT-B, coord (coordinator of GOV).
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from gongkai.orgs.models import Unit
from gongkai.orgs.services import staff_ensure, unit_ensure

PASSWORD = "Gongkai#2026"

# Background tasks run at once, in the process that enqueues them (after the commit), so a test sees
# their effect without a worker. tests/core/test_worker.py runs the database backend and its worker.
settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# The day every test runs on, whatever the machine's calendar says: a working day late in a year whose
# State Council notice is in the calendar. A test that needs another day travels there itself
# (`clock.move_to(...)`). `make test-clock` runs the suite with the machine's clock set years ahead.
TEST_NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture(scope="session", autouse=True)
def _session_clock():
    # fixtures shared by a module (the demo data set) are built on the same day as the tests
    with time_machine.travel(TEST_NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def clock(_session_clock):
    """Every test starts on TEST_NOW; the clock ticks on from there so timestamps still order events."""
    with time_machine.travel(TEST_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # PBKDF2's deliberate slowness protects real logins; tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fee_payment_method(settings):
    # a fee notice says how to pay; a deployment sets it (GONGKAI_FEE_PAYMENT_METHOD)
    settings.GONGKAI_FEE_PAYMENT_METHOD = "银行转账（户名：测试区财政局非税收入专户）"


@pytest.fixture(autouse=True)
def private_outbox(settings, tmp_path):
    # the file SMS backend writes here instead of the developer's var/outbox
    settings.GONGKAI_OUTBOX_DIR = tmp_path / "outbox"


@pytest.fixture(autouse=True)
def empty_cache():
    # throttles and the working-day cache live in the cache; no test sees another's
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def units(db):
    gov, _ = unit_ensure(code="GOV", name="测试区人民政府", kind="government")
    a, _ = unit_ensure(code="DEPT-A", name="测试区发展和改革局", parent_code="GOV")
    b, _ = unit_ensure(code="DEPT-B", name="测试区财政局", parent_code="GOV")
    # what every letter needs: the remedies (set by the coordinator) and the office's phone (公开指南)
    Unit.objects.filter(code="GOV").update(reconsideration_body="测试市人民政府", court="测试市中级人民法院",
                                           guide_phone="0574-86000000")
    Unit.objects.filter(code__in=["DEPT-A", "DEPT-B"]).update(
        reconsideration_body="测试区人民政府", court="测试区人民法院", guide_phone="0574-86000001")
    for unit in (gov, a, b):
        unit.refresh_from_db()
    return {"gov": gov, "a": a, "b": b}


@pytest.fixture
def staff(units):
    people = {
        "op_a": [("DEPT-A", "operator")],
        "rev_a": [("DEPT-A", "reviewer")],
        "app_a": [("DEPT-A", "approver")],
        "app_a2": [("DEPT-A", "approver")],
        "op_b": [("DEPT-B", "operator")],
        "app_b": [("DEPT-B", "approver")],
        "coord": [("GOV", "coordinator")],
        # one person who both drafts and approves in DEPT-A: must still not approve their own submission
        "both_a": [("DEPT-A", "operator"), ("DEPT-A", "approver")],
    }
    return {
        name: staff_ensure(username=name, password=PASSWORD, grants=grants, display_name=name)[0]
        for name, grants in people.items()
    }


@pytest.fixture
def draft_factory(staff, units):
    """draft_factory(**fields) drafts an item in DEPT-A as op_a (override unit= / actor=)."""
    from gongkai.disclosures.services import disclosure_create

    def make(*, unit=None, actor=None, **fields):
        values = {"title": "关于印发《测试区征地补偿实施办法》的通知", "topic": "10", "genre": "notice",
                  "body_html": "<p>各街道、镇，区各部门：现将实施办法印发给你们，请认真贯彻执行。</p>",
                  "written_on": "2026-11-02", "category": "art20.01"}
        values.update(fields)
        return disclosure_create(unit=unit or units["a"], actor=actor or staff["op_a"], **values)

    return make


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture
def browser():
    """Debian's chromium driven by Playwright (never a downloaded browser).

    Missing chromium skips the test on a developer machine, but fails it where GONGKAI_REQUIRE_BROWSER=1
    (CI), so browser coverage cannot silently disappear.
    """
    import os

    if not os.path.exists(CHROMIUM):
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is required for browser tests (apt-get install chromium)")
        pytest.skip(f"{CHROMIUM} is not installed")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()


class _SmtpRecorder:
    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 (aiosmtpd); Django's mail goes to it. Yields what it received."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    recorder = _SmtpRecorder()
    controller = Controller(recorder, hostname="127.0.0.1", port=port)
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    settings.DEFAULT_FROM_EMAIL = "gongkai@gov.example.cn"
    yield recorder
    controller.stop()
