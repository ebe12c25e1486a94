"""Settings for factcheck: one module, every deployment knob read from the environment.

The defaults give a working first run (SQLite file in the project folder, DEBUG on only
when asked for). Production refuses to start without a real SECRET_KEY.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off"})


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    # A typo ("ture") must not quietly turn a switch off.
    raise ImproperlyConfigured(f"{name} must be one of 1/true/yes/on or 0/false/no/off, got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEFAULT_DATABASE_URL = f"sqlite:///{BASE_DIR / 'db.sqlite3'}"


def database_config(url: str) -> dict:
    """Turn a DATABASE_URL into a Django DATABASES entry (postgres:// uses psycopg 3)."""
    if not url:
        raise ImproperlyConfigured("DATABASE_URL is empty")
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL scheme {scheme!r} is not supported: use sqlite:///path or postgres://..."
        )
    config = dj_database_url.parse(url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0))
    if config["ENGINE"] == "django.db.backends.postgresql":
        # A dead database host must fail a request (and /healthz) quickly, not hang a worker.
        config["CONN_HEALTH_CHECKS"] = True
        config.setdefault("OPTIONS", {})["connect_timeout"] = env_int("DATABASE_CONNECT_TIMEOUT", 5)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while an ingest writes; the timeout waits out short locks.
        config["OPTIONS"] = {
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or env_bool("FACTCHECK_INSECURE_DEV_KEY"):
        SECRET_KEY = "insecure-dev-key-only-for-local-runs-and-tests"  # noqa: S105
    else:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set SECRET_KEY in the environment for production, "
            "or DEBUG=1 for a local development run."
        )

# Old keys stay valid for sessions and signed links while a new SECRET_KEY rolls out.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework_api_key",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "axes",
    "corsheaders",
    "claims",
    "sources",
    "partners",
    "archive",
]

MIDDLEWARE = [
    # First: load-balancer probes are answered before host checks and HTTPS redirects.
    "factcheck.health.HealthCheckMiddleware",
    "factcheck.middleware.RequestLogMiddleware",
    # Before anything that can refuse a request: a CORS preflight carries no API key, and is
    # answered here, before authentication.
    "corsheaders.middleware.CorsMiddleware",
    # Compresses what the middleware below produced; API and feeds only (see its docstring).
    "factcheck.middleware.PartnerGZipMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "factcheck.middleware.PrimaryPinningMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "factcheck.security.AdminSearchLimitMiddleware",
    # Last, as django-axes requires: turns a locked-out login into a 429 page.
    "axes.middleware.AxesMiddleware",
]

# Cross-origin reads of the partner API and the feeds (django-cors-headers) for partners'
# browser front-ends: only from these origins (`https://partner.example`), none by default.
# No credentials: cross-site callers authenticate with their key, never a staff session.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/(api/|feeds/)"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS", "POST", "PATCH", "DELETE"]
CORS_ALLOW_HEADERS = ["accept", "authorization", "content-type", "if-none-match", "if-modified-since"]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "WWW-Authenticate"]
CORS_PREFLIGHT_MAX_AGE = env_int("CORS_PREFLIGHT_MAX_AGE", 3600)

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "factcheck.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

DATABASES = {"default": database_config(env_str("DATABASE_URL", DEFAULT_DATABASE_URL))}
# /healthz and /readyz answer within this many seconds per check, even from a frozen database.
HEALTH_CHECK_TIMEOUT = env_float("HEALTH_CHECK_TIMEOUT", 2.0)

# A streaming read replica: reads of public pages and the partner API go there, everything
# else (writes, the admin, a request after it wrote, tasks, commands) to the primary.
# Test runs use the primary's test database for it (a mirror), like Django recommends.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = {
        **database_config(env_str("DATABASE_REPLICA_URL")),
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["factcheck.routers.PrimaryReplicaRouter"]
# The scorecard's covering index (INCLUDE columns) is a PostgreSQL optimisation; SQLite builds
# the same index without them, which is all the warning says, at every migrate.
SILENCED_SYSTEM_CHECKS = (
    ["models.W040"] if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" else []
)
# After a request wrote, the same browser reads from the primary for this many seconds, so an
# editor sees their own change even while the replica is a moment behind.
DATABASE_REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 15)
# Requests under these paths always use the primary (staff work on the freshest data).
DATABASE_PRIMARY_PATHS = env_list("DATABASE_PRIMARY_PATHS", "/admin/")

