"""The one settings module. Everything that differs between machines comes from the environment.

Embedded profile (no variables set): SQLite in WAL mode under ``var/``, local files, in-memory cache,
e-mail and SMS written to ``var/outbox/``. Production: set ``DATABASE_URL``, ``SECRET_KEY``,
``ALLOWED_HOSTS``, ``CACHE_URL`` and friends; see README.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_checkout = PACKAGE_DIR.parent.parent
BASE_DIR = _checkout if (_checkout / "pyproject.toml").exists() else Path.cwd()
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", BASE_DIR / "var")).resolve()


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """``sqlite:///relative/or//absolute.db`` or ``postgres://user:pass@host:port/name?opt=v``."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path[1:] if parts.path.startswith("/") else parts.path) or "gongkai.sqlite3"
        return sqlite_database(Path(path) if Path(path).is_absolute() else VAR_DIR / path)
    if parts.scheme in {"postgres", "postgresql", "pgsql"}:
        options = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        pool = database_pool_from_env()
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "postgres",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 0 if pool else int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {**options, **pool},
        }
    raise ImproperlyConfigured(f"DATABASE_URL 的格式无法识别：{parts.scheme}://… (supported: sqlite, postgres)")


def database_pool_from_env() -> dict:
    """PostgreSQL connection pool of each process (psycopg_pool through Django), from ``DATABASE_POOL_MAX``
    (0 or unset: no pool, one connection per thread kept ``DATABASE_CONN_MAX_AGE`` seconds),
    ``DATABASE_POOL_MIN`` (1) and ``DATABASE_POOL_TIMEOUT`` (10 s a request waits for a free connection
    before it fails). A process never holds more than ``DATABASE_POOL_MAX`` connections, so the web tier
    holds at most gunicorn workers × ``DATABASE_POOL_MAX`` (deploy/gunicorn.conf.py checks it against
    ``DATABASE_MAX_CONNECTIONS``)."""
    size = int(os.environ.get("DATABASE_POOL_MAX") or 0)
    if size <= 0:
        return {}
    return {"pool": {
        "min_size": min(int(os.environ.get("DATABASE_POOL_MIN") or 1), size),
        "max_size": size,
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT") or 10),
    }}


def sqlite_database(path: Path) -> dict:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "OPTIONS": {
            # IMMEDIATE takes the write lock at BEGIN, so concurrent writers queue instead of failing
            # on a read-to-write lock upgrade.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        },
        # A file, not memory, so that tests see WAL locking as production does and threads share it.
        # One file per test process, so parallel runs on one machine do not lock each other out.
        "TEST": {"NAME": str(path.with_name(f"test-{os.getpid()}-{path.name}"))},
    }


def load_secret_key() -> str:
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def cache_from_url(url: str) -> dict:
    """In-process memory by default; ``redis://`` / ``rediss://`` through ``gongkai.core.cache.FailSafeCache``:
    short socket timeouts and no retries, so a dead Redis costs a request at most
    ``CACHE_CONNECT_TIMEOUT`` (0.25 s) or ``CACHE_SOCKET_TIMEOUT`` (0.5 s), and for the next
    ``CACHE_FALLBACK_SECONDS`` (30) the process answers from its own memory without trying Redis."""
    if not url or url.startswith("locmem"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "gongkai"}
    if url.startswith(("redis://", "rediss://")):
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return {
            "BACKEND": "gongkai.core.cache.FailSafeCache",
            "PRIMARY": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "FALLBACK_SECONDS": float(os.environ.get("CACHE_FALLBACK_SECONDS", "30")),
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("CACHE_SOCKET_TIMEOUT", "0.5")),
                # redis-py retries with a backoff by default: a dead server would cost several timeouts
                "retry": Retry(NoBackoff(), 0),
            },
        }
    if url.startswith("dummy"):
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(f"CACHE_URL 的格式无法识别：{url}")


