"""The query language: what a person types → clauses of tokens. Nothing here touches a database.

* words: ``征地 补偿`` — every clause must match; a clause matches a document that holds its words (as
  words, ranked by field weights) or, failing that, the characters of those words (grams, ranked below);
* "quoted phrases" (also “全角引号”): the characters must occur together;
* a whole query that is a 文号 or 索引号 (``甬政办发〔2014〕57号``, ``DEPT-A/2026-00001``) finds the items with
  that number, whatever brackets are typed; when none has it, it is searched as text.

The user's text never reaches an FTS engine: backends build their MATCH / tsquery from these tokens,
each one quoted. Empty, over-long or symbol-only queries raise :class:`QueryError` with a message for
the user.
"""

import re
from dataclasses import dataclass

from gongkai.core.errors import DomainError

from . import tokens

MAX_QUERY_CHARS = 100
MAX_CLAUSES = 8
MAX_TOKENS = 160

_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"'})
_PHRASE = re.compile(r'"([^"]*)"')


class QueryError(DomainError):
    """A query that cannot be searched; ``message`` tells the person what to type instead."""


@dataclass(frozen=True)
class Clause:
    kind: str  # "words", "phrase" or "identifier"
    text: str  # normalised, as typed
    words: tuple[str, ...]  # what the words index must hold
    grams: tuple[str, ...]  # what the grams index must hold
    key: str = ""  # identifier key of a 文号 / 索引号


@dataclass(frozen=True)
class ParsedQuery:
    clauses: tuple[Clause, ...]

    @property
    def identifier(self) -> Clause | None:
        """The clause when the whole query is one 文号 / 索引号."""
        first = self.clauses[0]
        return first if len(self.clauses) == 1 and first.kind == "identifier" else None

    @property
    def has_phrase(self) -> bool:
        """A phrase whose characters must be checked together (a phrase that is one word is, as a word)."""
        return any(c.kind == "phrase" and c.words != (c.text,) for c in self.clauses)

    def as_text(self) -> "ParsedQuery":
        """The same query with an identifier searched as ordinary words."""
        return ParsedQuery(tuple(
            Clause("words", c.text, c.words, c.grams) if c.kind == "identifier" else c for c in self.clauses
        ))

    def marks(self) -> list[str]:
        """Strings to highlight in a snippet, longest first."""
        found = {c.text for c in self.clauses if c.text and c.kind != "identifier"}
        found |= {w for c in self.clauses if c.kind != "identifier"
                  for w in c.words if len(w) > 1 or len(c.text) == 1}
        return sorted(found, key=lambda s: (-len(s), s))


def _clause(kind: str, text: str) -> Clause | None:
    text = " ".join(tokens.normalize(text).split())
    if kind == "phrase":
        grams = tokens.query_grams(text)
        words = tokens.query_words(text)
    else:
        words = tokens.query_words(text)
        # The grams of each word, not of the joins between words: a document holding the words holds
        # their grams, so a words match is always also a grams match.
        grams = list(dict.fromkeys(g for w in words for g in tokens.query_grams(w)))
    if not words and not grams:
        return None
    return Clause(kind, text, tuple(words), tuple(grams))


def parse(raw: str | None) -> ParsedQuery:
    """Parse what a person typed; raise :class:`QueryError` when there is nothing to search."""
    text = (raw or "").strip()
    if not text:
        raise QueryError("请输入要查找的内容，例如“征地”“保障性住房”或文号“甬政办发〔2014〕57号”。")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"查询内容过长（{len(text)} 个字符），请精简到 {MAX_QUERY_CHARS} 个字符以内。")
    if tokens.looks_like_identifier(text):
        words = _clause("words", text)
        if words is not None:
            return ParsedQuery((Clause("identifier", words.text, words.words, words.grams,
                                       tokens.identifier_key(text)),))
    text = text.translate(_QUOTES)
    found: list[Clause] = []
    for phrase in _PHRASE.findall(text):
        clause = _clause("phrase", phrase)
        if clause:
            found.append(clause)
    rest = _PHRASE.sub(" ", text).replace('"', " ")
    for term in rest.split():
        clause = _clause("words", term)
        if clause:
            found.append(clause)
    if not found:
        raise QueryError("查询内容只有标点或符号，请输入汉字、字母或数字。")
    unique = tuple(dict.fromkeys(found))
    if len(unique) > MAX_CLAUSES:
        raise QueryError(f"查询词太多（{len(unique)} 个），请减少到 {MAX_CLAUSES} 个以内。")
    if sum(len(c.words) + len(c.grams) for c in unique) > MAX_TOKENS:
        raise QueryError("查询内容过长，请只保留最关键的几个词。")
    return ParsedQuery(unique)
