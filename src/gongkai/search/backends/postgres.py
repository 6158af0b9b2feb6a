"""PostgreSQL backend (production): tsvector columns on ``search_searchentry`` with GIN indexes.

* ``head``  — title (weight A) and 文号/索引号 (B): the title tier of the ranking;
* ``words`` — title (A), 文号/索引号 (B), body and attachments (C): the words set, ranked by ts_rank;
* ``grams`` — the characters: the grams set.

Each is ``to_tsvector('simple', …)`` of the space-joined tokens of :mod:`gongkai.search.tokens`
(``simple`` only lower-cases, and our tokens are already lower-case letters and digits), so both
backends hold the same tokens. Queries are tsquery literals built from those tokens, each quoted.
The filters are ordinary columns; rows are replaced in place, so ``reindex`` never takes the index
away.
"""

import datetime as dt

from django.db import connection, transaction

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import Status

from ..models import SearchEntry
from ..query import ParsedQuery
from . import Hit, IndexDocument, Scope

TABLE = SearchEntry._meta.db_table
# ts_rank weights for {D, C, B, A}: body 0.1, 文号/索引号 0.5, title 1 — the ratios of the SQLite bm25 weights.
WEIGHTS = "{0.1, 0.1, 0.5, 1.0}"
# What holding the words in the body adds to a row's rank (title and 文号 matches add ts_rank of ``head``).
BODY_MATCH = 0.01
_HEAD = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B')"
_UPSERT = f"""
INSERT INTO {TABLE} (disclosure_id, digest, published_on, unit_id, topic, genre, category, validity, indexed_at,
                     head, words, grams)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, now(), {_HEAD},
        {_HEAD} || setweight(to_tsvector('simple', %s), 'C'), to_tsvector('simple', %s))
ON CONFLICT (disclosure_id) DO UPDATE SET
    digest = EXCLUDED.digest, published_on = EXCLUDED.published_on, unit_id = EXCLUDED.unit_id,
    topic = EXCLUDED.topic, genre = EXCLUDED.genre, category = EXCLUDED.category, validity = EXCLUDED.validity,
    indexed_at = EXCLUDED.indexed_at, head = EXCLUDED.head, words = EXCLUDED.words, grams = EXCLUDED.grams
"""  # noqa: S608


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _all(tokens) -> str:
    return "(" + " & ".join(_lexeme(t) for t in tokens) + ")"


def words_query(query: ParsedQuery) -> str | None:
    """The tsquery of the words set (None: a clause has no words, so the set is empty)."""
    parts = []
    for clause in query.clauses:
        if clause.kind == "identifier":
            parts.append(_lexeme(clause.key))
        elif clause.words:
            parts.append(_all(clause.words))
        else:
            return None
    return " & ".join(parts)


def grams_query(query: ParsedQuery) -> str:
    return " & ".join(_all(c.grams) for c in query.clauses)


def _scope(scope: Scope) -> tuple[str, list]:
    sql, params = "", []
    if scope.unit_ids is not None:
        sql += " AND unit_id = ANY(%s)"
        params.append(list(scope.unit_ids))
    for column in ("topic", "genre", "category", "validity"):
        if getattr(scope, column):
            sql += f" AND {column} = %s"
            params.append(getattr(scope, column))
    if scope.year:
        sql += " AND published_on BETWEEN %s AND %s"
        params += [dt.date(scope.year, 1, 1), dt.date(scope.year, 12, 31)]
    return sql, params


