"""Staff pages of information requests (依申请公开): the scoped list, registration of applications that
arrive on paper, by fax, e-mail or in person, and the case page with one form per allowed step.

Who sees which case is decided by :func:`gongkai.foi.selectors.request_get_for` (another unit's case is
404); each step calls one service, whose domain error is shown at the top of the page with the form
kept as typed. The applicant's personal data is masked until a member of the handling unit asks to see
it; :func:`~gongkai.foi.selectors.applicant_view_for` then logs that view.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from gongkai.core.errors import DomainError, NotFound
from gongkai.foi import selectors as foi_selectors
from gongkai.foi import services as foi_services
from gongkai.foi import workflow
from gongkai.foi.codes import Status
from gongkai.foi.intake import IntakeInvalid
from gongkai.foi.letter_files import PENDING_TEXT
from gongkai.foi.models import InfoRequest
from gongkai.orgs import access
from gongkai.workdays.calendar import add_workdays_provisional

from . import request_forms as rf
from .views import attempt

PAGE_SIZE = 20
SESSION_NEW_CODE = "gongkai_console_foi_code"

# Event actions that are not workflow moves, in Chinese (the moves use workflow.label_of).
EVENT_LABELS = {
    "register": "登记申请",
    "view_applicant": "查看申请人信息",
    "merged_from": "合并了重复申请",
    "letter": "出具文书",
    "letter_issue": "出具文书",
    "appeal_file": "登记复议诉讼",
    "appeal_decide": "登记复议诉讼结果",
    "recompute": "重新计算期限",
    "notice_received": "登记签收日期",
    "signoff_prepare": "提交签发",
    "signoff_sign": "签发",
    "signoff_return": "退回拟稿",
    "signoff_withdraw": "撤回签发",
}


def event_label(action: str) -> str:
    if action in workflow.ACTIONS:
        return workflow.label_of(action)
    return EVENT_LABELS.get(action, action)


def _case(request: HttpRequest, pk: int) -> InfoRequest:
    try:
        return foi_selectors.request_get_for(request.user, pk)
    except NotFound as exc:
        raise Http404(exc.message) from exc


def _case_url(item: InfoRequest, anchor: str = "") -> str:
    return reverse("console:request_detail", args=[item.pk]) + (f"#{anchor}" if anchor else "")


# --- the list --------------------------------------------------------------------------------------------


def _search(qs: QuerySet[InfoRequest], data: dict, today: dt.date) -> QuerySet[InfoRequest]:
    """The list's filters on a queryset already scoped by ``requests_for``."""
    if data.get("status"):
        qs = qs.filter(status=data["status"])
    if data.get("unit"):
        qs = qs.filter(unit__code=data["unit"])
    running = foi_selectors.RUNNING
    if data.get("due") == "overdue":
        qs = qs.filter(status__in=running, due_date__lt=today)
    elif data.get("due") == "soon":
        soon, _ = add_workdays_provisional(today, foi_selectors.setting("GONGKAI_REQUEST_DUE_SOON_DAYS"))
        qs = qs.filter(status__in=running, due_date__gte=today, due_date__lte=soon)
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(description__icontains=q))
    return qs


@login_required
@never_cache
def request_list(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user, "request.view").order_by("path")
    form = rf.RequestFilterForm(request.GET or None, statuses=Status.choices, units=units)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    qs = _search(foi_selectors.requests_for(request.user), data, today).order_by("-received_on", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(item, foi_selectors.applicant_masked(item)) for item in page.object_list]
    return render(request, "console/requests/list.html", {
        "form": form, "page": page, "rows": rows, "today": today,
        "running": foi_selectors.RUNNING,
        "can_register": access.units_for(request.user, "request.register").exists(),
    })


# --- registration ----------------------------------------------------------------------------------------


@login_required
@never_cache
def request_new(request: HttpRequest) -> HttpResponse:
    units = access.units_for(request.user, "request.register").order_by("path")
    bound = request.method == "POST"
    form = rf.RegisterForm(request.POST if bound else None, request.FILES if bound else None, units=units)
    status = 200
    if bound:
        status = 400
        if form.is_valid():
            try:
                item, code = foi_services.request_register(actor=request.user, **form.register_kwargs(units))
            except IntakeInvalid as exc:
                form.add_intake_errors(exc.errors)
            except DomainError as exc:  # a file refused, no right to register for that unit …
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                request.session[SESSION_NEW_CODE] = {"pk": item.pk, "code": code}
                messages.success(request, f"已登记申请 {item.number}。")
                return redirect(_case_url(item))
    return render(request, "console/requests/new.html", {
        "form": form, "units": units, "art31": rf.ART31,
        "receipt_bases": foi_services.RECEIPT_BASES,
        "dropped": [f.name for f in request.FILES.values()] if bound else [],
    }, status=status)


# --- the case page ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    form: type[rf.StepForm]
    service: Callable[..., object]
    params: Callable[[dict], dict]  # the service's keyword arguments from the form's cleaned data
    done: str  # the success message
    label: str = ""  # a step that is not a move of the workflow names itself


