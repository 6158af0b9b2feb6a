"""Records for report tests, written straight to the database (not through the request services, which
the reports only read)."""

import datetime as dt
import itertools

import factory

from gongkai.disclosures.models import Disclosure, Term
from gongkai.foi.models import Appeal, InfoRequest

_numbers = itertools.count(1)


class InfoRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InfoRequest

    number = factory.LazyFunction(lambda: f"T-{next(_numbers):07d}")
    query_code_digest = factory.LazyFunction(lambda: InfoRequest.digest_of("ABCD1234"))
    original_unit = factory.SelfAttribute("unit")
    channel = "online"
    received_on = dt.date(2021, 3, 1)
    receipt_basis = "both_confirmed"
    applicant_type = "natural_person"
    applicant_name = "张三"
    id_type = "resident_id"
    id_number = "330211199001011234"
    description = "申请公开某地块征收补偿方案。"
    delivery_form = "electronic"
    delivery_way = "email"
    # closed_on: the reply delivered (办结); replied_on: the reply issued, the same day unless given
    closed_on = None
    replied_on = factory.LazyAttribute(lambda o: o.closed_on)
    status = factory.LazyAttribute(lambda o: "closed" if o.closed_on else "replied" if o.replied_on else "processing")
    outcome = factory.LazyAttribute(lambda o: "disclosed" if o.replied_on else "")
    reply_kind = factory.LazyAttribute(lambda o: "disclose" if o.replied_on else "")
    on_time = factory.LazyAttribute(lambda o: True if o.replied_on else None)


class AppealFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Appeal

    kind = "reconsideration"
    after_reconsideration = False
    filed_on = dt.date(2021, 6, 1)
    result = "pending"
    decided_on = None


def normative(unit, *, written_on, kind="normative", validity="valid", changed_on=None, published_on=None,
              status="draft", **fields) -> Disclosure:
    """A 规章 / 行政规范性文件 in the register (any status)."""
    topic = Term.objects.get(vocabulary="topic", code="02")
    genre = Term.objects.get(vocabulary="genre", code="notice")
    return Disclosure.objects.create(
        unit=unit, index_number=f"{unit.code}/N-{next(_numbers):07d}", title="关于印发《测试办法》的通知",
        written_on=written_on, published_on=published_on, status=status, topic=topic, genre=genre,
        normative_kind=kind, validity=validity, validity_changed_on=changed_on, **fields)


def item(unit, *, published_on, channels=("website",), status="published", mode="proactive", **fields):
    topic = Term.objects.get(vocabulary="topic", code="02")
    genre = Term.objects.get(vocabulary="genre", code="notice")
    return Disclosure.objects.create(
        unit=unit, index_number=f"{unit.code}/I-{next(_numbers):07d}", title="工作动态", written_on=published_on,
        published_on=published_on, status=status, disclosure_mode=mode, topic=topic, genre=genre,
        channels=list(channels), **fields)