def _rows(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _args(doc: IndexDocument) -> list:
    t = doc.tokens
    return [doc.disclosure_id, doc.digest, doc.published_on, doc.unit_id, doc.topic, doc.genre, doc.category,
            doc.validity, t.title, t.identifiers, t.title, t.identifiers, t.body, t.grams]


class PostgresBackend:
    # --- writing ------------------------------------------------------------------------------

    def upsert(self, doc: IndexDocument) -> bool:
        if SearchEntry.objects.filter(pk=doc.disclosure_id, digest=doc.digest).exists():
            return False
        with connection.cursor() as cursor:
            cursor.execute(_UPSERT, _args(doc))
        return True

    def remove(self, disclosure_id: int) -> None:
        SearchEntry.objects.filter(pk=disclosure_id).delete()

    # --- reading ------------------------------------------------------------------------------

    def _where(self, query: ParsedQuery, scope: Scope, words: bool) -> tuple[str, list] | None:
        column, tsquery = ("words", words_query(query)) if words else ("grams", grams_query(query))
        if tsquery is None:
            return None
        if words and query.identifier:
            column = "head"
        where, params = _scope(scope)
        return f"{column} @@ %s::tsquery{where}", [tsquery, *params]

    def count(self, query: ParsedQuery, scope: Scope, *, cap: int, words: bool = False) -> int:
        found = self._where(query, scope, words)
        if found is None:
            return 0
        where, params = found
        return _rows(f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) c", [*params, cap])[0][0]  # noqa: S608

    def newest(self, query: ParsedQuery, scope: Scope, *, offset: int, limit: int, words: bool = False,
               exclude: tuple[int, ...] = ()) -> list[int]:
        found = self._where(query, scope, words)
        if found is None:
            return []
        where, params = found
        if exclude:
            where += " AND disclosure_id <> ALL(%s)"
            params.append(list(exclude))
        sql = (f"SELECT disclosure_id FROM {TABLE} WHERE {where} "  # noqa: S608
               "ORDER BY published_on DESC, disclosure_id DESC LIMIT %s OFFSET %s")
        return [r[0] for r in _rows(sql, [*params, limit, offset])]

    def ranked(self, query: ParsedQuery, scope: Scope, *, limit: int, titles: bool = False) -> list[Hit]:
        tsquery = words_query(query)
        if tsquery is None:
            return []
        column = "head" if titles else "words"
        where, params = _scope(scope)
        # Ranked by the small title/文号 vector: every row here holds all the words (title or body), and
        # with each token once per field a body match weighs the same in every row, so ts_rank over the
        # large body vector would only cost time. Only for the newest `limit` rows.
        sql = (f"SELECT disclosure_id, published_on, ts_rank(%s::float4[], head, q) + %s FROM ("  # noqa: S608
               f"SELECT disclosure_id, published_on, head, %s::tsquery AS q FROM {TABLE} "
               f"WHERE {column} @@ %s::tsquery{where} ORDER BY published_on DESC, disclosure_id DESC LIMIT %s) c")
        rows = _rows(sql, [WEIGHTS, BODY_MATCH, tsquery, tsquery, *params, limit])
        return [Hit(pk, day, float(rank), pk) for pk, day, rank in rows]

    def holding(self, query: ParsedQuery, scope: Scope, keys: list[int]) -> set[int]:
        if not keys:
            return set()
        where, params = _scope(scope)
        sql = f"SELECT disclosure_id FROM {TABLE} WHERE disclosure_id = ANY(%s) AND grams @@ %s::tsquery{where}"  # noqa: S608
        return {r[0] for r in _rows(sql, [list(keys), grams_query(query), *params])}

    # --- rebuilding ---------------------------------------------------------------------------

    def rebuild(self, batches, *, started: dt.datetime, current, progress=None) -> int:
        """Replace rows batch by batch (unchanged ones are skipped); the old rows serve meanwhile."""
        total = 0
        for batch in batches:
            digests = dict(SearchEntry.objects.filter(pk__in=[d.disclosure_id for d in batch])
                           .values_list("pk", "digest"))
            with transaction.atomic(), connection.cursor() as cursor:
                changed = [_args(d) for d in batch if digests.get(d.disclosure_id) != d.digest]
                if changed:
                    cursor.executemany(_UPSERT, changed)
            total += len(batch)
            if progress:
                progress(total)
        with transaction.atomic():
            published = Disclosure.objects.filter(status=Status.PUBLISHED).values("id")
            SearchEntry.objects.exclude(pk__in=published).delete()
            missing = list(Disclosure.objects.filter(status=Status.PUBLISHED)
                           .exclude(pk__in=SearchEntry.objects.values("pk")).values_list("pk", flat=True))
            changed = Disclosure.objects.filter(status=Status.PUBLISHED, updated_at__gte=started)
            for doc in current([*missing, *changed.values_list("pk", flat=True)]):
                if doc is not None:
                    self.upsert(doc)
        return SearchEntry.objects.count()
