"""Which units a report covers, as a filter the database evaluates (RULES.md §4: roll-up).

A unit's own report covers the unit alone. A government's rolled-up report covers the unit and its
whole subtree (the materialised ``Unit.path`` makes that one prefix match); towns and streets (kind
``town``) and everything below them are left out unless ``include_towns`` — the default comes from
``settings.GONGKAI_REPORT_ROLLUP_TOWNS`` (False: the national format rolls up "its own office and its
departments, and, where configured, towns"). The unit the report is about is never left out, even when
it is a town itself.
"""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from gongkai.orgs.models import Unit, UnitKind


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def towns_default() -> bool:
    return bool(getattr(settings, "GONGKAI_REPORT_ROLLUP_TOWNS", False))


@dataclass(frozen=True)
class Scope:
    unit: Unit
    rollup: bool = False
    include_towns: bool | None = None  # None: the deployment's default

    @property
    def towns(self) -> bool:
        return towns_default() if self.include_towns is None else self.include_towns

    def units(self) -> QuerySet[Unit]:
        """The covered units (lazy: used as a subquery, never loaded)."""
        if not self.rollup:
            return Unit.objects.filter(pk=self.unit.pk)
        units = Unit.objects.filter(path__startswith=self.unit.path)
        if not self.towns:
            # a town strictly below the report's unit whose path is a prefix of the candidate's path
            town_above = Unit.objects.filter(kind=UnitKind.TOWN, path__startswith=self.unit.path).exclude(
                pk=self.unit.pk).filter(StartsWith(OuterRef("path"), F("path")))
            units = units.filter(~Exists(town_above))
        return units

    def q(self, field: str = "unit") -> Q:
        """A filter on ``field`` (a foreign key to Unit, e.g. ``unit`` or ``request__unit``)."""
        if not self.rollup:
            return Q(**{field: self.unit.pk})
        return Q(**{f"{field}__in": self.units().values("pk")})
