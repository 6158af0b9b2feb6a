"""What every statistic counts, and by which date: one definition for the annual tables of each format, the
legacy form and the monthly / quarterly statistics.

* A request counts unless it was merged into another (its case goes on there).
* A request's result belongs to the year (month, quarter) its reply is **issued** — 答复日期,
  ``replied_on`` — whatever the day the reply reaches the applicant and the case is closed (送达 / 办结,
  ``closed_on``): a reply issued on 30 December and delivered on 4 January is a result of the old year
  (RULES.md §2). Every reply sets ``replied_on``, the abandoned cases (视为放弃: no supplement, fee
  unpaid) included (:func:`gongkai.foi.services.replies.request_reply`); a record closed without one
  (imported from an older system) counts on its closing date.
* An item is proactively published in a period when its 发布日期 falls in it (withdrawn later or not).
"""

import datetime as dt

from django.db.models import Q
from django.db.models.functions import Coalesce

from gongkai.disclosures.taxonomy import DisclosureMode
from gongkai.disclosures.taxonomy import Status as ItemStatus
from gongkai.foi.codes import Status as RequestStatus


def requests_counted() -> Q:
    """Requests that count in statistics: merged duplicates are left out (their case goes on in another)."""
    return Q(merged_into__isnull=True) & ~Q(status=RequestStatus.MERGED)


def answered_on() -> Coalesce:
    """The date a request's result counts on: the reply date, or the closing date of a record without one."""
    return Coalesce("replied_on", "closed_on")


def published_between(start: dt.date | None, end: dt.date, *, day: str = "published_on") -> Q:
    """Items proactively published from ``start`` (None: ever) to ``end``, by ``day`` (发布日期 or an alias)."""
    dates = {f"{day}__lte": end, **({f"{day}__gte": start} if start else {})}
    return Q(**dates, disclosure_mode=DisclosureMode.PROACTIVE, status__in=[ItemStatus.PUBLISHED, ItemStatus.WITHDRAWN])
