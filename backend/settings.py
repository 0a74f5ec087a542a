"""FieldSignal settings: everything that differs between machines comes from the environment.

Embedded default (nothing set): SQLite under ``var/``, in-memory channel layer, background work
run in-process. Production: ``DATABASE_URL`` (PostgreSQL) and ``REDIS_URL`` (channel layer and
Celery broker).
"""

import ipaddress
import os
import sys
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext

from backend.env import ImproperEnvironment, env_bool, env_int, env_list, env_rate, env_str

# Lets admin.ModelAdmin[Model] and QuerySet[Model] be written as generics at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("FIELDSIGNAL_DATA_DIR", str(BASE_DIR / "var")) or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
TESTING = "pytest" in sys.modules
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "channels",
    "backend.core",
    "backend.accounts",
    "backend.audit",
    "backend.catalog",
    "backend.observations",
    "backend.sync",
    "backend.tagging",
    "backend.alerts",
    "backend.insights",
    "backend.repapp",
    "backend.demo",
]

MIDDLEWARE = [
    "backend.core.correlation.RequestIdMiddleware",  # first: every later log line has the id
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "backend.core.middleware.RequestLogMiddleware",
    "backend.core.failures.QueryGuardMiddleware",
    # Innermost: the first to see a view's exception (JSON envelope or plain page, 503 on outage).
    "backend.core.failures.FailureMiddleware",
]

ROOT_URLCONF = "backend.urls"
ASGI_APPLICATION = "backend.asgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/login/"

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
            ]
        },
    }
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'fieldsignal.sqlite3'}") or ""
try:
    # Under ASGI every request runs in a thread of its own, so a persistent connection is one
    # per request-thread and they pile up until PostgreSQL refuses more ("too many clients").
    # So no persistent connections: the pool below keeps them instead, one set per process.
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 0))
except ValueError as exc:
    raise ImproperEnvironment(f"DATABASE_URL is not a usable database URL: {exc}") from exc
if _db["ENGINE"] not in {"django.db.backends.sqlite3", "django.db.backends.postgresql"}:
    raise ImproperEnvironment(f"DATABASE_URL engine {_db['ENGINE']!r} is not supported")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    Path(str(_db["NAME"])).parent.mkdir(parents=True, exist_ok=True)
    # WAL lets the feed read while the sync writes; the timeout rides out short write locks.
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    _db["CONN_MAX_AGE"] = 0
IS_POSTGRES = _db["ENGINE"] == "django.db.backends.postgresql"
# Opening a PostgreSQL connection (a forked backend, its catalog caches warmed again) costs more
# than a whole sync push, and CONN_MAX_AGE cannot help under ASGI (see above). So each process
# keeps a pool (django-db-connection-pool): a request hands its connection back when it ends,
# the next one takes it, and at most DB_POOL_SIZE + DB_POOL_MAX_OVERFLOW are open at once (a
# request beyond that waits up to DB_POOL_TIMEOUT s, then answers 503). DB_POOL_SIZE=0 turns
# the pool off, e.g. behind pgbouncer in transaction mode.
DB_POOL_SIZE = env_int("DB_POOL_SIZE", 10, minimum=0)
DB_POOL_MAX_OVERFLOW = env_int("DB_POOL_MAX_OVERFLOW", 10, minimum=0)
DB_POOL_TIMEOUT = env_int("DB_POOL_TIMEOUT", 10, minimum=1)
if IS_POSTGRES and DB_POOL_SIZE:
    _db["ENGINE"] = "dj_db_conn_pool.backends.postgresql"
    _db["POOL_OPTIONS"] = {  # type: ignore[typeddict-unknown-key]
        "POOL_SIZE": DB_POOL_SIZE,
        "MAX_OVERFLOW": DB_POOL_MAX_OVERFLOW,
        "TIMEOUT": DB_POOL_TIMEOUT,
        "RECYCLE": 15 * 60,
        "PRE_PING": True,  # a connection the server dropped (restart, idle timeout) is replaced
    }
