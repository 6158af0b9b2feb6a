"""SMS backends: ``SmsBackend.send(phone, text) -> provider_message_id``; a failure raises DeliveryError.

``settings.GONGKAI_SMS_BACKEND`` picks one: ``file`` (default: one JSON line per message in
``GONGKAI_OUTBOX_DIR/sms.jsonl``), ``http`` (a generic gateway), ``aliyun`` (Alibaba Cloud SMS), or the
dotted path of a class with the same interface.
"""

import abc
import base64
import hashlib
import hmac
import json
import re
import urllib.error
import urllib.request
import uuid
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.module_loading import import_string

_MAINLAND_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class DeliveryError(Exception):
    """The provider refused the message or could not be reached; the text is stored as ``last_error``."""


def normalize_phone(phone: str) -> str:
    """``+86 138-0013-8000`` → ``13800138000``; anything else is returned stripped, unchanged."""
    digits = re.sub(r"[\s\-()]", "", phone or "")
    for prefix in ("+86", "0086"):
        if digits.startswith(prefix):
            digits = digits[len(prefix):]
    return digits


def is_mainland_mobile(phone: str) -> bool:
    return bool(_MAINLAND_MOBILE.match(phone))


class SmsBackend(abc.ABC):
    """What every SMS provider implements (file, HTTP gateway, Alibaba Cloud, or a site's own class)."""

    @abc.abstractmethod
    def send(self, phone: str, text: str) -> str:
        """Send ``text`` to ``phone`` (11-digit mainland mobile); return the provider's message id."""


class FileSmsBackend(SmsBackend):
    """The embedded profile's "provider": appends to ``sms.jsonl`` in the outbox directory."""

    def __init__(self, directory: Path | str | None = None):
        self.path = Path(directory or settings.GONGKAI_OUTBOX_DIR) / "sms.jsonl"

    def send(self, phone: str, text: str) -> str:
        message_id = f"file-{uuid.uuid4().hex}"
        line = json.dumps(
            {"id": message_id, "at": timezone.now().isoformat(), "phone": phone, "text": text}, ensure_ascii=False
        )
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One write of one line in append mode: concurrent writers do not interleave within a line.
        with self.path.open("a", encoding="utf-8") as out:
            out.write(line + "\n")
        return message_id


class HttpSmsBackend(SmsBackend):
    """A generic gateway: ``POST {url}`` JSON ``{"phone", "text"}`` with ``Authorization: Bearer {token}``.

    Any 2xx is success; the provider id is the ``id`` (or ``message_id``) of a JSON reply, if it has one.
    """

    def __init__(self, url: str | None = None, token: str | None = None):
        self.url = url or settings.GONGKAI_SMS_HTTP_URL
        self.token = token if token is not None else settings.GONGKAI_SMS_HTTP_TOKEN
        if not self.url:
            raise ImproperlyConfigured("GONGKAI_SMS_HTTP_URL is not set")

    def send(self, phone: str, text: str) -> str:
        data = json.dumps({"phone": phone, "text": text}, ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=data, headers=headers, method="POST")  # noqa: S310
        status, body = _fetch(request)
        if not 200 <= status < 300:
            raise DeliveryError(f"短信网关返回 HTTP {status}：{body[:500]}")
        try:
            reply = json.loads(body) if body.strip() else {}
        except ValueError:
            reply = {}
        if isinstance(reply, dict):
            return str(reply.get("id") or reply.get("message_id") or "")
        return ""


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud's RPC signature wants it (space → %20, * → %2A, ~ kept)."""
    return quote(value, safe="~")


def aliyun_signature(params: dict, secret: str) -> str:
    """Signature version 1.0 (HMAC-SHA1) of an Alibaba Cloud RPC-style GET request.

    ``params`` are all query parameters except ``Signature``. The canonicalised query is the params
    sorted by name, each name and value percent-encoded, joined by ``&``; the string to sign is
    ``GET&%2F&`` + the percent-encoded canonicalised query; the key is ``secret + "&"``.
    """
    canonical = "&".join(f"{percent_encode(k)}={percent_encode(str(v))}" for k, v in sorted(params.items()))
    string_to_sign = "GET&%2F&" + percent_encode(canonical)
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode("ascii")


