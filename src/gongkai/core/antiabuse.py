"""Anti-abuse for public forms without any outside service: a proof-of-work challenge and rate limits.

**Proof of work.** :func:`challenge_issue` gives the page a signed token (``django.core.signing``: a
timestamp, a random salt, the purpose and the difficulty). The browser (``portal/static/gongkai/pow.js``)
searches for a ``nonce`` such that SHA-256(token + nonce) starts with ``difficulty`` zero bits, about
2**difficulty hashes (≈ 260 000 at the default 18: a second or two in a browser, a real cost for a
script sending thousands). Visitors without JavaScript (or without ``crypto.subtle``, i.e. outside a
secure context) answer a short arithmetic question in Chinese instead; its numbers are derived from
the salt with the server's secret, so the token does not give the answer away.

:func:`challenge_verify` checks the signature, the age (``GONGKAI_POW_MAX_AGE``, default 30 minutes),
the purpose, then the hash or the answer, and finally that the token was not used before (the cache
remembers used salts for as long as a token lives). Any failure raises :class:`HumanCheckFailed`.

**Rate limits.** :func:`rate_limit` counts hits per key in fixed windows in Django's cache (the same
cache for every app server in production: Redis). Limits come from the ``GONGKAI_RATE_*`` settings,
each ``(hits, seconds)``; see :data:`RATE_DEFAULTS`. When Redis is down the cache answers from process
memory (:class:`gongkai.core.cache.FailSafeCache`, which logs a warning): limits and used challenges then
count per process, so they still hold, a little more loosely, and no form fails.
"""

from __future__ import annotations

import hashlib
import ipaddress
import secrets
import time
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from .errors import DomainError

SIGNING_SALT = "gongkai.antiabuse.challenge"
DEFAULT_DIFFICULTY = 18
DEFAULT_MAX_AGE = 30 * 60
MAX_NONCE_CHARS = 32

# (hits, window in seconds) per limit name; ``GONGKAI_RATE_<NAME>`` in the settings overrides each.
RATE_DEFAULTS: dict[str, tuple[int, int]] = {
    "APPLY": (5, 3600),  # online information requests per IP per hour
    "TRACK": (20, 3600),  # tracking attempts (number + query code) per IP per hour
}

_DIGITS = "零一二三四五六七八九十"


class HumanCheckFailed(DomainError):
    """The security check was missing, expired, reused or wrong (HTTP 400)."""


class RateLimited(DomainError):
    """Too many attempts from one address (HTTP 429)."""

    status_code = 429


@dataclass(frozen=True)
class Challenge:
    token: str  # signed, opaque to the browser
    difficulty: int  # leading zero bits of SHA-256(token + nonce)
    question: str  # the arithmetic question for visitors without JavaScript


def pow_difficulty() -> int:
    return int(getattr(settings, "GONGKAI_POW_DIFFICULTY", DEFAULT_DIFFICULTY))


def pow_max_age() -> int:
    return int(getattr(settings, "GONGKAI_POW_MAX_AGE", DEFAULT_MAX_AGE))


def _operands(salt: str) -> tuple[int, int]:
    """Two numbers 1–9 that only the server can derive from the salt."""
    digest = salted_hmac("gongkai.antiabuse.question", salt).digest()
    return digest[0] % 9 + 1, digest[1] % 9 + 1


def _question(salt: str) -> str:
    a, b = _operands(salt)
    return f"请计算：{_DIGITS[a]}加{_DIGITS[b]}等于多少？"


def challenge_issue(*, purpose: str, difficulty: int | None = None) -> Challenge:
    """A new challenge for one form (``purpose`` names it, e.g. ``"foi.apply"``)."""
    difficulty = pow_difficulty() if difficulty is None else difficulty
    salt = secrets.token_hex(12)
    token = signing.dumps({"p": purpose, "s": salt, "d": difficulty}, salt=SIGNING_SALT, compress=False)
    return Challenge(token=token, difficulty=difficulty, question=_question(salt))


def leading_zero_bits(data: bytes) -> int:
    value = int.from_bytes(data, "big")
    return len(data) * 8 - value.bit_length()


