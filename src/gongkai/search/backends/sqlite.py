"""SQLite FTS5 backend (the embedded default).

Two contentless FTS5 tables (they store the index, not a second copy of the text):

* ``search_words(title, ids, body, facets)``, ``detail=full`` so that bm25() can weigh the columns;
* ``search_grams(grams)``, ``detail=none`` (existence only: the cheapest index FTS5 has); the filter
  tokens are repeated there.

Both use the ``unicode61`` tokenizer over our space-joined tokens, so they hold exactly the tokens of
:mod:`gongkai.search.tokens`. Filters (unit, 主题分类, 体裁, category, validity, year) are tokens too, so a
filtered query is one FTS5 intersection.

Rowids are dense and follow publication order: ``gongkai reindex`` numbers the documents by (发布日期,
id) and each later publication takes the next number, so "newest first" is FTS5's own rowid scan, which
stops after the rows it needs. (An item published with an earlier date than items already indexed sorts
by when it was indexed until the next reindex.) Dense rowids keep the posting lists small: their gaps
are stored as varints. ``search_searchentry`` maps rowid → disclosure.

A contentless table on SQLite < 3.43 cannot delete a row without repeating its exact tokens, so a row
that leaves the index (withdrawal, re-indexing) gets a tombstone that every query excludes at once;
``gongkai reindex`` builds fresh tables without them and swaps them in.

SQL is assembled from this module's table names only; every value is a bound parameter.
"""

import datetime as dt
import json
from contextlib import nullcontext

from django.db import connection, transaction
from django.db.models import Max

from ..models import SearchEntry, SearchTombstone
from ..query import ParsedQuery
from . import Hit, IndexDocument, Scope, facet_tokens, scope_facets

# bm25 column weights: title, 文号/索引号, body + attachments, filter tokens.
WEIGHTS = (10.0, 5.0, 1.0, 0.0)
TOKENIZER = "unicode61 remove_diacritics 0"
ENTRIES = SearchEntry._meta.db_table
_TOMBSTONES = f"rowid NOT IN (SELECT fts_rowid FROM {SearchTombstone._meta.db_table})"  # noqa: S608


def words_table_sql(name: str) -> str:
    return (f"CREATE VIRTUAL TABLE {name} USING fts5(title, ids, body, facets, content='', "
            f"tokenize='{TOKENIZER}', detail=full)")


def grams_table_sql(name: str) -> str:
    return f"CREATE VIRTUAL TABLE {name} USING fts5(grams, content='', tokenize='{TOKENIZER}', detail=none)"


