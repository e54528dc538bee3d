"""Django settings for cchc, read from the environment with safe defaults.

Environment variables:
- ``CCHC_DATABASE_URL``: database URL (default: SQLite file ``var/cchc.sqlite3``).
- ``CCHC_SECRET_KEY``: secret key (default: generated once into ``var/secret_key``).
- ``CCHC_DEBUG``: ``1`` turns DEBUG on; anything else, or unset, keeps it off.
- ``CCHC_ALLOWED_HOSTS``: comma-separated host names (default: ``127.0.0.1,localhost``).
- ``CCHC_VAR_DIR``: where the SQLite file, the secret key and uploads live (default: ``./var``).
- ``CCHC_SECURE``: ``1`` for HTTPS-only deployments (secure cookies, HSTS, redirect to HTTPS).
- ``CCHC_PARTITION_MIN_ROWS``: dossiers beyond which the dossier table should be partitioned by month on
  PostgreSQL (``cchc partition-dossiers``; default 20,000,000).
- ``CCHC_EMAIL_URL``: where mail goes: ``console:`` (printed; the default with ``CCHC_DEBUG=1``),
  ``smtp://user:password@host:587?tls=1`` or ``smtps://user:password@host:465`` (default ``smtp://localhost:25``); ``CCHC_EMAIL_FROM`` the sender; ``CCHC_BASE_URL`` the address the
  links in mails start with (default ``http://127.0.0.1:8000``).
- ``CCHC_TASKS``: ``db`` (default) queues background work (web imports) in the database for ``cchc worker``;
  ``immediate`` runs it inside the request instead (no worker; a long import holds the request).
"""

import os
import re
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("CCHC_VAR_DIR", Path.cwd() / "var")).resolve()


def env_flag(name: str, default: bool = False) -> bool:
    """Read a ``0``/``1`` flag; refuse anything else so that a typo cannot turn a switch silently."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value not in {"0", "1"}:
        raise ValueError(f"{name} must be 0 or 1, got {value!r}")
    return value == "1"


def env_count(name: str, default: int) -> int:
    """Read a whole number (``20000000`` or ``20_000_000``); refuse anything else, a sign or a unit."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if not re.fullmatch(r"\d+(_\d{3})*", value):
        raise ValueError(f"{name} must be a whole number such as 20000000, got {value!r}")
    return int(value)


def _secret_key() -> str:
    if key := os.environ.get("CCHC_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = env_flag("CCHC_DEBUG")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get("CCHC_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "cchc.audit",
    "cchc.units",
    "cchc.accounts",
    "cchc.workcalendar",
    "cchc.par",
    "cchc.procedures",
    "cchc.dossiers",
    "cchc.imports",
    "cchc.kpis",
    "cchc.ops",
    "cchc.api",
    "cchc.reports",
    "cchc.notices",
    "django_tasks_db",
    "cchc.public",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cchc.accounts.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cchc.accounts.middleware.LoginRequiredExceptApiMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "cchc.audit.middleware.AuditActorMiddleware",
    "cchc.ops.middleware.RefuseNulCharactersMiddleware",
]

ROOT_URLCONF = "cchc.urls"
WSGI_APPLICATION = "cchc.wsgi.application"

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
                "django.template.context_processors.i18n",
                "cchc.notices.context.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("CCHC_DATABASE_URL", f"sqlite:///{VAR_DIR / 'cchc.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while a clerk writes; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = VAR_DIR / "media"

# Reports are also written as PDF when LibreOffice is installed (0 turns it off: PDF takes seconds).
REPORT_PDF = env_flag("CCHC_REPORT_PDF", default=True)

# The dossier table is partitioned by month on PostgreSQL beyond this many rows (cchc.ops.partitioning):
# `cchc partition-dossiers` refuses below it without --force, and `cchc check --deploy` warns above it.
PARTITION_MIN_ROWS = env_count("CCHC_PARTITION_MIN_ROWS", default=20_000_000)

# Dossier codes: {agency} is the unit's electronic identifier (or its code), {date} the day of receipt,
# {seq} the unit's daily sequence number. Default: 000.00.25.H40-221102-0007.

# The address of this server as citizens reach it, printed in the QR code of every receipt (Mẫu 01) in front
# of the dossier's public status page. Empty: the address the clerk's request came to (http://127.0.0.1:8000
# outside a request).
PUBLIC_URL = os.environ.get("CCHC_PUBLIC_URL", "").strip().rstrip("/")
if PUBLIC_URL and not re.fullmatch(r"https?://[^\s/?#]+(/[^\s?#]*)?", PUBLIC_URL):
    raise ValueError(
        f"CCHC_PUBLIC_URL must be an http(s) address such as https://motcua.example.vn, got {PUBLIC_URL!r}"
    )

SECURE = env_flag("CCHC_SECURE")
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE
SECURE_HSTS_SECONDS = 31536000 if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}


