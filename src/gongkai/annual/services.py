"""Every change to an annual report document: starting it, editing its text, checking it, publishing it,
and starting a new version. Keyword-only, atomic; each writes its :class:`AnnualReportEvent` row in the
same transaction. Status is written nowhere else.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.errors import InvalidTransition
from gongkai.orgs import access
from gongkai.orgs.models import Unit, User
from gongkai.reports.formats import format_check
from gongkai.reports.services import report_year_check

from . import documents, report_files, workflow
from . import narrative as text
from .data import report_data
from .models import AnnualReport, AnnualReportEvent, ReportStatus, ReportVersion, VersionStatus


class ReportHasViolations(InvalidTransition):
    """Publication refused: the validator found violations and no reason to publish anyway was given."""

    def __init__(self, violations: list[dict]):
        self.violations = violations
        shown = "；".join(v["message"] for v in violations[:3])
        more = f"等 {len(violations)} 处" if len(violations) > 3 else ""
        super().__init__(
            f"统计表校验发现 {len(violations)} 处不符，不能发布：{shown}{more}。"
            "请核实记录后重新校验；确需按现有数据发布的，由负责领导填写理由后发布（理由将记录在案）。"
        )


def _locked(report: AnnualReport) -> tuple[AnnualReport, ReportVersion]:
    """The report and its current version, both locked for the rest of the transaction."""
    report = AnnualReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    version = ReportVersion.objects.select_for_update().get(pk=report.current_version_id)
    return report, version


def _event(report: AnnualReport, version: ReportVersion | None, actor: User, action: str, *, opinion: str = "",
           data: dict | None = None) -> None:
    AnnualReportEvent.objects.create(report=report, version=version, actor=actor, action=action, opinion=opinion,
                                     data=data or {})


@transaction.atomic
def annual_report_ensure(*, unit: Unit, year: int, fmt: str | None = None, rollup: bool = False,
                         actor: User) -> tuple[AnnualReport, bool]:
    """The unit's report for ``year`` (rolled up or not), started with version 1 in the default wording if
    there is none yet. ``fmt`` None: the year's format; a format that does not fit the year is refused.
    Returns ``(report, created)``."""
    access.require(actor, "report.draft", unit)
    report_year_check(year)
    fmt = format_check(fmt, year=year)
    key = {"unit": unit, "year": year, "format": fmt, "rollup": bool(rollup)}
    existing = AnnualReport.objects.filter(**key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(**key, created_by=actor)
    except IntegrityError:  # someone else started it a moment ago
        return AnnualReport.objects.get(**key), False
    version = ReportVersion.objects.create(report=report, number=1, narrative=text.default_narrative(fmt),
                                           created_by=actor, updated_by=actor)
    report.current_version = version
    report.save(update_fields=["current_version"])
    _event(report, version, actor, "create", data={"format": str(fmt), "rollup": bool(rollup), "version": 1})
    return report, True


def _store_check(version: ReportVersion, data: dict) -> list[dict]:
    version.violations = data["violations"]
    version.violations_count = len(data["violations"])
    version.checked_at = timezone.now()
    return version.violations


@transaction.atomic
def report_narrative_update(*, report: AnnualReport, narrative: dict, actor: User) -> ReportVersion:
    """Change the text of some sections of the current (draft) version; sections not in ``narrative`` keep
    their text. Every placeholder must be known (:class:`~gongkai.annual.narrative.NarrativeInvalid`
    otherwise, naming each section and placeholder). A published version raises InvalidTransition. The
    tables are checked again, so lists show the count of violations as of this save."""
    report, version = _locked(report)
    transition = workflow.transition_for("edit", version.status)
    access.require(actor, transition.permission, report.unit)
    cleaned = text.check(report.format, {**version.narrative, **(narrative or {})})
    changed = sorted(k for k, v in cleaned.items() if version.narrative.get(k, "") != v)
    if not changed:
        return version
    before = {k: version.narrative.get(k, "") for k in changed}
    version.narrative = cleaned
    version.updated_by = actor
    found = _store_check(version, report_data(unit=report.unit, year=report.year, fmt=report.format,
                                              rollup=report.rollup))
    version.save()
    _event(report, version, actor, "edit", data={"sections": changed, "before": before,
                                                 "after": {k: cleaned[k] for k in changed}, "violations": len(found)})
    return version


@transaction.atomic
def report_check(*, report: AnnualReport, actor: User) -> ReportVersion:
    """Run the validator over the tables as the records stand now and keep its findings on the draft."""
    report, version = _locked(report)
    transition = workflow.transition_for("check", version.status)
    access.require(actor, transition.permission, report.unit)
    found = _store_check(version, report_data(unit=report.unit, year=report.year, fmt=report.format,
                                              rollup=report.rollup))
    version.save(update_fields=["violations", "violations_count", "checked_at", "updated_at"])
    _event(report, version, actor, "check", data={"violations": len(found)})
    return version


@transaction.atomic
def report_publish(*, report: AnnualReport, actor: User, override_reason: str = "") -> ReportVersion:
    """Publish the current draft: freeze the tables as computed now, the validator's findings and the
    DOCX / PDF / XLSX files, and make it the version the portal shows.

    Allowed to the unit's approver (负责领导) or the coordinator above it, once the year is over, when no
    default wording (【请填写…】) is left, and while the validator finds nothing — unless ``override_reason``
    says why it must go out as it is (recorded on the version and in the event).
    """
    report, version = _locked(report)
    transition = workflow.transition_for("publish", version.status)
    access.require(actor, transition.permission, report.unit)
    today = timezone.localdate()
    if today.year <= report.year:
        raise InvalidTransition(f"{report.year}年度尚未结束，不能发布该年度的报告。")
    left = text.prompts_left(version.narrative, report.format)
    if left:
        raise InvalidTransition(f"以下部分仍是待填写的默认文字，请填写后再发布：{'、'.join(left)}。")
    narrative = text.check(report.format, version.narrative)
    data = report_data(unit=report.unit, year=report.year, fmt=report.format, rollup=report.rollup)
    found = data["violations"]
    reason = (override_reason or "").strip()
    if found and not reason:
        raise ReportHasViolations(found)

    _store_check(version, data)
    version.tables = data
    version.narrative = narrative
    version.override_reason = reason if found else ""
    stem = f"{report.unit.code}-{report.year}-{report.format}{'-rollup' if report.rollup else ''}-v{version.number}"
    for fmt in documents.FILE_FORMATS:
        if fmt == "pdf":
            continue  # rendered from the snapshot by a background task (report_files)
        content = documents.render(data, narrative, fmt, dated=today)
        getattr(version, fmt).save(f"{stem}.{fmt}", ContentFile(content), save=False)
    version.status = transition.target
    version.published_at = timezone.now()
    version.published_by = actor
    version.save()
    report_files.report_pdf_schedule(version=version)

    report.status = ReportStatus.PUBLISHED
    report.published_version = version
    report.first_published_on = report.first_published_on or today
    report.save(update_fields=["status", "published_version", "first_published_on"])
    _event(report, version, actor, "publish", opinion=version.override_reason,
           data={"version": version.number, "violations": len(found), "override": bool(found)})
    return version


@transaction.atomic
def report_new_version(*, report: AnnualReport, actor: User) -> ReportVersion:
    """Start the next version as a draft copied from the published current one (which stays as it is)."""
    report, version = _locked(report)
    transition = workflow.transition_for("new_version", version.status)
    access.require(actor, transition.permission, report.unit)
    draft = ReportVersion.objects.create(
        report=report, number=version.number + 1, status=VersionStatus.DRAFT, based_on=version,
        narrative=dict(version.narrative), created_by=actor, updated_by=actor,
    )
    report.current_version = draft
    report.save(update_fields=["current_version"])
    _event(report, draft, actor, "new_version", data={"from": version.number, "to": draft.number})
    return draft
