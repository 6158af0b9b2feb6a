"""SQLite FTS5 backend (the embedded default).

Two contentless FTS5 tables (they store the index, not a second copy of the text):

* ``search_words(title, ids, body, facets)``, ``detail=full`` so that bm25() can weigh the columns;
* ``search_grams(grams)``, ``detail=none`` (existence only: the cheapest index FTS5 has); filter
  tokens are repeated there.

Both use the ``unicode61`` tokenizer over our space-joined tokens, so they hold exactly the tokens of
:mod:`gongkai.search.tokens`. The rowid encodes (publication day, disclosure id, generation), so rowid
order is date order: "newest first" and the year filter are FTS5's own rowid scans and stop early.

A contentless table on SQLite < 3.43 cannot delete a row without repeating its exact tokens, so a row
that leaves the index (withdrawal, re-indexing) gets a tombstone that every query excludes at once;
``gongkai reindex`` builds fresh tables without them and swaps them in.
"""

import datetime as dt
import json

from django.db import connection, transaction

from ..models import SearchEntry, SearchTombstone
from ..query import ParsedQuery
from . import Hit, IndexDocument, Scope

EPOCH = dt.date(1970, 1, 1)
DAY_SHIFT, ID_SHIFT = 43, 11
GENERATIONS = 1 << ID_SHIFT
# bm25 column weights: title, 文号/索引号, body + attachments, filter tokens.
WEIGHTS = (10.0, 5.0, 1.0, 0.0)
TOKENIZER = "unicode61 remove_diacritics 0"
_TOMBSTONES = f"rowid NOT IN (SELECT fts_rowid FROM {SearchTombstone._meta.db_table})"  # noqa: S608


def words_table_sql(name: str) -> str:
    return (f"CREATE VIRTUAL TABLE {name} USING fts5(title, ids, body, facets, content='', "
            f"tokenize='{TOKENIZER}', detail=full)")


def grams_table_sql(name: str) -> str:
    return f"CREATE VIRTUAL TABLE {name} USING fts5(grams, content='', tokenize='{TOKENIZER}', detail=none)"


def fts_rowid(published_on: dt.date, disclosure_id: int, generation: int) -> int:
    day = max((published_on - EPOCH).days, 0)
    return (day << DAY_SHIFT) | (disclosure_id << ID_SHIFT) | generation


def rowid_day(rowid: int) -> dt.date:
    return EPOCH + dt.timedelta(days=rowid >> DAY_SHIFT)


def rowid_disclosure(rowid: int) -> int:
    return (rowid >> ID_SHIFT) & 0xFFFFFFFF


def facet_tokens(*, unit_id: int, topic: str, genre: str, category: str, validity: str) -> list[str]:
    """Filter values as tokens no text produces ("gkf" + kind + value in hex)."""
    values = (("u", str(unit_id)), ("t", topic), ("g", genre), ("c", category), ("v", validity))
    return [facet(kind, value) for kind, value in values if value]


def facet(kind: str, value: str) -> str:
    return f"gkf{kind}{value.encode().hex()}"


