"""When a unit's annual report is due, and where each unit stands (RULES.md §4, Art. 49).

Departments of a government publish by 31 January, a government its own report by 31 March, of the year
after the reported one. Towns and streets (乡镇、街道) are not named by Art. 49; most places collect
their reports with the departments' ones, so the default here is 31 January. Every date is
**configurable**: ``settings.GONGKAI_REPORT_DEADLINES = {"town": "03-31"}`` (month-day, per unit kind)
overrides the defaults it names.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from gongkai.orgs.models import UnitKind

DEFAULT_DEADLINES: dict[str, str] = {
    UnitKind.GOVERNMENT: "03-31",
    UnitKind.DEPARTMENT: "01-31",
    UnitKind.TOWN: "01-31",
}


def deadline_for(kind: str, year: int) -> dt.date:
    """The last day to publish the report on ``year`` for a unit of ``kind``."""
    table = {**DEFAULT_DEADLINES, **getattr(settings, "GONGKAI_REPORT_DEADLINES", {})}
    month, day = (int(part) for part in table.get(kind, DEFAULT_DEADLINES[UnitKind.DEPARTMENT]).split("-"))
    return dt.date(year + 1, month, day)


def expected_rollup(kind: str) -> bool:
    """A government's report covers its office and departments; everyone else reports alone."""
    return kind == UnitKind.GOVERNMENT


class Standing:
    PENDING = "pending"  # not published, the deadline not yet passed
    OVERDUE = "overdue"  # not published, the deadline passed
    ON_TIME = "on_time"  # published by the deadline
    LATE = "late"  # published after the deadline

    LABELS = {PENDING: "未发布", OVERDUE: "逾期未发布", ON_TIME: "已按时发布", LATE: "逾期发布"}


@dataclass(frozen=True)
class Timeliness:
    standing: str
    deadline: dt.date
    days_late: int  # calendar days past the deadline (at publication, or today while unpublished)

    @property
    def label(self) -> str:
        return Standing.LABELS[self.standing]

    @property
    def is_late(self) -> bool:
        return self.standing in (Standing.LATE, Standing.OVERDUE)


def timeliness(*, deadline: dt.date, published_on: dt.date | None, today: dt.date) -> Timeliness:
    if published_on is not None:
        late = max((published_on - deadline).days, 0)
        return Timeliness(Standing.LATE if late else Standing.ON_TIME, deadline, late)
    late = max((today - deadline).days, 0)
    return Timeliness(Standing.OVERDUE if late else Standing.PENDING, deadline, late)
