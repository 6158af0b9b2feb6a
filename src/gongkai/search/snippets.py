"""Highlighted snippets: the text around the first hits, HTML-escaped, hits wrapped in <mark>.

Matching is done on the normalised text (full-width → half-width, lower case), one character at a
time so that every match maps back to the original characters; 文号 / 索引号 match whatever brackets
and separators the text uses.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import tokens

SNIPPET_CHARS = 120
LEAD_CHARS = 30
SCAN_CHARS = 20_000  # hits further into a long text are not looked for
_SPACE = re.compile(r"\s+")


def _pattern(marks: list[str], identifier: str = "") -> re.Pattern | None:
    alternatives = [re.escape(m) for m in marks if m]
    if identifier:
        alternatives.insert(0, r"[\W_]*".join(re.escape(c) for c in identifier))
    return re.compile("|".join(alternatives)) if alternatives else None


def _normalised(text: str) -> tuple[str, "list[int] | range"]:
    """The normalised text and, for each of its characters, the index of the original character."""
    whole = tokens.normalize(text)
    if len(whole) == len(text):  # the usual case: every character normalises to one character
        return whole, range(len(text))
    chars, origin = [], []
    for i, char in enumerate(text):
        for out in tokens.normalize(char):
            chars.append(out)
            origin.append(i)
    return "".join(chars), origin


def _hits(text: str, pattern: re.Pattern | None) -> list[tuple[int, int]]:
    """(start, end) of each hit in the original text."""
    if pattern is None or not text:
        return []
    lower = text.lower()
    if len(lower) == len(text) and pattern.search(lower):  # the usual case, without normalising
        return [(m.start(), m.end()) for m in pattern.finditer(lower) if m.end() > m.start()]
    norm, origin = _normalised(text)
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(norm) if m.end() > m.start()]


def _render(text: str, hits: list[tuple[int, int]], start: int, end: int) -> str:
    out, at = [], start
    for hit_start, hit_end in hits:
        if hit_start < at or hit_end > end:
            continue
        out += [escape(text[at:hit_start]), "<mark>", escape(text[hit_start:hit_end]), "</mark>"]
        at = hit_end
    out.append(escape(text[at:end]))
    return "".join(out)


def highlight(text: str, marks: list[str], *, identifier: str = "") -> SafeString:
    """All of ``text`` (a title), escaped, hits marked."""
    text = _SPACE.sub(" ", text or "").strip()
    return mark_safe(_render(text, _hits(text, _pattern(marks, identifier)), 0, len(text)))  # noqa: S308


def snippet(texts: list[str], marks: list[str], *, identifier: str = "", width: int = SNIPPET_CHARS) -> SafeString:
    """About ``width`` characters from the first of ``texts`` with a hit, around its first hit; the
    beginning of the first text when none has one."""
    pattern = _pattern(marks, identifier)
    cleaned = [_SPACE.sub(" ", (t or "")[:SCAN_CHARS]).strip() for t in texts]
    for text in cleaned:
        hits = _hits(text, pattern)
        if hits:
            start = max(0, hits[0][0] - LEAD_CHARS)
            end = min(len(text), start + width)
            html = _render(text, hits, start, end)
            return mark_safe(("…" if start else "") + html + ("…" if end < len(text) else ""))  # noqa: S308
    first = next((t for t in cleaned if t), "")
    return mark_safe(escape(first[:width]) + ("…" if len(first) > width else ""))  # noqa: S308


def has_hit(text: str, marks: list[str], *, identifier: str = "") -> bool:
    return bool(_hits(_SPACE.sub(" ", text or ""), _pattern(marks, identifier)))