# Shared cache: Redis when REDIS_URL is set, so an invalidation reaches every web process;
# local memory otherwise (one process, e.g. `make run`).
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX", "factcheck")
if env_str("REDIS_URL"):
    CACHES = {
        "default": {
            # Redis unreachable: reads are misses, writes are skipped, requests carry on
            # uncached (factcheck/cache.py). Redis answers in well under a millisecond, so a
            # short timeout loses nothing; after a failure Redis is skipped for a few seconds.
            "BACKEND": "factcheck.cache.RobustRedisCache",
            "LOCATION": env_str("REDIS_URL"),
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
            "OPTIONS": {
                "socket_connect_timeout": env_float("CACHE_CONNECT_TIMEOUT", 0.5),
                "socket_timeout": env_float("CACHE_SOCKET_TIMEOUT", 0.5),
                "retry_seconds": env_float("CACHE_RETRY_SECONDS", 5.0),
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": env_int("CACHE_TIMEOUT", 300),
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# URLs typed without a scheme are https (Django 6 behaviour, opted into now).
FORMS_URLFIELD_ASSUME_HTTPS = True

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# factcheck/formats: ISO dates and 24-hour times wherever a date is shown without a format.
FORMAT_MODULE_PATH = ["factcheck.formats"]

STATIC_URL = "static/"
STATIC_ROOT = env_str("STATIC_ROOT") or BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Security: safe values whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
# The preload directive only consents to preloading; listing the domain is a separate step.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp 4): scripts, styles and everything else only from this
# site, never inline, so injected markup cannot run even if an escaping bug let it through.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        **({"upgrade-insecure-requests": True} if SECURE_SSL_REDIRECT else {}),
    }
}

# Admin login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failed logins the
# same username from the same address is refused (429) for AXES_COOLOFF_MINUTES. Keying on the
# pair means an attacker cannot lock a known editor out from elsewhere.
AUTHENTICATION_BACKENDS = [
    "factcheck.security.LoginAttemptBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env_bool("AXES_ENABLED", True)
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [
    [part.strip() for part in item.split("+")]
    for item in env_list("AXES_LOCKOUT_PARAMETERS", "username+ip_address")
]
AXES_RESET_ON_SUCCESS = True
# The same client address as the public rate limits: X-Forwarded-For is only believed behind
# FACTCHECK_NUM_PROXIES trusted proxies.
AXES_CLIENT_IP_CALLABLE = "factcheck.clientip.client_ip_address"
# Longest search the admin changelists accept (longer ones get a 400, see factcheck.security).
FACTCHECK_ADMIN_SEARCH_MAX_CHARS = env_int("FACTCHECK_ADMIN_SEARCH_MAX_CHARS", 200)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["factcheck.renderers.ORJSONRenderer"],
    "EXCEPTION_HANDLER": "claims.api.errors.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "factcheck partner API",
    "DESCRIPTION": (
        "Published fact-checks, claims, speakers and the rating scale; ClaimReview JSON-LD; "
        "a Google Fact Check Tools compatible `claims:search`; tips and webhooks. "
        "Authenticate with `Authorization: Api-Key <key>`."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1(alpha1)?",
    # Docs assets come from drf-spectacular-sidecar's static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api.schema.declare_rating_scale",
    ],
    "ENUM_NAME_OVERRIDES": {
        "VerdictStatusEnum": "claims.models.VerdictStatus",
        "ClaimStatusEnum": "claims.models.ClaimStatus",
        "WebhookEventEnum": "partners.models.WebhookEvent",
        "PublicVerdictStatusEnum": "claims.models.PUBLIC_VERDICT_STATUS_CHOICES",
    },
}

# Background work (webhook delivery, batch ingestion, evidence archiving) goes through the
# django-tasks API; the database backend keeps every task and its result, run by `db_worker`.
TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default", "webhooks", "ingest", "archive"],
    }
}

