"""The coordinator's page of unit settings: the remedies every reply letter names (行政复议机关, 管辖人民法院),
whether a government's annual report rolls up its towns, and which letters a reviewer may sign off.

The list highlights units with an empty remedy (their reply letters cannot be issued). Each row opens its
form in place (htmx) or on a page of its own (without JavaScript); a rejected form comes back with what
was typed and the errors on their fields. "填入建议值" puts the unit tree's suggestion into the form
without saving it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from gongkai.orgs import access
from gongkai.orgs.models import Unit
from gongkai.orgs.services import UnitSettingsInvalid, unit_settings_update

from . import selectors
from .unit_forms import UnitSettingsForm
from .views import attempt


def _unit(request: HttpRequest, code: str) -> Unit:
    unit = access.units_for(request.user, "unit.view").filter(code=code).first()
    if unit is None:
        raise Http404("该机构不存在，或不在您的管理范围内。")
    return unit


def _list_url(unit: Unit | None = None) -> str:
    return reverse("console:unit_settings") + (f"#unit-{unit.code}" if unit else "")


@login_required
def unit_settings_list(request: HttpRequest) -> HttpResponse:
    rows = selectors.unit_settings_rows(request.user)
    if not rows:
        messages.error(request, access.MESSAGES["unit.manage"])
    only_missing = request.GET.get("missing") == "1"
    missing = sum(row.missing for row in rows)
    return render(request, "console/units/settings_list.html", {
        "rows": [row for row in rows if row.missing] if only_missing else rows,
        "total": len(rows), "missing": missing, "only_missing": only_missing,
    }, status=200 if rows else 403)


def _form_page(request: HttpRequest, unit: Unit, form: UnitSettingsForm, *, status: int) -> HttpResponse:
    context = {"form": form, "row": selectors.unit_settings_row(unit)}
    template = "console/units/_settings_form_row.html" if request.htmx else "console/units/settings_edit.html"
    return render(request, template, context, status=status)


def _filled(request: HttpRequest, unit: Unit) -> UnitSettingsForm:
    """The form as typed, with the suggested remedies put in where the tree can tell them."""
    suggestion = selectors.unit_settings_row(unit).suggestion
    data = request.POST.copy()
    for key in ("reconsideration_body", "court"):
        if getattr(suggestion, key):
            data[key] = getattr(suggestion, key)
    return UnitSettingsForm(data, unit=unit)


@login_required
def unit_settings_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = _unit(request, code)
    if not access.can(request.user, "unit.manage", unit):
        messages.error(request, access.MESSAGES["unit.manage"])
        return redirect("console:home")
    if request.method != "POST":
        return _form_page(request, unit, UnitSettingsForm(initial=UnitSettingsForm.initial_for(unit), unit=unit),
                          status=200)
    if "fill" in request.POST:
        messages.info(request, "已填入建议值，请核对后保存。")
        return _form_page(request, unit, _filled(request, unit), status=200)
    form = UnitSettingsForm(request.POST, unit=unit)
    status = 400
    if form.is_valid():
        saved, error = attempt(request, lambda: unit_settings_update(unit=unit, actor=request.user, **form.values()))
        if saved:
            messages.success(request, f"已保存{saved.name}的设置。")
            if request.htmx:
                return _row(request, saved)
            return redirect(_list_url(saved))
        if isinstance(error, UnitSettingsInvalid):
            for field, message in error.errors.items():
                form.add_error(field if field in form.fields else None, message)
        status = error.status_code
    return _form_page(request, unit, form, status=status)


def _row(request: HttpRequest, unit: Unit) -> HttpResponse:
    return render(request, "console/units/_settings_row_swap.html", {"row": selectors.unit_settings_row(unit)})


@login_required
def unit_settings_row(request: HttpRequest, code: str) -> HttpResponse:
    """htmx: the unit's row as displayed (after "取消"); without JavaScript, back to the list."""
    unit = _unit(request, code)
    if not request.htmx:
        return redirect(_list_url(unit))
    if not access.can(request.user, "unit.manage", unit):
        raise Http404("该机构不存在，或不在您的管理范围内。")
    return _row(request, unit)
