"""Pages of the annual report document: the console (overview of who has published, the report page with
its text, check, publication and versions) and the portal (a published report, its files).

Each view parses its input, calls one service or selector and renders or redirects; a domain error
raised by a service is shown at the top of the page, and the page is rendered again with what was typed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound
from gongkai.orgs import access
from gongkai.portal.views import public_page

from . import documents, selectors, services, workflow
from . import narrative as text
from .deadlines import Standing
from .forms import NarrativeForm, PublishForm, StartForm
from .models import AnnualReport, VersionStatus
from .narrative import NarrativeInvalid

EVENT_LABELS = {"create": "创建报告", **{t.action: t.label for t in workflow.TRANSITIONS.values()}}


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    try:
        return selectors.report_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _year(request: HttpRequest) -> int:
    value = request.GET.get("year", "")
    last = timezone.localdate().year - 1
    return int(value) if value.isascii() and value.isdigit() and 2008 <= int(value) <= last + 1 else last


def _file_response(content: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=documents.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


# --- console ---------------------------------------------------------------------------------------------

@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """Every unit in the person's scope (a coordinator: the subtree) with its report for the year."""
    year = _year(request)
    rows = selectors.overview_for(request.user, year=year)
    counts = {key: sum(1 for r in rows if r.timeliness.standing == key) for key in Standing.LABELS}
    units = access.units_for(request.user, "report.draft").order_by("path")
    return render(request, "annual/console_overview.html", {
        "year": year, "years": range(timezone.localdate().year - 1, 2007, -1), "rows": rows,
        "counts": [(Standing.LABELS[k], n, k) for k, n in counts.items()],
        "failing": sum(1 for r in rows if r.violations_count), "section": "annual",
        "start_form": StartForm(units=units, initial={"year": year}) if units.exists() else None,
    })


@login_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST, units=access.units_for(request.user, "report.draft"))
    if not form.is_valid():
        messages.error(request, "请检查机构、年度和格式。")
        return redirect(reverse("console:annual_overview"))
    try:
        report, created = services.annual_report_ensure(
            unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], fmt=form.cleaned_data["format"] or None,
            rollup=form.cleaned_data["rollup"], actor=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("console:annual_overview") + f"?year={form.cleaned_data['year']}")
    messages.success(request, "已创建年度报告草稿。" if created else "该年度报告已存在，已为您打开。")
    return redirect("console:annual_report", pk=report.pk)


def _detail(request: HttpRequest, report: AnnualReport, *, form: NarrativeForm | None = None,
            status: int = 200) -> HttpResponse:
    number = request.GET.get("version", "")
    try:
        version = (selectors.version_get(report, int(number)) if number.isdigit() else report.current_version)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    shown = selectors.rendering(report, version)
    is_current = version.pk == report.current_version_id
    can_draft = access.can(request.user, "report.draft", report.unit)
    editing = is_current and version.status == VersionStatus.DRAFT and can_draft
    if editing and form is None:
        form = NarrativeForm(fmt=report.format, initial=version.narrative)
    try:
        preview = documents.render_fragment(shown.data, shown.narrative, draft_note=shown.draft_note,
                                            dated=shown.dated)
    except NarrativeInvalid as exc:  # a text saved before a placeholder was renamed: say so, show no preview
        preview = ""
        messages.error(request, exc.message)
    return render(request, "annual/console_detail.html", {
        "report": report, "version": version, "is_current": is_current, "data": shown.data,
        "violations": shown.data.get("violations") or [], "preview": preview,
        "form": form if editing else None, "publish_form": PublishForm(),
        "can_publish": is_current and version.status == VersionStatus.DRAFT
        and access.can(request.user, "report.publish", report.unit),
        "can_new_version": is_current and version.status == VersionStatus.PUBLISHED and can_draft,
        "can_check": editing, "prompts": text.prompts_left(version.narrative, report.format),
        "catalogue": text.catalogue(report.format) if editing else [],
        "history": [(v, [(e, EVENT_LABELS.get(e.action, e.action)) for e in v.events.all()])
                    for v in selectors.versions_with_events(report)],
        "formats": documents.FILE_FORMATS, "section": "annual",
    }, status=status)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _report(request, pk))


@login_required
@require_POST
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    form = NarrativeForm(request.POST, fmt=report.format)
    form.is_valid()  # every field is optional text
    try:
        services.report_narrative_update(report=report, narrative=form.cleaned_data, actor=request.user)
    except NarrativeInvalid as exc:
        for key, message in exc.errors.items():
            form.add_error(key if key in form.fields else None, message)
        messages.error(request, exc.message)
        return _detail(request, report, form=form, status=400)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, report, form=form, status=exc.status_code)
    messages.success(request, "正文已保存。")
    return redirect("console:annual_report", pk=report.pk)


def _step(request: HttpRequest, pk: int, call, done: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        call(report)
    except DomainError as exc:
        messages.error(request, exc.message)
        return _detail(request, report, status=exc.status_code)
    messages.success(request, done)
    return redirect("console:annual_report", pk=report.pk)


@login_required
@require_POST
def report_check(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda r: services.report_check(report=r, actor=request.user), "已按当前记录重新校验。")


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    reason = form.cleaned_data["override_reason"] if form.is_valid() else ""
    return _step(request, pk, lambda r: services.report_publish(report=r, actor=request.user, override_reason=reason),
                 "年度报告已发布，门户网站“年报”栏目即可查看。")


@login_required
@require_POST
def report_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _step(request, pk, lambda r: services.report_new_version(report=r, actor=request.user),
                 "已新建版本草稿；已发布的版本保持不变。")


@login_required
def report_download(request: HttpRequest, pk: int, number: int, fmt: str) -> HttpResponse:
    report = _report(request, pk)
    try:
        version = selectors.version_get(report, number)
        content = selectors.version_file(report, version, fmt)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _file_response(content, fmt, selectors.file_name(report.title, version, fmt))


# --- portal ----------------------------------------------------------------------------------------------

@public_page
def portal_report(request: HttpRequest, pk: int) -> HttpResponse:
    """A published report (its latest published version) as a page; drafts and unknown ids are 404."""
    try:
        report, version = selectors.published_report_get(pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    shown = selectors.rendering(report, version)
    article = documents.render_fragment(shown.data, shown.narrative, dated=shown.dated)
    return render(request, "annual/portal_report.html", {
        "section": "reports", "report": report, "version": version, "article": article,
        "formats": documents.FILE_FORMATS,
    })


@public_page
def portal_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    try:
        report, version = selectors.published_report_get(pk)
        content = selectors.version_file(report, version, fmt)
    except NotFound as exc:
        raise Http404(exc.message) from exc
    return _file_response(content, fmt, selectors.file_name(report.title, version, fmt))