# LOG_FORMAT=json gives one JSON object per line (request logs carry method, path, status,
# duration and request id); "text" is for reading a terminal.
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be 'text' or 'json', got {LOG_FORMAT!r}")
LOG_REQUESTS = env_bool("LOG_REQUESTS", True)
# Trust an incoming request id header (set by the load balancer) instead of making one.
REQUEST_ID_HEADER = env_str("REQUEST_ID_HEADER", "X-Request-ID")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "factcheck.logging.JSONFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "factcheck.requests": {"level": "INFO"},
        # Our request log replaces Django's own per-request warnings for 4xx/5xx.
        "django.request": {"level": "ERROR"},
        # django-axes announces its version at every start (each manage.py command); its
        # lockout warnings come from axes.handlers and stay.
        "axes.apps": {"level": "WARNING"},
    },
}

# Evidence archiving (a background task snapshots every evidence link a fact-checker adds).
FACTCHECK_ARCHIVE_ON_ADD = env_bool("FACTCHECK_ARCHIVE_ON_ADD", True)
FACTCHECK_ARCHIVE_TIMEOUT = env_float("FACTCHECK_ARCHIVE_TIMEOUT", 15.0)
FACTCHECK_ARCHIVE_MAX_BYTES = env_int("FACTCHECK_ARCHIVE_MAX_BYTES", 10 * 1024 * 1024)
FACTCHECK_ARCHIVE_CONTENT_TYPES = env_list(
    "FACTCHECK_ARCHIVE_CONTENT_TYPES",
    "text/html,application/xhtml+xml,text/plain,application/pdf,application/json,text/csv",
)
# Fetching loopback/private/link-local addresses is refused (server-side request forgery);
# only a newsroom archiving its own intranet turns this on.
FACTCHECK_ARCHIVE_ALLOW_PRIVATE = env_bool("FACTCHECK_ARCHIVE_ALLOW_PRIVATE", False)
FACTCHECK_ARCHIVE_USER_AGENT = env_str(
    "FACTCHECK_ARCHIVE_USER_AGENT", "factcheck-archiver/1.0 (+evidence snapshot)"
)

