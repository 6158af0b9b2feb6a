"""Reads of annual report documents: staff reads checked through :mod:`gongkai.orgs.access`, public
reads of published versions only, and the coordinator's view of who has published."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from gongkai.core.errors import NotFound
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User
from gongkai.reports.formats import format_check, format_for
from gongkai.reports.selectors import unit_by_code

from . import documents
from . import narrative as text
from .data import report_data
from .deadlines import Timeliness, deadline_for, expected_rollup, timeliness
from .models import AnnualReport, AnnualReportEvent, ReportStatus, ReportVersion, VersionStatus


def report_get_for(user: User, pk: int) -> AnnualReport:
    """A report the person may see (any role in its unit, or the coordinator above); else NotFound."""
    report = (AnnualReport.objects.filter(access.scope_q(user, "report.view"), pk=pk)
              .select_related("unit", "current_version", "published_version").first())
    if report is None:
        raise NotFound("年度报告不存在，或您无权查看。")
    return report


def reports_for(user: User, *, year: int | None = None):
    reports = (AnnualReport.objects.filter(access.scope_q(user, "report.view"))
               .select_related("unit", "current_version", "published_version"))
    return reports.filter(year=year) if year else reports


def version_get(report: AnnualReport, number: int) -> ReportVersion:
    version = report.versions.filter(number=number).first()
    if version is None:
        raise NotFound(f"该报告没有第{number}版。")
    return version


@dataclass(frozen=True)
class Rendering:
    """What a version of a report is rendered from."""

    data: dict
    narrative: dict[str, str]
    draft_note: str
    dated: dt.date | None


def rendering(report: AnnualReport, version: ReportVersion) -> Rendering:
    """A published version from its snapshot, exactly as published; a draft from the records as they
    stand now."""
    if version.status == VersionStatus.PUBLISHED:
        return Rendering(version.tables, version.narrative, "",
                         timezone.localdate(version.published_at))
    data = report_data(unit=report.unit, year=report.year, fmt=report.format, rollup=report.rollup)
    return Rendering(data, version.narrative, f"（草稿 第{version.number}版，未发布）", None)


def narrative_for_tables(data: dict) -> dict[str, str]:
    """The text of the report started for the same unit, year, format and roll-up; else the default."""
    report = (AnnualReport.objects.filter(unit__code=data["unit"], year=data["year"], format=str(data["format"]),
                                          rollup=bool(data["rollup"])).select_related("current_version").first())
    if report is None or report.current_version is None:
        return text.default_narrative(data["format"])
    return report.current_version.narrative


# --- public --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PublishedReport:
    """One line of the portal's 年报 column (what ``portal/reports.html`` renders)."""

    pk: int
    title: str
    url: str
    year: int
    unit_name: str
    published_on: dt.date
    version: int


def published_reports(*, year: int | None = None, unit_code: str = "") -> list[PublishedReport]:
    """Every published report, newest year first, then in the order of the unit tree (one query)."""
    reports = (AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, published_version__isnull=False)
               .select_related("unit", "published_version").order_by("-year", "unit__path", "format", "rollup"))
    if year:
        reports = reports.filter(year=year)
    if unit_code:
        reports = reports.filter(unit__code=unit_code)
    return [
        PublishedReport(pk=r.pk, title=r.title, url=reverse("portal:annual_report", args=[r.pk]), year=r.year,
                        unit_name=r.unit.name, published_on=timezone.localdate(r.published_version.published_at),
                        version=r.published_version.number)
        for r in reports
    ]


def published_report_get(pk: int) -> tuple[AnnualReport, ReportVersion]:
    """A published report and its latest published version; NotFound for drafts and unknown ids."""
    report = (AnnualReport.objects.filter(pk=pk, status=ReportStatus.PUBLISHED, published_version__isnull=False)
              .select_related("unit", "published_version").first())
    if report is None:
        raise NotFound("年度报告不存在或尚未发布。")
    return report, report.published_version


# --- the coordinator's view ----------------------------------------------------------------------------

@dataclass(frozen=True)
class UnitStanding:
    unit: Unit
    depth: int
    report: AnnualReport | None
    timeliness: Timeliness
    published_on: dt.date | None
    violations_count: int | None  # published: as frozen; draft: at its last check; None: never checked

    @property
    def has_draft(self) -> bool:
        return self.report is not None and self.report.current_version.status == VersionStatus.DRAFT


