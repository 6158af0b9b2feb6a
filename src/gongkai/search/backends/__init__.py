"""One search interface, two engines over the same tokens: SQLite FTS5 (embedded) and PostgreSQL
tsvector + GIN (production), chosen by the database in use.

Every backend keeps two sets per query:

* the **words** set (A): documents holding each clause's words, ranked by field weights (title above
  文号/索引号 above body and attachments);
* the **grams** set (B): documents holding each clause's characters. It contains A, also finds 1–2
  character queries and words jieba cut differently, and is what counts as "found".

:mod:`gongkai.search.selectors` ranks A first and then the rest of B by date; the backends only answer
the questions below, newest first where an order is asked for (date, then disclosure id).
"""

import datetime as dt
import hashlib
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from django.db import connection

from ..query import ParsedQuery
from ..tokens import DocumentTokens


@dataclass(frozen=True)
class IndexDocument:
    """A published disclosure as the index sees it."""

    disclosure_id: int
    published_on: dt.date
    unit_id: int
    topic: str
    genre: str
    category: str
    validity: str
    tokens: DocumentTokens

    @property
    def digest(self) -> str:
        """Changes when anything the index holds for this document changes."""
        parts = [self.published_on.isoformat(), str(self.unit_id), self.topic, self.genre, self.category,
                 self.validity, self.tokens.title, self.tokens.identifiers, self.tokens.body, self.tokens.grams]
        return hashlib.sha1("\x1f".join(parts).encode(), usedforsecurity=False).hexdigest()


def facet(kind: str, value: str) -> str:
    """A filter value as a token no text produces: "gkf" + kind + the value in hex."""
    return f"gkf{kind}{value.encode().hex()}"


def facet_tokens(doc: IndexDocument) -> str:
    """The filter values of ``doc`` as tokens (both backends index them beside the text)."""
    values = (("u", str(doc.unit_id)), ("t", doc.topic), ("g", doc.genre), ("c", doc.category),
              ("v", doc.validity), ("y", str(doc.published_on.year)))
    return " ".join(facet(kind, value) for kind, value in values if value)


@dataclass(frozen=True)
class Scope:
    """The filters, resolved: ``unit_ids`` is the unit with its subtree (None: any unit)."""

    unit_ids: tuple[int, ...] | None = None
    topic: str = ""
    genre: str = ""
    category: str = ""
    validity: str = ""
    year: int | None = None  # of publication


def scope_facets(scope: Scope) -> list[tuple[str, ...]]:
    """The facet tokens a document must hold to be in ``scope``: each entry is a set of alternatives
    (the units of a subtree), all entries are required."""
    required = []
    if scope.unit_ids is not None:
        required.append(tuple(facet("u", str(pk)) for pk in scope.unit_ids))
    for kind, value in (("t", scope.topic), ("g", scope.genre), ("c", scope.category), ("v", scope.validity),
                        ("y", str(scope.year or ""))):
        if value:
            required.append((facet(kind, value),))
    return required


@dataclass(frozen=True)
class Hit:
    disclosure_id: int
    published_on: dt.date
    relevance: float  # higher is better; only comparable within one query
    key: int  # the backend's row key (SQLite rowid, PostgreSQL disclosure id)


class Backend(Protocol):
    def upsert(self, doc: IndexDocument) -> bool:
        """Index ``doc`` (replacing what the index held for it); False when nothing changed."""

    def remove(self, disclosure_id: int) -> None:
        """Take the disclosure out of the index, visible to the next query in this transaction."""

    def reading(self) -> AbstractContextManager:
        """Wraps the queries of one search (to set how the database plans them)."""

    def count(self, query: ParsedQuery, scope: Scope, *, cap: int, words: bool = False) -> int:
        """Size of the grams set (the words set with ``words``), counted up to ``cap``; a backend may
        answer ``cap`` as soon as what it has read shows far more than that."""

    def newest(self, query: ParsedQuery, scope: Scope, *, offset: int, limit: int, words: bool = False,
               exclude: tuple[int, ...] = ()) -> list[int]:
        """Disclosure ids of the grams (or words) set, newest first, without the rows keyed ``exclude``."""

    def ranked(self, query: ParsedQuery, scope: Scope, *, limit: int, titles: bool = False) -> list[Hit]:
        """The newest ``limit`` of the words set (of title/文号 matches with ``titles``), with relevance."""

    def holding(self, query: ParsedQuery, scope: Scope, keys: list[int]) -> set[int]:
        """Which of the row ``keys`` are in the grams set (phrases: the characters are all there)."""

    def rebuild(self, batches, *, started: dt.datetime, current, progress=None) -> int:
        """Build a fresh index from ``batches`` (lists of IndexDocument) while the old one serves;
        ``current(ids)`` re-reads documents that changed meanwhile. Returns the number indexed."""


def current() -> Backend:
    """The backend of the default database."""
    if connection.vendor == "postgresql":
        from .postgres import PostgresBackend

        return PostgresBackend()
    from .sqlite import SqliteBackend

    return SqliteBackend()
