"""Settings for Jingdu, read from the environment.

Every setting that differs between a laptop and a server comes from an
environment variable; the helpers below fail loudly on a malformed value
instead of silently falling back.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent

# A development checkout's .env (written by `make install`: DEBUG=1 and a generated SECRET_KEY), so that
# `.venv/bin/python manage.py …` runs as `make` does. Read only when the environment does not set DEBUG: a
# server says DEBUG=0 in its environment, so a stray .env can never turn DEBUG on or lend it a key, and
# production still refuses to start with a weak or missing SECRET_KEY. The real environment wins anyway.
if "DEBUG" not in os.environ:
    load_dotenv(BASE_DIR / ".env", override=False)


def env_str(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (set DEBUG=1 for development).")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"
elif not DEBUG and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure-")):
    # The key signs sessions and password-reset links: a short one can be guessed. Django's
    # `check --deploy` only warns about such a key (security.W009); production refuses it.
    raise ImproperlyConfigured(
        f"SECRET_KEY is too weak for production ({len(SECRET_KEY)} characters): use at least 50 random characters, "
        "e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

# DATA_DIR holds everything the app writes: the SQLite database and the search index.
DATA_DIR = Path(env_str("DATA_DIR") or BASE_DIR / "var").resolve()
SEARCH_INDEX_DIR = DATA_DIR / "index"
# How often (seconds) a web process checks whether another host changed the library since its index
# last heard of it (speeches.search.index.catch_up); 0: on every search.
SEARCH_CATCH_UP_SECONDS = env_int("SEARCH_CATCH_UP_SECONDS", 10)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_htmx",
    "template_partials",
    # core before django_tasks_db: its db_worker command (which recovers abandoned tasks) overrides theirs.
    "core",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "accounts",
    "speeches",
    "annotations",
    "passages",
    "meetings",
    "reading",
    "phrases",
    "compare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after the security headers, before sessions and the rest.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private on every answer that read the session (who is signed in).
    "config.middleware.PrivateWhenSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last but one, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception sees a view's database error first: 503 with Retry-After, not 500.
    "config.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Forms draw themselves with the project's templates: one field template, one errors block (core/forms.py).
FORM_RENDERER = "core.forms.FormRenderer"

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
                "annotations.context_processors.reading_group",
                "config.context_processors.csp_nonce",
                "config.context_processors.languages",
            ],
            # {% partialdef %} everywhere without {% load %}, as in Django 6 where it is built in.
            "builtins": ["template_partials.templatetags.partials", "core.templatetags.jingdu"],
        },
    },
]

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # CONN_MAX_AGE keeps connections across requests; with it, Django checks a kept connection before reusing
    # it (CONN_HEALTH_CHECKS), so that a request never meets one PostgreSQL closed while it was idle (a restart).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0), conn_health_checks=True)
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            # Several writers at once (a group writing notes in the same evening):
            # WAL lets readers go on during a write, IMMEDIATE takes the write lock
            # at BEGIN so transactions queue on the busy timeout instead of failing
            # with "database is locked" halfway through.
            # synchronous=FULL: every commit is fsynced to the WAL before the note is
            # acknowledged. NORMAL (the usual companion of WAL) only syncs at checkpoints,
            # so a power loss or OS crash can lose the last notes the site said it saved.
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
            },
            # A connection kept for the life of the process (a gunicorn worker): WAL mode needs the -wal and
            # -shm files beside the database, and SQLite deletes them when the last connection closes. Opened
            # per request, every request had to create them again, and on a full disk it could not, so even
            # reading failed. Kept open, they stay, and a full disk stops writes only. (SQLite's
            # SQLITE_FCNTL_PERSIST_WAL would keep the files too, but Python's sqlite3 cannot set it.)
            "CONN_MAX_AGE": None,
            "CONN_HEALTH_CHECKS": True,
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache framework holds what is derived from the library and costs to compute (keyed on the library's
# revision, speeches/revision.py): files under DATA_DIR, shared by the web processes and the worker of a host.
# Every host computes its own; nothing in it is the only copy of anything.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(Path(env_str("CACHE_DIR") or DATA_DIR / "cache")),
        "TIMEOUT": 60 * 60 * 24,
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000)},
    }
}

# Background work (Django's tasks API through the django-tasks backport): the queue is a table in the site's
# own database (django-tasks-db), so every web host's worker (`manage.py db_worker`) shares it and there is
# no broker to run. TASKS_IMMEDIATE=1 runs each task inside the call that enqueues it (the tests do).
TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if env_bool("TASKS_IMMEDIATE", False)
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# A task running longer than this is taken for abandoned by a dead worker and queued again (core/tasks.py);
# the longest task (the passages of 100,000 paragraphs) takes about 30 s. The worker looks every so often.
TASKS_LEASE_SECONDS = env_int("TASKS_LEASE_SECONDS", 600)
TASKS_RECOVER_SECONDS = env_int("TASKS_RECOVER_SECONDS", 60)
# A failed task of those marked as retried is enqueued again after each of these waits, then given up.
TASKS_RETRY_SECONDS = [int(seconds) for seconds in env_list("TASKS_RETRY_SECONDS", ["30", "300"])]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it counts failed logins and refuses a locked-out username/IP pair.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reading:speech_list"
LOGOUT_REDIRECT_URL = "reading:speech_list"

# Throttle password guessing: 5 failures for a username from one address lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# The site's one throttle (core/throttle.py), counted in the database that every web host shares.
# Sign-ups from one address in any hour (accounts/throttle.py). A group signing up together from one
# office network shares the allowance: raise it for a meeting, or members sign up over the day.
SIGNUPS_PER_ADDRESS_PER_HOUR = env_int("SIGNUPS_PER_ADDRESS_PER_HOUR", 10)
# Notes, replies and edits a member may write (annotations/notes.py); past either, 429 and the text kept.
NOTES_PER_MINUTE = env_int("NOTES_PER_MINUTE", 30)
NOTES_PER_HOUR = env_int("NOTES_PER_HOUR", 300)
# Requests from one address (or member) that start costly work: a phrase's company computed in the background,
# a concordance exported as CSV (every line of a frequent phrase).
COSTLY_REQUESTS_PER_MINUTE = env_int("COSTLY_REQUESTS_PER_MINUTE", 10)
# CPU seconds a PDF or Word file may take to read (speeches/importing/limits.py): past it the upload is refused.
# The longest real speech takes 2.4 s; `make coverage` raises it, since tracing every line slows the reading.
IMPORT_READ_CPU_SECONDS = env_int("IMPORT_READ_CPU_SECONDS", 4)
# /healthz answers 503 when DATA_DIR (the SQLite database, the search index, the cache) has less free space.
HEALTH_MIN_FREE_MB = env_int("HEALTH_MIN_FREE_MB", 200)

LANGUAGE_CODE = "zh-hans"
# The interface in Simplified Chinese, or English; each language is named in itself in the switch.
# The choice is kept in the django_language cookie for a year; without one the interface is Chinese,
# whatever the browser's Accept-Language (config.middleware.ChosenLanguageMiddleware).
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT") or DATA_DIR / "staticfiles")
# Production serves collected files with hashed names (cached forever) and gzip/brotli copies,
# through whitenoise. That needs `collectstatic` first; development and the tests use the files as they are.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Without collected files, whitenoise serves straight from the app and static/ folders.
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST

# ---------------------------------------------------------------- security
# HTTPS=1 when the site is served over HTTPS, directly or behind a proxy that sets X-Forwarded-Proto.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # A load balancer's health check asks over plain HTTP, often without X-Forwarded-Proto: answer it, not 301.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
CSRF_FAILURE_VIEW = "config.views.csrf_failure"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 30  # members read over a week or two: stay signed in for a month
# The Content-Security-Policy (config/middleware.py): scripts only from this site or carrying the
# request's nonce, so an injected inline script never runs.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'nonce-{nonce}'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}

# ---------------------------------------------------------------- e-mail
# Reminders of study sessions (meetings/reminders.py). EMAIL_URL says it all in one value:
# smtp://user:password@host:587 (STARTTLS with ?tls=1), smtps://user:password@host:465 (TLS from the start),
# or console:// (print them). Or set EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD,
# EMAIL_USE_TLS, EMAIL_USE_SSL one by one. With DEBUG on and neither, mail is printed to the console.
EMAIL_URL = env_str("EMAIL_URL", "")
if EMAIL_URL:
    _email = urlsplit(EMAIL_URL)
    if _email.scheme == "console":
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    elif _email.scheme in ("smtp", "smtps"):
        EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        EMAIL_HOST = _email.hostname or "localhost"
        EMAIL_PORT = _email.port or (465 if _email.scheme == "smtps" else 25)
        EMAIL_HOST_USER = unquote(_email.username or "")
        EMAIL_HOST_PASSWORD = unquote(_email.password or "")
        EMAIL_USE_SSL = _email.scheme == "smtps"
        EMAIL_USE_TLS = not EMAIL_USE_SSL and parse_qs(_email.query).get("tls", ["0"])[0] in ("1", "true", "yes")
    else:
        raise ImproperlyConfigured(f"EMAIL_URL must start with smtp://, smtps:// or console://, got {_email.scheme!r}")
else:
    EMAIL_HOST = env_str("EMAIL_HOST", "") or "localhost"
    EMAIL_PORT = env_int("EMAIL_PORT", 25)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    if DEBUG and not env_str("EMAIL_HOST"):
        EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL exclude each other: choose one")
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "") or "精读 Jingdu <jingdu@localhost>"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's address, for links in e-mail (a background task has no request to take it from): set it in
# production; without it, the first of ALLOWED_HOSTS (or `make run`'s address when DEBUG is on).
SITE_URL = env_str("SITE_URL", "") or (
    "http://127.0.0.1:8000" if DEBUG else f"{'https' if HTTPS else 'http'}://{(ALLOWED_HOSTS or ['localhost'])[0]}"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