def _fields(*names: str) -> Callable[[dict], dict]:
    return lambda d: {name: d[name] for name in names}


S = foi_services
STEPS: dict[str, Step] = {
    "assign": Step(rf.AssignForm, S.request_assign, _fields("handler"), "已分配承办人"),
    "transfer": Step(rf.TransferForm, S.request_transfer, _fields("to_unit", "reason"), "已转办"),
    "clarify": Step(rf.ClarifyForm, S.request_clarify,
                    _fields("on", "items", "period_days", "sent_by", "received_on"), "已发出补正告知，补正告知书已生成"),
    "supplement": Step(rf.SupplementForm, S.request_supplement, _fields("on", "files", "note"),
                       "已登记收到补正，答复期限重新计算"),
    "consult": Step(rf.ConsultForm, S.request_consult, _fields("on", "party", "kind", "reason", "sent_by", "received_on"),
                    "已登记征求意见，暂停计时"),
    "consult_end": Step(rf.ConsultEndForm, S.request_consult_end,
                        lambda d: {"pause_id": d["pause"], "on": d["on"], "answer": d["answer"],
                                   "objection": d["objection"]}, "已登记意见答复"),
    "extend": Step(rf.ExtendForm, S.request_extend, _fields("on", "days", "reason"),
                   "已延期答复，延期答复告知书已生成"),
    "excessive": Step(rf.ExcessiveForm, S.request_mark_excessive, _fields("due", "reason"),
                      "已确定第三十五条答复期限"),
    "fee_notice": Step(rf.FeeNoticeForm, S.request_fee_notice,
                       _fields("on", "method", "quantity", "sent_by", "received_on"), "已发出收费通知，收费通知书已生成"),
    "notice_received": Step(rf.NoticeReceivedForm, S.request_notice_received,
                            lambda d: {"notice": d["notice"], "pause_id": d["pause"], "on": d["on"]},
                            "已登记签收日期，期限已重新计算", label="登记签收日期"),
    "fee_paid": Step(rf.FeePaidForm, S.request_fee_paid, _fields("on"), "已登记缴费"),
    "reply": Step(rf.ReplyForm, S.request_reply,
                  lambda d: {"on": d["on"], "reply_kind": d["reply_kind"], "outcome": d["outcome"] or None,
                             "note": d["note"], "where_published": d["where_published"],
                             "right_agency": d["right_agency"], "provided": d["provided_list"],
                             "withheld_parts": d["withheld_parts"], "details": d["details"], "files": d["files"]},
                  "已答复，答复书已生成"),
    "deliver": Step(rf.DeliverForm, S.request_deliver, _fields("on", "way", "note", "proof"),
                    "已登记送达，申请已办结"),
}


def _signs(user, item: InfoRequest, action: str) -> bool:
    """Whether ``user`` makes ``action`` themselves; False: they prepare it for the signer (签发)."""
    kind = workflow.SIGNED_LETTERS.get(action)
    return kind is None or access.can_sign(user, item.unit, kind)


def _may_step(user, item: InfoRequest, action: str, permission: str) -> bool:
    if action in workflow.SIGNED_LETTERS:
        return _signs(user, item, action) or access.can(user, "request.handle", item.unit)
    return access.can(user, permission, item.unit)


@dataclass
class StepBlock:
    action: str
    label: str
    form: rf.StepForm
    multipart: bool
    open: bool  # the form the person just submitted (with errors) is shown expanded
    button: str = ""  # "提交签发" when the person prepares the move for the signer


def _steps_for(request: HttpRequest, item: InfoRequest, bound: tuple[str, rf.StepForm] | None) -> list[StepBlock]:
    blocks = []
    for transition in workflow.allowed_actions(item.status):
        action = transition.action
        if action not in STEPS or not _may_step(request.user, item, action, transition.permission):
            continue
        if action == "consult_end" and not any(p.ended_on is None and p.kind != "fee" for p in item.pauses.all()):
            continue
        if action == "fee_paid" and not any(p.ended_on is None and p.kind == "fee" for p in item.pauses.all()):
            continue
        if bound and bound[0] == action:
            form = bound[1]
        else:
            form = STEPS[action].form(case=item, prefix=action)
        blocks.append(StepBlock(action, transition.label, form, form.is_multipart(),
                                open=bool(bound and bound[0] == action),
                                button="" if _signs(request.user, item, action) else "提交签发"))
    # not a move: the signed-for date of a notice sent earlier, while the case is open
    if item.status in workflow.OPEN and access.can(request.user, "request.handle", item.unit) \
            and rf.NoticeReceivedForm.notices(item):
        action = "notice_received"
        form = bound[1] if bound and bound[0] == action else STEPS[action].form(case=item, prefix=action)
        blocks.append(StepBlock(action, STEPS[action].label, form, False, open=bool(bound and bound[0] == action)))
    return blocks