def _main_report(unit: Unit, year: int, candidates: list[AnnualReport]) -> AnnualReport | None:
    """The report that answers for the unit's duty: the expected format and roll-up if started, else a
    published one, else any."""
    expected = (format_for(year), expected_rollup(unit.kind))
    return (next((r for r in candidates if (r.format, r.rollup) == expected), None)
            or next((r for r in candidates if r.first_published_on), None)
            or (candidates[0] if candidates else None))


def overview_for(user: User, *, year: int, today: dt.date | None = None) -> list[UnitStanding]:
    """Every unit the person may see reports of (a coordinator: the whole subtree) with its report for
    ``year``: published or not, late or not, and the validator's count. Two queries, whatever the size."""
    today = today or timezone.localdate()
    units = list(access.units_for(user, "report.view").order_by("path"))
    by_unit: dict[int, list[AnnualReport]] = {}
    reports = (AnnualReport.objects.filter(unit__in=[u.pk for u in units], year=year)
               .select_related("current_version", "published_version").order_by("pk"))
    for report in reports:
        by_unit.setdefault(report.unit_id, []).append(report)
    top = min((u.depth for u in units), default=0)
    out = []
    for unit in units:
        report = _main_report(unit, year, by_unit.get(unit.pk, []))
        published_on = report.first_published_on if report else None
        if report is None:
            count = None
        elif report.published_version is not None and report.current_version.status == VersionStatus.PUBLISHED:
            count = report.published_version.violations_count
        else:
            count = report.current_version.violations_count
        out.append(UnitStanding(
            unit=unit, depth=unit.depth - top, report=report, published_on=published_on, violations_count=count,
            timeliness=timeliness(deadline=deadline_for(unit.kind, year), published_on=published_on, today=today),
        ))
    return out


def versions_with_events(report: AnnualReport):
    """The versions, newest first, each with its events (for the history on the console page)."""
    return report.versions.prefetch_related(
        Prefetch("events", queryset=AnnualReportEvent.objects.select_related("actor").order_by("at", "id"))
    ).select_related("created_by", "published_by").order_by("-number")


# --- files ---------------------------------------------------------------------------------------------

def file_name(report_title: str, version: ReportVersion | None, fmt: str) -> str:
    if version is None or version.status == VersionStatus.DRAFT:
        return f"{report_title}（草稿）.{fmt}"
    return f"{report_title}（第{version.number}版）.{fmt}" if version.number > 1 else f"{report_title}.{fmt}"


def version_file(report: AnnualReport, version: ReportVersion, fmt: str) -> bytes:
    """A file of a version: a published one as stored at publication (rendered again from its snapshot
    if the file went missing), a draft rendered from the records now."""
    if fmt not in documents.FILE_FORMATS:
        raise NotFound(f"不支持的格式“{fmt}”。")
    stored = getattr(version, fmt) if version.status == VersionStatus.PUBLISHED else None
    if stored:
        try:
            with stored.open("rb") as handle:
                return handle.read()
        except FileNotFoundError:
            pass
    r = rendering(report, version)
    return documents.render(r.data, r.narrative, fmt, draft_note=r.draft_note, dated=r.dated)


def report_file_for(user: User, *, unit_code: str, year: int, report_format: str | None = None,
                    rollup: bool = False, file_format: str, version: int | None = None) -> tuple[bytes, str]:
    """The report of a unit as a file, for staff: the newest version of the report document (or the
    version asked for); with no document started yet, the tables computed now under the default text,
    marked as a draft. ``report_format`` None: the year's format; one that does not fit the year is
    refused (DomainError). Returns ``(content, file name)``."""
    unit = unit_by_code(unit_code)
    access.require(user, "report.view", unit)
    report_format = format_check(report_format, year=year)
    report = (AnnualReport.objects.filter(unit=unit, year=year, format=report_format, rollup=rollup)
              .select_related("unit", "current_version").first())
    if report is None:
        if version is not None:
            raise NotFound("该机构尚未编写这一年度的报告。")
        data = report_data(unit=unit, year=year, fmt=report_format, rollup=rollup)
        content = documents.render(data, text.default_narrative(report_format), file_format,
                                   draft_note=documents.DRAFT_NOTE)
        return content, file_name(documents.title_of(data), None, file_format)
    chosen = version_get(report, version) if version is not None else report.current_version
    return version_file(report, chosen, file_format), file_name(report.title, chosen, file_format)