def tasks_from_env(backend: str) -> dict:
    """Django's Tasks API (``django.tasks``) from ``TASKS_BACKEND``: ``database`` (the default; rows in the
    database, run by ``gongkai worker``), ``rq`` (Redis queues at ``TASKS_REDIS_URL``, else ``CACHE_URL``,
    run by ``gongkai worker``) or ``immediate`` (run at once in the process that enqueues: tests, one-off
    scripts)."""
    if backend == "database":
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    if backend == "rq":
        return {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    if backend == "immediate":
        return {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    raise ImproperlyConfigured(f"TASKS_BACKEND 无法识别：{backend}（可选 database、rq、immediate）")


def rq_queues_from_url(url: str) -> dict:
    """django-rq's queue of the ``rq`` tasks backend. A dead Redis costs an enqueue at most
    ``TASKS_REDIS_TIMEOUT`` (1 s) and no retries: the caller keeps the work for its sweeper."""
    if not url.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured("TASKS_BACKEND=rq 需要 TASKS_REDIS_URL 或 CACHE_URL（redis://…）。")
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    parts = urlsplit(url)
    timeout = float(os.environ.get("TASKS_REDIS_TIMEOUT", "1"))
    return {"default": {
        "HOST": parts.hostname or "127.0.0.1", "PORT": parts.port or 6379,
        "DB": int(parts.path.strip("/") or 0), "USERNAME": unquote(parts.username or "") or None,
        "PASSWORD": unquote(parts.password or "") or None, "SSL": parts.scheme == "rediss",
        "DEFAULT_TIMEOUT": int(os.environ.get("TASKS_JOB_TIMEOUT", "600")),
        "REDIS_CLIENT_KWARGS": {"socket_connect_timeout": timeout, "socket_timeout": timeout,
                                "retry": Retry(NoBackoff(), 0)},
    }}


def mailer_from_env() -> dict:
    """Django's default mailer from EMAIL_BACKEND (default: one file per message in var/outbox/email) and,
    for ``django.core.mail.backends.smtp.EmailBackend``, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
    EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, EMAIL_USE_SSL, EMAIL_TIMEOUT."""
    backend = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    options: dict = {}
    if backend.endswith(".filebased.EmailBackend"):
        options = {"file_path": str(VAR_DIR / "outbox" / "email")}
    elif backend.endswith(".smtp.EmailBackend"):
        options = {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "25")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_bool("EMAIL_USE_TLS"),
            "use_ssl": env_bool("EMAIL_USE_SSL"),
            # never the library default: a hanging mail server must not hold a delivery for long
            "timeout": float(os.environ.get("EMAIL_TIMEOUT") or os.environ.get("GONGKAI_NOTIFY_TIMEOUT", "5")),
        }
    return {"BACKEND": backend, "OPTIONS": options}


DEBUG = env_bool("DEBUG")
SECRET_KEY = load_secret_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "gongkai.core",
    "gongkai.orgs",
    "gongkai.workdays",
    "gongkai.disclosures",
    "gongkai.reviews",
    "gongkai.foi",
    "gongkai.reports",
    "gongkai.annual",
    "gongkai.notify",
    "gongkai.search",
    "gongkai.portal",
    "gongkai.console",
    "gongkai.api",
    "gongkai.demo",
]

MIDDLEWARE = [
    "gongkai.core.logging.RequestIdMiddleware",
    "gongkai.core.metrics.MetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "gongkai.core.middleware.RejectNulMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "gongkai.core.db_router.ReplicaReadsMiddleware",
]

ROOT_URLCONF = "gongkai.config.urls"
WSGI_APPLICATION = "gongkai.config.wsgi.application"
AUTH_USER_MODEL = "orgs.User"
LOGIN_URL = "console:login"
LOGIN_REDIRECT_URL = "console:home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "gongkai.portal.context.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(os.environ["DATABASE_URL"])
    if os.environ.get("DATABASE_URL")
    else sqlite_database(VAR_DIR / "gongkai.sqlite3")
}
# PostgreSQL read replicas for the anonymous portal pages (gongkai.core.db_router): DATABASE_REPLICA_URLS,
# comma separated, become replica1, replica2…; a replica down is skipped for GONGKAI_REPLICA_RETRY_SECONDS.
GONGKAI_DB_REPLICAS: list[str] = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    DATABASES[f"replica{_number}"] = {**database_from_url(_url), "TEST": {"MIRROR": "default"}}
    if DATABASES[f"replica{_number}"]["ENGINE"].endswith("postgresql"):
        DATABASES[f"replica{_number}"]["OPTIONS"].setdefault("connect_timeout", "2")
    GONGKAI_DB_REPLICAS.append(f"replica{_number}")
