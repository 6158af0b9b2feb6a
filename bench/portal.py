"""Uncached portal pages at scale: ``python bench/portal.py [N] [--postgres] [--jobs J]``.

Generates N published documents with ``bench/search.py``'s generator into a FRESH database — a
temporary SQLite file, or with ``--postgres`` a database ``gongkai_bench_portal`` created and dropped
here — indexes them for search, then requests every kind of public page through Django's test client
in this process, with the cache switched off (``CACHE_URL=dummy://``), and prints ONE JSON line: p50 and
p95 per page, and the process's memory after the run (progress goes to stderr).

Pages: the home page, the 公开目录 unfiltered and with two filters, a deep page of it (reached by the
keyset cursor and by ``?page=N``), an item, a unit (its 公开指南 and the 目录 filtered by it) and search.

``--keep FILE`` keeps the database and ``--reuse FILE`` measures again on it (migrating it first, so
new indexes are there).
"""

import argparse
import importlib.util
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SRC = BENCH.parent / "src"
PG_NAME = "gongkai_bench_portal"


def _search_bench():
    spec = importlib.util.spec_from_file_location("bench_search", BENCH / "search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bench_search = _search_bench()
log, percentile = bench_search.log, bench_search.percentile


def build(n: int, postgres: bool, jobs: int) -> dict:
    """The search benchmark's database: N generated documents, indexed."""
    built = bench_search.build(n, postgres, jobs)
    return {key: built[key] for key in ("documents", "generate_s", "index_s")}


def pages(rng: random.Random) -> dict[str, list[str]]:
    """The URLs of each kind of page, picked from the data the same way every time."""
    from django.db.models import Sum

    from gongkai.disclosures.models import Disclosure, PublicCount
    from gongkai.disclosures.taxonomy import Status
    from gongkai.orgs.models import Unit

    published = Disclosure.objects.filter(status=Status.PUBLISHED)
    total = PublicCount.objects.aggregate(n=Sum("count"))["n"] or 0
    top, last = published.order_by("pk").values_list("pk", flat=True), published.order_by("-pk")
    first_id, last_id = top.first(), last.values_list("pk", flat=True).first()
    items = [f"/items/{published.filter(pk__gte=rng.randint(first_id, last_id)).order_by('pk').values_list('pk', flat=True).first()}/"
             for _ in range(10)]
    deep_page = max(1, int(total * 0.8) // 20)
    deep = (published.order_by("-published_on", "-id").values_list("published_on", "id")[(deep_page - 1) * 20])
    topic = (PublicCount.objects.values("topic__code").annotate(n=Sum("count")).order_by("-n")[1]["topic__code"])
    units = list(Unit.objects.filter(parent__isnull=False).order_by("code").values_list("code", flat=True))
    small = rng.sample(units, 3)
    return {
        "home": ["/"],
        "list": ["/list/"],
        "list_2_filters": [f"/list/?topic={topic}&year=2020", "/list/?category=art20.01&unit=ZH",
                           "/list/?genre=notice&year=2017", f"/list/?unit={small[0]}&year=2024"],
        # as 下一页 links it (with the number of the page it leads to), and bare as an API client sends it
        "list_deep_cursor": [f"/list/?after={deep[0].isoformat()}.{deep[1]}&page={deep_page + 1}"],
        "list_deep_cursor_bare": [f"/list/?after={deep[0].isoformat()}.{deep[1]}"],
        "list_deep_page": [f"/list/?page={deep_page}"],
        "list_last_page": [f"/list/?page={total // 20 + 1}"],
        "item": items,
        "unit_guide": [f"/guide/{code}/" for code in small],
        "unit_list": [f"/list/?unit={code}" for code in small],
        "search": ["/search/?q=征地", "/search/?q=行政处罚", "/search/?q=最低生活保障&year=2020", "/search/?q=桥"],
    }


def rss_mb() -> dict:
    status = Path("/proc/self/status").read_text()
    fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
    return {"rss_mb": round(int(fields["VmRSS"].split()[0]) / 1024, 1),
            "rss_peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}


def run(built: dict, rounds: int, only: set[str] | None = None) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from gongkai.search.tokens import load_segmenter

    load_segmenter()  # as the WSGI module does at start
    rng = random.Random(2026)
    urls = {kind: group for kind, group in pages(rng).items() if not only or kind in only}
    client = Client()
    for group in urls.values():  # every URL answers, and warms the connection and templates
        for url in group:
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
    figures: dict[str, dict] = {}
    slowest = []
    for kind, group in urls.items():
        latencies, cpu = [], []
        for _ in range(rounds):
            for url in group:
                cache.clear()
                started, started_cpu = time.perf_counter(), time.process_time()
                client.get(url)
                ms = (time.perf_counter() - started) * 1000
                cpu.append((time.process_time() - started_cpu) * 1000)
                latencies.append(ms)
                slowest.append((round(ms, 1), url))
        # the CPU time of this process (SQLite's work included, a PostgreSQL server's not) shows the cost
        # of a page where other work on the machine inflates the wall-clock figures
        figures[kind] = {"p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
                         "cpu_p50_ms": round(percentile(cpu, 50), 1), "cpu_p95_ms": round(percentile(cpu, 95), 1)}
        log(f"{kind}: p50 {figures[kind]['p50_ms']} ms, p95 {figures[kind]['p95_ms']} ms "
            f"(CPU {figures[kind]['cpu_p50_ms']} / {figures[kind]['cpu_p95_ms']} ms)")
    slowest.sort(reverse=True)
    return {"backend": connection.vendor, "documents": built["documents"], "generate_s": built.get("generate_s"),
            "index_s": built.get("index_s"), "rounds": rounds, "pages": figures,
            "worst_p95_ms": max(f["p95_ms"] for f in figures.values()), "slowest": slowest[:5],
            "load_avg": os.getloadavg()[0], **rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--postgres", action="store_true", help="use a fresh PostgreSQL database (--database)")
    parser.add_argument("--database", default=PG_NAME, help=f"its name (default {PG_NAME})")
    parser.add_argument("--jobs", type=int, default=2, help="segmentation processes (default 2)")
    parser.add_argument("--rounds", type=int, default=20, help="requests of each URL (default 20)")
    parser.add_argument("--keep", metavar="FILE", help="keep the database; FILE records it for --reuse")
    parser.add_argument("--reuse", metavar="FILE", help="measure again on a database kept with --keep")
    parser.add_argument("--only", metavar="KINDS", help="measure only these kinds of page (comma-separated)")
    args = parser.parse_args()

    if args.reuse:
        built = json.loads(Path(args.reuse).read_text())
        url, remove = built["url"], lambda: None
    else:
        url, remove = bench_search.setup_database(args.postgres, args.database)
    os.environ["DATABASE_URL"] = url
    os.environ["CACHE_URL"] = "dummy://"
    os.environ["DEBUG"] = ""
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    try:
        if args.reuse:
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
        else:
            built = build(args.n, args.postgres, args.jobs)
            if args.keep:
                Path(args.keep).write_text(json.dumps({**built, "url": url}))
                log(f"kept {url} (see {args.keep})")
        result = run(built, args.rounds, set(args.only.split(",")) if args.only else None)
    finally:
        if not (args.keep or args.reuse):
            remove()
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
