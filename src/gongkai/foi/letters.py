"""Numbered letters of a case (答复书, 补正告知书, 延期答复告知书, 第三方意见征询函, 收费通知书, …).

A letter takes the next number of the handling unit for its year (``GONGKAI_LETTER_NUMBER_PATTERN``,
default ``{unit_short}公开〔{year}〕{serial}号``; placeholders ``{unit_short}`` (short name, else name),
``{unit_name}``, ``{unit_code}``, ``{year}``, ``{serial}``), its text from the unit's
:class:`~gongkai.foi.models.LetterTemplate`, else the deployment's edited copy, else the built-in text
(:mod:`gongkai.foi.letter_texts`), and is kept as DOCX and PDF with the case (the PDF rendered by a
background task: :mod:`gongkai.foi.letter_files`).
"""

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q

from gongkai.core import documents
from gongkai.core.counters import counter_next
from gongkai.core.errors import DomainError
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User

from . import letter_files, letter_texts
from .codes import DeliveryForm, DeliveryWay, LetterKind
from .models import InfoRequest, Letter, LetterTemplate

DEFAULT_LETTER_NUMBER_PATTERN = "{unit_short}公开〔{year}〕{serial}号"
# Letters that go to someone other than the applicant; the applicant cannot download them.
NOT_FOR_APPLICANT = frozenset({LetterKind.THIRD_PARTY})


def letter_counter_key(unit_id: int, year: int) -> str:
    return f"foi-letter:{unit_id}:{year}"


def letter_number_format(unit: Unit, year: int, serial: int) -> str:
    pattern = getattr(settings, "GONGKAI_LETTER_NUMBER_PATTERN", DEFAULT_LETTER_NUMBER_PATTERN)
    return pattern.format(unit_short=unit.short_name or unit.name, unit_name=unit.name, unit_code=unit.code,
                          year=year, serial=serial)


def letter_number_next(*, unit: Unit, year: int) -> str:
    """The unit's next letter number for ``year``: sequential, never reused."""
    return letter_number_format(unit, year, counter_next(letter_counter_key(unit.pk, year)))


def template_for(unit: Unit, key: str) -> letter_texts.LetterTemplateText | None:
    """The unit's own text of a letter, else the deployment's edited copy; None: the built-in text."""
    rows = LetterTemplate.objects.filter(Q(unit=unit) | Q(unit__isnull=True), key=key)
    row = min(rows, key=lambda t: t.unit_id is None, default=None)
    if row is None:
        return None
    return letter_texts.LetterTemplateText(title=row.title, paragraphs=tuple(row.paragraphs))


def date_text(value: dt.date | None) -> str:
    return documents.date_text(value) if value else ""


def delivery_text(item: InfoRequest) -> str:
    return f"以{DeliveryWay(item.delivery_way).label}方式提供{DeliveryForm(item.delivery_form).label}形式的政府信息"


def letter_context(item: InfoRequest, extra: dict[str, Any], *, actor: User | None) -> dict[str, Any]:
    """The values a letter may use (the placeholders of :mod:`gongkai.foi.letter_texts`): the case's,
    then the move's own (``extra`` wins). Dates are passed as ``*_text`` already written out."""
    handler = item.handler or actor
    context: dict[str, Any] = {
        "applicant_name": item.applicant_name,
        "request_number": item.number,
        "received_on_text": date_text(item.received_on),
        "description": item.description,
        "delivery_text": delivery_text(item),
        "contact_person": str(handler) if handler else "",
        "contact_phone": item.unit.guide_phone,
        # 救济途径: the unit's own data, set by the coordinator (行政复议法 Art. 24, 27; 行政诉讼法 Art. 15)
        "reconsideration_body": item.unit.reconsideration_body,
        "court": item.unit.court,
        "payment_method": getattr(settings, "GONGKAI_FEE_PAYMENT_METHOD", ""),
    }
    context.update({key: date_text(value) if isinstance(value, dt.date) else value for key, value in extra.items()})
    return context


def _letter_issue(item: InfoRequest, *, kind: str, template_key: str, on: dt.date, actor: User | None,
                  context: dict | None = None, recipient: str = "") -> Letter:
    """Issue a letter in a case the caller has locked and checked (no permission check here). A letter
    whose text still needs a value is refused (:class:`~gongkai.foi.letter_texts.MissingValues`)."""
    if kind not in LetterKind.values:
        raise DomainError(f"文书类型“{kind}”无效。")
    number = letter_number_next(unit=item.unit, year=on.year)
    doc = letter_texts.render_letter(
        template_key, letter_context(item, context or {}, actor=actor), number=number, unit_name=item.unit.name,
        date_text=documents.date_text(on), recipient=recipient or item.applicant_name,
        template=template_for(item.unit, template_key), strict=True,
    )
    letter = Letter(request=item, kind=kind, template_key=template_key, number=number, issued_on=on,
                    public=kind not in NOT_FOR_APPLICANT, created_by=actor)
    # random names: a letter's URL cannot be guessed from the case number
    stem = f"{item.number}-{template_key}-{secrets.token_hex(8)}"
    letter.docx.save(f"{stem}.docx", ContentFile(documents.render_docx(doc)), save=False)
    letter.save()
    letter_files.letter_pdf_schedule(letter=letter, doc=doc)
    from .services._common import event

    event(item, actor, "letter_issue", data={"letter": letter.pk, "kind": kind, "template": template_key,
                                             "number": number, "on": on.isoformat()})
    return letter


@transaction.atomic
def letter_issue(*, request: InfoRequest, kind: str, template_key: str, context: dict, on: dt.date, actor: User,
                 recipient: str = "", today: dt.date | None = None) -> Letter:
    """Issue a numbered letter in a case on its own (e.g. a 非本机关告知书): the handling unit's next
    number for the year of ``on``, rendered as DOCX and PDF and kept with the case. A letter to the
    applicant is signed by the unit's approver (or the reviewer the unit delegates its kind to)."""
    from .services._common import check_on, locked, today_or

    item = locked(request)
    if kind in NOT_FOR_APPLICANT:
        access.require(actor, "request.handle", item.unit)
    else:  # a letter to the applicant decides something: 签发 by the approver (or a delegated reviewer)
        access.require_sign(actor, item.unit, kind)
    on = check_on(item, on, today=today_or(today), label="文书日期")
    return _letter_issue(item, kind=kind, template_key=template_key, on=on, actor=actor, context=context,
                         recipient=recipient)
