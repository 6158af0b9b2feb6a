"""Local fake SMS providers speaking their real protocols, for tests: no request leaves the machine.

* :class:`FakeAliyunSms` — Alibaba Cloud SMS ``SendSms`` (RPC style, GET, signature version 1.0). It
  checks the signature with its own implementation of the published algorithm, written from the spec
  and not from ``gongkai.notify.sms``, so a bug in the product's signer cannot hide in both.
* :class:`FakeSmsGateway` — the generic HTTP gateway: ``POST`` JSON ``{phone, text}`` with a bearer token.
* :class:`HangingServer` — a gateway that accepts connections and never answers; ``connections`` counts them.

Both run a ThreadingHTTPServer on 127.0.0.1 and a free port in a daemon thread; use them as context
managers (or call ``close()``). ``received`` lists what each accepted.
"""

import base64
import hashlib
import hmac
import json
import re
import socket
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def spec_percent_encode(text: str) -> str:
    """RFC 3986 as the spec states it: UTF-8 bytes; A–Z a–z 0–9 - _ . ~ kept; every other byte %XX (upper)."""
    return "".join(chr(byte) if byte in _UNRESERVED else f"%{byte:02X}" for byte in text.encode("utf-8"))


def spec_signature(method: str, params: dict[str, str], secret: str) -> str:
    """Signature version 1.0, step by step from the published description."""
    # 1. sort the parameters (Signature excluded) by name, in byte order of the name
    names = sorted((name for name in params if name != "Signature"), key=lambda name: name.encode("utf-8"))
    # 2. encode each name and value, join name=value pairs with &
    canonicalized = "&".join(spec_percent_encode(name) + "=" + spec_percent_encode(params[name]) for name in names)
    # 3. StringToSign = HTTPMethod & percentEncode("/") & percentEncode(CanonicalizedQueryString)
    string_to_sign = method + "&" + spec_percent_encode("/") + "&" + spec_percent_encode(canonicalized)
    # 4. HMAC-SHA1 keyed with AccessKeySecret + "&", base64
    mac = hmac.new((secret + "&").encode("utf-8"), string_to_sign.encode("utf-8"), hashlib.sha1)
    return base64.b64encode(mac.digest()).decode("ascii")