# Product settings.
# `make run` sets it from HOST and PORT (unless given), so absolute URLs name the served port.
FACTCHECK_SITE_URL = env_str("FACTCHECK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
FACTCHECK_ORGANIZATION_NAME = env_str("FACTCHECK_ORGANIZATION_NAME", "Factcheck Desk")
FACTCHECK_ORGANIZATION_URL = env_str("FACTCHECK_ORGANIZATION_URL", FACTCHECK_SITE_URL)
FACTCHECK_INGEST_MAX_BYTES = env_int("FACTCHECK_INGEST_MAX_BYTES", 5 * 1024 * 1024)
# Files uploaded in the admin wait here for the worker that ingests them (a folder both the
# web process and the worker can read: the same machine or a shared volume).
FACTCHECK_UPLOAD_DIR = env_str("FACTCHECK_UPLOAD_DIR") or str(BASE_DIR / "uploads")
# Files one upload may carry (Django's own default, 100, is a small day's wire copy).
DATA_UPLOAD_MAX_NUMBER_FILES = env_int("FACTCHECK_UPLOAD_MAX_FILES", 1000)
# Empty means "use the two-stage check-worthiness scorer's own threshold".
FACTCHECK_CANDIDATE_THRESHOLD = (
    env_float("FACTCHECK_CANDIDATE_THRESHOLD", 0.0)
    if env_str("FACTCHECK_CANDIDATE_THRESHOLD")
    else None
)
# Claim matching (claims.matching): a new wording is the *same* claim as an existing one when
# their sentence vectors' cosine is at least FACTCHECK_MATCH_SAME and every checkable slot
# (numbers, years, names, negation, direction, speaker) agrees; it is *suggested* to a curator
# from FACTCHECK_MATCH_SUGGEST when no slot conflicts. Defaults chosen on tests/matching_data
# (README, "Finding claims: evaluation"). FACTCHECK_MATCH_CANDIDATES: claims the word index
# hands to the semantic stage per wording; FACTCHECK_MATCH_RETRIEVAL_ROWS: on PostgreSQL, the
# rows (estimated) the word index may read to find them, by the wording's rarest words.
FACTCHECK_MATCH_SAME = env_float("FACTCHECK_MATCH_SAME", 0.80)
FACTCHECK_MATCH_SUGGEST = env_float("FACTCHECK_MATCH_SUGGEST", 0.50)
FACTCHECK_MATCH_CANDIDATES = env_int("FACTCHECK_MATCH_CANDIDATES", 50)
FACTCHECK_MATCH_RETRIEVAL_ROWS = env_int("FACTCHECK_MATCH_RETRIEVAL_ROWS", 6000)

# Partner API (partners/, claims/api/).
# Anonymous callers may read the published fact-checks only when this is on.
FACTCHECK_API_ANONYMOUS_READS = env_bool("FACTCHECK_API_ANONYMOUS_READS", False)
# Per API key (or per staff user / per client IP for anonymous reads), DRF rate syntax.
FACTCHECK_API_RATES = {
    "partner": env_str("FACTCHECK_API_RATE", "3600/hour"),
    "anonymous": env_str("FACTCHECK_API_ANONYMOUS_RATE", "300/hour"),
    "tips": env_str("FACTCHECK_API_TIP_RATE", "60/hour"),
}
FACTCHECK_API_MAX_PAGE_SIZE = env_int("FACTCHECK_API_MAX_PAGE_SIZE", 100)
FACTCHECK_TIP_MAX_BYTES = env_int("FACTCHECK_TIP_MAX_BYTES", 16 * 1024)
# Webhook delivery: attempts in all (first try included) and the base of the backoff in seconds
# (attempt n waits base * 4**(n-1): 30 s, 2 min, 8 min, 32 min, ...).
FACTCHECK_WEBHOOK_MAX_ATTEMPTS = env_int("FACTCHECK_WEBHOOK_MAX_ATTEMPTS", 6)
FACTCHECK_WEBHOOK_BACKOFF_SECONDS = env_int("FACTCHECK_WEBHOOK_BACKOFF_SECONDS", 30)
FACTCHECK_WEBHOOK_TIMEOUT_SECONDS = env_float("FACTCHECK_WEBHOOK_TIMEOUT_SECONDS", 10.0)
# A worker sending a delivery holds it for this long; a delivery whose lease ran out (its
# worker died mid-POST) is sent again by `manage.py reclaim_abandoned`. Longer than the timeout.
FACTCHECK_WEBHOOK_LEASE_SECONDS = max(
    env_float("FACTCHECK_WEBHOOK_LEASE_SECONDS", FACTCHECK_WEBHOOK_TIMEOUT_SECONDS + 30),
    FACTCHECK_WEBHOOK_TIMEOUT_SECONDS + 1,
)
# A task of another queue still RUNNING after this long lost its worker (killed, host gone):
# the sweep records it as failed, visible in the admin.
FACTCHECK_TASK_ABANDONED_SECONDS = env_int("FACTCHECK_TASK_ABANDONED_SECONDS", 6 * 3600)
# Webhook URLs resolving to private, loopback or link-local addresses are refused (SSRF) unless
# this is on (local development and tests).
FACTCHECK_WEBHOOK_ALLOW_PRIVATE = env_bool("FACTCHECK_WEBHOOK_ALLOW_PRIVATE", DEBUG)
# Longest tip text accepted from the public form and the partner API.
FACTCHECK_TIP_MAX_CHARS = env_int("FACTCHECK_TIP_MAX_CHARS", 2000)

# Public site. Pages readers see are cached per URL for this many seconds (0 turns caching off);
# publishing, correcting or retracting invalidates them at once, whatever the timeout.
FACTCHECK_PUBLIC_CACHE_SECONDS = env_int("FACTCHECK_PUBLIC_CACHE_SECONDS", 600)
# A public change enqueues a sweep of its publication events this many seconds later: it
# applies whatever the request could not (cache down, process killed after commit).
FACTCHECK_PUBLICATION_SWEEP_SECONDS = env_int("FACTCHECK_PUBLICATION_SWEEP_SECONDS", 30)
FACTCHECK_PUBLIC_PAGE_SIZE = env_int("FACTCHECK_PUBLIC_PAGE_SIZE", 20)
# "Submit a claim" form: at most this many submissions per client IP per window (seconds).
FACTCHECK_TIP_FORM_LIMIT = env_int("FACTCHECK_TIP_FORM_LIMIT", 5)
FACTCHECK_TIP_FORM_WINDOW = env_int("FACTCHECK_TIP_FORM_WINDOW", 3600)
# Reverse proxies in front of the site that append to X-Forwarded-For (0: use REMOTE_ADDR).
FACTCHECK_NUM_PROXIES = env_int("FACTCHECK_NUM_PROXIES", 0)
