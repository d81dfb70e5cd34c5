"""Corroborate settings: one module, driven by environment variables.

Development defaults are safe (DEBUG on, an embedded PostgreSQL under var/). Production sets
DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL; `manage.py check --deploy` is then clean.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def cache_from_url(url: str) -> dict[str, object]:
    """A CACHES entry from a URL: db://TABLE (a table in PostgreSQL, created by `migrate`),
    redis://… or rediss://… (Django's Redis backend; install redis-py), memcached://HOST:PORT
    (install pymemcache)."""
    scheme, _, location = url.partition("://")
    if scheme == "db":
        return {
            # Django's database cache, writing with one upsert (project/cache.py).
            "BACKEND": "project.cache.PostgresDatabaseCache",
            "LOCATION": location or "corroborate_cache",
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if scheme == "memcached":
        return {
            "BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache",
            "LOCATION": location,
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must start with db://, redis://, rediss:// or memcached:// (got {scheme!r})."
    )


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "project.apps.CorroborateAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "template_partials",
    "csp",
    "axes",
    "annotations",
    "sources",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outermost but one: it sees the final response, with every header, and answers 304.
    "project.middleware.ConditionalGetMiddleware",
    # Early: a database outage anywhere below (sessions, users, views) becomes a 503.
    "project.middleware.DatabaseUnavailableMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "project.security_middleware.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body: an oversized one gets the 413 page.
    "project.middleware.ErrorPagesMiddleware",
    "project.input_guards.RejectNulBytesMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "project.replicas.ReplicaReadsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "project.security_middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

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
                "annotations.context_processors.roles",
                "annotations.context_processors_review.review_counts",
            ],
            # Filters every template may use without {% load %}.
            "builtins": ["annotations.templatetags.people"],
        },
    },
]

# Database: PostgreSQL only. DATABASE_URL names a server; without it the embedded one is used,
# which must already run (the scripts and the test suite start it; settings never do).
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    if not DATABASE_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured(
            "DATABASE_URL must be a postgresql:// URL: Corroborate runs on PostgreSQL only."
        )
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
            conn_health_checks=True,
        )
    }
else:
    from project import embedded_postgres

    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            **embedded_postgres.connection_settings(),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DATABASES["default"]["ATOMIC_REQUESTS"] = False

# A streaming read replica of that server (optional): reads that may lag go there, with
# read-your-writes for whoever wrote in the last few seconds (project/replicas.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    if not DATABASE_REPLICA_URL.startswith(("postgres://", "postgresql://")):
        raise ImproperlyConfigured("DATABASE_REPLICA_URL must be a postgresql:// URL.")
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
DATABASE_ROUTERS = ["project.replicas.ReplicaRouter"]
REPLICA_READ_YOUR_WRITES_SECONDS = int(os.environ.get("REPLICA_READ_YOUR_WRITES_SECONDS", "10"))

# One cache for every worker process: throttles count in it (project/throttling.py).
CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "db://corroborate_cache"))}
# The article page's highlighted text and claims panel, remembered by what they are made of in
# each worker process, up to this many characters of each (project/memo.py): about 1.1 million
# for an article with a thousand claims, 0 turns it off.
READER_MEMO_CHARACTERS = int(os.environ.get("READER_MEMO_CHARACTERS", "8000000"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in protection (project/signin.py): five failed sign-ins for one username (from any
# address), or from one address (for any username), lock it for 15 minutes from the fifth;
# attempts during the lockout are refused without extending it. A sign-in carrying a solved
# proof of work (the lockout page's script does it) is exempt, so nobody can lock anyone out.
# The standalone backend only checks the lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful sign-in forgets only that person's failures (project/signin.py), never the
# address's count of others' failures.
AXES_RESET_ON_SUCCESS = False
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "project.throttling.axes_client_address"
AXES_WHITELIST_CALLABLE = "project.signin.proof_of_work_solved"
AXES_LOCKOUT_CALLABLE = "project.signin.locked_out"
# Zero bits the proof of work needs: about 2**N hashes, a second or so in a phone's browser.
SIGNIN_PROOF_OF_WORK_BITS = int(os.environ.get("SIGNIN_PROOF_OF_WORK_BITS", "18"))
CSRF_FAILURE_VIEW = "project.errors.csrf_failure"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable API's inline styles would need 'unsafe-inline' in the CSP.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies bounded in depth and free of lone surrogates (project/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "project.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    # Per user and per address, counted in the shared cache (THROTTLE_RATES below).
    "DEFAULT_THROTTLE_CLASSES": ["project.throttling.ApiThrottle"],
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "project.errors.api_exception_handler",
    # Every operation's refusals documented as problem details (project/schema.py).
    "DEFAULT_SCHEMA_CLASS": "project.schema.ApiSchema",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Corroborate API",
    "DESCRIPTION": (
        "Articles, claims, evidence and the review workflow of the Corroborate fact-checking desk, "
        "and the export of verified claims as JSON, NDJSON, CSV, W3C Web Annotation JSON-LD and "
        "schema.org ClaimReview. Authenticate with `Authorization: Token <key>` or a session. "
        "Errors are RFC 9457 problem details."
    ),
    "VERSION": "1",
    # 3.1: a nullable field is `oneOf: [<its schema>, {"type": "null"}]`, which every validator
    # reads alike (3.0's `nullable` beside an `allOf` is read as not nullable by strict ones).
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Request bodies documented once, as JSON (the form parsers stay for the test client and
    # HTML forms; an article upload documents its multipart file itself).
    "PARSER_WHITELIST": ["project.parsers.JSONParser"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "project.schema.postprocess_blank_urls",
        "project.schema.postprocess_nullable",
        "annotations.api.export_schema.add_components",
    ],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # "Seen before": figures and names agree or not in the same terms.
    "ENUM_NAME_OVERRIDES": {
        "AgreementEnum": "annotations.selectors.similarity.AGREEMENTS",
        "ClaimStatusEnum": "annotations.workflow.ClaimStatus.choices",
        "AnchorStatusEnum": "annotations.alignment.Outcome",
    },
}

# Request rates (project/throttling.py): each scope per signed-in user, and `<scope>_address`
# per client address whoever asks. Every API call counts against `api`; searches, exports,
# uploads and sign-ins also against their own scope, on the pages as in the API.
THROTTLE_RATES = {
    "api": os.environ.get("API_THROTTLE_USER", "2000/minute"),
    "api_address": os.environ.get("API_THROTTLE_ADDRESS", "6000/minute"),
    "search": os.environ.get("SEARCH_THROTTLE_USER", "120/minute"),
    "search_address": os.environ.get("SEARCH_THROTTLE_ADDRESS", "600/minute"),
    "export": os.environ.get("EXPORT_THROTTLE_USER", "60/minute"),
    "export_address": os.environ.get("EXPORT_THROTTLE_ADDRESS", "300/minute"),
    "upload": os.environ.get("UPLOAD_THROTTLE_USER", "30/minute"),
    "upload_address": os.environ.get("UPLOAD_THROTTLE_ADDRESS", "120/minute"),
    "signin_address": os.environ.get("SIGNIN_THROTTLE_ADDRESS", "30/minute"),
}

# The fact-checking organisation named as author of every published ClaimReview.
FACTCHECK_ORGANIZATION_NAME = os.environ.get("FACTCHECK_ORGANIZATION_NAME", "Corroborate newsroom")
# Empty: the site's own address (taken from the request).
FACTCHECK_ORGANIZATION_URL = os.environ.get("FACTCHECK_ORGANIZATION_URL", "")

# Annotations a page of the W3C annotation containers (/annotations/) holds.
ANNOTATION_PAGE_SIZE = int(os.environ.get("ANNOTATION_PAGE_SIZE", "100"))

# Articles: the largest upload accepted, in bytes.
ARTICLE_MAX_UPLOAD_BYTES = int(os.environ.get("ARTICLE_MAX_UPLOAD_BYTES", str(2 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = ARTICLE_MAX_UPLOAD_BYTES + 1024 * 1024

# Review: a claim left in review longer than this (minutes) returns to the queue.
REVIEW_CLAIM_TIMEOUT_MINUTES = int(os.environ.get("REVIEW_CLAIM_TIMEOUT_MINUTES", "120"))

# Security: secure cookies and HSTS whenever DEBUG is off.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
# Idle timeout: a session unused this long ends (project/security_middleware.py).
SESSION_COOKIE_AGE = 60 * int(os.environ.get("SESSION_IDLE_TIMEOUT_MINUTES", "120"))
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers check health over plain HTTP: /healthz answers there instead of redirecting.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Joining the browsers' HSTS preload list is a decision for the whole domain, taken with
# SECURE_HSTS_PRELOAD=1, not a default; the deploy check's reminder about it is silenced.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy: scripts and styles from this site only; no inline code, no eval.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page uses, switched off (Permissions-Policy; an empty list is "none").
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}
# Behind the documented TLS proxy: trust its X-Forwarded-Proto, and take the client's address
# from the last X-Forwarded-For entry, the one the proxy appended (project/throttling.py).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # The embedded server's library narrates every start and stop at INFO.
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}