class _FakeServer:
    handler_class: type[BaseHTTPRequestHandler]

    def __init__(self):
        handler = type("Handler", (self.handler_class,), {"fake": self})
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.received: list[dict] = []
        self.requests = 0  # every request that reached the server, accepted or not
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class _QuietHandler(BaseHTTPRequestHandler):
    fake: _FakeServer

    def log_message(self, format, *args):  # noqa: A002 — the base class's signature
        pass

    def reply(self, status: int, payload: dict | str) -> None:
        body = (json.dumps(payload, ensure_ascii=False) if isinstance(payload, dict) else payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8" if isinstance(payload, dict) else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


_REQUIRED = (
    "AccessKeyId", "Action", "Format", "PhoneNumbers", "SignName", "SignatureMethod", "SignatureNonce",
    "SignatureVersion", "TemplateCode", "Timestamp", "Version", "Signature",
)
_MOBILE = re.compile(r"^1[3-9]\d{9}$")


class _AliyunHandler(_QuietHandler):
    fake: "FakeAliyunSms"

    def do_GET(self):
        with self.fake.lock:
            self.fake.requests += 1
        parts = urlsplit(self.path)
        request_id = str(uuid.uuid4()).upper()
        status, payload = self.fake.handle(parts.path, dict(parse_qsl(parts.query, keep_blank_values=True)))
        self.reply(status, {"RequestId": request_id, **payload})


class FakeAliyunSms(_FakeServer):
    """Accepts ``SendSms`` signed with one of ``keys`` (AccessKeyId → AccessKeySecret)."""

    handler_class = _AliyunHandler

    def __init__(self, keys: dict[str, str]):
        self.keys = keys
        self.nonces: set[str] = set()
        super().__init__()

    def handle(self, path: str, params: dict[str, str]) -> tuple[int, dict]:
        if path != "/":
            return 404, {"Code": "InvalidAction.NotFound", "Message": f"path {path}"}
        missing = [name for name in _REQUIRED if not params.get(name)]
        if missing:
            return 400, {"Code": "MissingParameter", "Message": f"missing {', '.join(missing)}"}
        if params["Action"] != "SendSms" or params["Version"] != "2017-05-25":
            return 400, {"Code": "InvalidAction.NotFound", "Message": "Specified api is not found"}
        if params["SignatureMethod"] != "HMAC-SHA1" or params["SignatureVersion"] != "1.0":
            return 400, {"Code": "InvalidSignatureMethod", "Message": "unsupported signature method"}
        secret = self.keys.get(params["AccessKeyId"])
        if secret is None:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}
        if not hmac.compare_digest(spec_signature("GET", params, secret), params["Signature"]):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched with our calculation."}
        try:
            at = datetime.strptime(params["Timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        except ValueError:
            return 400, {"Code": "InvalidTimeStamp.Format", "Message": "Specified time stamp is not valid."}
        if abs(datetime.now(UTC) - at) > timedelta(minutes=15):
            return 400, {"Code": "InvalidTimeStamp.Expired", "Message": "Specified time stamp has expired."}
        with self.lock:
            if params["SignatureNonce"] in self.nonces:
                return 400, {"Code": "SignatureNonceUsed", "Message": "Specified signature nonce was used already."}
            self.nonces.add(params["SignatureNonce"])
        # Business errors come back with HTTP 200, as the real service does.
        phones = params["PhoneNumbers"].split(",")
        if not all(_MOBILE.match(phone) for phone in phones):
            return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号"}
        try:
            template_param = json.loads(params.get("TemplateParam") or "{}")
        except ValueError:
            return 200, {"Code": "isv.INVALID_JSON_PARAM", "Message": "JSON参数不合法"}
        if not isinstance(template_param, dict) or not template_param.get("content"):
            return 200, {"Code": "isv.TEMPLATE_MISSING_PARAMETERS", "Message": "模板缺少变量"}
        biz_id = f"{len(self.received) + 100000}^{uuid.uuid4().int % 10**10}"
        with self.lock:
            self.received.append({
                "phone": params["PhoneNumbers"], "sign_name": params["SignName"], "template": params["TemplateCode"],
                "content": template_param["content"], "biz_id": biz_id, "params": params,
            })
        return 200, {"Code": "OK", "Message": "OK", "BizId": biz_id}


class _GatewayHandler(_QuietHandler):
    fake: "FakeSmsGateway"

    def do_POST(self):
        with self.fake.lock:
            self.fake.requests += 1
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.fake.down:
            return self.reply(503, "gateway temporarily unavailable")
        if self.headers.get("Authorization") != f"Bearer {self.fake.token}":
            return self.reply(401, "invalid token")
        try:
            payload = json.loads(data.decode("utf-8"))
            phone, text = payload["phone"], payload["text"]
        except (ValueError, KeyError, TypeError):
            return self.reply(400, "body must be JSON {phone, text}")
        with self.fake.lock:
            message_id = f"gw-{len(self.fake.received) + 1}"
            self.fake.received.append({"id": message_id, "phone": phone, "text": text})
        return self.reply(200, {"id": message_id, "status": "accepted"})


class FakeSmsGateway(_FakeServer):
    """A generic gateway; set ``down = True`` to answer 503."""

    handler_class = _GatewayHandler

    def __init__(self, token: str):
        self.token = token
        self.down = False
        super().__init__()


class HangingServer:
    """Accepts TCP connections on 127.0.0.1 and never answers (a provider that hangs)."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.connections = 0
        self.open: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            self.open.append(conn)  # kept open, never read from or written to

    @property
    def url(self) -> str:
        host, port = self.sock.getsockname()
        return f"http://{host}:{port}/"

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=5)
        for conn in self.open:
            conn.close()
        self.sock.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
