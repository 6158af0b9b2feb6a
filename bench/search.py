"""Full-text search benchmark: ``python bench/search.py [N] [--postgres] [--jobs J]``.

Generates N published documents of government text (the demo's templates for the 镇海区 units:
notices, licences, penalties, land, housing, assistance…, one to four of them per document, as a
document with attachments), into a FRESH database — a temporary SQLite file, or with ``--postgres``
a database ``gongkai_bench`` created and dropped here — then:

* indexes them with the real ``gongkai reindex`` code path and times it;
* measures the index size against the size of the text it indexes;
* runs a fixed mix of queries (1-, 2- and 4-character words, phrases, 文号, filtered, date order)
  through ``search()`` end to end (index, rows, snippets), and the same queries as ``LIKE '%…%'``;
* prints ONE JSON line with the figures (progress goes to stderr).

Not a test: it takes minutes at 100,000 documents and the better part of an hour at 1,000,000.
``--keep FILE`` keeps the database and ``--reuse FILE`` measures the queries on it again.
"""

import argparse
import datetime as dt
import json
import math
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "gongkai_bench"
CHUNK = 5_000


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_database(postgres: bool, name: str = PG_BENCH) -> tuple[str, callable]:
    """Point Django at a fresh database (PostgreSQL database ``name``, or a temporary SQLite file);
    return its URL and a function that removes it."""
    if postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {name}")

        return PG_ADMIN.rsplit("/", 1)[0] + "/" + name, drop
    folder = tempfile.mkdtemp(prefix="gongkai-bench-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)


def generate(n: int, seed: int = 2014) -> int:
    """Write N published disclosures (and their portal counts); return the bytes of text they hold."""
    from collections import Counter

    from gongkai.core.sanitize import html_to_text
    from gongkai.demo.generate import kinds_for
    from gongkai.demo.kinds import Ctx
    from gongkai.demo.units import UNITS, ensure_units
    from gongkai.disclosures.counts import count_deltas, public_counts_apply
    from gongkai.disclosures.models import Disclosure, Term
    from gongkai.disclosures.taxonomy import Category, Status

    units = {code: unit for code, (unit, _) in ensure_units().items()}
    terms = {v: dict(Term.objects.filter(vocabulary=v).values_list("code", "id")) for v in ("topic", "genre")}
    rng = random.Random(seed)
    kinds = {spec.code: kinds_for(spec) for spec in UNITS}
    weights = [spec.volume for spec in UNITS]
    first, days = dt.date(2014, 1, 1), (dt.date(2026, 10, 31) - dt.date(2014, 1, 1)).days
    counters: dict = {}
    serials: dict = {}
    text_bytes = 0
    batch = []
    counts: Counter = Counter()
    for i in range(n):
        spec = rng.choices(UNITS, weights=weights)[0]
        day = first + dt.timedelta(days=rng.randint(0, days))
        ctx = Ctx(rng, spec, day, day, counters.setdefault(spec.code, {}))
        spec_kinds = kinds[spec.code]
        drafts = [k.build(ctx) for k in rng.choices(spec_kinds, weights=[k.weight for k in spec_kinds],
                                                    k=rng.choice((1, 1, 2, 2, 3, 4)))]
        main_kind = spec_kinds[0]
        head = drafts[0]
        body = "".join(d.body for d in drafts)
        key = (spec.code, day.year)
        serials[key] = serials.get(key, 0) + 1
        index_number = f"{spec.code}/{day.year}-{serials[key]:06d}"
        text_bytes += len((head.title + head.doc_number + index_number + html_to_text(body)).encode())
        batch.append(Disclosure(
            unit=units[spec.code], index_number=index_number, title=head.title, body_html=body,
            doc_number=head.doc_number, written_on=day, published_on=day,
            published_at=dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC),
            topic_id=terms["topic"].get(head.topic or main_kind.topic or spec.topic, terms["topic"]["02"]),
            genre_id=terms["genre"].get(head.genre or main_kind.genre, terms["genre"]["notice"]),
            category=head.category if head.category is not None else Category.A20_01,
            status=Status.PUBLISHED, channels=["website"],
        ))
        if len(batch) == CHUNK:
            Disclosure.objects.bulk_create(batch)
            counts += count_deltas(batch)
            batch = []
            if (i + 1) % 100_000 == 0:
                log(f"generated {i + 1}")
    Disclosure.objects.bulk_create(batch)
    counts += count_deltas(batch)
    public_counts_apply(dict(counts))
    return text_bytes