def _q(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _all(tokens) -> str:
    return "(" + " AND ".join(_q(t) for t in tokens) + ")"


def _scope_terms(scope: Scope) -> list[str]:
    terms = []
    if scope.unit_ids is not None:
        terms.append("(" + " OR ".join(_q(facet("u", str(i))) for i in scope.unit_ids) + ")")
    for kind, value in (("t", scope.topic), ("g", scope.genre), ("c", scope.category), ("v", scope.validity)):
        if value:
            terms.append(_q(facet(kind, value)))
    return terms


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
    parts += ["{facets} : " + term for term in _scope_terms(scope)]
    return " AND ".join(parts)


def grams_match(query: ParsedQuery, scope: Scope) -> str:
    return " AND ".join([_all(c.grams) for c in query.clauses] + _scope_terms(scope))


def _range(scope: Scope) -> tuple[str, list[int]]:
    sql, params = "", []
    if scope.published_from:
        sql += " AND rowid >= %s"
        params.append(fts_rowid(scope.published_from, 0, 0))
    if scope.published_to:
        sql += " AND rowid < %s"
        params.append(fts_rowid(scope.published_to + dt.timedelta(days=1), 0, 0))
    return sql, params


class SqliteBackend:
    words_table = "search_words"
    grams_table = "search_grams"

    # --- writing ------------------------------------------------------------------------------

    def upsert(self, doc: IndexDocument) -> bool:
        with transaction.atomic():
            entry = SearchEntry.objects.filter(pk=doc.disclosure_id).first()
            if entry is not None and entry.digest == doc.digest:
                return False
            generation = 0
            if entry is not None:
                SearchTombstone.objects.get_or_create(fts_rowid=entry.fts_rowid)
                generation = ((entry.fts_rowid & (GENERATIONS - 1)) + 1) % GENERATIONS
            rowid = self._free_rowid(doc, generation)
            with connection.cursor() as cursor:
                self._insert(cursor, self.words_table, self.grams_table, rowid, doc)
            SearchEntry.objects.update_or_create(pk=doc.disclosure_id, defaults=_entry_fields(doc, rowid))
        return True

    def _free_rowid(self, doc: IndexDocument, generation: int) -> int:
        for step in range(GENERATIONS):
            rowid = fts_rowid(doc.published_on, doc.disclosure_id, (generation + step) % GENERATIONS)
            if not SearchTombstone.objects.filter(fts_rowid=rowid).exists():
                return rowid
        raise RuntimeError(f"信息 {doc.disclosure_id} 的检索条目已更新过多次，请运行 gongkai reindex 重建索引。")

    @staticmethod
    def _insert(cursor, words_table: str, grams_table: str, rowid: int, doc: IndexDocument) -> None:
        facets = " ".join(facet_tokens(unit_id=doc.unit_id, topic=doc.topic, genre=doc.genre,
                                       category=doc.category, validity=doc.validity))
        t = doc.tokens
        cursor.execute(f"INSERT INTO {words_table}(rowid, title, ids, body, facets) VALUES (%s, %s, %s, %s, %s)",  # noqa: S608
                       [rowid, t.title, t.identifiers, t.body, facets])
        cursor.execute(f"INSERT INTO {grams_table}(rowid, grams) VALUES (%s, %s)", [rowid, f"{t.grams} {facets}"])  # noqa: S608

    def remove(self, disclosure_id: int) -> None:
        with transaction.atomic():
            entry = SearchEntry.objects.filter(pk=disclosure_id).first()
            if entry is not None:
                SearchTombstone.objects.get_or_create(fts_rowid=entry.fts_rowid)
                entry.delete()

    # --- reading ------------------------------------------------------------------------------

    def _rows(self, select: str, table: str, match: str, scope: Scope, tail: str = "", params=()) -> list:
        where, range_params = _range(scope)
        sql = f"SELECT {select} FROM {table} WHERE {table} MATCH %s{where} AND {_TOMBSTONES}{tail}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, [match, *range_params, *params])
            return cursor.fetchall()

    def _set(self, query: ParsedQuery, scope: Scope, words: bool) -> tuple[str, str | None]:
        if words:
            return self.words_table, words_match(query, scope)
        return self.grams_table, grams_match(query, scope)

    def count(self, query: ParsedQuery, scope: Scope, *, cap: int, words: bool = False) -> int:
        table, match = self._set(query, scope, words)
        if match is None:
            return 0
        where, params = _range(scope)
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH %s{where} AND {_TOMBSTONES} "  # noqa: S608
                "LIMIT %s)", [match, *params, cap],
            )
            return cursor.fetchone()[0]

    def newest(self, query: ParsedQuery, scope: Scope, *, offset: int, limit: int, words: bool = False,
               exclude: tuple[int, ...] = ()) -> list[int]:
        table, match = self._set(query, scope, words)
        if match is None:
            return []
        tail, params = " ORDER BY rowid DESC LIMIT %s OFFSET %s", [limit, offset]
        if exclude:
            tail = " AND rowid NOT IN (SELECT value FROM json_each(%s))" + tail  # noqa: S608
            params = [json.dumps(list(exclude)), *params]
        return [rowid_disclosure(r) for (r,) in self._rows("rowid", table, match, scope, tail, params)]

    def ranked(self, query: ParsedQuery, scope: Scope, *, limit: int, titles: bool = False) -> list[Hit]:
        match = words_match(query, scope, titles=titles)
        if match is None:
            return []
        weights = ", ".join(str(w) for w in WEIGHTS)
        rows = self._rows(f"rowid, bm25({self.words_table}, {weights})", self.words_table, match, scope,
                          " ORDER BY rowid DESC LIMIT %s", [limit])
        return [Hit(rowid_disclosure(r), rowid_day(r), -score, r) for r, score in rows]

    def holding(self, query: ParsedQuery, scope: Scope, keys: list[int]) -> set[int]:
        if not keys:
            return set()
        # One rowid range scan, not one FTS5 lookup per key; phrases' grams are rare, so it is short.
        rows = self._rows("rowid", self.grams_table, grams_match(query, scope), scope,
                          " AND rowid BETWEEN %s AND %s", [min(keys), max(keys)])
        wanted = set(keys)
        return {r for (r,) in rows if r in wanted}

    # --- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, batches, *, started: dt.datetime, current, progress=None) -> int:
        from .sqlite_rebuild import rebuild

        return rebuild(self, batches, started=started, current=current, progress=progress)


def _entry_fields(doc: IndexDocument, rowid: int | None) -> dict:
    return {"fts_rowid": rowid, "digest": doc.digest, "published_on": doc.published_on, "unit_id": doc.unit_id,
            "topic": doc.topic, "genre": doc.genre, "category": doc.category, "validity": doc.validity}
