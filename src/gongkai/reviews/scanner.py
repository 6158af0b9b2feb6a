"""Sensitive-information scanner run on a document's text before it is published.

``scan(text)`` returns :class:`Finding` objects sorted by position and never overlapping.  It
knows five kinds:

``id_number``
    18-character 居民身份证号码 that pass :func:`~gongkai.core.identifiers.resident_id_valid`
    (birth date and check character), and old 15-digit numbers that pass
    :func:`~gongkai.core.identifiers.resident_id15_valid`.  The digits must not be part of a
    longer run of digits (nor be followed by X/x), so random 18-digit numbers, 文号, 索引号 and
    dates do not fire.
``mobile``
    1[3-9] + 9 digits, not inside a longer run of digits; also written 3-4-4 with single spaces
    or hyphens (``138-1234-5678``, ``138 1234 5678``, same separator twice) and with a ``+86``
    (optionally followed by a space or hyphen) or a directly attached ``86`` prefix.
``bank_card``
    16-19 digits, either contiguous or in groups of four separated by the same single space or
    hyphen (``6222 0212 3456 7890 123``), that pass the Luhn check.  Not reported when the digits
    touch further digits or ASCII letters (so the digit part of a 统一社会信用代码 never fires),
    when the 18 digits are a valid ID number, or when they are an all-digit valid 统一社会信用代码.
``email``
    ``local@domain.tld`` with ASCII characters.
``classification``
    密级标识 and similar marks, matched literally from ``marks`` (default :data:`DEFAULT_MARKS`,
    the ``GONGKAI_SCANNER_MARKS`` setting holds the configured list), longest first.  The bare
    level words "绝密", "机密" and "秘密" (without ★) are common in ordinary prose ("商业机密",
    "保守国家秘密"), so they are reported only when they look like a mark:

    * followed, after optional whitespace, by ★ or ☆, "文件" or "级" ("机密级", "机密 ★一年",
      "绝密文件"); or
    * followed by whitespace and then a digit ("机密 10年"); or
    * at the start of a line: nothing but whitespace (or the end of an HTML tag) before it on
      its line.

    All other marks ("机密★", "内部资料", "不予公开", ...) are reported wherever they occur.

Full-width digits, ``Ｘ``/``ｘ``, ``＋``, ``－``, ``＠`` and the ideographic space are treated as
their ASCII counterparts (offsets are unchanged: every such character maps to exactly one).

When candidates overlap, the longest wins (an e-mail address whose local part is a mobile number
is one ``email`` finding); among equally long ones ``id_number`` beats ``bank_card`` beats
``mobile`` beats ``email``.

Masking (:func:`mask`) — the raw value is never shown in a finding's ``excerpt``:

* mobile: first 3 + ``****`` + last 4 of the 11-digit number; separators and the 86 prefix are
  dropped (``+86 138-1234-5678`` → ``138****5678``);
* id_number: first 2 + ``*`` for each middle character + last 2 (``35**************23``, 15-digit:
  ``35***********12``);
* bank_card: first 4 + ``*`` for each middle digit + last 4, digits only;
* email: first character of the local part + ``***@`` + domain (``z***@nb.gov.cn``);
* classification: one ``*`` per character of the mark (``机密★`` → ``***``).
"""

import bisect
import functools
import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.core.identifiers import credit_code_valid, luhn_valid, resident_id15_valid, resident_id_valid

__all__ = ["DEFAULT_MARKS", "KIND_LABELS", "KINDS", "Finding", "mask", "mask_text", "scan"]

KIND_LABELS = {
    "id_number": "身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱",
    "classification": "密级标识",
}
KINDS = tuple(KIND_LABELS)
_PRIORITY = {
    kind: i for i, kind in enumerate(("id_number", "bank_card", "mobile", "email", "classification"))
}

DEFAULT_MARKS = (
    "绝密★", "机密★", "秘密★", "绝密", "机密", "秘密★启用前",
    "内部资料", "内部文件", "注意保密", "不予公开", "不宜公开",
)  # fmt: skip
# Level words that are only reported in a mark-like context (see the module docstring).
BARE_LEVELS = frozenset({"绝密", "机密", "秘密"})

EXCERPT_CONTEXT = 15


@dataclass(frozen=True)
class Finding:
    kind: str
    start: int
    end: int
    value: str
    masked: str
    excerpt: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


# Full-width forms that are scanned as if they were ASCII; one character each way, so offsets hold.
_FULLWIDTH = {0xFF10 + i: 0x30 + i for i in range(10)} | {
    ord("Ｘ"): ord("X"), ord("ｘ"): ord("x"), ord("＋"): ord("+"), ord("－"): ord("-"),
    ord("＠"): ord("@"), 0x3000: ord(" "),
}  # fmt: skip
_HAS_FULLWIDTH = re.compile("[０-９Ｘｘ＋－＠\u3000]")


