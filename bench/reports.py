"""Annual-report benchmark: ``python bench/reports.py [--postgres] [--scale S] [--indexes]``.

Generates a province-sized year in a FRESH database — a temporary SQLite file, or with ``--postgres`` a
database ``gongkai_bench_reports`` created and dropped here: 2,000 units (a province, its departments,
11 cities, 66 counties with their departments, streets and towns), 1,000,000 items in the register
(2 % of them 规章 / 行政规范性文件 with a validity history over earlier years), 200,000 information
requests received in the year plus the cases carried in from the year before, with realistic mixes of
channel, applicant and outcome, 3 % of them appealed, and every unit's yearly indicators. Rows go in with
``executemany`` (SQLite) or ``COPY`` (PostgreSQL).

It loads the data in two steps — a tenth first, then the rest — and after each measures, through the
real code path (:func:`gongkai.reports.selectors.annual_report`):

* one unit's tables (a county department: 2021 format and legacy form; median of 5 runs),
* the whole province's roll-up (with and without towns; 2021 format and legacy form),
* the number of queries, and the peak of Python memory during the computation (``tracemalloc``), which
  stays flat when the records grow tenfold because everything is counted in the database;

and prints ONE JSON line with the figures (progress goes to stderr). ``--indexes`` also creates the
indexes proposed for the reports (see ``PROPOSED_INDEXES``) before measuring, to compare.
Not a test: loading takes minutes.
"""

import argparse
import datetime as dt
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
PG_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PG_BENCH = "gongkai_bench_reports"
YEAR = 2024
UNITS, DISCLOSURES, REQUESTS = 2_000, 1_000_000, 200_000
CHUNK = 20_000

# Indexes the report queries would use (proposed for disclosures / foi; created here only with --indexes).
PROPOSED_INDEXES = {
    # table 二 and 制发规范性文件: the few normative rows among a million, without reading the rest (the
    # condition is the queries' own term, so that SQLite's planner matches the partial index too)
    "disclosure_normative_unit": "CREATE INDEX disclosure_normative_unit ON disclosures_disclosure "
                                 "(normative_kind, unit_id) WHERE normative_kind IN ('regulation', 'normative')",
    # legacy form 一 for one unit with years of history: only that year's items
    "disclosure_unit_published": "CREATE INDEX disclosure_unit_published ON disclosures_disclosure "
                                 "(unit_id, published_on)",
}

OUTCOMES = (  # (outcome, reply kind, share of closed cases)
    ("disclosed", "disclose", 30), ("disclosed", "already_public", 6), ("partial", "partial", 8),
    ("withheld.state_secret", "withhold", 0.3), ("withheld.prohibited_by_law", "withhold", 0.7),
    ("withheld.security_stability", "withhold", 0.3), ("withheld.third_party", "withhold", 2),
    ("withheld.internal_affairs", "withhold", 1), ("withheld.process_info", "withhold", 1.5),
    ("withheld.enforcement_file", "withhold", 0.5), ("withheld.inquiry_matter", "other_law", 1),
    ("unavailable.not_held", "not_exist", 22), ("unavailable.not_held", "not_this_agency", 8),
    ("unavailable.needs_creation", "not_exist", 3), ("unavailable.still_unclear", "not_exist", 2),
    ("not_processed.petition", "not_an_application", 3), ("not_processed.repeat", "repeat", 3),
    ("not_processed.publication", "repeat", 0.5), ("not_processed.excessive", "repeat", 0.5),
    ("not_processed.confirm_reissue", "repeat", 0.5), ("other.no_supplement", "abandoned", 4),
    ("other.fee_unpaid", "abandoned", 0.2), ("other.other", "other_law", 1.5),
)
APPLICANTS = (("natural_person", 85), ("org.business", 9), ("org.research", 0.5), ("org.nonprofit", 0.5),
              ("org.legal", 3), ("org.other", 2))
CHANNELS = (("online", 70), ("letter", 20), ("in_person", 6), ("email", 3), ("fax", 1))


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def setup_database(postgres: bool) -> tuple[str, callable]:
    """Point Django at a fresh database; return its URL and a function that removes it."""
    if postgres:
        import psycopg

        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH}")
            conn.execute(f"CREATE DATABASE {PG_BENCH}")

        def drop() -> None:
            from django.db import connections

            connections.close_all()
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_BENCH}")

        return PG_ADMIN.rsplit("/", 1)[0] + "/" + PG_BENCH, drop
    folder = tempfile.mkdtemp(prefix="gongkai-bench-reports-")
    return f"sqlite:///{folder}/bench.sqlite3", lambda: shutil.rmtree(folder, ignore_errors=True)