DATABASE_ROUTERS = ["gongkai.core.db_router.ReplicaRouter"]
GONGKAI_REPLICA_RETRY_SECONDS = float(os.environ.get("GONGKAI_REPLICA_RETRY_SECONDS", "30"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", ""))}
# With a shared cache (Redis) sessions are read from it and written to both: the database keeps them, so
# a Redis outage (FailSafeCache answers from process memory) does not log anyone out.
SESSION_ENGINE = ("django.contrib.sessions.backends.cached_db"
                  if CACHES["default"]["BACKEND"] == "gongkai.core.cache.FailSafeCache"
                  else "django.contrib.sessions.backends.db")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024


def storage_from_env() -> dict:
    """Media storage: files under MEDIA_ROOT, or with ``STORAGE_BACKEND=s3`` an S3-compatible bucket (MinIO,
    Ceph, OSS, COS…) through django-storages. Objects are private (no ACL, bucket policy decides) and every
    download goes through the application, which checks who may see the file."""
    backend = os.environ.get("STORAGE_BACKEND", "")
    if backend in {"", "local", "filesystem"}:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if backend not in {"s3", "storages.backends.s3.S3Storage"}:
        return {"BACKEND": backend}
    if not os.environ.get("AWS_STORAGE_BUCKET_NAME"):
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 需要设置 AWS_STORAGE_BUCKET_NAME。")
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
        "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
        "location": os.environ.get("AWS_LOCATION", ""),  # a key prefix when the bucket is shared
        "addressing_style": os.environ.get("AWS_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO
        "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,  # none: objects stay private
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),  # signed, expiring URLs only
        "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300")),
        "file_overwrite": False,  # as on disk: a name taken gets a suffix, a stored file is never replaced
        "max_memory_size": FILE_UPLOAD_MAX_MEMORY_SIZE,  # larger downloads spool to a temporary file
    }}


STORAGES = {
    "default": storage_from_env(),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

MAILERS = {"default": mailer_from_env()}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "gongkai@localhost")

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG and env_bool("HTTPS"))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # LOG_FORMAT=json: one JSON object per line with the request id (gongkai.core.logging); text by default
    "formatters": {"json": {"()": "gongkai.core.logging.JsonFormatter"}, "text": {"format": "%(message)s"}},
    "filters": {"request": {"()": "gongkai.core.logging.RequestContextFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request"],
                             "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "text"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"},
                "django.tasks": {"level": "WARNING"}},
}

# --- Background tasks (django.tasks) and the worker --------------------------------------------------
# TASKS_BACKEND: database (embedded default), rq (production: Redis), immediate (tests). `gongkai worker`
# runs the configured backend's worker; `gongkai daily` the periodic jobs. See README, Administration.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
TASKS = tasks_from_env(TASKS_BACKEND)
INSTALLED_APPS += ["django_tasks_db"]
if TASKS_BACKEND == "rq":
    INSTALLED_APPS += ["django_rq"]
    RQ_QUEUES = rq_queues_from_url(os.environ.get("TASKS_REDIS_URL") or os.environ.get("CACHE_URL", ""))
# How often (seconds) each worker also sends the due and retried messages and catches the search index
# up with what an enqueue failure left behind.
GONGKAI_WORKER_SWEEP_SECONDS = float(os.environ.get("GONGKAI_WORKER_SWEEP_SECONDS", "60"))