def _normalise(text: str) -> str:
    return text.translate(_FULLWIDTH) if _HAS_FULLWIDTH.search(text) else text


_ID18_RE = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9Xx])")
_ID15_RE = re.compile(r"(?<![0-9])[1-9][0-9]{14}(?![0-9Xx])")
_MOBILE_RE = re.compile(r"(?<![0-9])(?:\+86[ -]?|86)?1[3-9][0-9]([ -]?)[0-9]{4}\1[0-9]{4}(?![0-9])")
_CARD_RE = re.compile(
    r"(?<![0-9A-Za-z])(?:[0-9]{16,19}|[0-9]{4}([ -])[0-9]{4}\1[0-9]{4}\1[0-9]{4}(?:\1[0-9]{1,3})?)(?![0-9A-Za-z])"
)
# The look-behind makes a match start only at the beginning of a run of local-part characters, which
# keeps long alphanumeric runs (base64, hashes) linear.
_EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
_MARK_CONTEXT_AFTER = re.compile(r"[ \t]*(?:[★☆]|文件|级)|[ \t]+[0-9]")
_NON_DIGIT = re.compile(r"[^0-9]")


@functools.lru_cache(maxsize=32)
def _marks_re(marks: tuple[str, ...]) -> re.Pattern[str] | None:
    unique = sorted({m for m in marks if m}, key=lambda m: (-len(m), m))
    if not unique:
        return None
    return re.compile("|".join(re.escape(m) for m in unique))


def _at_line_start(text: str, pos: int) -> bool:
    i = pos - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in "\n\r>"


def _mark_spans(norm: str, marks: Iterable[str]) -> Iterable[tuple[int, int]]:
    pattern = _marks_re(tuple(_normalise(m) for m in marks))
    if pattern is None:
        return
    for m in pattern.finditer(norm):
        if m.group() in BARE_LEVELS and not (
            _MARK_CONTEXT_AFTER.match(norm, m.end()) or _at_line_start(norm, m.start())
        ):
            continue
        yield m.span()


def _candidates(norm: str, marks: Iterable[str]) -> Iterable[tuple[str, int, int]]:
    for m in _ID18_RE.finditer(norm):
        if resident_id_valid(m.group()):
            yield "id_number", m.start(), m.end()
    for m in _ID15_RE.finditer(norm):
        if resident_id15_valid(m.group()):
            yield "id_number", m.start(), m.end()
    for m in _CARD_RE.finditer(norm):
        digits = _NON_DIGIT.sub("", m.group())
        if luhn_valid(digits) and not resident_id_valid(digits) and not credit_code_valid(digits):
            yield "bank_card", m.start(), m.end()
    for m in _MOBILE_RE.finditer(norm):
        yield "mobile", m.start(), m.end()
    for m in _EMAIL_RE.finditer(norm):
        yield "email", m.start(), m.end()
    for start, end in _mark_spans(norm, marks):
        yield "classification", start, end