def pow_valid(token: str, nonce: str, difficulty: int) -> bool:
    """True when SHA-256(token + nonce) starts with ``difficulty`` zero bits."""
    if not nonce or len(nonce) > MAX_NONCE_CHARS or not nonce.isascii():
        return False
    return leading_zero_bits(hashlib.sha256((token + nonce).encode()).digest()) >= difficulty


def _answer_valid(salt: str, answer: str) -> bool:
    answer = unicodedata.normalize("NFKC", answer or "").strip()  # full-width digits from an IME
    a, b = _operands(salt)
    return answer.isascii() and answer.isdigit() and len(answer) <= 3 and int(answer) == a + b


def challenge_verify(*, token: str, nonce: str = "", answer: str = "", purpose: str) -> None:
    """Accept a solved challenge once, or raise :class:`HumanCheckFailed` saying what to do."""
    if not token:
        raise HumanCheckFailed("请完成安全验证后再提交。")
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=pow_max_age())
    except signing.SignatureExpired as exc:
        raise HumanCheckFailed("安全验证已过期，请重新完成验证后再提交。") from exc
    except signing.BadSignature as exc:
        raise HumanCheckFailed("安全验证无效，请重新完成验证后再提交。") from exc
    if not isinstance(payload, dict) or payload.get("p") != purpose:
        raise HumanCheckFailed("安全验证无效，请重新完成验证后再提交。")
    salt, difficulty = str(payload.get("s", "")), int(payload.get("d", DEFAULT_DIFFICULTY))
    if nonce:
        if not pow_valid(token, nonce, difficulty):
            raise HumanCheckFailed("安全验证未通过，请重新完成验证后再提交。")
    elif answer:
        if not _answer_valid(salt, answer):
            raise HumanCheckFailed("计算题答案不正确，请重新计算后再提交。")
    else:
        raise HumanCheckFailed("请完成安全验证后再提交。")
    # Last, so that a wrong answer does not burn the challenge; add() is atomic in every backend.
    if not cache.add(f"antiabuse:used:{salt}", 1, timeout=pow_max_age() + 60):
        raise HumanCheckFailed("该安全验证已使用过，请重新完成验证后再提交。")


# --- rate limits -------------------------------------------------------------------------------------


def rate_setting(name: str) -> tuple[int, int]:
    """``(hits, seconds)`` of the named limit (``APPLY``, ``TRACK``), from ``GONGKAI_RATE_<NAME>``."""
    hits, seconds = getattr(settings, f"GONGKAI_RATE_{name}", RATE_DEFAULTS[name])
    return int(hits), int(seconds)


def rate_limit(key: str, limit: int, window_seconds: int) -> bool:
    """Count one hit on ``key``; True while at most ``limit`` hits fell in the current window.

    Fixed windows: a burst at the edge of two windows may reach twice the limit, which is acceptable
    for throttling public forms and keeps the cost at one cache round trip.
    """
    bucket = f"antiabuse:rate:{key}:{int(time.time()) // window_seconds}"
    cache.add(bucket, 0, timeout=window_seconds + 1)
    try:
        hits = cache.incr(bucket)
    except ValueError:  # expired between add() and incr()
        cache.set(bucket, 1, timeout=window_seconds + 1)
        hits = 1
    return hits <= limit


def rate_check(name: str, request: HttpRequest) -> None:
    """Count one hit of limit ``name`` for the request's address; raise :class:`RateLimited` past it."""
    limit, window = rate_setting(name)
    if not rate_limit(f"{name}:{client_address(request)}", limit, window):
        minutes = max(window // 60, 1)
        raise RateLimited(f"操作过于频繁，请 {minutes} 分钟后再试。")


def client_address(request: HttpRequest) -> str:
    """The client's address for throttling. Behind ``GONGKAI_TRUSTED_PROXIES`` reverse proxies (nginx
    appending to X-Forwarded-For), the address the nearest untrusted hop saw. IPv6 is taken per /64,
    which one household or phone usually holds."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "GONGKAI_TRUSTED_PROXIES", 0))
    if proxies:
        chain = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(chain) >= proxies:
            address = chain[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    if ip.version == 6 and not ip.ipv4_mapped:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) + "/64"
    return str(ip.ipv4_mapped or ip) if ip.version == 6 else str(ip)
