"""Staff pages. Each view parses its input, calls one service or selector and renders or redirects.

Who may see what is decided by the selectors (``disclosure_get_for`` …) and the services; a domain
error raised by a service is shown at the top of the page, and the page is rendered again with what
the person typed.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound
from gongkai.disclosures.models import Attachment, Disclosure
from gongkai.disclosures.selectors import disclosure_get_for, work_queue_for
from gongkai.disclosures.services import (
    attachment_add,
    attachment_remove,
    disclosure_create,
    disclosure_update,
)
from gongkai.disclosures.taxonomy import Status
from gongkai.orgs import access
from gongkai.orgs.services import unit_guide_update
from gongkai.reviews import workflow
from gongkai.reviews.models import Finding
from gongkai.reviews.services import (
    disclosure_approve,
    disclosure_reopen,
    disclosure_review,
    disclosure_submit,
    disclosure_withdraw,
    finding_resolve,
)

from . import selectors
from .forms import AttachmentForm, DisclosureForm, FindingAcceptForm, GuideForm, LoginForm, TransitionForm

PAGE_SIZE = 20
QUEUE_PREVIEW = 50


class LoginView(auth_views.LoginView):
    template_name = "console/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        # LoginView sets site_name to the host name; the layout shows the platform's name.
        return {**super().get_context_data(**kwargs), "site_name": settings.GONGKAI_SITE_NAME}


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view(next_page="console:login")


def attempt[T](request: HttpRequest, call: Callable[[], T]) -> tuple[T | None, DomainError | None]:
    """Run one service call. A domain error becomes a message at the top of the page; the caller
    renders the page again (with the bound form) using ``error.status_code``."""
    try:
        return call(), None
    except DomainError as exc:
        messages.error(request, exc.message)
        return None, exc


def _item(request: HttpRequest, pk: int) -> Disclosure:
    try:
        return disclosure_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _detail_url(item: Disclosure, anchor: str = "") -> str:
    return reverse("console:disclosure_detail", args=[item.pk]) + (f"#{anchor}" if anchor else "")


# --- my work, list ---------------------------------------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    queue = work_queue_for(request.user)
    return render(
        request,
        "console/home.html",
        {
            "counts": queue.counts(),
            "drafts": queue.drafts[:QUEUE_PREVIEW],
            "to_review": queue.to_review[:QUEUE_PREVIEW],
            "to_approve": queue.to_approve[:QUEUE_PREVIEW],
            "overdue": [(item, selectors.overdue_days(item)) for item in queue.overdue[:QUEUE_PREVIEW]],
            "memberships": selectors.memberships_of(request.user),
            "guide_units": selectors.guide_units_for(request.user),
            "preview": QUEUE_PREVIEW,
        },
    )


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    unit = request.GET.get("unit", "")
    q = request.GET.get("q", "")
    items = selectors.disclosure_search_for(request.user, status=status, unit_code=unit, q=q)
    return render(
        request,
        "console/disclosure_list.html",
        {
            "page": Paginator(items, PAGE_SIZE).get_page(request.GET.get("page")),
            "status": status,
            "unit": unit,
            "q": q,
            "statuses": Status.choices,
            "units": access.units_for(request.user, "disclosure.view").order_by("path"),
        },
    )


# --- drafting --------------------------------------------------------------------------------------


@login_required
def disclosure_new(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user, "disclosure.create").order_by("path")
    form = DisclosureForm(request.POST if request.method == "POST" else None, units=units)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            item, error = attempt(
                request,
                lambda: disclosure_create(
                    unit=data["unit"], actor=request.user, interprets=data["interprets"], **form.changes()
                ),
            )
            if item:
                messages.success(request, f"已保存草稿，索引号 {item.index_number}。")
                return redirect(_detail_url(item))
            status = error.status_code
    return render(request, "console/disclosure_form.html", {"form": form, "item": None}, status=status)


@login_required
def disclosure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    if not access.can(request.user, "disclosure.edit", item.unit):
        messages.error(request, access.MESSAGES["disclosure.edit"])
        return redirect(_detail_url(item))
    if item.status not in workflow.EDITABLE:
        messages.error(request, f"当前状态为“{item.get_status_display()}”，只有草稿可以修改。")
        return redirect(_detail_url(item))
    form = DisclosureForm(
        request.POST if request.method == "POST" else None, initial=DisclosureForm.initial_for(item)
    )
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            saved, error = attempt(
                request,
                lambda: disclosure_update(
                    disclosure=item,
                    actor=request.user,
                    interprets=form.cleaned_data["interprets"],
                    **form.changes(),
                ),
            )
            if saved:
                messages.success(request, "已保存修改。")
                return redirect(_detail_url(saved))
            status = error.status_code
    return render(request, "console/disclosure_form.html", {"form": form, "item": item}, status=status)


# --- detail and review steps -----------------------------------------------------------------------


def _render_detail(
    request: HttpRequest,
    item: Disclosure,
    *,
    status: int = 200,
    template: str = "console/disclosure_detail.html",
    transition_form: TransitionForm | None = None,
    attachment_form: AttachmentForm | None = None,
    accept_form: tuple[int, FindingAcceptForm] | None = None,
) -> HttpResponse:
    page = selectors.detail_page(request.user, item)
    for finding in page.findings:
        finding.accept_form = (
            accept_form[1]
            if accept_form and accept_form[0] == finding.pk
            else FindingAcceptForm(prefix=f"finding-{finding.pk}")
        )
    return render(
        request,
        template,
        {
            "page": page,
            "item": item,
            "transition_form": transition_form or TransitionForm(),
            "attachment_form": attachment_form or AttachmentForm(),
        },
        status=status,
    )


@login_required
def disclosure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _item(request, pk))


# action -> the one service call that performs it
PERFORM: dict[str, Callable[..., Disclosure]] = {
    "submit": lambda item, actor, opinion: disclosure_submit(disclosure=item, actor=actor, opinion=opinion),
    "pass_review": lambda item, actor, opinion: disclosure_review(
        disclosure=item, actor=actor, passed=True, opinion=opinion
    ),
    "return_review": lambda item, actor, opinion: disclosure_review(
        disclosure=item, actor=actor, passed=False, opinion=opinion
    ),
    "approve": lambda item, actor, opinion: disclosure_approve(
        disclosure=item, actor=actor, approved=True, opinion=opinion
    ),
    "return_approval": lambda item, actor, opinion: disclosure_approve(
        disclosure=item, actor=actor, approved=False, opinion=opinion
    ),
    "withdraw": lambda item, actor, opinion: disclosure_withdraw(
        disclosure=item, actor=actor, reason=opinion
    ),
    "reopen": lambda item, actor, opinion: disclosure_reopen(disclosure=item, actor=actor, opinion=opinion),
}


@login_required
@require_POST
def disclosure_transition(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid() or form.cleaned_data["action"] not in PERFORM:
        messages.error(request, "无法识别的操作，请使用页面上的按钮。")
        return _render_detail(request, item, transition_form=form, status=400)
    action = form.cleaned_data["action"]
    done, error = attempt(request, lambda: PERFORM[action](item, request.user, form.cleaned_data["opinion"]))
    if error:
        return _render_detail(request, item, transition_form=form, status=error.status_code)
    messages.success(request, f"已{selectors.ACTION_LABELS[action]}，当前状态：{done.get_status_display()}。")
    return redirect(_detail_url(done))


@login_required
@require_POST
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_detail(request, item, attachment_form=form, status=400)
    upload = form.cleaned_data["file"]
    attachment, error = attempt(
        request, lambda: attachment_add(disclosure=item, actor=request.user, upload=upload)
    )
    if error:
        return _render_detail(request, item, attachment_form=form, status=error.status_code)
    messages.success(request, f"已添加附件“{attachment.name}”。")
    return redirect(_detail_url(item, "attachments"))


@login_required
@require_POST
def attachment_delete(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    item = _item(request, pk)
    attachment = Attachment.objects.filter(disclosure=item, pk=attachment_pk).first()
    if attachment is None:
        raise Http404("该附件不存在。")
    _, error = attempt(request, lambda: attachment_remove(attachment=attachment, actor=request.user))
    if error:
        return _render_detail(request, item, status=error.status_code)
    messages.success(request, f"已删除附件“{attachment.name}”。")
    return redirect(_detail_url(item, "attachments"))


def _finding(item: Disclosure, finding_pk: int) -> Finding:
    finding = Finding.objects.filter(disclosure=item, pk=finding_pk).first()
    if finding is None:
        raise Http404("该敏感信息记录不存在。")
    return finding


def _after_finding(
    request: HttpRequest,
    item: Disclosure,
    error: DomainError | None,
    accept_form: tuple[int, FindingAcceptForm] | None = None,
) -> HttpResponse:
    """htmx: re-render the findings table (and, out of band, the body and the messages).
    Without JavaScript: back to the page, or the page again with the error and what was typed."""
    status = error.status_code if error else (400 if accept_form and accept_form[1].errors else 200)
    if request.htmx:
        item = _item(request, item.pk)  # masking changed the text
        return _render_detail(
            request, item, template="console/_findings_swap.html", status=status, accept_form=accept_form
        )
    if status != 200:
        return _render_detail(request, item, accept_form=accept_form, status=status)
    return redirect(_detail_url(item, "findings"))


@login_required
@require_POST
def finding_mask(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    item = _item(request, pk)
    finding = _finding(item, finding_pk)
    _, error = attempt(request, lambda: finding_resolve(finding=finding, actor=request.user, action="mask"))
    if not error:
        messages.success(request, f"已将{finding.get_kind_display()}遮盖为 {finding.masked}。")
    return _after_finding(request, item, error)


@login_required
@require_POST
def finding_accept(request: HttpRequest, pk: int, finding_pk: int) -> HttpResponse:
    item = _item(request, pk)
    finding = _finding(item, finding_pk)
    form = FindingAcceptForm(request.POST, prefix=f"finding-{finding.pk}")
    error = None
    if form.is_valid():
        _, error = attempt(
            request,
            lambda: finding_resolve(
                finding=finding, actor=request.user, action="accept", reason=form.cleaned_data["reason"]
            ),
        )
        if not error:
            messages.success(request, f"已接受该{finding.get_kind_display()}，理由已记录。")
            form = None
    else:
        messages.error(request, "接受敏感信息必须说明理由。")
    return _after_finding(request, item, error, accept_form=(finding.pk, form) if form else None)


# --- 公开指南 ------------------------------------------------------------------------------------------


@login_required
def unit_guide(request: HttpRequest, code: str) -> HttpResponse:
    unit = access.units_for(request.user, "unit.view").filter(code=code).first()
    if unit is None:
        raise Http404("该机构不存在，或不在您的管理范围内。")
    if not access.can(request.user, "unit.guide.edit", unit):
        messages.error(request, access.MESSAGES["unit.guide.edit"])
        return redirect("console:home")
    form = GuideForm(request.POST if request.method == "POST" else None, initial=GuideForm.initial_for(unit))
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            saved, error = attempt(
                request, lambda: unit_guide_update(unit=unit, actor=request.user, **form.cleaned_data)
            )
            if saved:
                messages.success(request, f"已保存{saved.name}的公开指南。")
                return redirect("console:unit_guide", code=saved.code)
            status = error.status_code
    return render(request, "console/unit_guide.html", {"form": form, "unit": unit}, status=status)
