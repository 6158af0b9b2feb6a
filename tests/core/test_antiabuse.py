"""The proof-of-work challenge and the rate limits of public forms (gongkai.core.antiabuse)."""

import hashlib
import re
import time

import pytest
from django.core import signing
from django.test import RequestFactory

from gongkai.core import antiabuse
from gongkai.core.antiabuse import (
    HumanCheckFailed,
    RateLimited,
    challenge_issue,
    challenge_verify,
    rate_limit,
)

DIGITS = "零一二三四五六七八九"


def solve(token: str, difficulty: int) -> str:
    n = 0
    while not antiabuse.pow_valid(token, str(n), difficulty):
        n += 1
    return str(n)


def answer_of(question: str) -> str:
    a, b = re.fullmatch(r"请计算：(.)加(.)等于多少？", question).groups()
    return str(DIGITS.index(a) + DIGITS.index(b))


# --- proof of work ------------------------------------------------------------------------------


def test_a_solved_challenge_is_accepted_once():
    challenge = challenge_issue(purpose="foi.apply", difficulty=8)
    nonce = solve(challenge.token, 8)
    digest = hashlib.sha256((challenge.token + nonce).encode()).digest()
    assert digest[0] == 0  # 8 leading zero bits

    challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")

    with pytest.raises(HumanCheckFailed, match="已使用过"):
        challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")


def test_the_default_difficulty_is_18_bits_and_configurable(settings):
    assert challenge_issue(purpose="x").difficulty == 18
    settings.GONGKAI_POW_DIFFICULTY = 4
    assert challenge_issue(purpose="x").difficulty == 4


def test_a_wrong_nonce_is_refused_and_does_not_burn_the_challenge():
    challenge = challenge_issue(purpose="foi.apply", difficulty=12)
    nonce = solve(challenge.token, 12)
    wrong = next(str(n) for n in range(10**6) if not antiabuse.pow_valid(challenge.token, str(n), 12))

    with pytest.raises(HumanCheckFailed, match="未通过"):
        challenge_verify(token=challenge.token, nonce=wrong, purpose="foi.apply")
    challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")


def test_an_expired_challenge_is_refused(settings, monkeypatch):
    challenge = challenge_issue(purpose="foi.apply", difficulty=4)
    nonce = solve(challenge.token, 4)
    later = time.time() + 31 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)

    with pytest.raises(HumanCheckFailed, match="已过期"):
        challenge_verify(token=challenge.token, nonce=nonce, purpose="foi.apply")


def test_a_challenge_younger_than_the_max_age_is_accepted(monkeypatch):
    challenge = challenge_issue(purpose="foi.apply", difficulty=4)
    later = time.time() + 29 * 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    challenge_verify(token=challenge.token, nonce=solve(challenge.token, 4), purpose="foi.apply")


def test_a_forged_or_lowered_difficulty_token_is_refused():
    challenge = challenge_issue(purpose="foi.apply", difficulty=18)
    payload = signing.loads(challenge.token, salt=antiabuse.SIGNING_SALT)
    forged = signing.dumps({**payload, "d": 0}, salt="someone-else")
    with pytest.raises(HumanCheckFailed, match="无效"):
        challenge_verify(token=forged, nonce="0", purpose="foi.apply")
    value, signature = challenge.token.rsplit(":", 1)
    flipped = signature[:-1] + ("A" if signature[-1] != "A" else "B")
    with pytest.raises(HumanCheckFailed, match="无效"):
        challenge_verify(token=f"{value}:{flipped}", nonce="0", purpose="foi.apply")


def test_a_challenge_is_bound_to_its_form():
    challenge = challenge_issue(purpose="foi.apply", difficulty=4)
    with pytest.raises(HumanCheckFailed, match="无效"):
        challenge_verify(token=challenge.token, nonce=solve(challenge.token, 4), purpose="foi.track")


def test_nothing_solved_is_refused():
    challenge = challenge_issue(purpose="foi.apply", difficulty=4)
    with pytest.raises(HumanCheckFailed, match="请完成安全验证"):
        challenge_verify(token=challenge.token, purpose="foi.apply")
    with pytest.raises(HumanCheckFailed, match="请完成安全验证"):
        challenge_verify(token="", nonce="1", purpose="foi.apply")


# --- the question for visitors without JavaScript -----------------------------------------------


def test_the_arithmetic_question_is_chinese_and_its_answer_is_not_in_the_token():
    challenge = challenge_issue(purpose="foi.apply")
    assert re.fullmatch(r"请计算：[一二三四五六七八九]加[一二三四五六七八九]等于多少？", challenge.question)
    payload = signing.loads(challenge.token, salt=antiabuse.SIGNING_SALT)
    assert set(payload) == {"p", "s", "d"}


def test_the_right_answer_is_accepted_once_even_in_full_width_digits():
    challenge = challenge_issue(purpose="foi.apply")
    answer = answer_of(challenge.question)
    full_width = answer.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    challenge_verify(token=challenge.token, answer=full_width, purpose="foi.apply")
    with pytest.raises(HumanCheckFailed, match="已使用过"):
        challenge_verify(token=challenge.token, answer=answer, purpose="foi.apply")


def test_a_wrong_answer_is_refused():
    challenge = challenge_issue(purpose="foi.apply")
    wrong = str(int(answer_of(challenge.question)) + 1)
    for bad in (wrong, "abc", "-1", "1" * 40):
        with pytest.raises(HumanCheckFailed, match="不正确"):
            challenge_verify(token=challenge.token, answer=bad, purpose="foi.apply")


# --- rate limits --------------------------------------------------------------------------------


def test_rate_limit_allows_up_to_the_limit_per_key():
    assert all(rate_limit("ip:1", 3, 60) for _ in range(3))
    assert not rate_limit("ip:1", 3, 60)
    assert rate_limit("ip:2", 3, 60)  # another key has its own count


def test_rate_limit_starts_again_in_the_next_window(monkeypatch):
    now = 1_800_000_000.0
    monkeypatch.setattr(antiabuse.time, "time", lambda: now)
    assert rate_limit("k", 1, 60)
    assert not rate_limit("k", 1, 60)
    now += 60
    assert rate_limit("k", 1, 60)


def test_rate_check_uses_the_settings_and_the_client_address(settings):
    settings.GONGKAI_RATE_TRACK = (2, 3600)
    factory = RequestFactory()
    one, other = factory.get("/", REMOTE_ADDR="10.0.0.1"), factory.get("/", REMOTE_ADDR="10.0.0.2")
    antiabuse.rate_check("TRACK", one)
    antiabuse.rate_check("TRACK", one)
    with pytest.raises(RateLimited, match="操作过于频繁") as caught:
        antiabuse.rate_check("TRACK", one)
    assert caught.value.status_code == 429
    antiabuse.rate_check("TRACK", other)


def test_the_default_limits():
    assert antiabuse.rate_setting("APPLY") == (5, 3600)
    assert antiabuse.rate_setting("TRACK") == (20, 3600)


def test_client_address_behind_a_trusted_proxy_and_ipv6_per_64(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert antiabuse.client_address(spoofed) == "127.0.0.1"  # no proxy trusted: the header is ignored
    settings.GONGKAI_TRUSTED_PROXIES = 1
    assert antiabuse.client_address(spoofed) == "203.0.113.9"  # what nginx saw, not what the client claims
    settings.GONGKAI_TRUSTED_PROXIES = 0
    v6 = factory.get("/", REMOTE_ADDR="2001:db8:1:2:aaaa::1")
    assert antiabuse.client_address(v6) == "2001:db8:1:2::/64"
