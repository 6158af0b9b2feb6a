"""PostgreSQL backend (production): tsvector columns on ``search_searchentry`` with GIN indexes.

* ``head``  — title (weight A) and 文号/索引号 (B): the title tier, and what ts_rank reads;
* ``words`` — title, 文号/索引号, body and attachments: the words set;
* ``grams`` — the characters: the grams set.

Each is ``to_tsvector('simple', …)`` of the space-joined tokens of :mod:`gongkai.search.tokens`
(``simple`` only lower-cases, and our tokens are already lower-case letters and digits), so both
backends hold the same tokens. ``words`` and ``grams`` are only ever matched, never ranked, so they are
stored without positions (``strip``), which keeps them and their indexes small. Queries are tsquery
literals built from those tokens, each quoted.

Filters and the month of publication are tokens in every vector too (as on SQLite), so a filtered query
is one GIN intersection. The month tokens answer "the newest N matches" without reading every match: a
GIN index returns matches in no useful order, and a common word matches a tenth of a million documents.
So the newest months are asked first, in windows that grow with what they yielded
(:meth:`PostgresBackend._newest_first`); each window's query reads only that window's matches.

Rows are replaced in place, so ``reindex`` never takes the index away.
"""

import datetime as dt
import math
from collections.abc import Callable
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Exists, Max, Min, OuterRef

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import Status

from ..models import SearchEntry
from ..query import ParsedQuery
from . import Hit, IndexDocument, Scope, facet, facet_tokens, scope_facets

TABLE = SearchEntry._meta.db_table
# ts_rank weights for {D, C, B, A}: 文号/索引号 0.5, title 1 — the ratio of the SQLite bm25 weights
# (D holds the filter tokens, which no ranked query asks for).
WEIGHTS = "{0.1, 0.1, 0.5, 1.0}"
# What holding the words in the body adds to a row's rank (title and 文号 matches add ts_rank of ``head``).
BODY_MATCH = 0.01
# The first window of months asked for the newest matches; later ones are sized by what it yielded.
FIRST_WINDOW_MONTHS = 2
# Longer windows are a date range rather than a list of month tokens.
MAX_WINDOW_TOKENS = 6
# Counting stops at the cap; it stops before, saying "the cap", once COUNT_SAMPLE matches in the newest
# months project at least COUNT_MARGIN times the cap over the whole span.
COUNT_SAMPLE = 200
COUNT_MARGIN = 3
_UPSERT = f"""
INSERT INTO {TABLE} (disclosure_id, digest, published_on, unit_id, topic, genre, category, validity, indexed_at,
                     head, words, grams)
VALUES (%(id)s, %(digest)s, %(published_on)s, %(unit_id)s, %(topic)s, %(genre)s, %(category)s, %(validity)s,
        now(),
        setweight(to_tsvector('simple', %(title)s), 'A') || setweight(to_tsvector('simple', %(ids)s), 'B')
            || setweight(to_tsvector('simple', %(tags)s), 'D'),
        strip(to_tsvector('simple', %(words)s)), strip(to_tsvector('simple', %(grams)s)))
ON CONFLICT (disclosure_id) DO UPDATE SET
    digest = EXCLUDED.digest, published_on = EXCLUDED.published_on, unit_id = EXCLUDED.unit_id,
    topic = EXCLUDED.topic, genre = EXCLUDED.genre, category = EXCLUDED.category, validity = EXCLUDED.validity,
    indexed_at = EXCLUDED.indexed_at, head = EXCLUDED.head, words = EXCLUDED.words, grams = EXCLUDED.grams
"""  # noqa: S608


def month_tag(day: dt.date) -> str:
    return facet("m", f"{day:%Y%m}")


def _lexeme(token: str) -> str:
    return "'" + token.replace("\\", "\\\\").replace("'", "''") + "'"


def _all(tokens) -> str:
    return "(" + " & ".join(_lexeme(t) for t in tokens) + ")"


def _any(tokens) -> str:
    return "(" + " | ".join(_lexeme(t) for t in tokens) + ")"


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


def scope_query(scope: Scope) -> str | None:
    """The filters as tsquery terms ("" for none; None when nothing can match)."""
    if scope.unit_ids == ():
        return None
    return " & ".join(_any(alternatives) for alternatives in scope_facets(scope))


