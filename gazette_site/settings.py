"""Settings for the Weihai gazette portal, read from the environment."""

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no flag from the environment."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)

# The placeholder printed in .env.example: a copy-paste of it is as good as no key.
EXAMPLE_SECRET_KEY = "change-me-to-a-long-random-string"

SECRET_KEY = os.environ.get("SECRET_KEY", "").strip()
if SECRET_KEY == EXAMPLE_SECRET_KEY:
    SECRET_KEY = ""
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY 未设置或仍是 .env.example 中的示例值：生产环境必须通过环境变量提供"
            "一个随机的 SECRET_KEY（`make run` 会在本机生成 .secret_key）。"
        )
    # Only a development machine (DEBUG on) may run with a throwaway key.
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h.strip()]
if DEBUG and not ALLOWED_HOSTS:
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "gazette_site.admin_site.GazetteAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "import_export",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "documents",
    "rewards",
    "blood_donation",
    "intermediary",
    "wildlife",
    "pricing",
    "search",
    "publishing",
    "gazette_site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Before sessions and authentication: a cached public page costs one query (the data
    # version) and one cache read. Admin and requests with a session pass straight through.
    "gazette_site.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "gazette_site.middleware.PublicRequestGuard",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it answers a locked-out login with its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "gazette_site.urls"

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
            ],
            "builtins": ["gazette_site.templatetags.gazette"],
        },
    },
]

WSGI_APPLICATION = "gazette_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Write-ahead log: pages keep reading while the import worker (another process) writes a
    # 20,000-row file; in the default journal mode a long write locks readers out, and after
    # the 5 s busy timeout the page would fail.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA journal_mode=WAL;"
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner thinks is costly; for a page's small
    # queries that took 2 s of compiling to save nothing (a 100-document page of open data).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# The bulk open-data archive (gazette_site.bulk), rebuilt when the data changes.
BULK_ROOT = Path(os.environ.get("BULK_ROOT", BASE_DIR / "var" / "bulk"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Spreadsheet imports (see gazette_site/importing/ and docs/importing.md).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
# The library escapes only "=" (by deleting it); gazette_site.importing neutralises all six
# formula characters without losing data, so the library's own escaping stays off.
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = False
IMPORT_MAX_UPLOAD_BYTES = int(os.environ.get("IMPORT_MAX_UPLOAD_BYTES", str(5 * 1024 * 1024)))
IMPORT_MAX_XLSX_UNPACKED_BYTES = int(
    os.environ.get("IMPORT_MAX_XLSX_UNPACKED_BYTES", str(50 * 1024 * 1024))
)
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "20000"))
# Files with more data rows than this are checked and saved by the background worker
# (`manage.py db_worker`), with progress in admin; smaller ones within the request.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "2000"))
# Background jobs (django-tasks): the queue is a table of the portal's own database, so the
# worker needs no other service and SQLite works as PostgreSQL does.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# An issue uploaded as .txt, .docx or .pdf (a PDF of a whole issue runs to a few MB).
INGEST_MAX_UPLOAD_BYTES = int(os.environ.get("INGEST_MAX_UPLOAD_BYTES", str(20 * 1024 * 1024)))
DATA_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024

LOGIN_URL = "admin:login"

# Caches: Redis when REDIS_URL is set (shared by every worker and machine), else memory of
# this process. Either is safe with several processes: cached pages are keyed by the data
# version, which lives in the database (gazette_site/dataversion.py).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "gazette"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gazette",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }
# How long a rendered page stays in the cache (it is never served after the data changes).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", str(24 * 3600)))

# Content-Security-Policy: nothing inline, everything from this site. Templates keep their
# JavaScript and CSS in static/, so no 'unsafe-inline' is needed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Login throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one user name
# from one address, that pair is locked for the cool-off period; `manage.py axes_reset_username`
# (or axes_reset_ip_username, axes_reset) unlocks at once. Counted in the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/locked_out.html"
AXES_HTTP_RESPONSE_CODE = 429
# The address is REMOTE_ADDR: behind a reverse proxy, have the proxy set it (e.g. gunicorn's
# --forwarded-allow-ips with the proxy's X-Forwarded-For), or every clerk shares one address.
AXES_COOLOFF_MESSAGE = "登录失败次数过多，账号已暂时锁定，请稍后再试。"
AXES_PERMALOCK_MESSAGE = "登录失败次数过多，账号已锁定，请联系管理员解锁。"

if not DEBUG:
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    X_FRAME_OPTIONS = "DENY"

# HTTPS=1 when the site is served over TLS (nginx in front): HSTS, redirect to https, and
# trust nginx's X-Forwarded-Proto. Off by default so that `make run` works on plain http.
if env_bool("HTTPS", False):
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# The printed issue's text, which every parser reads; it is part of the project.
GAZETTE_SOURCE = Path(os.environ.get("GAZETTE_SOURCE", BASE_DIR / "sources" / "weihai-2020-08.txt"))