# --- units ------------------------------------------------------------------------------------------

def make_units() -> tuple[list, dict]:
    """2,000 units: P + 63 provincial departments; 11 cities, each 1 + 31 departments + 6 counties; each
    county 1 + 15 departments + 8 towns (streets and towns, kind "town"). Returns (units, weights)."""
    from gongkai.orgs.models import Unit

    made: list[Unit] = []

    def add(code, name, kind, parent):
        unit = Unit(code=code, name=name, kind=kind, parent=parent,
                    path=(parent.path if parent else "/") + code + "/", sort=len(made))
        made.append(unit)
        return unit

    def save(level):
        Unit.objects.bulk_create(level)

    root = add("P", "某某省人民政府", "government", None)
    save([root])
    level = [add(f"P-D{i:02d}", f"省直部门{i}", "department", root) for i in range(63)]
    cities = [add(f"C{c:02d}", f"第{c}市人民政府", "government", root) for c in range(11)]
    save(level + cities)
    level, counties = [], []
    for city in cities:
        level += [add(f"{city.code}-D{i:02d}", f"{city.name}部门{i}", "department", city) for i in range(31)]
        counties += [add(f"{city.code}-K{k}", f"{city.name}第{k}县区", "government", city) for k in range(6)]
    save(level + counties)
    level = []
    for county in counties:
        level += [add(f"{county.code}-D{i:02d}", f"{county.name}部门{i}", "department", county) for i in range(15)]
        level += [add(f"{county.code}-T{i}", f"{county.name}第{i}乡镇", "town", county) for i in range(8)]
    save(level)
    assert len(made) == UNITS, len(made)
    # how much each kind of unit publishes / receives, relative
    weights = {u.pk: {"government": 6, "department": 2, "town": 1}[u.kind] * (3 if u.code.startswith("P") else 1)
               for u in made}
    return made, weights


# --- bulk rows --------------------------------------------------------------------------------------

def columns_of(model) -> list:
    return [f for f in model._meta.concrete_fields if not f.primary_key]


def insert(model, rows: list[dict]) -> None:
    """Insert plain rows (field name → Python value) with executemany or COPY."""
    from django.db import connection

    fields = columns_of(model)
    now = dt.datetime.now(dt.UTC)
    defaults = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        elif f.has_default():
            defaults[f.attname] = f.get_default()
        else:
            defaults[f.attname] = None if f.null else ""
    names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)

    def values(row):
        out = []
        for f in fields:
            value = row.get(f.attname, defaults[f.attname])
            if f.get_internal_type() == "JSONField":
                value = json.dumps(value, ensure_ascii=False)
            out.append(value)
        return out

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(values(row))
        else:
            marks = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", [values(r) for r in rows])


def _pick(table):
    values, weights = zip(*table, strict=True)
    return values, weights