# --- production hardening (issue 9) ---
# Everything below is read by cchc.accounts.throttling, cchc.ops and Django's security middlewares.
from datetime import timedelta  # noqa: E402

from django.utils.csp import CSP  # noqa: E402

# Login throttling: a user name is locked for LOGIN_THROTTLE_LOCKOUT after USERNAME_LIMIT failures within
# LOGIN_THROTTLE_WINDOW; a client address after ADDRESS_LIMIT failures (higher: a commune office's clerks
# share one public address behind its router).
LOGIN_THROTTLE_WINDOW = timedelta(minutes=15)
LOGIN_THROTTLE_LOCKOUT = timedelta(minutes=15)
LOGIN_THROTTLE_USERNAME_LIMIT = 5
LOGIN_THROTTLE_ADDRESS_LIMIT = 20
# A citizen's dossier look-up (code + last four digits of the phone) is throttled by the same rule, per client
# address: STATUS_LOOKUP_ADDRESS_LIMIT failures within the window lock the address for the lock-out time.
STATUS_LOOKUP_ADDRESS_LIMIT = 10
# The public status page of a dossier answers until this long after the dossier ended (returned, refused,
# stopped, withdrawn): long enough to rate the service, not for ever.
PUBLIC_STATUS_AFTER_END = timedelta(days=90)
# Failed logins are kept this long as the administrator's log, then pruned (`cchc prune-login-failures`).
LOGIN_FAILURE_RETENTION_DAYS = 365
# Behind nginx every request comes from 127.0.0.1; the client's address is in X-Real-IP, which nginx sets
# itself (the deployment in docs/deploy.md). Never trust the header when nothing in front of us sets it.
CLIENT_ADDRESS_HEADER = "HTTP_X_REAL_IP" if env_flag("CCHC_BEHIND_PROXY", default=SECURE) else None
AUTHENTICATION_BACKENDS = ["cchc.accounts.throttling.LockoutBackend"]  # ModelBackend with the lock-out

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Scripts only from our own static files, plus the two inline handlers by hash: the language select's
# onchange (base.html) and the print button of the printed forms (forms/2018/_layout.html); a test keeps
# this list equal to the handlers the templates hold. Inline styles stay allowed: the printed forms carry
# their own <style> and the PAR tables indent rows with style="--indent: …".
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [
        CSP.SELF,
        CSP.UNSAFE_HASHES,
        "'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY='",  # this.form.submit()
        "'sha256-MguIPR6qNR8D3B+eAlK+bIRTZe8t3wkOY4B/56Me9FU='",  # window.print()
    ],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


# --- urging and mail (issue 19) ---
from datetime import time as _time  # noqa: E402
from urllib.parse import parse_qs, unquote, urlsplit  # noqa: E402


def mailer(url: str) -> dict:
    """Django's default mailer (``MAILERS``) from one URL: ``console:``, ``smtp://user:pw@host:587?tls=1``,
    ``smtps://user:pw@host:465``."""
    parts = urlsplit(url)
    if parts.scheme in ("", "console"):
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(
            f"CCHC_EMAIL_URL must be console:, smtp://host:port or smtps://host:port, got {url!r}"
        )
    query = parse_qs(parts.query)
    if set(query) - {"tls"} or query.get("tls", ["0"])[-1] not in ("0", "1"):
        raise ValueError(f"CCHC_EMAIL_URL accepts only ?tls=0 or ?tls=1, got {parts.query!r}")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname,
            "port": parts.port or (465 if parts.scheme == "smtps" else 25),
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_ssl": parts.scheme == "smtps",
            "use_tls": query.get("tls", ["0"])[-1] == "1",
            "timeout": 20,
        },
    }


# Unset: printed while developing (CCHC_DEBUG=1), else the machine's own mail server, as Django does.
MAILERS = {
    "default": mailer(os.environ.get("CCHC_EMAIL_URL", "console:" if DEBUG else "smtp://localhost:25"))
}
DEFAULT_FROM_EMAIL = os.environ.get("CCHC_EMAIL_FROM", "cchc <cchc@localhost>")
BASE_URL = os.environ.get("CCHC_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Mail goes out only in these local hours, on the recipient's working days (cchc.notices.services.in_hours).
NOTICE_HOURS = (_time(7, 0), _time(17, 30))

# Background work (Django's tasks framework): queued in the database (django-tasks-db) and run by `cchc worker`.
TASK_BACKENDS = {
    "db": "django_tasks_db.DatabaseBackend",
    "immediate": "django.tasks.backends.immediate.ImmediateBackend",
}
if os.environ.get("CCHC_TASKS", "db") not in TASK_BACKENDS:
    raise ValueError(f"CCHC_TASKS must be db or immediate, got {os.environ['CCHC_TASKS']!r}")
TASKS = {"default": {"BACKEND": TASK_BACKENDS[os.environ.get("CCHC_TASKS", "db")]}}