def _q(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _all(tokens) -> str:
    return "(" + " AND ".join(_q(t) for t in tokens) + ")"


def _scope_terms(scope: Scope) -> list[str]:
    return ["(" + " OR ".join(_q(t) for t in alternatives) + ")" for alternatives in scope_facets(scope)]


def words_match(query: ParsedQuery, scope: Scope, *, titles: bool = False) -> str | None:
    """The MATCH expression of the words set (None: a clause has no words, so the set is empty)."""
    columns = "{title ids}" if titles else "{title ids body}"
    parts = []
    for clause in query.clauses:
        if clause.kind == "identifier":
            parts.append("{ids} : " + _q(clause.key))
        elif clause.words:
            parts.append(f"{columns} : {_all(clause.words)}")
        else:
            return None
    if scope.unit_ids == ():
        return None
    parts += ["{facets} : " + term for term in _scope_terms(scope)]
    return " AND ".join(parts)


def grams_match(query: ParsedQuery, scope: Scope) -> str | None:
    if scope.unit_ids == ():
        return None
    return " AND ".join([_all(c.grams) for c in query.clauses] + _scope_terms(scope))


def _insert(cursor, words_table: str, grams_table: str, rowid: int, doc: IndexDocument) -> None:
    facets, t = facet_tokens(doc), doc.tokens
    cursor.execute(f"INSERT INTO {words_table}(rowid, title, ids, body, facets) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                   [rowid, t.title, t.identifiers, t.body, facets])
    cursor.execute(f"INSERT INTO {grams_table}(rowid, grams) VALUES (%s, %s)", [rowid, f"{t.grams} {facets}"])  # noqa: S608


def next_rowid() -> int:
    """One past every rowid in use or tombstoned (the write lock is held: SQLite transactions here
    begin IMMEDIATE)."""
    live = SearchEntry.objects.aggregate(top=Max("fts_rowid"))["top"] or 0
    dead = SearchTombstone.objects.aggregate(top=Max("fts_rowid"))["top"] or 0
    return max(live, dead) + 1


class SqliteBackend:
    words_table = "search_words"
    grams_table = "search_grams"

    # --- writing ------------------------------------------------------------------------------

    def upsert(self, doc: IndexDocument) -> bool:
        with transaction.atomic():
            entry = SearchEntry.objects.filter(pk=doc.disclosure_id).first()
            if entry is not None and entry.digest == doc.digest:
                return False
            if entry is not None:
                SearchTombstone.objects.get_or_create(fts_rowid=entry.fts_rowid)
            rowid = next_rowid()
            with connection.cursor() as cursor:
                _insert(cursor, self.words_table, self.grams_table, rowid, doc)
            SearchEntry.objects.update_or_create(pk=doc.disclosure_id, defaults=entry_fields(doc, rowid))
        return True

    def remove(self, disclosure_id: int) -> None:
        with transaction.atomic():
            entry = SearchEntry.objects.filter(pk=disclosure_id).first()
            if entry is not None:
                SearchTombstone.objects.get_or_create(fts_rowid=entry.fts_rowid)
                entry.delete()

    # --- reading ------------------------------------------------------------------------------

    def reading(self):
        return nullcontext()

    def _set(self, query: ParsedQuery, scope: Scope, words: bool) -> tuple[str, str | None]:
        if words:
            return self.words_table, words_match(query, scope)
        return self.grams_table, grams_match(query, scope)

    def _fetch(self, sql: str, params) -> list:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self, query: ParsedQuery, scope: Scope, *, cap: int, words: bool = False) -> int:
        table, match = self._set(query, scope, words)
        if match is None:
            return 0
        sql = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s AND {_TOMBSTONES} LIMIT %s)"  # noqa: S608
        return self._fetch(sql, [match, cap])[0][0]

    def newest(self, query: ParsedQuery, scope: Scope, *, offset: int, limit: int, words: bool = False,
               exclude: tuple[int, ...] = ()) -> list[int]:
        table, match = self._set(query, scope, words)
        if match is None:
            return []
        params = [match]
        without = ""
        if exclude:
            without = " AND rowid NOT IN (SELECT value FROM json_each(%s))"
            params.append(json.dumps(list(exclude)))
        # The FTS5 scan (newest first, stopping after the page) runs first; then the page's entries.
        sql = (f"SELECT e.disclosure_id FROM (SELECT rowid AS r FROM {table} WHERE {table} MATCH %s "  # noqa: S608
               f"AND {_TOMBSTONES}{without} ORDER BY rowid DESC LIMIT %s OFFSET %s) f "
               f"JOIN {ENTRIES} e ON e.fts_rowid = f.r ORDER BY f.r DESC")
        return [row[0] for row in self._fetch(sql, [*params, limit, offset])]

    def ranked(self, query: ParsedQuery, scope: Scope, *, limit: int, titles: bool = False) -> list[Hit]:
        match = words_match(query, scope, titles=titles)
        if match is None:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        sql = (f"SELECT e.disclosure_id, e.published_on, f.score, f.r FROM (SELECT rowid AS r, "  # noqa: S608
               f"bm25({self.words_table}, {weights}) AS score FROM {self.words_table} WHERE {self.words_table} "
               f"MATCH %s AND {_TOMBSTONES} ORDER BY rowid DESC LIMIT %s) f JOIN {ENTRIES} e ON e.fts_rowid = f.r")
        rows = self._fetch(sql, [match, limit])
        return [Hit(pk, _date(day), -score, rowid) for pk, day, score, rowid in rows]

    def holding(self, query: ParsedQuery, scope: Scope, keys: list[int]) -> set[int]:
        match = grams_match(query, scope)
        if not keys or match is None:
            return set()
        # One rowid range scan, not one FTS5 lookup per key; phrases' grams are rare, so it is short.
        sql = (f"SELECT rowid FROM {self.grams_table} WHERE {self.grams_table} MATCH %s "  # noqa: S608
               "AND rowid BETWEEN %s AND %s")
        wanted = set(keys)
        return {row[0] for row in self._fetch(sql, [match, min(keys), max(keys)]) if row[0] in wanted}

    # --- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, batches, *, started, current, progress=None) -> int:
        from .sqlite_rebuild import rebuild

        return rebuild(self, batches, started=started, current=current, progress=progress)


def _date(value):
    """SQLite returns a raw column value to a join: a date as its ISO text."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(value)


def entry_fields(doc: IndexDocument, rowid: int | None) -> dict:
    return {"fts_rowid": rowid, "digest": doc.digest, "published_on": doc.published_on, "unit_id": doc.unit_id,
            "topic": doc.topic, "genre": doc.genre, "category": doc.category, "validity": doc.validity}