def _render_case(request: HttpRequest, item: InfoRequest, *, bound: tuple[str, rf.StepForm] | None = None,
                 signoff_form: rf.SignOffForm | None = None, status: int = 200) -> HttpResponse:
    show_applicant = request.GET.get("applicant") == "1"
    applicant = foi_selectors.applicant_view_for(request.user, item) if show_applicant else None
    new_code = request.session.get(SESSION_NEW_CODE)
    if new_code and new_code.get("pk") == item.pk:
        del request.session[SESSION_NEW_CODE]
    else:
        new_code = None
    return render(request, "console/requests/detail.html", {
        "item": item,
        "new_code": new_code["code"] if new_code else "",
        "applicant": applicant,
        "masked": foi_selectors.applicant_masked(item),
        "can_view_applicant": access.can(request.user, "request.view_applicant", item.unit),
        "clock": foi_selectors.clock_for(item),
        "pauses": list(item.pauses.all()),
        "letters": list(item.letters.all()),
        "files": list(item.files.all()),
        "history": [(e, event_label(e.action)) for e in item.events.select_related("actor").order_by("at", "id")],
        "steps": _steps_for(request, item, bound),
        "signoff": foi_selectors.signoff_view_for(request.user, item),
        "signoff_form": signoff_form or rf.SignOffForm(),
        "similar": foi_selectors.similar_requests_for(item),
        "today": timezone.localdate(),
    }, status=status)


@login_required
@never_cache
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_case(request, _case(request, pk))


@login_required
@require_POST
def request_step(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    item = _case(request, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404("没有这个办理步骤。")
    form = step.form(request.POST, request.FILES, case=item, prefix=action)
    if not form.is_valid():
        messages.error(request, f"{step.label or workflow.label_of(action)}：请修改下面标出的内容。")
        return _render_case(request, item, bound=(action, form), status=400)
    params = step.params(form.cleaned_data)
    if action in workflow.SIGNED_LETTERS:  # 签发: made by a signer, prepared for one by anyone else
        files = params.pop("files", ())
        prepared, error = attempt(request, lambda: foi_services.request_sign_or_prepare(
            request=item, action=action, params=params, files=files, actor=request.user))
    else:
        prepared = None
        _, error = attempt(request, lambda: step.service(request=item, actor=request.user, **params))
    if error:
        return _render_case(request, item, bound=(action, form), status=error.status_code)
    if prepared:
        messages.success(request, "已提交签发，负责领导签发后出具文书。")
        return redirect(_case_url(item, "signoff"))
    messages.success(request, f"{step.done}。")
    return redirect(_case_url(item, "status"))


@login_required
@require_POST
def request_signoff(request: HttpRequest, pk: int, signoff_id: int) -> HttpResponse:
    """签发, return or withdraw the case's open sign-off."""
    item = _case(request, pk)
    signoff = item.signoffs.filter(pk=signoff_id).first()
    if signoff is None:
        raise Http404("该签发事项不存在。")
    form = rf.SignOffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择签发、退回或撤回。")
        return redirect(_case_url(item, "signoff"))
    decision = form.cleaned_data["decision"]
    _, error = attempt(request, lambda: foi_services.request_signoff(
        signoff=signoff, decision=decision, opinion=form.cleaned_data["opinion"], actor=request.user))
    if error:
        return _render_case(request, item, signoff_form=form, status=error.status_code)
    done = {"sign": "已签发，文书已出具", "return": "已退回拟稿人", "withdraw": "已撤回，可修改后重新提交"}[decision]
    messages.success(request, f"{done}。")
    return redirect(_case_url(item, "status" if decision == "sign" else "signoff"))


# --- downloads -------------------------------------------------------------------------------------------


@login_required
@never_cache
def letter_download(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> FileResponse:
    item = _case(request, pk)
    letter = item.letters.filter(pk=letter_id).first()
    stored = None if letter is None else {"pdf": letter.pdf, "docx": letter.docx}.get(fmt)
    if not stored:
        raise Http404(PENDING_TEXT if letter is not None and fmt == "pdf" else "该文书不存在。")
    return FileResponse(stored.open("rb"), as_attachment=True,
                        filename=f"{letter.number}{letter.get_kind_display()}.{fmt}")


@login_required
@never_cache
def file_download(request: HttpRequest, pk: int, file_id: int) -> FileResponse:
    """A file of the case. Proofs of identity and scans carry personal data: the same rule as the
    applicant block, and the download is logged as a view of the applicant's data."""
    item = _case(request, pk)
    row = item.files.filter(pk=file_id).first()
    if row is None:
        raise Http404("该文件不存在。")
    if row.kind in {"proof", "scan", "supplement"} and foi_selectors.applicant_view_for(request.user, item) is None:
        raise Http404(access.MESSAGES["request.view_applicant"])
    return FileResponse(row.file.open("rb"), as_attachment=not row.mime.startswith("image/"), filename=row.name,
                        content_type=row.mime)
