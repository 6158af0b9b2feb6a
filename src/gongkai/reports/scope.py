"""Which units a report covers, as a filter the database evaluates (RULES.md §4: roll-up).

A unit's own report covers the unit alone. A government's rolled-up report covers the unit and its
whole subtree (the materialised ``Unit.path`` makes that one prefix match); towns and streets (kind
``town``) and everything below them are left out unless the report includes them. Whether it does is a
setting of the government the report is about, ``Unit.report_includes_towns`` (年度报告汇总乡镇（街道）,
default no: the national format rolls up "its own office and its departments", and its towns where that
government says so); ``include_towns`` overrides it for one report. The unit the report is about is
never left out, even when it is a town itself.
"""

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, F, Func, Max, Q, QuerySet, Value
from django.db.models.functions import Length, Replace
from django.db.models.lookups import In

from gongkai.orgs.models import Unit, UnitKind


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


@dataclass(frozen=True)
class Scope:
    unit: Unit
    rollup: bool = False
    include_towns: bool | None = None  # None: as the unit's setting says

    @property
    def towns(self) -> bool:
        return self.unit.report_includes_towns if self.include_towns is None else self.include_towns

    def units(self) -> QuerySet[Unit]:
        """The covered units (lazy: used as a subquery, never loaded)."""
        if not self.rollup:
            return Unit.objects.filter(pk=self.unit.pk)
        subtree = Unit.objects.filter(path__startswith=self.unit.path)
        levels = None if self.towns else self._levels_with_towns
        if levels is None:
            return subtree
        # Leave out a unit when it, or one of its ancestors strictly below the report's unit, is a town:
        # one parent join per level (primary-key lookups), where a path-prefix test against every town
        # would compare each unit with each town.
        inside_town = Q()
        for up in range(levels + 1):
            hop = "parent__" * up
            inside_town |= Q(**{f"{hop}kind": UnitKind.TOWN, f"{hop}path__startswith": self.unit.path}) & ~Q(
                **{f"{hop}pk": self.unit.pk})
        return subtree.exclude(inside_town)

    @cached_property
    def _levels_with_towns(self) -> int | None:
        """How many levels the subtree has below the report's unit, or None when no town is among them
        (one query, run once per scope)."""
        slashes = Length("path") - Length(Replace("path", Value("/"), Value("")))
        found = Unit.objects.filter(path__startswith=self.unit.path).aggregate(
            towns=Count("pk", filter=Q(kind=UnitKind.TOWN) & ~Q(pk=self.unit.pk)), deepest=Max(slashes))
        if not found["towns"]:
            return None
        return found["deepest"] - self.unit.path.count("/")

    def q(self, field: str = "unit") -> Q:
        """A filter on ``field`` (a foreign key to Unit, e.g. ``unit`` or ``request__unit``)."""
        if not self.rollup:
            return Q(**{field: self.unit.pk})
        return Q(In(_ScanHint(F(f"{field}_id")), self.units().values("pk")))


    def col(self, name: str) -> F | Func:
        """Column ``name`` for a filter; in a roll-up hinted not to drive an index (see :class:`_ScanHint`):
        a province's year is most of a table, read faster in one pass than row by row through a date index."""
        return _ScanHint(F(name)) if self.rollup else F(name)


class _ScanHint(Func):
    """The column as is; on SQLite written ``+column`` so that it cannot drive an index.

    A roll-up covers many units. SQLite's planner always walks the unit index for ``unit_id IN (…)`` and
    then fetches every row on its own — at a province's million rows about five times slower than reading
    the table once. The unary plus is SQLite's documented way to keep a term from using an index;
    PostgreSQL's planner chooses between the two by itself and gets the plain column.
    """

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="+%(expressions)s", **extra_context)
