"""Portal pages from nginx's cache against the static-file ceiling: the same bytes served by the same nginx.

For each page (home, an item, the catalogue): fetch it through nginx until it is a cache HIT, save its body
as a file under the static location, then ``wrk -c32`` for ~10 s on the cached page and on the file.
Prints one JSON line: per page both rps figures, both p99 latencies and the ratio cached / static
(the target is >= 0.5).

    PROD_CHECK_KEEP=1 make prod-check      # prints the site, its item number, and waits
    .venv/bin/python bench/cache_ratio.py --site http://127.0.0.1:PORT --static-root /tmp/gongkai-prodcheck.…/static \\
        --item 123
"""

import argparse
import json
import re
import shutil
import subprocess
import urllib.request
from pathlib import Path


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True)
    parser.add_argument("--static-root", required=True, type=Path)
    parser.add_argument("--item", required=True, type=int)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed (apt-get install wrk)")

    pages = {"home": "/", "item": f"/items/{args.item}/", "catalogue": "/list/"}
    copies = args.static_root / "bench"
    copies.mkdir(parents=True, exist_ok=True)
    result = {"connections": args.connections, "seconds": args.seconds}
    try:
        for name, path in pages.items():
            url = f"{args.site}{path}"
            for _ in range(3):
                status, body = fetch(url)
                if status == "HIT":
                    break
            else:
                raise SystemExit(f"{path} is not served from the cache (X-Cache-Status: {status})")
            (copies / f"{name}.html").write_bytes(body)
            cached = wrk(url, seconds=args.seconds, connections=args.connections, threads=args.threads)
            static = wrk(f"{args.site}/static/bench/{name}.html", seconds=args.seconds,
                         connections=args.connections, threads=args.threads)
            result[name] = {"bytes": len(body), "cached": cached, "static": static,
                            "ratio": round(cached["rps"] / static["rps"], 2)}
    finally:
        shutil.rmtree(copies, ignore_errors=True)
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
