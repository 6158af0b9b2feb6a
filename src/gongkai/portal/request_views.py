"""Public pages of information requests (依申请公开): apply online, see the number and query code once,
track a request with them, download its letters.

Apart from the index, these pages are per visitor (a form with a one-time security challenge, a
receipt, a tracked case): every response is ``never_cache`` so neither nginx nor a browser keeps a copy,
and they may use the session and the CSP nonce. Abuse is held off by :mod:`gongkai.core.antiabuse`: a
proof-of-work challenge on the application form (an arithmetic question without JavaScript) and rate
limits per address on applying and on tracking.

A tracked case is remembered in the session (number → id, for ``TRACK_SESSION_SECONDS``) after the
number and query code matched, so the status page and the letter downloads need not carry the code in
their URLs.
"""

import time

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from gongkai.core.antiabuse import (
    HumanCheckFailed,
    RateLimited,
    challenge_issue,
    challenge_verify,
    rate_check,
)
from gongkai.core.errors import DomainError
from gongkai.foi import selectors as foi_selectors
from gongkai.foi import services as foi_services
from gongkai.foi.clock import CLARIFICATION_LIMIT_DAYS
from gongkai.foi.intake import IntakeInvalid
from gongkai.foi.letter_files import PENDING_TEXT
from gongkai.foi.models import InfoRequest, Letter

from .request_forms import ApplicationForm
from .views import public_page

APPLY_PURPOSE = "foi.apply"
SESSION_RECEIPT = "gongkai_foi_receipt"
SESSION_TRACKED = "gongkai_foi_tracked"
TRACK_SESSION_SECONDS = 3600
TRACK_SESSION_MAX = 10
WRONG_CODE = "编号或查询码不正确。"
LETTER_FORMATS = {"pdf", "docx"}


def _human_check(request: HttpRequest, purpose: str) -> str:
    """The security check of a posted form: "" when passed, else the message to show."""
    try:
        challenge_verify(
            token=request.POST.get("pow_token", ""),
            nonce=request.POST.get("pow_nonce", "").strip(),
            answer=request.POST.get("pow_answer", ""),
            purpose=purpose,
        )
    except HumanCheckFailed as exc:
        return exc.message
    return ""


@public_page  # the same for everyone: cacheable like the rest of the column
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/requests/index.html", {"section": "requests"})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    bound = request.method == "POST"
    form = ApplicationForm(request.POST if bound else None, request.FILES if bound else None)
    check_error, status = "", 200
    if bound:
        status = 400
        valid = form.is_valid()
        check_error = _human_check(request, APPLY_PURPOSE)
        if valid and not check_error:
            try:
                rate_check("APPLY", request)
                info, code = foi_services.request_submit_online(
                    unit_code=form.cleaned_data["unit"], **form.service_kwargs()
                )
            except IntakeInvalid as exc:
                form.add_intake_errors(exc.errors)
            except DomainError as exc:  # RateLimited (429), an unknown unit, …
                form.add_error(None, exc.message)
                status = exc.status_code
            else:
                request.session[SESSION_RECEIPT] = _receipt(info, code)
                return redirect("portal:request_done")
    upload = request.FILES.get("proof") if bound else None
    return render(request, "portal/requests/apply.html", {
        "section": "requests",
        "form": form,
        "challenge": challenge_issue(purpose=APPLY_PURPOSE),
        "check_error": check_error,
        "dropped_file": upload.name if upload else "",
        "clarification_days": CLARIFICATION_LIMIT_DAYS,
    }, status=status)


def _receipt(info: InfoRequest, code: str) -> dict:
    return {
        "number": info.number,
        "code": code,
        "unit": info.unit.name,
        "received_on": info.received_on.isoformat(),
        "due_date": info.due_date.isoformat() if info.due_date else "",
        "due_provisional": info.due_provisional,
        "phone": bool(info.phone),
        "email": bool(info.email),
    }


@never_cache
@require_safe
def apply_done(request: HttpRequest) -> HttpResponse:
    """The number and query code, once: the receipt leaves the session as it is shown."""
    receipt = request.session.pop(SESSION_RECEIPT, None)
    return render(request, "portal/requests/done.html", {"section": "requests", "receipt": receipt})


# --- tracking -----------------------------------------------------------------------------------------


def _tracked(request: HttpRequest) -> dict[str, list]:
    """number → [request id, time] of the cases this visitor opened with the query code recently."""
    now = time.time()
    entries = request.session.get(SESSION_TRACKED, {})
    return {n: v for n, v in entries.items() if now - v[1] < TRACK_SESSION_SECONDS}


def _remember(request: HttpRequest, number: str, pk: int) -> None:
    entries = _tracked(request)
    entries[number] = [pk, time.time()]
    newest = sorted(entries.items(), key=lambda item: item[1][1])[-TRACK_SESSION_MAX:]
    request.session[SESSION_TRACKED] = dict(newest)


def _tracked_request(request: HttpRequest, number: str) -> InfoRequest | None:
    entry = _tracked(request).get(number)
    if not entry:
        return None
    return InfoRequest.objects.select_related("unit").filter(pk=entry[0], number=number).first()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    number = request.POST.get("number", "").strip().upper()[:30] if request.method == "POST" else ""
    error, status = "", 200
    if request.method == "POST":
        code = request.POST.get("code", "").strip()[:40]
        try:
            rate_check("TRACK", request)
        except RateLimited as exc:
            error, status = exc.message, exc.status_code
        else:
            info = foi_selectors.request_track(number, code) if number and code else None
            if info is None:
                error, status = WRONG_CODE, 400
            else:
                _remember(request, info.number, info.pk)
                return redirect("portal:request_status", number=info.number)
    return render(request, "portal/requests/track.html", {
        "section": "requests", "number": number, "error": error,
    }, status=status)


@never_cache
@require_safe
def track_status(request: HttpRequest, number: str) -> HttpResponse:
    info = _tracked_request(request, number)
    if info is None:
        return redirect("portal:request_track")
    return render(request, "portal/requests/status.html", {
        "section": "requests",
        "info": info,
        "segments": foi_selectors.clock_explanation(info),
        "letters": foi_selectors.public_letters(info),
        "today": timezone.localdate(),
    })


@never_cache
@require_safe
def letter_download(request: HttpRequest, letter_id: int, fmt: str) -> FileResponse:
    letter = Letter.objects.filter(pk=letter_id, public=True).select_related("request").first()
    if fmt not in LETTER_FORMATS or letter is None or _tracked_request(request, letter.request.number) is None:
        raise Http404("文书不存在，或查询已过期，请重新输入编号和查询码。")
    stored = letter.pdf if fmt == "pdf" else letter.docx
    if not stored:
        raise Http404(PENDING_TEXT if fmt == "pdf" else "该文书暂无此格式。")
    return FileResponse(
        stored.open("rb"), as_attachment=True, filename=f"{letter.number}{letter.get_kind_display()}.{fmt}",
    )