# --- Gongkai's own settings (each overridable from the environment) ---------------------------------
# One access line per request (method, path, status, duration, request id); on by default with JSON logs.
GONGKAI_ACCESS_LOG = env_bool("GONGKAI_ACCESS_LOG", os.environ.get("LOG_FORMAT") == "json")
# Addresses or networks that may read /metrics (Prometheus); the loopback by default.
GONGKAI_METRICS_ALLOW = env_list("GONGKAI_METRICS_ALLOW", "127.0.0.1,::1")
# 索引号 pattern: placeholders {unit_code}, {credit_code}, {year}, {serial}.
GONGKAI_INDEX_NUMBER_PATTERN = os.environ.get("GONGKAI_INDEX_NUMBER_PATTERN", "{unit_code}/{year}-{serial:05d}")
# Art. 26: publish within N working days of the information being formed or changed.
GONGKAI_PUBLISH_WITHIN_WORKDAYS = int(os.environ.get("GONGKAI_PUBLISH_WITHIN_WORKDAYS", "20"))
# Classification marks and phrases the scanner stops (comma separated to override).
GONGKAI_SCANNER_MARKS = env_list(
    "GONGKAI_SCANNER_MARKS", "绝密★,机密★,秘密★,绝密,机密,秘密★启用前,内部资料,内部文件,注意保密,不予公开,不宜公开"
)
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", str(50 * 1024 * 1024)))
GONGKAI_SITE_NAME = os.environ.get("GONGKAI_SITE_NAME", "政府信息公开")
GONGKAI_API_TOKEN_HOURS = int(os.environ.get("GONGKAI_API_TOKEN_HOURS", "12"))
GONGKAI_SMS_BACKEND = os.environ.get("GONGKAI_SMS_BACKEND", "file")
GONGKAI_OUTBOX_DIR = VAR_DIR / "outbox"
# Notifications (gongkai.notify). Delivery: "task" (a background task enqueued on commit, run by
# `gongkai worker`; "inline" is its old name) or "queued" (only by the sweeper, `gongkai notify send-pending`).
GONGKAI_NOTIFY_DELIVERY = os.environ.get("GONGKAI_NOTIFY_DELIVERY", "task")
# Connect/read timeout in seconds of every SMS gateway and SMTP call.
GONGKAI_NOTIFY_TIMEOUT = float(os.environ.get("GONGKAI_NOTIFY_TIMEOUT", "5"))
# A failed message is retried with back-off for this many days, then marked failed and a person is told.
GONGKAI_NOTIFY_RETRY_DAYS = float(os.environ.get("GONGKAI_NOTIFY_RETRY_DAYS", "3"))
# SMS (gongkai.notify.sms). GONGKAI_SMS_BACKEND: file (writes GONGKAI_OUTBOX_DIR/sms.jsonl), http, aliyun.
GONGKAI_SMS_HTTP_URL = os.environ.get("GONGKAI_SMS_HTTP_URL", "")
GONGKAI_SMS_HTTP_TOKEN = os.environ.get("GONGKAI_SMS_HTTP_TOKEN", "")
GONGKAI_SMS_ALIYUN_ENDPOINT = os.environ.get("GONGKAI_SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com/")
GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID = os.environ.get("GONGKAI_SMS_ALIYUN_ACCESS_KEY_ID", "")
GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET = os.environ.get("GONGKAI_SMS_ALIYUN_ACCESS_KEY_SECRET", "")
GONGKAI_SMS_ALIYUN_SIGN_NAME = os.environ.get("GONGKAI_SMS_ALIYUN_SIGN_NAME", "")
# An approved template with one variable, ${content}, that receives the whole text.
GONGKAI_SMS_ALIYUN_TEMPLATE_CODE = os.environ.get("GONGKAI_SMS_ALIYUN_TEMPLATE_CODE", "")

