"""Portal reads from a read replica, everything else from the primary. The replica is a second connection
to the test database (what Django's TEST {"MIRROR": "default"} sets up for a configured replica), so the
test sees which connection each page's queries went to."""

import copy

import pytest
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.core import db_router
from gongkai.disclosures.models import Disclosure

# the aliases exist before each test starts, so Django's test case lets it use them
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica1", "replica_down"])


@pytest.fixture(scope="module", autouse=True)
def aliases(django_db_setup):
    """replica1: a second connection to the test database (a mirror, as Django's TEST {"MIRROR": …} makes
    it); replica_down: a replica whose server does not answer."""
    default = connections["default"].settings_dict
    mirror = {**copy.deepcopy(default), "TEST": {**default["TEST"], "MIRROR": "default"}}
    connections.settings["replica1"] = mirror
    if default["ENGINE"].endswith("postgresql"):
        down = {**copy.deepcopy(mirror), "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": {"connect_timeout": 1}}
    else:
        down = {**copy.deepcopy(mirror), "NAME": "/nonexistent/directory/replica.sqlite3"}
    connections.settings["replica_down"] = down
    yield
    for alias in ("replica1", "replica_down"):
        connections[alias].close()
        del connections[alias]
        del connections.settings[alias]


@pytest.fixture
def replica(settings):
    settings.GONGKAI_DB_REPLICAS = ["replica1"]
    db_router._down_until.clear()
    yield "replica1"
    db_router._down_until.clear()


def queries(path: str, client: Client | None = None) -> tuple[int, int, int]:
    """(status, queries on the primary, queries on the replica) of one GET."""
    client = client or Client()
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica1"]) as replica:
        status = client.get(path).status_code
    return status, len(primary), len(replica)


def test_anonymous_portal_pages_are_read_from_the_replica(replica, draft_factory):
    draft_factory()
    for path in (reverse("portal:home"), reverse("portal:list"), reverse("portal:list") + "?unit=DEPT-A",
                 reverse("portal:units")):
        status, on_primary, on_replica = queries(path)
        assert status == 200 and on_replica > 0 and on_primary == 0, path


def test_staff_pages_the_api_and_request_tracking_read_the_primary(replica, staff):
    staff_client = Client()
    staff_client.force_login(staff["op_a"])
    status, on_primary, on_replica = queries(reverse("console:home"), staff_client)
    assert status == 200 and on_primary > 0 and on_replica == 0
    # a member of staff (a session) looking at the portal sees what they have just published
    status, on_primary, on_replica = queries(reverse("portal:list"), staff_client)
    assert status == 200 and on_primary > 0 and on_replica == 0
    # the public API and the tracking of a request (a citizen who has just applied) read the primary
    for path in ("/api/v1/public/disclosures", reverse("portal:request_track"), reverse("portal:request_apply")):
        status, on_primary, on_replica = queries(path)
        assert status == 200 and on_replica == 0, path


def test_writes_and_reads_in_a_transaction_go_to_the_primary(replica, draft_factory):
    item = draft_factory()
    with db_router.replica_reads() as alias:
        assert alias == "replica1"
        assert Disclosure.objects.db == "replica1"
        with transaction.atomic():
            assert Disclosure.objects.db == "default"
            Disclosure.objects.filter(pk=item.pk).update(title="改")
    assert Disclosure.objects.db == "default"
    router = db_router.ReplicaRouter()
    assert router.db_for_write(Disclosure) == "default"
    assert router.allow_migrate("default", "disclosures") and not router.allow_migrate("replica1", "disclosures")


def test_a_replica_that_is_down_is_skipped_and_the_primary_answers(settings, draft_factory, caplog):
    # given a replica whose server does not answer
    settings.GONGKAI_DB_REPLICAS = ["replica_down"]
    db_router._down_until.clear()
    draft_factory()
    # when visitors open the portal: the pages come from the primary, the problem is logged once
    with CaptureQueriesContext(connections["default"]) as primary:
        assert Client().get(reverse("portal:list")).status_code == 200
        assert Client().get(reverse("portal:home")).status_code == 200
    assert len(primary) > 0
    warnings = [r for r in caplog.records if "只读副本 replica_down 无法连接" in r.getMessage()]
    assert len(warnings) == 1  # then left out for GONGKAI_REPLICA_RETRY_SECONDS, not tried on every page
    db_router._down_until.clear()