DATABASES: dict[str, Any] = {"default": _db}

_secret = env_str("SECRET_KEY")
if _secret is None:
    if IS_POSTGRES and not (DEBUG or TESTING):
        raise ImproperEnvironment("SECRET_KEY must be set when running on PostgreSQL (production)")
    # Embedded default only: a fixed key is acceptable for a single-machine demo.
    _secret = "fieldsignal-embedded-insecure-key-change-me-in-production"
SECRET_KEY: str = _secret
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- channels, celery -----------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL]},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
# Without a broker, background work runs in-process right after the commit that caused it.
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True  # a job lost with its worker is redelivered
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULE: dict[str, Any] = {
    "sweep-untagged-observations": {"task": "tagging.sweep_untagged", "schedule": 60.0},
    "prune-sync-history": {"task": "sync.prune_history", "schedule": 6 * 3600.0},
    # Webhook retries whose backoff has passed, and deliveries a lost worker left claimed.
    "alerts-deliver-due": {"task": "alerts.deliver_due", "schedule": 5.0},
    "alerts-escalate-overdue": {"task": "alerts.escalate_overdue", "schedule": 60.0},
    "alerts-sweep-unevaluated": {"task": "alerts.sweep_unevaluated", "schedule": 300.0},
    # Idempotent per view, subscriber and day: hourly means a missed run catches up.
    "insights-view-digests": {"task": "insights.send_view_digests", "schedule": 3600.0},
}

# --- e-mail (saved-view digests) --------------------------------------------------------------
# Without EMAIL_BACKEND (the embedded mode) mail is written to the console.
EMAIL_BACKEND = env_str("EMAIL_BACKEND") or "django.core.mail.backends.console.EmailBackend"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost") or "localhost"
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "fieldsignal@localhost") or ""
SITE_URL = env_str("SITE_URL", "http://localhost:8000") or ""

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "backend.core.schema.FieldSignalAutoSchema",
    "EXCEPTION_HANDLER": "backend.core.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Strict JSON with a depth limit (backend/core/parsers.py); bounded pages (pagination.py).
    "DEFAULT_PARSER_CLASSES": ["backend.core.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "backend.core.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_THROTTLE_CLASSES": ["backend.core.throttles.UserThrottle"],
    # Behind a load balancer: the address is the last hop it adds to X-Forwarded-For.
    "NUM_PROXIES": env_int("THROTTLE_NUM_PROXIES", 0, minimum=0) or None,
}

# --- metrics (backend/core/metrics.py) --------------------------------------------------------
# GET /metrics answers only "Authorization: Bearer <METRICS_TOKEN>"; unset, it is a 404.
METRICS_TOKEN = env_str("METRICS_TOKEN")

