"""Portal pages from nginx's cache against the static-file ceiling: the same bytes served by the same nginx.

For each page (home, an item, the catalogue): fetch it through nginx until it is a cache HIT, save its body
as a file under the static location, then ``wrk -c32`` for ~10 s on the cached page and on the file,
alternately, twice each (``--rounds``), keeping the best run of each.
Prints one JSON line: per page both rps figures, both p99 latencies and the ratio cached / static
(the target is >= 0.5).

    .venv/bin/python bench/cache_ratio.py       # brings up the prod-check stack, measures, tears it down

or against a stack already up (``PROD_CHECK_KEEP=1 make prod-check`` prints its site and item, and waits):

    .venv/bin/python bench/cache_ratio.py --site http://127.0.0.1:PORT --static-root /tmp/gongkai-prodcheck.…/static \\
        --item 123
"""

import argparse
import contextlib
import json
import os
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def fetch(url: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
        return response.headers.get("X-Cache-Status", ""), response.read()


def wrk(url: str, *, seconds: int, connections: int, threads: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[p99.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": round(rps), "p99_ms": round(float(p99.group(1)) * scale, 2),
            "non_2xx": int(errors.group(1)) if errors else 0}


@contextlib.contextmanager
def prod_check_stack():
    """scripts/prod-check with PROD_CHECK_KEEP=1: yields (site, static root, item) while it waits."""
    process = subprocess.Popen(
        [str(ROOT / "scripts" / "prod-check")], cwd=ROOT, env={**os.environ, "PROD_CHECK_KEEP": "1"},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    work = site = item = None
    try:
        for line in process.stdout:
            if m := re.search(r"work directory (\S+)", line):
                work = Path(m.group(1))
            if m := re.search(r"The stack is up: (\S+) .*item #(\d+)", line):
                site, item = m.group(1), int(m.group(2))
                break
            if line.startswith("FAIL setup"):
                raise SystemExit(f"prod-check failed: {line.strip()}")
        if site is None:
            raise SystemExit("prod-check ended before the stack was up")
        yield site, work / "static", item
    finally:
        with contextlib.suppress(OSError):
            process.stdin.write("\n")
            process.stdin.close()
        process.stdout.read()
        process.wait()


def measure(args, site: str, static_root: Path, item: int) -> dict:
    pages = {"home": "/", "item": f"/items/{item}/", "catalogue": "/list/"}
    copies = static_root / "bench"
    copies.mkdir(parents=True, exist_ok=True)
    result = {"connections": args.connections, "seconds": args.seconds, "rounds": args.rounds}
    try:
        for name, path in pages.items():
            url = f"{site}{path}"
            for _ in range(3):
                status, body = fetch(url)
                if status == "HIT":
                    break
            else:
                raise SystemExit(f"{path} is not served from the cache (X-Cache-Status: {status})")
            (copies / f"{name}.html").write_bytes(body)
            runs = {"cached": [], "static": []}
            for _ in range(args.rounds):  # alternated, the best of each kept: the machine may be shared
                runs["cached"].append(wrk(url, seconds=args.seconds, connections=args.connections,
                                          threads=args.threads))
                runs["static"].append(wrk(f"{site}/static/bench/{name}.html", seconds=args.seconds,
                                          connections=args.connections, threads=args.threads))
            cached, static = (max(runs[kind], key=lambda run: run["rps"]) for kind in ("cached", "static"))
            result[name] = {"bytes": len(body), "cached": cached, "static": static,
                            "ratio": round(cached["rps"] / static["rps"], 2)}
    finally:
        shutil.rmtree(copies, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site")
    parser.add_argument("--static-root", type=Path)
    parser.add_argument("--item", type=int)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (apt-get install wrk)")

    if args.site:
        result = measure(args, args.site, args.static_root, args.item)
    else:
        with prod_check_stack() as (site, static_root, item):
            result = measure(args, site, static_root, item)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
