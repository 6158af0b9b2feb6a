"""Input no form or endpoint can store: NUL characters. PostgreSQL refuses them in text and JSON, so a
value carrying one would end as a 500 deep inside a service; here the request is answered 400 at once,
before any view runs. File contents in multipart uploads are not looked at (binary files hold NULs)."""

import re

from django.http import HttpResponseBadRequest, JsonResponse

MESSAGE = "提交的内容含有不允许的控制字符（NUL），请删除后重试。"
# a raw NUL or its JSON escape (\u0000, any case); in a query string or a form body its URL encoding
_NUL = re.compile(rb"\x00|\\u0000", re.IGNORECASE)
_NUL_ENCODED = re.compile(rb"\x00|%00")


def _has_nul(request) -> bool:
    if _NUL_ENCODED.search(request.META.get("QUERY_STRING", "").encode("latin-1", "replace")):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if content_type.startswith("application/x-www-form-urlencoded"):
        return bool(_NUL_ENCODED.search(request.body))
    if content_type.startswith(("application/json", "text/")):
        return bool(_NUL.search(request.body))
    if content_type.startswith("multipart/form-data"):
        return any("\x00" in value for values in request.POST.lists() for value in values[1])
    return False


class RejectNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": MESSAGE}, status=400)
            return HttpResponseBadRequest(MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
