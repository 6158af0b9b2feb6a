"""Response shapes shared by the staff and public disclosure endpoints."""

import datetime as dt

from django.urls import reverse
from ninja import Schema

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import NormativeKind


class AttachmentOut(Schema):
    id: int
    name: str
    kind: str
    size: int
    url: str | None


class DisclosurePublicOut(Schema):
    """The national metadata of a published item."""

    id: int
    unit: str
    unit_name: str
    index_number: str
    title: str
    summary: str
    doc_number: str
    written_on: dt.date | None
    published_on: dt.date | None
    topic: str
    topic_name: str
    genre: str
    genre_name: str
    category: str
    disclosure_mode: str
    validity: str
    effective_on: dt.date | None
    validity_changed_on: dt.date | None
    normative_kind: str
    is_normative: bool
    channels: list[str]
    url: str


class DisclosurePublicDetailOut(DisclosurePublicOut):
    body_html: str
    attachments: list[AttachmentOut]
    interprets: list[int]
    interpretations: list[int]


class FindingOut(Schema):
    id: int
    kind: str
    source: str
    excerpt: str
    masked: str
    status: str
    resolved: bool
    reason: str


class EventOut(Schema):
    at: dt.datetime
    actor: str | None
    action: str
    opinion: str
    data: dict


class DisclosureStaffOut(DisclosurePublicDetailOut):
    status: str
    changed_on: dt.date | None
    non_disclosure_reason: str
    publish_due: dt.date | None
    publish_due_provisional: bool
    withdrawn_reason: str
    findings: list[FindingOut]
    events: list[EventOut]


def public_url(item: Disclosure) -> str:
    return reverse("portal:item", args=[item.pk])


def metadata(item: Disclosure) -> dict:
    return {
        "id": item.pk, "unit": item.unit.code, "unit_name": item.unit.name, "index_number": item.index_number,
        "title": item.title, "summary": item.summary, "doc_number": item.doc_number,
        "written_on": item.written_on, "published_on": item.published_on,
        "topic": item.topic.code, "topic_name": item.topic.name, "genre": item.genre.code,
        "genre_name": item.genre.name, "category": item.category, "disclosure_mode": item.disclosure_mode,
        "validity": item.validity, "effective_on": item.effective_on,
        "validity_changed_on": item.validity_changed_on, "normative_kind": item.normative_kind,
        "is_normative": item.normative_kind != NormativeKind.NONE, "channels": item.channels,
        "url": public_url(item),
    }


def attachments(item: Disclosure, *, public: bool) -> list[dict]:
    return [
        {"id": a.pk, "name": a.name, "kind": a.kind, "size": a.size,
         "url": reverse("portal:attachment", args=[item.pk, a.pk]) if public else None}
        for a in item.attachments.all()
    ]


def public_detail(item: Disclosure, links: dict) -> dict:
    return {
        **metadata(item), "body_html": item.body_html, "attachments": attachments(item, public=True),
        "interprets": [d.pk for d in links["interprets"]],
        "interpretations": [d.pk for d in links["interpretations"]],
    }


def staff_detail(item: Disclosure) -> dict:
    return {
        **metadata(item), "body_html": item.body_html,
        "attachments": attachments(item, public=item.is_public),
        "interprets": list(item.interprets.values_list("pk", flat=True)),
        "interpretations": list(item.interpretations.values_list("pk", flat=True)),
        "status": item.status, "changed_on": item.changed_on,
        "non_disclosure_reason": item.non_disclosure_reason, "publish_due": item.publish_due,
        "publish_due_provisional": item.publish_due_provisional, "withdrawn_reason": item.withdrawn_reason,
        "findings": [
            {"id": f.pk, "kind": f.kind, "source": f.source, "excerpt": f.excerpt, "masked": f.masked,
             "status": f.status, "resolved": f.resolved, "reason": f.reason}
            for f in item.findings.all()
        ],
        "events": [
            {"at": e.at, "actor": e.actor.username if e.actor else None, "action": e.action,
             "opinion": e.opinion, "data": e.data}
            for e in item.events.select_related("actor")
        ],
    }