class AliyunSmsBackend(SmsBackend):
    """Alibaba Cloud SMS ``SendSms`` (API version 2017-05-25) without the SDK.

    The template (``GONGKAI_SMS_ALIYUN_TEMPLATE_CODE``) must have one variable, ``${content}``, which
    receives the whole text.
    """

    def __init__(
        self, *, endpoint: str | None = None, access_key_id: str | None = None, access_key_secret: str | None = None,
        sign_name: str | None = None, template_code: str | None = None,
    ):
        self.endpoint = endpoint or settings.GONGKAI_SMS_ALIYUN_ENDPOINT
        self.access_key_id = access_key_id or settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID
        self.access_key_secret = access_key_secret or settings.GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET
        self.sign_name = sign_name or settings.GONGKAI_SMS_ALIYUN_SIGN_NAME
        self.template_code = template_code or settings.GONGKAI_SMS_ALIYUN_TEMPLATE_CODE
        missing = [
            name for name, value in [
                ("GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID", self.access_key_id),
                ("GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET", self.access_key_secret),
                ("GONGKAI_SMS_ALIYUN_SIGN_NAME", self.sign_name),
                ("GONGKAI_SMS_ALIYUN_TEMPLATE_CODE", self.template_code),
            ] if not value
        ]
        if missing:
            raise ImproperlyConfigured(f"阿里云短信未配置：{', '.join(missing)}")

    def request_params(self, phone: str, text: str) -> dict[str, str]:
        """The signed query parameters for one message (``Signature`` included)."""
        params = {
            "AccessKeyId": self.access_key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": phone,
            "RegionId": "cn-hangzhou",
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": str(uuid.uuid4()),
            "SignatureVersion": "1.0",
            "TemplateCode": self.template_code,
            "TemplateParam": json.dumps({"content": text}, ensure_ascii=False),
            "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "Version": "2017-05-25",
        }
        params["Signature"] = aliyun_signature(params, self.access_key_secret)
        return params

    def send(self, phone: str, text: str) -> str:
        params = self.request_params(phone, text)
        query = "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in params.items())
        base = self.endpoint if self.endpoint.endswith("/") else self.endpoint + "/"
        request = urllib.request.Request(f"{base}?{query}", headers={"Accept": "application/json"})  # noqa: S310
        status, body = _fetch(request)
        try:
            reply = json.loads(body)
        except ValueError:
            raise DeliveryError(f"阿里云短信返回无法解析的响应（HTTP {status}）：{body[:500]}") from None
        code = reply.get("Code") if isinstance(reply, dict) else None
        if code != "OK":
            message = reply.get("Message", "") if isinstance(reply, dict) else ""
            raise DeliveryError(f"阿里云短信发送失败（HTTP {status}）：{code} {message}".strip())
        return str(reply.get("BizId") or reply.get("RequestId") or "")


def _fetch(request: urllib.request.Request) -> tuple[int, str]:
    """(HTTP status, body text) — an HTTP error status is returned, not raised; no connection raises.

    Connecting and each read wait at most ``GONGKAI_NOTIFY_TIMEOUT`` seconds, never the library default.
    """
    try:
        with urllib.request.urlopen(request, timeout=settings.GONGKAI_NOTIFY_TIMEOUT) as response:  # noqa: S310
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise DeliveryError(f"无法连接短信服务 {request.host}：{reason}") from exc


BACKENDS = {"file": FileSmsBackend, "http": HttpSmsBackend, "aliyun": AliyunSmsBackend}


def get_sms_backend() -> SmsBackend:
    """The backend named by ``settings.GONGKAI_SMS_BACKEND``, configured from settings."""
    name = settings.GONGKAI_SMS_BACKEND
    backend_class = BACKENDS.get(name) or (import_string(name) if "." in name else None)
    if backend_class is None:
        raise ImproperlyConfigured(f"GONGKAI_SMS_BACKEND 无法识别：{name}（可选 file、http、aliyun）")
    return backend_class()
