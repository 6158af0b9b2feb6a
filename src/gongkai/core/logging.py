"""Structured logs: one JSON object per line (``LOG_FORMAT=json``), every line of a request carrying its
request id, and one access line per request.

A line holds the time (ISO 8601 with the zone), level, logger, message and, within a request, the request
id; the access line adds method, path (never the query string), status, duration in ms and the id of the
signed-in member of staff. Personal data never goes in: the public has no account, tracking codes and
form fields travel in POST bodies that are not logged, and a safety net masks anything shaped like a
resident ID or mobile number that a message might still carry.
"""

import datetime as dt
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.signals import request_finished

request_id_var: ContextVar[str] = ContextVar("gongkai_request_id", default="")

REQUEST_ID_HEADER = "X-Request-ID"
# an incoming id is kept when it is a plain token (nginx's $request_id, a UUID); anything else is replaced
_VALID_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
_PERSONAL = [
    (re.compile(r"(?<!\d)\d{6}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?!\d)"),
     "[身份证号]"),
    (re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"), "[手机号]"),
]
# fields the access line adds through ``extra=``
ACCESS_FIELDS = ("method", "path", "status", "duration_ms", "view", "user_id")

access_logger = logging.getLogger("gongkai.request")


def mask_personal(text: str) -> str:
    for pattern, replacement in _PERSONAL:
        text = pattern.sub(replacement, text)
    return text


class RequestContextFilter(logging.Filter):
    """Adds ``request_id`` to every record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line; time in the site's zone (``TIME_ZONE``) with its offset."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(getattr(settings, "TIME_ZONE", None) or "UTC")

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "timestamp": dt.datetime.fromtimestamp(record.created, tz=self.zone).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_personal(record.getMessage()),
        }
        request_id = getattr(record, "request_id", "") or request_id_var.get()
        if request_id:
            line["request_id"] = request_id
        for name in ACCESS_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = mask_personal(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False, default=str)


def _user_id(request) -> int | None:
    # only a request with a session can be signed in; evaluating the user otherwise would cost a query
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return None
    user = getattr(request, "user", None)
    return user.pk if user is not None and user.is_authenticated else None


class RequestIdMiddleware:
    """Gives every request an id (the proxy's ``X-Request-ID`` when it sent a plain one), returns it in the
    response header, tags every log line of the request with it and, with ``GONGKAI_ACCESS_LOG``, writes
    one access line per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # kept until the response is finished: Django logs errors ("Not Found", 500s) after the middleware
        request_id_var.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        if getattr(settings, "GONGKAI_ACCESS_LOG", False):
            self._access(request, response.status_code, started)
        return response

    @staticmethod
    def _access(request, status: int, started: float) -> None:
        duration = round((time.perf_counter() - started) * 1000, 1)
        match = getattr(request, "resolver_match", None)
        level = logging.ERROR if status >= 500 else logging.INFO
        access_logger.log(level, "%s %s %s %.1fms", request.method, request.path, status, duration, extra={
            "method": request.method, "path": request.path, "status": status, "duration_ms": duration,
            "view": match.view_name if match else "", "user_id": _user_id(request),
        })


def _request_done(**kwargs) -> None:
    request_id_var.set("")


request_finished.connect(_request_done, dispatch_uid="gongkai.core.logging.request_done")