def some_doc_numbers() -> list[str]:
    """Four 文号 of the database, picked the same way every time."""
    from gongkai.disclosures.models import Disclosure

    numbers = Disclosure.objects.exclude(doc_number="").order_by("pk").values_list("doc_number", flat=True)
    total = numbers.count()
    return [numbers[total * k // 5] for k in range(1, 5)] if total >= 5 else list(numbers)


def index_size() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT pg_total_relation_size('search_searchentry')")
        else:
            cursor.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search_%' OR name LIKE 'sqlite_autoindex_search_%'")
        return int(cursor.fetchone()[0])


def query_mix(doc_numbers: list[str]):
    """(label, q, filters, sort) — the same for every run."""
    from gongkai.disclosures.selectors import PublicFilters

    none = PublicFilters()
    mix = [("1char", q, none, "relevance") for q in ("税", "桥", "湖", "药", "煤", "鞋")]
    mix += [("2char", q, none, "relevance") for q in ("征地", "低保", "住房", "招聘", "消防", "预算", "防汛", "网吧")]
    mix += [("4char", q, none, "relevance") for q in ("行政处罚", "食品安全", "安全生产", "城乡居民", "公共租赁",
                                                   "营商环境", "安置补偿", "社区矫正")]
    mix += [("phrase", q, none, "relevance") for q in ('"征地拆迁安置"', '"最低生活保障"', '"食品经营许可"',
                                                    '"行政处罚决定书"', "“道路交通管制”", '"重大项目建设"')]
    picked = doc_numbers
    mix += [("docnumber", q, none, "relevance") for q in picked]
    mix += [("docnumber", q.replace("〔", "[").replace("〕", "]"), none, "relevance") for q in picked[:2]]
    mix += [("filtered", q, f, "relevance") for q, f in (
        ("征地", PublicFilters(year=2020)), ("住房", PublicFilters(topic="10")), ("行政处罚", PublicFilters(year=2016)),
        ("招聘", PublicFilters(unit="ZH-RSJ")), ("消防", PublicFilters(unit="ZH", year=2024)),
        ("低保", PublicFilters(genre="public_notice")))]
    mix += [("date", q, none, "date") for q in ("征地", "行政处罚", "桥", '"最低生活保障"')]
    return mix


def like_query(q: str, filters, sort: str) -> tuple[str, list]:
    """The same question as LIKE '%…%' over the register (what a site without full-text search does)."""
    from gongkai.orgs.models import Unit

    terms = [t.strip('"“”') for t in q.replace("“", '"').replace("”", '"').split() if t.strip('"“”')]
    where = ["d.status = 'published'"]
    params: list = []
    for term in terms:
        where.append("(d.title LIKE %s OR d.doc_number LIKE %s OR d.body_html LIKE %s)")
        params += [f"%{term}%"] * 3
    if filters.year:
        where.append("d.published_on BETWEEN %s AND %s")
        params += [dt.date(filters.year, 1, 1), dt.date(filters.year, 12, 31)]
    if filters.unit:
        path = Unit.objects.get(code=filters.unit).path
        where.append("d.unit_id IN (SELECT id FROM orgs_unit WHERE path LIKE %s)")
        params.append(path + "%")
    if filters.topic:
        where.append("d.topic_id = (SELECT id FROM disclosures_term WHERE vocabulary = 'topic' AND code = %s)")
        params.append(filters.topic)
    if filters.genre:
        where.append("d.genre_id = (SELECT id FROM disclosures_term WHERE vocabulary = 'genre' AND code = %s)")
        params.append(filters.genre)
    sql = (f"SELECT d.id, count(*) OVER () FROM disclosures_disclosure d WHERE {' AND '.join(where)} "
           "ORDER BY d.published_on DESC, d.id DESC LIMIT 20")
    return sql, params


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def build(n: int, postgres: bool, jobs: int) -> dict:
    """Generate and index N documents into the fresh database; return what was measured."""
    from django.core.management import call_command
    from django.db import connection

    from gongkai.search import services

    log("migrating a fresh database")
    call_command("migrate", verbosity=0)
    log(f"generating {n} documents")
    started = time.perf_counter()
    text_bytes = generate(n)
    generate_seconds = time.perf_counter() - started
    log(f"generated in {generate_seconds:.0f}s; indexing with {jobs} job(s)")
    started = time.perf_counter()
    indexed = services.reindex(batch_size=2000, jobs=jobs,
                               progress=lambda done: done % 100_000 == 0 and log(f"indexed {done}"))
    index_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if postgres else "ANALYZE")
    log(f"indexed {indexed} in {index_seconds:.0f}s")
    return {"documents": indexed, "jobs": jobs, "text_bytes": text_bytes, "generate_s": round(generate_seconds, 1),
            "index_s": round(index_seconds, 1), "index_docs_per_s": round(indexed / index_seconds)}


def run(built: dict, rounds: int, like_rounds: int) -> dict:
    from django.db import connection

    from gongkai.search.selectors import search

    text_bytes, indexed = built["text_bytes"], built["documents"]
    size = index_size()
    log(f"index {size / 1e6:.0f} MB for {text_bytes / 1e6:.0f} MB of text")
    mix = query_mix(some_doc_numbers())
    for _, q, filters, sort in mix:  # warm the caches and jieba
        search(q=q, filters=filters, sort=sort)
    latencies: dict[str, list[float]] = {}
    slowest = []
    for _ in range(rounds):
        for label, q, filters, sort in mix:
            t = time.perf_counter()
            page = search(q=q, filters=filters, sort=sort)
            ms = (time.perf_counter() - t) * 1000
            latencies.setdefault(label, []).append(ms)
            slowest.append((round(ms, 1), label, q, page.total))
    slowest.sort(reverse=True)
    everything = [ms for values in latencies.values() for ms in values]
    log(f"search p95 {percentile(everything, 95):.1f} ms; running the LIKE comparison")

    like = []
    with connection.cursor() as cursor:
        for _ in range(like_rounds):
            for _, q, filters, sort in mix:
                sql, params = like_query(q, filters, sort)
                t = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                like.append((time.perf_counter() - t) * 1000)
    return {
        "backend": connection.vendor, "documents": indexed, "jobs": built["jobs"],
        "avg_chars": round(text_bytes / 3 / max(indexed, 1)),
        "text_mb": round(text_bytes / 1e6, 1), "index_mb": round(size / 1e6, 1),
        "index_to_text": round(size / text_bytes, 3),
        "generate_s": built["generate_s"], "index_s": built["index_s"], "index_docs_per_s": built["index_docs_per_s"],
        "queries": len(everything),
        "p50_ms": round(percentile(everything, 50), 2), "p95_ms": round(percentile(everything, 95), 2),
        "p99_ms": round(percentile(everything, 99), 2), "max_ms": round(max(everything), 2),
        "p50_ms_by_kind": {k: round(percentile(v, 50), 2) for k, v in latencies.items()},
        "p95_ms_by_kind": {k: round(percentile(v, 95), 2) for k, v in latencies.items()},
        "slowest": slowest[:5],
        "sqlite": __import__("sqlite3").sqlite_version,
    } | ({
        "like_p50_ms": round(percentile(like, 50), 1), "like_p95_ms": round(percentile(like, 95), 1),
        "speedup_p50": round(percentile(like, 50) / percentile(everything, 50), 1),
        "speedup_mean": round(statistics.mean(like) / statistics.mean(everything), 1),
    } if like else {})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--postgres", action="store_true", help=f"use a fresh PostgreSQL database {PG_BENCH}")
    parser.add_argument("--jobs", type=int, default=2, help="segmentation processes (default 2)")
    parser.add_argument("--rounds", type=int, default=5, help="passes over the query mix (default 5)")
    parser.add_argument("--like-rounds", type=int, default=1, help="passes of the LIKE comparison (default 1)")
    parser.add_argument("--keep", metavar="FILE",
                        help="keep the database; FILE records it and its figures for --reuse")
    parser.add_argument("--reuse", metavar="FILE",
                        help="measure the queries again on a database kept with --keep (same index format)")
    args = parser.parse_args()

    if args.reuse:
        built = json.loads(Path(args.reuse).read_text())
        url, remove = built["url"], lambda: None
    else:
        url, remove = setup_database(args.postgres)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    try:
        if not args.reuse:
            built = build(args.n, args.postgres, args.jobs)
            if args.keep:
                Path(args.keep).write_text(json.dumps({**built, "url": url}))
                log(f"kept {url} (see {args.keep})")
        result = run(built, args.rounds, args.like_rounds)
    finally:
        if not (args.keep or args.reuse):
            remove()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
