"""The maintained counts of published items stay equal to a live count through every change."""

import datetime as dt
import random
import threading
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections

from gongkai.disclosures.counts import (
    CountKey,
    count_key,
    live_counts,
    public_count_change,
    public_counts_diff,
    public_counts_rebuild,
    stored_counts,
)
from gongkai.disclosures.models import Disclosure, PublicCount, Term
from gongkai.disclosures.services import disclosure_update
from gongkai.disclosures.taxonomy import Status
from gongkai.reviews.services import (
    disclosure_approve,
    disclosure_reopen,
    disclosure_review,
    disclosure_submit,
    disclosure_withdraw,
)

TOPICS, GENRES = ("04", "05", "10"), ("notice", "announcement", "opinion")
CATEGORIES = ("art20.01", "art20.07", "")


def _fields(rng: random.Random) -> dict:
    fields = {"topic": rng.choice(TOPICS), "genre": rng.choice(GENRES), "category": rng.choice(CATEGORIES),
              "validity": "valid", "validity_changed_on": None}
    if rng.random() < 0.3:
        fields.update(validity="repealed", validity_changed_on="2026-11-10")
    return fields


@pytest.fixture
def publish(staff):
    def run(item):
        disclosure_submit(disclosure=item, actor=staff["op_a"])
        disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
        return disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)

    return run


def test_a_random_sequence_of_publications_withdrawals_and_edits_keeps_the_counts(
        draft_factory, publish, staff, clock):
    rng = random.Random(20261127)
    published: list[Disclosure] = []
    withdrawn: list[Disclosure] = []
    done = Counter()
    for step in range(45):
        action = rng.choice(["publish", "publish", "withdraw", "edit", "year"])
        if action == "publish":
            published.append(publish(draft_factory(title=f"第{step}号通知", **_fields(rng))))
        elif action == "withdraw" and published:
            item = published.pop(rng.randrange(len(published)))
            withdrawn.append(disclosure_withdraw(disclosure=item, actor=staff["app_a"], reason="内容有误"))
        elif action == "edit" and withdrawn:
            # a published item is corrected by withdrawing, editing the draft and publishing it again
            item = withdrawn.pop(rng.randrange(len(withdrawn)))
            item = disclosure_reopen(disclosure=item, actor=staff["op_a"])
            item = disclosure_update(disclosure=item, actor=staff["op_a"], **_fields(rng))
            published.append(publish(item))
        elif action == "year":  # publications of a later year count in that year
            clock.move_to(dt.datetime(2027 + step % 3, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
        else:
            continue
        done[action] += 1
        assert public_counts_diff() == {}, f"step {step}: {action}"

    assert sum(stored_counts().values()) == len(published) == Disclosure.objects.filter(
        status=Status.PUBLISHED).count()
    assert len({key.year for key in stored_counts()}) > 1
    assert min(done[action] for action in ("publish", "withdraw", "edit", "year")) >= 3, done


def test_moving_an_item_between_rows_keeps_every_total(draft_factory, publish):
    item = publish(draft_factory(topic="04", category="art20.07"))
    before = count_key(item)
    item.topic_id, item.category = Term.objects.get(vocabulary="topic", code="05").pk, "art20.01"

    public_count_change(before, count_key(item))
    item.save()

    assert public_counts_diff() == {}
    assert PublicCount.objects.get(**before._asdict()).count == 0  # an emptied row may stay


def test_check_reports_a_difference_and_rebuild_repairs_it(draft_factory, publish, capsys):
    publish(draft_factory())
    call_command("counts", "--check")
    PublicCount.objects.update(count=5)

    with pytest.raises(CommandError, match="不一致"):
        call_command("counts", "--check")
    call_command("counts", "--rebuild")

    call_command("counts", "--check")
    assert "计数表与目录一致" in capsys.readouterr().out
    assert stored_counts() == live_counts()


def test_rebuild_counts_items_loaded_in_bulk(draft_factory, publish):
    item = publish(draft_factory())
    Disclosure.objects.filter(pk=item.pk).update(status=Status.WITHDRAWN)  # a path that bypasses the services

    assert public_counts_rebuild() == 0
    assert stored_counts() == {}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks and savepoints under concurrency")
@pytest.mark.django_db(transaction=True)
def test_concurrent_publications_into_a_new_row_both_count(draft_factory, staff):
    # given two approved-ready items that count in the same, not yet existing row
    items = []
    for n in range(2):
        item = draft_factory(title=f"同时发布{n}", topic="04", genre="opinion", category="art20.07")
        disclosure_submit(disclosure=item, actor=staff["op_a"])
        items.append(disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True))
    approvers = [staff["app_a"], staff["app_a2"]]
    start, errors = threading.Barrier(2), []

    def approve(n):
        try:
            start.wait()
            disclosure_approve(disclosure=items[n], actor=approvers[n], approved=True)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    # when both are approved at the same moment
    threads = [threading.Thread(target=approve, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then both publications count
    assert errors == []
    key = count_key(Disclosure.objects.get(pk=items[0].pk))
    assert isinstance(key, CountKey)
    assert PublicCount.objects.get(**key._asdict()).count == 2
    assert public_counts_diff() == {}