# --- rate limits (backend/core/throttles.py; docs/operations.md) -----------------------------
# Counters live in Redis when there is one, so every process counts together.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
    ),
}
# The test suite and benches measure behaviour and capacity, not limits: off unless asked for.
THROTTLE_ENABLED = env_bool("THROTTLE_ENABLED", not TESTING)
THROTTLE_RATES: dict[str, str | None] = {
    "auth_username": env_rate("THROTTLE_AUTH_USERNAME", "10/min"),
    "auth_address": env_rate("THROTTLE_AUTH_ADDRESS", "60/min"),
    "sync": env_rate("THROTTLE_SYNC", "120/min"),
    "user": env_rate("THROTTLE_USER", "600/min"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "FieldSignal API",
    "DESCRIPTION": "Field observations in; tagged signals out.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI ships with the app (sidecar): nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # One enum component per choice set, named for what it is (a generated client's types).
    "ENUM_NAME_OVERRIDES": {
        "RuleKind": "backend.alerts.models.RuleKind",
        "SignalType": "backend.alerts.models.SignalType",
        "SignalState": "backend.alerts.models.SignalState",
        "Severity": "backend.alerts.models.Severity",
        "DeliveryStatus": "backend.alerts.models.DeliveryStatus",
        "AssetStatus": "backend.catalog.models.AssetStatus",
        "Company": "backend.catalog.models.Company",
        "Channel": "backend.observations.models.Channel",
        "Role": "backend.accounts.models.Role",
        "ConflictKind": ["edit", "delete"],
        "MutationStatus": ["applied", "duplicate", "rejected", "conflict"],
    },
}

# --- sync limits ----------------------------------------------------------------------------
SYNC_MAX_BATCH = env_int("SYNC_MAX_BATCH", 500, minimum=1)
SYNC_MAX_BODY_BYTES = env_int("SYNC_MAX_BODY_BYTES", 2 * 1024 * 1024, minimum=1024)
SYNC_PULL_DEFAULT_LIMIT = env_int("SYNC_PULL_DEFAULT_LIMIT", 500, minimum=1)
SYNC_PULL_MAX_LIMIT = env_int("SYNC_PULL_MAX_LIMIT", 1000, minimum=1)
SYNC_NOTE_MAX_CHARS = env_int("SYNC_NOTE_MAX_CHARS", 10_000, minimum=100)
SYNC_TOMBSTONE_DAYS = env_int("SYNC_TOMBSTONE_DAYS", 90, minimum=1)
SYNC_FUTURE_TOLERANCE_SECONDS = env_int("SYNC_FUTURE_TOLERANCE_SECONDS", 24 * 3600, minimum=0)
DATA_UPLOAD_MAX_MEMORY_SIZE = SYNC_MAX_BODY_BYTES + 1024

# --- webhooks --------------------------------------------------------------------------------
# Networks webhooks may target although they are loopback/private/link-local (refused by
# default: backend/alerts/webhook_urls.py). The tests and the single-machine demo deliver to
# 127.0.0.1, so the embedded default allows loopback; production (PostgreSQL) allows nothing.
ALERTS_WEBHOOK_ALLOWED_NETWORKS = [
    n
    for n in env_list(
        "ALERTS_WEBHOOK_ALLOWED_NETWORKS",
        [] if IS_POSTGRES and not (DEBUG or TESTING) else ["127.0.0.0/8", "::1/128"],
    )
    if n.lower() != "none"  # "none": allow nothing, whatever the mode
]
for _net in ALERTS_WEBHOOK_ALLOWED_NETWORKS:
    try:
        ipaddress.ip_network(_net, strict=False)
    except ValueError as exc:
        raise ImproperEnvironment(f"ALERTS_WEBHOOK_ALLOWED_NETWORKS: {exc}") from exc

# --- background sweeps ----------------------------------------------------------------------
# The sweeps re-send work whose job was lost. Work younger than this is left to the job already
# queued for it: re-sending it would only double a backlog that is already late.
SWEEP_GRACE_SECONDS = env_int("SWEEP_GRACE_SECONDS", 120, minimum=0)

# --- NLP -------------------------------------------------------------------------------------
FIELDSIGNAL_NLP_MODEL = env_str("FIELDSIGNAL_NLP_MODEL")

# --- i18n, static ---------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Password checks at once per process; a login burst queues here without holding a database
# connection (backend/accounts/services.py). Default: the number of cores.
PASSWORD_HASH_CONCURRENCY = env_int("PASSWORD_HASH_CONCURRENCY", os.cpu_count() or 2, minimum=1)
# PBKDF2-SHA256 iterations: OWASP's 2023 figure (Django 5.2 defaults to 1,000,000, 0.7 s of CPU
# per login on a busy 2-core host). Stored hashes are upgraded or downgraded at the next login.
PASSWORD_HASHERS = [
    "backend.accounts.hashers.TunedPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
PASSWORD_PBKDF2_ITERATIONS = env_int("PASSWORD_PBKDF2_ITERATIONS", 600_000, minimum=100_000)

if TESTING:
    # Hashing cost is for attackers, not for the test suite.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# --- logging: one JSON object per line ------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO") or "INFO"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "ts", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "daphne": {"level": "WARNING"},
        "celery": {"level": "WARNING" if TESTING else "INFO"},
    },
}
