"""Real servers for the production-profile tests: gunicorn from deploy/gunicorn.conf.py and nginx from
deploy/nginx/gongkai.conf, each on a free loopback port, stopped when the block ends."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, *, seconds: float = 30, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback only
                return
        except urllib.error.HTTPError:
            return  # it answers
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"{url} did not answer within {seconds} s")


def require_nginx() -> None:
    """Skip without nginx, unless GONGKAI_REQUIRE_NGINX=1 (CI) says these tests must run."""
    if os.path.exists(NGINX):
        return
    message = "nginx is required (apt-get install nginx-light)"
    if os.environ.get("GONGKAI_REQUIRE_NGINX") == "1":
        pytest.fail(message)
    pytest.skip(message)


def database_url_of(settings_dict: dict, **query: str) -> str:
    """The URL of a Django PostgreSQL database (the test database) for a server in another process."""
    user = settings_dict["USER"] or "postgres"
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or "5432"
    params = "&".join(f"{key}={value}" for key, value in query.items())
    return f"postgres://{user}{password}@{host}:{port}/{settings_dict['NAME']}" + (f"?{params}" if params else "")


@contextlib.contextmanager
def gunicorn(env: dict[str, str], *, tmp_path: Path):
    """gunicorn -c deploy/gunicorn.conf.py with ``env`` over the test's environment; yields its base URL."""
    port = free_port()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "GUNICORN_"))},
        "GUNICORN_BIND": f"127.0.0.1:{port}", "GONGKAI_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": "test-secret-key-for-a-subprocess", "DJANGO_SETTINGS_MODULE": "gongkai.config.settings",
        **env,
    }
    log = (tmp_path / f"gunicorn-{port}.log").open("w")
    process = subprocess.Popen(  # noqa: S603
        [str(Path(sys.executable).with_name("gunicorn")), "-c", str(DEPLOY / "gunicorn.conf.py")],
        cwd=ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", seconds=60, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)
        log.close()


@contextlib.contextmanager
def nginx(*, upstream: str, tmp_path: Path, static_root: Path | None = None):
    """nginx from the deploy template in a temporary prefix, as the current user; yields its base URL."""
    require_nginx()
    port = free_port()
    prefix = tmp_path / f"nginx-{port}"
    static_root = static_root or prefix / "static"
    static_root.mkdir(parents=True, exist_ok=True)
    subprocess.run(  # noqa: S603
        [sys.executable, str(DEPLOY / "nginx" / "render.py"), "--standalone", str(prefix),
         "--set", f"LISTEN=127.0.0.1:{port}", "--set", f"UPSTREAM={upstream}",
         "--set", f"STATIC_ROOT={static_root}"],
        check=True,
    )
    process = subprocess.Popen(  # noqa: S603
        [NGINX, "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=(prefix / "stderr.log").open("w"), start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/healthz", seconds=15, process=process)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
