"""Load test of the public portal with locust, headless:

    python bench/load.py --url http://127.0.0.1:8000 --users 200 --spawn-rate 20 --time 5m \
        [--database postgres://postgres@127.0.0.1:5432/gongkai] [--allow-remote]

Anonymous visitors with a realistic mix: the home page, the 公开目录 with one and with two filters, deep
pages of it, items, attachment downloads, search with common words and the tracking form with a wrong
query code (answered 400, or 429 once the address's rate limit is reached: both count as answered as
designed). The URLs are discovered from the site itself first. A loopback URL only, unless
``--allow-remote`` (never point it at a site you do not run). With ``--database`` (default: DATABASE_URL)
PostgreSQL's pg_stat_activity is read every second for the connections to that database.

Prints ONE JSON line: requests, failures, rps, and p50/p95/p99 in ms per page kind and overall, the
statuses seen, and the highest number of database connections.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import ipaddress  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import socket  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from urllib.parse import urlsplit  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, between, task  # noqa: E402
from locust.env import Environment  # noqa: E402

WORDS = ["通知", "公告", "预算", "规划", "教育", "招聘", "环境", "政府信息公开", "年度报告", "补助"]
STATUSES: Counter = Counter()
SITE: dict = {}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def duration(text: str) -> float:
    match = re.fullmatch(r"(\d+)([smh]?)", text.strip())
    if not match:
        raise argparse.ArgumentTypeError("时长写作 90、90s、5m 或 1h")
    return int(match.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600}[match.group(2)]


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        return False
    return bool(addresses) and all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses)


def discover(base: str) -> dict:
    """Items, attachments, units, topics and years linked from the site's own pages."""
    session = requests.Session()
    html = session.get(base + "/list/", timeout=30).text
    pages = [html] + [session.get(base + f"/list/?page={n}", timeout=30).text for n in (2, 3, 5)]
    text = "\n".join(pages)
    items = sorted(set(re.findall(r'href="/items/(\d+)/"', text)))
    units = sorted(set(re.findall(r'[?&;]unit=([A-Za-z0-9-]+)', text + session.get(base + "/units/").text)))
    topics = sorted(set(re.findall(r'name="topic"[^>]*>|<option value="(\d{2,})"', text)) - {""})
    years = sorted(set(re.findall(r'<option value="(20\d\d)"', text))) or ["2025", "2026"]
    attachments = []
    for pk in items[:40]:
        attachments += re.findall(r'href="(/items/\d+/files/\d+/)"', session.get(f"{base}/items/{pk}/", timeout=30).text)
    last = re.findall(r'[?&;]page=(\d+)', text)
    site = {"items": items, "units": units or [""], "topics": topics or [""], "years": years,
            "attachments": sorted(set(attachments)), "deep": max([int(n) for n in last] + [5])}
    log(f"发现：{len(items)} 条信息，{len(site['attachments'])} 个附件，{len(units)} 个机构，深页至第 {site['deep']} 页")
    if not items:
        raise SystemExit(f"{base}/list/ 上没有找到信息条目：请先载入演示数据（gongkai demo）。")
    return site


class Visitor(FastHttpUser):
    wait_time = between(1, 5)  # a person reads a page before the next click

    def _get(self, kind: str, path: str, ok=(200,)):
        with self.client.get(path, name=kind, catch_response=True) as response:
            STATUSES[f"{kind} {response.status_code}"] += 1
            if response.status_code in ok:
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")

    @task(10)
    def home(self):
        self._get("home", "/")

    @task(12)
    def catalogue_one_filter(self):
        self._get("catalogue_1_filter", f"/list/?unit={random.choice(SITE['units'])}")

    @task(6)
    def catalogue_two_filters(self):
        self._get("catalogue_2_filters",
                  f"/list/?unit={random.choice(SITE['units'])}&year={random.choice(SITE['years'])}")

    @task(4)
    def deep_page(self):
        self._get("deep_page", f"/list/?page={random.randint(2, SITE['deep'])}")

    @task(20)
    def item(self):
        self._get("item", f"/items/{random.choice(SITE['items'])}/")

    @task(5)
    def attachment(self):
        if SITE["attachments"]:
            self._get("attachment", random.choice(SITE["attachments"]))

    @task(10)
    def search(self):
        self._get("search", f"/search/?q={random.choice(WORDS)}")

    @task(2)
    def track_wrong_code(self):
        page = self.client.get("/requests/track/", name="track_form")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text or "")
        data = {"number": f"YSQ-2026-{random.randint(1, 999999):06d}", "code": "WRONG234",
                "csrfmiddlewaretoken": token.group(1) if token else ""}
        with self.client.post("/requests/track/", data=data, name="track_wrong_code",
                              headers={"Referer": self.host + "/requests/track/"}, catch_response=True) as response:
            STATUSES[f"track_wrong_code {response.status_code}"] += 1
            if response.status_code in {400, 429}:  # "编号或查询码不正确" or the rate limit: as designed
                response.success()
            else:
                response.failure(f"HTTP {response.status_code}")


def poll_connections(dsn: str, dbname: str, seen: list[int], stop) -> None:
    import psycopg

    try:
        with psycopg.connect(dsn, autocommit=True) as con:
            while not stop.is_set():
                count = con.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                                    (dbname,)).fetchone()[0]
                seen.append(count)
                gevent.sleep(1)
    except psycopg.Error as exc:
        log(f"无法读取 pg_stat_activity：{exc}")


def summary(env: Environment, elapsed: float, connections: list[int], users: int) -> dict:
    def entry(stats) -> dict:
        return {"requests": stats.num_requests, "failures": stats.num_failures,
                "rps": round(stats.num_requests / elapsed, 1) if elapsed else 0,
                **{f"p{int(q * 100)}_ms": stats.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99)}}

    total = env.stats.total
    return {
        "users": users, "seconds": round(elapsed, 1), **entry(total),
        "pages": {name: entry(stats) for (name, _method), stats in sorted(env.stats.entries.items())},
        "statuses": dict(sorted(STATUSES.items())),
        "max_db_connections": max(connections) if connections else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="门户负载测试（locust，无界面）")
    parser.add_argument("--url", required=True, help="http://127.0.0.1:PORT")
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--spawn-rate", type=float, default=20)
    parser.add_argument("--time", type=duration, default=duration("5m"))
    parser.add_argument("--database", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL of the site under test, for pg_stat_activity")
    parser.add_argument("--allow-remote", action="store_true", help="allow a URL that is not the loopback")
    args = parser.parse_args()
    base = args.url.rstrip("/")
    if not args.allow_remote and not is_loopback(base):
        raise SystemExit(f"拒绝：{base} 不是本机回环地址；测试自己运行的其他站点请加 --allow-remote。")
    SITE.update(discover(base))

    connections: list[int] = []
    stop = gevent.event.Event()
    if args.database.startswith(("postgres://", "postgresql://")):
        dbname = urlsplit(args.database).path.lstrip("/")
        gevent.spawn(poll_connections, args.database, dbname, connections, stop)

    Visitor.host = base
    env = Environment(user_classes=[Visitor])
    runner = env.create_local_runner()
    log(f"{args.users} 个访客，每秒增加 {args.spawn_rate} 个，持续 {args.time:.0f} 秒……")
    started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    gevent.spawn_later(args.time, runner.quit)
    runner.greenlet.join()
    elapsed = time.monotonic() - started
    stop.set()
    print(json.dumps(summary(env, elapsed, connections, args.users), ensure_ascii=False))


if __name__ == "__main__":
    main()