def _resolve(candidates: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """Non-overlapping spans sorted by start.  Candidates are grouped into clusters of mutually
    overlapping spans (almost always a single candidate); within a cluster the longest wins, then
    the kind priority, then the earlier position, and anything overlapping a kept span is dropped."""
    ordered = sorted(candidates, key=lambda c: (c[1], c[2]))
    kept: list[tuple[str, int, int]] = []
    cluster: list[tuple[str, int, int]] = []
    cluster_end = -1
    for cand in ordered:
        if cluster and cand[1] >= cluster_end:
            kept.extend(_pick(cluster))
            cluster = []
        cluster.append(cand)
        cluster_end = cand[2] if len(cluster) == 1 else max(cluster_end, cand[2])
    if cluster:
        kept.extend(_pick(cluster))
    return kept


def _pick(cluster: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    if len(cluster) == 1:
        return cluster
    chosen: list[tuple[str, int, int]] = []
    for cand in sorted(cluster, key=lambda c: (c[1] - c[2], _PRIORITY[c[0]], c[1])):
        if all(cand[2] <= s or cand[1] >= e for _, s, e in chosen):
            chosen.append(cand)
    return sorted(chosen, key=lambda c: c[1])


def scan(text: str, *, marks: Iterable[str] = DEFAULT_MARKS) -> list[Finding]:
    """All sensitive values in ``text``, sorted by ``start``, non-overlapping (see module docstring)."""
    if not text:
        return []
    norm = _normalise(text)
    spans = _resolve(_candidates(norm, marks))
    if not spans:
        return []
    masks = [mask(kind, norm[s:e]) for kind, s, e in spans]
    excerpts = _Excerpts(text, spans, masks)
    return [
        Finding(kind=kind, start=s, end=e, value=text[s:e], masked=masks[i], excerpt=excerpts.around(i))
        for i, (kind, s, e) in enumerate(spans)
    ]


_WHITESPACE = re.compile(r"\s+")


class _Excerpts:
    """Excerpts cut from one copy of the text in which every finding is already masked.

    The excerpt of a finding is ``EXCERPT_CONTEXT`` characters either side of it, widened to take in
    whole any finding the window cuts into; runs of whitespace become one space.
    """

    def __init__(self, text: str, spans: list[tuple[str, int, int]], masks: list[str]):
        self.text_len = len(text)
        self.starts = [s for _, s, _ in spans]
        self.ends = [e for _, _, e in spans]
        parts = []
        # shift[j]: how much longer the masked text is than the original before finding j
        self.shift = [0]
        pos = 0
        for (_, s, e), masked in zip(spans, masks, strict=True):
            parts.append(text[pos:s])
            parts.append(masked)
            pos = e
            self.shift.append(self.shift[-1] + len(masked) - (e - s))
        parts.append(text[pos:])
        self.masked_text = "".join(parts)

    def around(self, i: int) -> str:
        lo = max(0, self.starts[i] - EXCERPT_CONTEXT)
        hi = min(self.text_len, self.ends[i] + EXCERPT_CONTEXT)
        first = bisect.bisect_right(self.ends, lo)  # first finding ending after lo
        lo = min(lo, self.starts[first])
        last = bisect.bisect_left(self.starts, hi) - 1  # last finding starting before hi
        hi = max(hi, self.ends[last])
        excerpt = self.masked_text[lo + self.shift[first] : hi + self.shift[last + 1]]
        return _WHITESPACE.sub(" ", excerpt).strip()


def mask(kind: str, value: str) -> str:
    """The masked form of ``value`` (rules in the module docstring)."""
    value = _normalise(value)
    if kind == "mobile":
        digits = _NON_DIGIT.sub("", value)
        if len(digits) == 13 and digits.startswith("86"):
            digits = digits[2:]
        return digits[:3] + "****" + digits[-4:] if len(digits) >= 7 else "*" * len(digits)
    if kind == "id_number":
        return _keep_ends(value, 2)
    if kind == "bank_card":
        return _keep_ends(_NON_DIGIT.sub("", value), 4)
    if kind == "email":
        local, _, domain = value.rpartition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    if kind == "classification":
        return "*" * len(value)
    raise ValueError(f"unknown finding kind: {kind!r}")


def _keep_ends(value: str, n: int) -> str:
    if len(value) <= 2 * n:
        return "*" * len(value)
    return value[:n] + "*" * (len(value) - 2 * n) + value[-n:]


# Between two digits of a number in (possibly HTML) text: nothing, or one separator.
_SEP = r"(?:[ \-\u00a0\u3000－]|&nbsp;|&#160;|&#xa0;)?"
_FW_DIGIT = {str(d): chr(0xFF10 + d) for d in range(10)}


def _digits_pattern(digits: str, prefix: str = "") -> re.Pattern[str]:
    body = _SEP.join(f"[{d}{_FW_DIGIT.get(d, '')}]" if d.isdigit() else "[XxｘＸ]" for d in digits)
    return re.compile(rf"(?<![0-9０-９]){prefix}{body}(?![0-9０-９XxｘＸ])")


def mask_text(text: str, finding: Finding) -> str:
    """``text`` (plain or HTML) with every occurrence of ``finding``'s value replaced by ``finding.masked``.

    * mobile / id_number / bank_card: the same digits are found however they are written — with or
      without spaces, hyphens, ``&nbsp;`` between digits, full-width digits, and for mobiles with
      or without the 86 / +86 prefix — but not inside a longer run of digits;
    * email: literal (and HTML-escaped) occurrences;
    * classification: occurrences of the mark that :func:`scan` would report (so masking a bare
      "机密" mark leaves "商业机密" in prose alone).

    Only ``kind``, ``value`` and ``masked`` are read, so a stored finding (``reviews.models.Finding``)
    can be passed as well.
    """
    value = _normalise(finding.value)
    if finding.kind in ("mobile", "id_number", "bank_card"):
        if finding.kind == "id_number":
            core = value.upper()
            prefix = ""
        else:
            core = _NON_DIGIT.sub("", value)
            prefix = ""
            if finding.kind == "mobile":
                if len(core) == 13 and core.startswith("86"):
                    core = core[2:]
                prefix = r"(?:[+＋]86" + _SEP + r"|86)?"
        if not core:
            return text
        return _digits_pattern(core, prefix).sub(lambda _m: finding.masked, text)
    if finding.kind == "classification":
        norm = _normalise(text)
        out = []
        pos = 0
        for start, end in _mark_spans(norm, (finding.value,)):
            out.append(text[pos:start])
            out.append(finding.masked)
            pos = end
        out.append(text[pos:])
        return "".join(out)
    result = text.replace(finding.value, finding.masked)
    escaped = html.escape(finding.value, quote=False)
    if escaped != finding.value:
        result = result.replace(escaped, finding.masked)
    return result
