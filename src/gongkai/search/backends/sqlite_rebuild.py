"""``gongkai reindex`` on SQLite: build fresh FTS5 tables beside the live ones, then swap.

The live tables keep answering queries and taking updates while the new ones are filled in short
transactions, numbered 1, 2, 3… in the order the documents come (oldest first). The swap takes the
write lock once: it brings the new tables up to date with whatever was published, withdrawn or changed
during the build, then drops the old tables and renames the new ones.

SQL is assembled from this module's table names only; every value is a bound parameter.
"""

import datetime as dt
import json

from django.db import connection, transaction

from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.taxonomy import Status

from ..models import SearchEntry, SearchTombstone
from .sqlite import _insert, grams_table_sql, words_table_sql

NEXT = "_next"
ENTRIES_NEXT = "search_entry_next"
_COLUMNS = "disclosure_id, fts_rowid, digest, published_on, unit_id, topic, genre, category, validity, indexed_at"


def _create(cursor, backend) -> None:
    for table in (backend.words_table + NEXT, backend.grams_table + NEXT, ENTRIES_NEXT):
        cursor.execute(f"DROP TABLE IF EXISTS {table}")
    cursor.execute(words_table_sql(backend.words_table + NEXT))
    cursor.execute(grams_table_sql(backend.grams_table + NEXT))
    cursor.execute(
        f"CREATE TABLE {ENTRIES_NEXT} (disclosure_id integer PRIMARY KEY, fts_rowid bigint NOT NULL, "
        "digest varchar(40) NOT NULL, published_on date NOT NULL, unit_id bigint NOT NULL, topic varchar(40) NOT NULL, "
        "genre varchar(40) NOT NULL, category varchar(40) NOT NULL, validity varchar(20) NOT NULL, "
        "indexed_at datetime NOT NULL)"
    )


def _add(cursor, backend, docs, first_rowid: int) -> int:
    """Add ``docs`` to the new tables from ``first_rowid`` on; return the next free rowid."""
    now = dt.datetime.now(dt.UTC).isoformat(sep=" ")
    rows = []
    rowid = first_rowid
    for doc in docs:
        _insert(cursor, backend.words_table + NEXT, backend.grams_table + NEXT, rowid, doc)
        rows.append((doc.disclosure_id, rowid, doc.digest, doc.published_on.isoformat(), doc.unit_id, doc.topic,
                     doc.genre, doc.category, doc.validity, now))
        rowid += 1
    cursor.executemany(f"INSERT OR REPLACE INTO {ENTRIES_NEXT} ({_COLUMNS}) VALUES ({', '.join(['%s'] * 10)})", rows)  # noqa: S608
    return rowid


def _merge(table: str) -> None:
    """Merge the new table's segments in small steps, so that other writers are never held up long."""
    while True:
        with transaction.atomic(), connection.cursor() as cursor:
            before = connection.connection.total_changes
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('merge', 500)")  # noqa: S608
            if connection.connection.total_changes - before < 2:
                return


def _ids(cursor, sql: str, params=()) -> list[int]:
    cursor.execute(sql, params)
    return [row[0] for row in cursor.fetchall()]


def _json(values) -> str:
    return json.dumps(list(values))


def rebuild(backend, batches, *, started: dt.datetime, current, progress=None) -> int:
    with connection.cursor() as cursor:
        _create(cursor, backend)
    rowid = 1
    for batch in batches:
        with transaction.atomic(), connection.cursor() as cursor:
            rowid = _add(cursor, backend, batch, rowid)
        if progress:
            progress(rowid - 1)
    for table in (backend.words_table + NEXT, backend.grams_table + NEXT):
        _merge(table)
    with transaction.atomic(), connection.cursor() as cursor:
        _catch_up(cursor, backend, started, current, rowid)
        for table in (backend.words_table, backend.grams_table):
            cursor.execute(f"DROP TABLE IF EXISTS {table}")
            cursor.execute(f"ALTER TABLE {table}{NEXT} RENAME TO {table}")
        live = SearchEntry._meta.db_table
        cursor.execute(f"DELETE FROM {live}")  # noqa: S608
        cursor.execute(f"INSERT INTO {live} ({_COLUMNS}) SELECT {_COLUMNS} FROM {ENTRIES_NEXT}")  # noqa: S608
        cursor.execute(f"DROP TABLE {ENTRIES_NEXT}")
        cursor.execute(f"SELECT count(*) FROM {live}")  # noqa: S608
        return cursor.fetchone()[0]


def _catch_up(cursor, backend, started: dt.datetime, current, rowid: int) -> None:
    """Under the write lock: what was withdrawn, published or changed while the new tables were built."""
    published = Disclosure.objects.filter(status=Status.PUBLISHED).order_by().values("id")
    sql, params = published.query.sql_with_params()
    stale = _ids(cursor, f"SELECT disclosure_id FROM {ENTRIES_NEXT} WHERE disclosure_id NOT IN ({sql})", params)  # noqa: S608
    missing = _ids(cursor, f"{sql} AND id NOT IN (SELECT disclosure_id FROM {ENTRIES_NEXT})", params)  # noqa: S608
    live = SearchEntry._meta.db_table
    changed = set(_ids(cursor, f"SELECT n.disclosure_id FROM {ENTRIES_NEXT} n JOIN {live} l "  # noqa: S608
                               "ON l.disclosure_id = n.disclosure_id WHERE l.digest <> n.digest"))
    changed |= set(published.filter(updated_at__gte=started).values_list("id", flat=True))
    # only those the new tables hold; the missing ones are added below anyway
    changed = set(_ids(cursor, f"SELECT disclosure_id FROM {ENTRIES_NEXT} WHERE disclosure_id IN "  # noqa: S608
                               "(SELECT value FROM json_each(%s))", [_json(changed - set(stale))]))
    cursor.execute(f"SELECT fts_rowid FROM {ENTRIES_NEXT} WHERE disclosure_id IN "  # noqa: S608
                   "(SELECT value FROM json_each(%s))", [_json([*stale, *changed])])
    tombstones = [row[0] for row in cursor.fetchall()]
    cursor.execute(f"DELETE FROM {ENTRIES_NEXT} WHERE disclosure_id IN (SELECT value FROM json_each(%s))",  # noqa: S608
                   [_json(stale)])
    docs = [d for d in current(sorted(changed) + sorted(missing)) if d is not None]
    _add(cursor, backend, sorted(docs, key=lambda d: (d.published_on, d.disclosure_id)), rowid)
    SearchTombstone.objects.all().delete()
    SearchTombstone.objects.bulk_create(SearchTombstone(fts_rowid=r) for r in tombstones)