def load_disclosures(rng: random.Random, units, weights, n: int, offset: int) -> None:
    from collections import Counter

    from gongkai.disclosures.counts import CountKey, public_counts_apply
    from gongkai.disclosures.models import Disclosure, Term

    topic = Term.objects.filter(vocabulary="topic").values_list("id", flat=True).first()
    genre = Term.objects.filter(vocabulary="genre").values_list("id", flat=True).first()
    ids, w = [u.pk for u in units], [weights[u.pk] for u in units]
    first = dt.date(YEAR, 1, 1)
    rows = []
    counts: Counter = Counter()
    for i in range(offset, offset + n):
        unit = rng.choices(ids, w)[0]
        published = first + dt.timedelta(days=rng.randrange(366 if YEAR % 4 == 0 else 365))
        row = {"unit_id": unit, "index_number": f"B{i:08d}", "title": "关于做好有关工作的通知",
               "written_on": published - dt.timedelta(days=rng.randint(0, 10)), "published_on": published,
               "topic_id": topic, "genre_id": genre, "status": "published", "disclosure_mode": "proactive"}
        channels = ["website"]
        if rng.random() < 0.25:
            channels.append("weibo")
        if rng.random() < 0.35:
            channels.append("wechat")
        roll = rng.random()
        if roll < 0.02:  # 规章 / 行政规范性文件, some from earlier years, some no longer valid
            row["normative_kind"] = "regulation" if rng.random() < 0.08 else "normative"
            row["written_on"] = published - dt.timedelta(days=rng.choice((0, 0, 400, 900, 1500)))
            channels.append("gazette")
            if rng.random() < 0.2:
                row["validity"] = rng.choice(("repealed", "expired", "revised"))
                row["validity_changed_on"] = row["written_on"] + dt.timedelta(days=rng.randint(30, 1800))
            if rng.random() < 0.3:
                row.update(status="draft", disclosure_mode="not_disclosed", published_on=None)
                channels = []
        elif roll < 0.03:
            row["status"] = "withdrawn"
        row["channels"] = channels
        rows.append(row)
        if row["status"] == "published":  # the portal's counts, as publishing keeps them
            counts[CountKey(unit, "", topic, genre, published.year, row.get("validity", "valid"))] += 1
        if len(rows) == CHUNK:
            insert(Disclosure, rows)
            rows = []
    if rows:
        insert(Disclosure, rows)
    public_counts_apply(dict(counts))


