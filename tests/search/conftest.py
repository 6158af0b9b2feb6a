"""Fixtures of the search tests: items published through the real review workflow, with the commit
hooks run (so the index task runs, as it does after a real commit)."""

import pytest
from search_corpus import DOCUMENTS, seed_report

from gongkai.reviews.services import disclosure_approve, disclosure_review, disclosure_submit


@pytest.fixture
def publish(staff, django_capture_on_commit_callbacks):
    """publish(item) takes a DEPT-A draft through submit → review → approve and runs the commit hooks."""

    def run(item):
        with django_capture_on_commit_callbacks(execute=True):
            disclosure_submit(disclosure=item, actor=staff["op_a"])
            disclosure_review(disclosure=item, actor=staff["rev_a"], passed=True)
            disclosure_approve(disclosure=item, actor=staff["app_a"], approved=True)
        item.refresh_from_db()
        return item

    return run


@pytest.fixture
def corpus(draft_factory, publish):
    """Every document of the relevance set, published; key → Disclosure."""
    items = {}
    for key, (title, doc_number, paragraphs, topic, genre) in DOCUMENTS.items():
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        items[key] = publish(draft_factory(title=title, doc_number=doc_number, body_html=body, topic=topic,
                                           genre=genre, written_on="2014-06-30"))
    title, body = seed_report()
    items["report"] = publish(draft_factory(title=title, body_html=body, topic="02", genre="report",
                                            category="", written_on="2015-03-20"))
    return items