# Public forms: proof-of-work difficulty (leading zero bits), challenge age, rate limits "count/seconds".
GONGKAI_POW_DIFFICULTY = int(os.environ.get("GONGKAI_POW_DIFFICULTY", "18"))
GONGKAI_POW_MAX_AGE = int(os.environ.get("GONGKAI_POW_MAX_AGE", "1800"))
GONGKAI_RATE_APPLY = tuple(int(x) for x in os.environ.get("GONGKAI_RATE_APPLY", "5/3600").split("/"))
GONGKAI_RATE_TRACK = tuple(int(x) for x in os.environ.get("GONGKAI_RATE_TRACK", "20/3600").split("/"))
# Number of reverse proxies in front of the app whose X-Forwarded-For is trusted (nginx: 1).
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES", "0"))
if GONGKAI_TRUSTED_PROXIES:
    # the proxy (deploy/nginx/gongkai.conf) overwrites X-Forwarded-Proto with the scheme the visitor used
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# nginx's cache of portal pages (deploy/nginx/gongkai.conf): where the application deletes the cached pages
# a publication changed (http://127.0.0.1/_gongkai_cache; unset: nothing is purged), how long each may take.
GONGKAI_CACHE_PURGE_URL = os.environ.get("GONGKAI_CACHE_PURGE_URL", "")
GONGKAI_CACHE_PURGE_TIMEOUT = float(os.environ.get("GONGKAI_CACHE_PURGE_TIMEOUT", "0.5"))
# the same pages purged again this many seconds later: a request that read before the commit and stored
# its page after the first purge (0: no second purge)
GONGKAI_CACHE_PURGE_AGAIN = float(os.environ.get("GONGKAI_CACHE_PURGE_AGAIN", "2"))
# Request reminders (gongkai remind): working days ahead of the 补正 and reply deadlines ("5,2"), and the
# overdue working days after which the coordinators above the unit are told as well.
GONGKAI_REMIND_BEFORE = tuple(int(x) for x in env_list("GONGKAI_REMIND_BEFORE", "5,2"))
GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER = int(os.environ.get("GONGKAI_REMIND_ESCALATE_COORDINATOR_AFTER", "3"))

# Information requests (依申请公开)
GONGKAI_REQUEST_NUMBER_PATTERN = os.environ.get("GONGKAI_REQUEST_NUMBER_PATTERN", "YSQ-{year}-{serial:06d}")
GONGKAI_LETTER_NUMBER_PATTERN = os.environ.get("GONGKAI_LETTER_NUMBER_PATTERN", "{unit_short}公开〔{year}〕{serial}号")
GONGKAI_REQUEST_REPLY_DAYS = int(os.environ.get("GONGKAI_REQUEST_REPLY_DAYS", "20"))
GONGKAI_SUPPLEMENT_PERIOD_DAYS = int(os.environ.get("GONGKAI_SUPPLEMENT_PERIOD_DAYS", "15"))
GONGKAI_FEE_PAUSES_CLOCK = env_bool("GONGKAI_FEE_PAUSES_CLOCK", True)
# A notice (补正, fee, third party) sent by post counts as received this many calendar days after it was
# sent until the signed-for date is entered; its period runs from the day after receipt.
GONGKAI_POST_PRESUMED_DAYS = int(os.environ.get("GONGKAI_POST_PRESUMED_DAYS", "7"))
GONGKAI_REQUEST_DUE_SOON_DAYS = int(os.environ.get("GONGKAI_REQUEST_DUE_SOON_DAYS", "5"))
GONGKAI_ART44_APPLICANTS = int(os.environ.get("GONGKAI_ART44_APPLICANTS", "3"))
# Printed in every reply letter's statement of remedies (复议 60 days / 诉讼 6 months).
GONGKAI_FEE_PAYMENT_METHOD = os.environ.get("GONGKAI_FEE_PAYMENT_METHOD", "")

# Annual reports: where the legacy 2014 form counts e-mailed requests and third-party refusals. (Whether
# a government's roll-up includes its towns is that government's setting, Unit.report_includes_towns.)
GONGKAI_LEGACY_EMAIL_ROW = os.environ.get("GONGKAI_LEGACY_EMAIL_ROW", "online")
GONGKAI_LEGACY_THIRD_PARTY_ROW = os.environ.get("GONGKAI_LEGACY_THIRD_PARTY_ROW", "privacy")