def load_requests(rng: random.Random, units, weights, n: int, offset: int) -> None:
    from gongkai.foi.models import Appeal, InfoRequest

    ids, w = [u.pk for u in units], [weights[u.pk] for u in units]
    outcomes, ow = _pick([((o, k), s) for o, k, s in OUTCOMES])
    applicants, aw = _pick(APPLICANTS)
    channels, cw = _pick(CHANNELS)
    rows, appeals = [], []
    carried_in = n // 25
    for i in range(offset, offset + n + carried_in):
        unit = rng.choices(ids, w)[0]
        if i - offset < n:
            received = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
        else:  # received late in the year before, some still open at its end
            received = dt.date(YEAR - 1, 12, 1) + dt.timedelta(days=rng.randrange(31))
        closed = received + dt.timedelta(days=rng.randint(3, 60))
        open_case = rng.random() < 0.02
        (outcome, reply), = rng.choices(outcomes, ow)
        extension = 20 if rng.random() < 0.05 else 0
        row = {"number": f"R{i:08d}", "query_code_digest": "x", "unit_id": unit, "original_unit_id": unit,
               "channel": rng.choices(channels, cw)[0], "received_on": received, "receipt_basis": "both_confirmed",
               "applicant_type": rng.choices(applicants, aw)[0], "applicant_name": "某某", "id_type": "resident_id",
               "id_number": "330000199001011234", "description": "申请公开有关信息", "delivery_form": "electronic",
               "delivery_way": "email", "extension_days": extension}
        if not open_case:
            row.update(status="closed", closed_on=closed, replied_on=closed, outcome=outcome, reply_kind=reply,
                       on_time=rng.random() < 0.97)
            if rng.random() < 0.003:
                row.update(fee_method="per_page", fee_amount=rng.choice((100, 200, 700)), fee_paid_on=closed)
        else:
            row["status"] = "processing"
        rows.append(row)
        if len(rows) == CHUNK:
            insert(InfoRequest, rows)
            rows = []
    if rows:
        insert(InfoRequest, rows)
    last = InfoRequest.objects.order_by("-pk").values_list("pk", flat=True).first()
    first_new = last - (n + carried_in) + 1
    for pk in rng.sample(range(first_new, last + 1), (n + carried_in) * 3 // 100):
        kind = rng.choices(("reconsideration", "litigation", "after"), (70, 20, 10))[0]
        filed = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
        result = rng.choices(("upheld", "corrected", "other", "pending"), (60, 10, 15, 15))[0]
        appeals.append({"request_id": pk, "kind": "reconsideration" if kind == "reconsideration" else "litigation",
                        "after_reconsideration": kind == "after", "filed_on": filed, "result": result,
                        "decided_on": None if result == "pending" else filed + dt.timedelta(days=rng.randint(20, 120))})
    insert(Appeal, appeals)


def load_indicators(rng: random.Random, units) -> None:
    from gongkai.reports.models import YearIndicators

    insert(YearIndicators, [
        {"unit_id": u.pk, "year": YEAR, "licensing_decisions": rng.randint(0, 5000),
         "penalty_decisions": rng.randint(0, 800), "enforcement_decisions": rng.randint(0, 50),
         "admin_fees_10k_yuan": round(rng.uniform(0, 900), 4), "meetings": rng.randint(0, 6),
         "trainings": rng.randint(0, 4), "trainees": rng.randint(0, 300), "staff_part_time": rng.randint(1, 3),
         "dedicated_funds_10k_yuan": round(rng.uniform(0, 30), 2)}
        for u in units])


# --- measuring --------------------------------------------------------------------------------------

def measure(unit, root) -> dict:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from gongkai.reports.selectors import annual_report

    def timed(runs, **kw) -> tuple[float, int]:
        seconds = []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                report = annual_report(year=YEAR, **kw)
                seconds.append(time.perf_counter() - started)
            assert not report["violations"] or kw.get("fmt") == "2014", report["violations"][:3]
        return round(statistics.median(seconds), 4), len(ctx.captured_queries)

    out = {}
    for fmt in ("2021", "2014"):
        out[f"unit_{fmt}_s"], out[f"unit_{fmt}_queries"] = timed(5, unit=unit, fmt=fmt)
        out[f"rollup_{fmt}_s"], out[f"rollup_{fmt}_queries"] = timed(
            3, unit=root, fmt=fmt, rollup=True, include_towns=True)
        out[f"rollup_no_towns_{fmt}_s"], _ = timed(3, unit=root, fmt=fmt, rollup=True, include_towns=False)
    reset_queries()
    tracemalloc.start()
    annual_report(unit=root, year=YEAR, fmt="2021", rollup=True, include_towns=True)
    annual_report(unit=root, year=YEAR, fmt="2014", rollup=True, include_towns=True)
    out["rollup_peak_python_kib"] = round(tracemalloc.get_traced_memory()[1] / 1024, 1)
    tracemalloc.stop()
    return out


def counts() -> dict:
    from gongkai.disclosures.models import Disclosure
    from gongkai.foi.models import Appeal, InfoRequest
    from gongkai.orgs.models import Unit

    return {"units": Unit.objects.count(), "disclosures": Disclosure.objects.count(),
            "requests": InfoRequest.objects.count(), "appeals": Appeal.objects.count()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--indexes", action="store_true", help="create the proposed indexes first")
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards (its URL goes to stderr)")
    args = parser.parse_args()

    url, drop = setup_database(args.postgres)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    result: dict = {"database": connection.vendor, "year": YEAR, "indexes": args.indexes}
    try:
        log(f"migrating {url}")
        call_command("migrate", verbosity=0)
        rng = random.Random(2024)
        with transaction.atomic():
            units, weights = make_units()
            load_indicators(rng, units)
        if args.indexes:
            with connection.cursor() as cursor:
                for sql in PROPOSED_INDEXES.values():
                    cursor.execute(sql)
        unit = next(u for u in units if u.code == "C03-K2-D07")  # a county department
        root = units[0]
        steps = []
        loaded_d = loaded_r = 0
        for share in (0.1, 1.0):
            target_d, target_r = int(DISCLOSURES * args.scale * share), int(REQUESTS * args.scale * share)
            started = time.perf_counter()
            with transaction.atomic():
                load_disclosures(rng, units, weights, target_d - loaded_d, loaded_d)
                load_requests(rng, units, weights, target_r - loaded_r, loaded_r * 2)
            with connection.cursor() as cursor:  # fresh statistics, as autovacuum / a nightly job would keep
                cursor.execute("ANALYZE")
            loaded_d, loaded_r = target_d, target_r
            log(f"loaded {counts()} in {time.perf_counter() - started:.1f} s; measuring")
            steps.append({**counts(), "load_s": round(time.perf_counter() - started, 1), **measure(unit, root)})
            log(json.dumps(steps[-1], ensure_ascii=False))
        result["steps"] = steps
        result["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        result["targets_met"] = {"rollup_under_5s": max(steps[-1][k] for k in steps[-1] if k.startswith("rollup")
                                                        and k.endswith("_s")) < 5,
                                 "unit_under_0.2s": max(steps[-1]["unit_2021_s"], steps[-1]["unit_2014_s"]) < 0.2}
    finally:
        if args.keep:
            log(f"kept: DATABASE_URL={url}")
        else:
            drop()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