def _where(column: str, extra: str) -> str:
    """A window's condition: the vector matches the tsquery (the first parameter), and ``extra``."""
    return f"{column} @@ %s::tsquery" + (f" AND {extra}" if extra else "")


def _args(doc: IndexDocument) -> dict:
    t = doc.tokens
    tags = f"{facet_tokens(doc)} {month_tag(doc.published_on)}"
    return {"id": doc.disclosure_id, "digest": doc.digest, "published_on": doc.published_on, "unit_id": doc.unit_id,
            "topic": doc.topic, "genre": doc.genre, "category": doc.category, "validity": doc.validity,
            "title": t.title, "ids": t.identifiers, "tags": tags,
            "words": f"{t.title} {t.identifiers} {t.body} {tags}", "grams": f"{t.grams} {tags}"}


def _rows(sql: str, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _previous_month(day: dt.date) -> dt.date:
    return (day - dt.timedelta(days=1)).replace(day=1)


# A window's query: (tsquery, extra SQL condition, its parameters, rows still wanted) → rows.
Fetch = Callable[[str, str, list, int], list]


class PostgresBackend:
    def __init__(self) -> None:
        self._span: tuple[dt.date, dt.date] | None = None

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

    @contextmanager
    def reading(self):
        """Keep the planner to bitmap scans of the indexes while a search runs.

        The planner does not know that testing a row against a tsvector means reading that vector out
        of TOAST: for a common word it would rather scan the table (or walk the date index) and test
        every row, hundreds of times slower than the GIN index. ``SET LOCAL`` lasts until the end of
        the transaction, hence the transaction here, and the RESET afterwards when this runs inside a
        caller's transaction.
        """
        nested = connection.in_atomic_block
        self._months(None)  # before: an index-only scan, which the settings below would forbid
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            yield
            if nested:
                with connection.cursor() as cursor:
                    cursor.execute("RESET enable_seqscan; RESET enable_indexscan")

    def _months(self, year: int | None) -> list[dt.date]:
        """The first days of the months the index spans (within ``year``), newest first."""
        if self._span is None:
            span = SearchEntry.objects.aggregate(first=Min("published_on"), last=Max("published_on"))
            self._span = (span["first"], span["last"])
        first, month = self._span
        if first is None:
            return []
        first, month = _month(first), _month(month)
        if year:
            first, month = max(first, dt.date(year, 1, 1)), min(month, dt.date(year, 12, 1))
        months = []
        while month >= first:
            months.append(month)
            month = _previous_month(month)
        return months

    def _newest_first(self, tsquery: str, scope: Scope, need: int, fetch: Fetch, *,
                      enough: Callable[[int, float], bool] | None = None) -> list:
        """Up to ``need`` rows of ``fetch``, newest first, asking window after window of months.

        A window is the next months back; the first is :data:`FIRST_WINDOW_MONTHS` long, each later
        one as long as the matches so far say is needed for the rest (four times the last when it
        yielded none). A short window is its month tokens, so that GIN reads only that window; a
        long one (up to "everything older") is a date range: the words are then rare enough that
        reading all their matches costs less than a long list of months to test each one against.
        """
        months = self._months(scope.year)
        found: list = []
        done, width = 0, FIRST_WINDOW_MONTHS
        while done < len(months) and len(found) < need:
            window = months[done:done + width]
            if len(window) <= MAX_WINDOW_TOKENS:
                found += fetch(f"{tsquery} & {_any(month_tag(m) for m in window)}", "", [], need - len(found))
            else:
                conditions, params = ["published_on >= %s"], [window[-1]]
                if done:
                    conditions.append("published_on < %s")
                    params.append(months[done - 1])
                found += fetch(tsquery, " AND ".join(conditions), params, need - len(found))
            done += len(window)
            rate = len(found) / done
            if enough and done < len(months) and enough(len(found), rate * len(months)):
                break
            width = max(1, math.ceil((need - len(found)) / rate * 1.2)) if rate else width * 4
        return found

    def _query(self, query: ParsedQuery, scope: Scope, column: str) -> str | None:
        text = grams_query(query) if column == "grams" else words_query(query)
        filters = scope_query(scope)
        if text is None or filters is None:
            return None
        return " & ".join(filter(None, [text, filters]))

    @staticmethod
    def _column(query: ParsedQuery, words: bool) -> str:
        if not words:
            return "grams"
        return "head" if query.identifier else "words"

    def count(self, query: ParsedQuery, scope: Scope, *, cap: int, words: bool = False) -> int:
        column = self._column(query, words)
        tsquery = self._query(query, scope, column)
        if tsquery is None:
            return 0

        def fetch(tsq: str, extra: str, params: list, want: int) -> list:
            where = _where(column, extra)
            sql = f"SELECT count(*) FROM (SELECT 1 FROM {TABLE} WHERE {where} LIMIT %s) c"  # noqa: S608
            return [None] * _rows(sql, [tsq, *params, want])[0][0]

        projected = []

        def enough(found: int, total: float) -> bool:
            # The newest months alone show far more matches than the cap: older ones need not be read.
            if found >= COUNT_SAMPLE and total >= COUNT_MARGIN * cap:
                projected.append(total)
            return bool(projected)

        found = len(self._newest_first(tsquery, scope, cap, fetch, enough=enough))
        return cap if projected else found

    def newest(self, query: ParsedQuery, scope: Scope, *, offset: int, limit: int, words: bool = False,
               exclude: tuple[int, ...] = ()) -> list[int]:
        column = self._column(query, words)
        tsquery = self._query(query, scope, column)
        if tsquery is None:
            return []

        def fetch(tsq: str, extra: str, params: list, want: int) -> list:
            where = _where(column, extra)
            if exclude:
                where += " AND disclosure_id <> ALL(%s)"
                params = [*params, list(exclude)]
            sql = (f"SELECT disclosure_id FROM {TABLE} WHERE {where} "  # noqa: S608
                   "ORDER BY published_on DESC, disclosure_id DESC LIMIT %s")
            return [r[0] for r in _rows(sql, [tsq, *params, want])]

        return self._newest_first(tsquery, scope, offset + limit, fetch)[offset:]

    def ranked(self, query: ParsedQuery, scope: Scope, *, limit: int, titles: bool = False) -> list[Hit]:
        column = "head" if titles else "words"
        tsquery = self._query(query, scope, column)
        if tsquery is None:
            return []
        rank_query = words_query(query)

        def fetch(tsq: str, extra: str, params: list, want: int) -> list:
            where = _where(column, extra)
            # Ranked by the small title/文号 vector: every row here holds all the words (title or body),
            # and with each token once per field a body match weighs the same in every row. Only for
            # the rows kept.
            sql = (f"SELECT disclosure_id, published_on, ts_rank(%s::float4[], head, %s::tsquery) + %s FROM ("  # noqa: S608
                   f"SELECT disclosure_id, published_on, head FROM {TABLE} WHERE {where} "
                   "ORDER BY published_on DESC, disclosure_id DESC LIMIT %s) c")
            return _rows(sql, [WEIGHTS, rank_query, BODY_MATCH, tsq, *params, want])

        rows = self._newest_first(tsquery, scope, limit, fetch)
        return [Hit(pk, day, float(rank), pk) for pk, day, rank in rows]

    def holding(self, query: ParsedQuery, scope: Scope, keys: list[int]) -> set[int]:
        if not keys:
            return set()
        # A hashed semi-join: "= ANY(array)" would compare every match with every key.
        sql = (f"SELECT disclosure_id FROM {TABLE} WHERE disclosure_id IN (SELECT unnest(%s::bigint[])) "  # noqa: S608
               "AND grams @@ %s::tsquery")
        return {r[0] for r in _rows(sql, [list(keys), grams_query(query)])}

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
            # Anti-joins as NOT EXISTS: NOT IN over a million ids does not fit a hash and goes quadratic.
            published = Disclosure.objects.filter(pk=OuterRef("pk"), status=Status.PUBLISHED)
            SearchEntry.objects.filter(~Exists(published)).delete()
            missing = list(Disclosure.objects.filter(status=Status.PUBLISHED)
                           .filter(~Exists(SearchEntry.objects.filter(pk=OuterRef("pk"))))
                           .order_by().values_list("pk", flat=True))
            changed = Disclosure.objects.filter(status=Status.PUBLISHED, updated_at__gte=started).order_by()
            for doc in current([*missing, *changed.values_list("pk", flat=True)]):
                if doc is not None:
                    self.upsert(doc)
        return SearchEntry.objects.count()
