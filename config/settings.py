"""The one settings module. Everything that differs between machines comes from the environment.

Secure by default: DEBUG is off unless ``DJANGO_DEBUG`` says otherwise, and with DEBUG off the
process refuses to start without a real ``DJANGO_SECRET_KEY``. ``make run`` switches on the demo
configuration (``WORKGROUPS_DEMO=1``): SQLite, email written to files, and the clock pinned.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("WORKGROUPS_VAR_DIR", BASE_DIR / "var"))


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_flag("DJANGO_DEBUG")
DEMO = env_flag("WORKGROUPS_DEMO")

_INSECURE_DEV_KEY = "django-insecure-development-only-key-never-used-with-debug-off"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = _INSECURE_DEV_KEY
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5
                    or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for DJANGO_DEBUG off: use at least 50 random characters."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG or DEMO else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "workgroups.core",
    "workgroups.accounts",
    "workgroups.hubs",
    "workgroups.catalogue",
    "workgroups.delivery",
    "workgroups.schools",
    "workgroups.eligibility",
    "workgroups.applications",
    "workgroups.progression",
    "workgroups.evaluations",
    "workgroups.messaging",
    "workgroups.audit",
    "workgroups.api",
    "workgroups.publishing",
    "workgroups.reports",
    "workgroups.demo",
    "workgroups.ops",
    "workgroups.pages",
    "workgroups.personaldata",
]

MIDDLEWARE = [
    "workgroups.core.requestid.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "workgroups.core.dbunavailable.DatabaseUnavailableMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "workgroups.accounts.middleware.StaffSessionMiddleware",
    "workgroups.core.middleware.RefuseNulMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "workgroups" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "workgroups.core.context_processors.site",
                "workgroups.accounts.context_processors.header_nav",
            ],
        },
    },
]

# --- Database: PostgreSQL when DATABASE_URL is set, else SQLite in WAL mode under var/ -----------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60,
                                                  conn_health_checks=True)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("WORKGROUPS_SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            # Kept open between requests (a new connection re-reads the schema each time).
            "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # WAL lets readers run beside the one writer; IMMEDIATE takes the write lock at the
                # start of a transaction so two writers queue instead of failing half-way through.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
                ),
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- A cache every process shares: the throttles (allauth's rate limits, the admin sign-in, the
# interest form) count in it, so 4 gunicorn workers count together. Redis when REDIS_URL is set,
# else Django's database cache table (made by `manage.py createcachetable`, run after migrate).
REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
        "KEY_PREFIX": os.environ.get("WORKGROUPS_CACHE_PREFIX", "workgroups"),
    } if REDIS_URL else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "workgroups_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

AUTH_USER_MODEL = "accounts.User"
# Applicants sign in with a code sent by email (no password); hub staff with their password.
# ADR 0009 says why and how allauth's mail goes through the task queue.
LOGIN_URL = "account_request_login_code"
LOGIN_REDIRECT_URL = "applications:mine"
LOGOUT_REDIRECT_URL = "pages:home"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "workgroups.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    name: f"workgroups.accounts.forms.{cls}" for name, cls in [
        ("login", "LoginForm"), ("signup", "SignupForm"),
        ("request_login_code", "RequestLoginCodeForm"),
        ("confirm_login_code", "ConfirmLoginCodeForm"),
        ("confirm_email_verification_code", "ConfirmEmailVerificationCodeForm"),
    ]
}
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
# "Send a new code" on the code page, twice at most (a lost email should not mean starting again).
ACCOUNT_LOGIN_BY_CODE_SUPPORTS_RESEND = True
ACCOUNT_EMAIL_VERIFICATION_SUPPORTS_RESEND = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG or DEMO else "https"
# Behind a reverse proxy every request comes from the proxy's address: say how many proxies put
# their address on X-Forwarded-For (or which header the proxy sets to the client's address), so
# the throttles see each person's own address. 0 (the default) trusts no forwarded header.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("WORKGROUPS_TRUSTED_PROXY_COUNT", "0"))
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("WORKGROUPS_TRUSTED_CLIENT_IP_HEADER") or None
# allauth's other rate limits count in the shared cache too. Wrong passwords are counted by
# workgroups.accounts.signin instead (per account and per address), so failures on other accounts
# from one address cannot lock a real person out; allauth's "login_failed" limit then counts only
# wrong second-factor codes, per account: 5 in 5 minutes.
ACCOUNT_RATE_LIMITS: dict[str, str | None] | bool = {"login_failed": "5/5m/key"}
# --- Second factor (allauth.mfa): everyone with a role (hub, Work Group lead, national) and every
# superuser must have one, and must have used it in this session, before any staff page
# (workgroups/accounts/second_factor.py). An authenticator app (TOTP) with recovery codes, or a
# security key / passkey (WebAuthn) where the browser offers one.
MFA_ADAPTER = "workgroups.accounts.adapter.SecondFactorAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = "Maths Hub Work Groups"
MFA_PASSKEY_LOGIN_ENABLED = False
# Browsers allow security keys on http://127.0.0.1 and localhost only when allauth lets them.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
# In the demo every staff account has an authenticator app set up and this code passes it; allauth
# refuses to start with a bypass code when DEBUG is off, so it can never reach production.
if DEMO and DEBUG:
    MFA_TOTP_INSECURE_BYPASS_CODE = "000000"
# People are emailed when a password, address or second factor of theirs changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
# A staff session (anyone who needs a second factor) ends after this long without a request;
# applicants stay remembered for the session cookie's age.
WORKGROUPS_STAFF_IDLE_HOURS = int(os.environ.get("WORKGROUPS_STAFF_IDLE_HOURS", "8"))
# Set on sign-in so the next sign-in from the same browser is recognised; one from a browser not
# seen before is emailed to the person.
WORKGROUPS_BROWSER_COOKIE = "workgroups_browser"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

# --- The clock: domain code asks workgroups.core.clock.now(), never datetime.now() --------------
# In the demo the clock is pinned to 1 October 2024, 09:00 London time, so the 2024/25 seed
# catalogue is live. WORKGROUPS_CLOCK=2025-03-01T10:00 pins it elsewhere; empty means real time.
_clock = os.environ.get("WORKGROUPS_CLOCK", "2024-10-01T09:00" if DEMO else "")
WORKGROUPS_PINNED_NOW: datetime | None = (
    datetime.fromisoformat(_clock).replace(tzinfo=ZoneInfo(TIME_ZONE)) if _clock else None
)

# --- Static files: GOV.UK Frontend from node_modules, our compiled CSS from assets/build --------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [
    ("govuk", BASE_DIR / "node_modules" / "govuk-frontend" / "dist" / "govuk"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    BASE_DIR / "assets" / "build",
    BASE_DIR / "assets" / "static",
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "WORKGROUPS_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
WHITENOISE_KEEP_ONLY_HASHED_FILES = True

# --- Email (Django 6.1 MAILERS) ---------------------------------------------------------------
# The demo writes each message as a file under var/mail/ so a person can read it; production sends
# through SMTP configured from the environment.
_email_backend = os.environ.get(
    "DJANGO_EMAIL_BACKEND",
    "django.core.mail.backends.filebased.EmailBackend"
    if DEMO or DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("filebased.EmailBackend"):
    _email_options = {"file_path": str(VAR_DIR / "mail")}
elif _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
        "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
        "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_flag("DJANGO_EMAIL_USE_TLS"),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "workgroups@localhost")
# Links in emails are absolute: the address people reach the product at.
WORKGROUPS_SITE_URL = os.environ.get("WORKGROUPS_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# How long a supporter's (or team member's) emailed link works; reminders go at 5 and 10 days.
WORKGROUPS_SUPPORT_LINK_DAYS = int(os.environ.get("WORKGROUPS_SUPPORT_LINK_DAYS", "14"))
# How long an applicant has to accept or turn down an offered place before it passes on.
WORKGROUPS_OFFER_DAYS = int(os.environ.get("WORKGROUPS_OFFER_DAYS", "7"))
# Participants are reminded of a session this many days before it starts.
WORKGROUPS_SESSION_REMINDER_DAYS = int(os.environ.get("WORKGROUPS_SESSION_REMINDER_DAYS", "2"))
# The licence the open data page (/open-data/) publishes the catalogues' CSV files under.
WORKGROUPS_OPEN_DATA_LICENCE_NAME = os.environ.get("WORKGROUPS_OPEN_DATA_LICENCE_NAME",
                                                   "Open Government Licence v3.0")
WORKGROUPS_OPEN_DATA_LICENCE_URL = os.environ.get(
    "WORKGROUPS_OPEN_DATA_LICENCE_URL",
    "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
# How often the worker's periodic job (offer expiry, session reminders) runs, in minutes.
WORKGROUPS_PERIODIC_MINUTES = int(os.environ.get("WORKGROUPS_PERIODIC_MINUTES", "60"))
# A task still RUNNING after this long was claimed by a worker that has gone (workgroups/ops/
# stuck.py): the periodic job puts it back in the queue.
WORKGROUPS_STUCK_TASK_MINUTES = int(os.environ.get("WORKGROUPS_STUCK_TASK_MINUTES", "60"))
# Every task worker checks this often that a run of the periodic job is waiting or running, and
# queues one if not (workgroups/ops/watchdog.py: the job's chain of runs can die with a database
# blip at the wrong moment).
WORKGROUPS_PERIODIC_WATCH_SECONDS = float(
    os.environ.get("WORKGROUPS_PERIODIC_WATCH_SECONDS", "60"))

# /readyz and `manage.py status`: the worker counts as alive when the periodic job finished within
# this many minutes (default twice its interval, plus 5); failed tasks in the last day are only
# reported unless WORKGROUPS_READYZ_MAX_FAILED_TASKS sets a number above which it is not ready.
WORKGROUPS_HEARTBEAT_MINUTES = int(os.environ.get("WORKGROUPS_HEARTBEAT_MINUTES", "")
                                   or 2 * WORKGROUPS_PERIODIC_MINUTES + 5)
_max_failed = os.environ.get("WORKGROUPS_READYZ_MAX_FAILED_TASKS", "")
WORKGROUPS_READYZ_MAX_FAILED_TASKS: int | None = int(_max_failed) if _max_failed else None

# --- Retention: how long personal data is kept. The privacy notice (/privacy/) is written from
# these numbers, so it says what the service does; each can be changed from the environment
# (WORKGROUPS_RETENTION_<KEY>, e.g. WORKGROUPS_RETENTION_EMAIL_TASK_DAYS=3).
_RETENTION_DEFAULTS = {
    # Unsuccessful and withdrawn applications: months after the end of their academic year.
    "unsuccessful_application_months": 12,
    "withdrawn_application_months": 12,
    # Interest registrations: months after their academic year opens for applications.
    "interest_registration_months": 3,
    # Sign-in codes and support-link emails waiting in (or sent from) the task table: days.
    "email_task_days": 7,
    # Audit events: years, after which their personal fields are pseudonymised.
    "audit_event_years": 6,
    # Emails that could not be sent (the address and subject, listed for the hub's staff to send
    # again): days after the last try.
    "failed_email_days": 90,
    # Browsers someone signed in from (to tell them of a new one): days after the last sign-in
    # from it, when its cookie has ended too.
    "known_browser_days": 365,
}
WORKGROUPS_RETENTION = {
    key: int(os.environ.get(f"WORKGROUPS_RETENTION_{key.upper()}", default) or default)
    for key, default in _RETENTION_DEFAULTS.items()
}
# The known-browser cookie lasts as long as the record of that browser.
WORKGROUPS_BROWSER_COOKIE_DAYS = WORKGROUPS_RETENTION["known_browser_days"]

# --- Background work -----------------------------------------------------------------------------
TASKS = {
    "default": {
        # django-tasks-db's DatabaseBackend, storing the enqueuing request's id with each task.
        "BACKEND": os.environ.get("WORKGROUPS_TASKS_BACKEND",
                                  "workgroups.core.tasks_backend.RequestIdDatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Security ------------------------------------------------------------------------------------
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_flag("DJANGO_SECURE_COOKIES", default=not (DEBUG or DEMO))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Production defaults (DEBUG off, not the demo): every request is redirected to HTTPS and browsers
# are told to use HTTPS for a year, subdomains included; each can be turned off from the
# environment (DJANGO_SECURE_SSL_REDIRECT=0, DJANGO_SECURE_HSTS_SECONDS=0). Behind a proxy that
# ends TLS, set DJANGO_BEHIND_TLS_PROXY=1 too, or every request looks like HTTP and redirects.
_production = not (DEBUG or DEMO)
SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=_production)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_SECURE_HSTS_SECONDS",
                                         "31536000" if _production else "0") or "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_flag("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS",
                                          default=_production)
# Preloading (the HSTS preload list) is the choice of whoever owns the domain, so it stays off
# unless DJANGO_SECURE_HSTS_PRELOAD=1, and check --deploy does not warn about it (security.W021).
SECURE_HSTS_PRELOAD = env_flag("DJANGO_SECURE_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Probes from the machine itself (systemd, a load balancer's health check) speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
if env_flag("DJANGO_BEHIND_TLS_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs go to standard error (journald or the container keeps them), each line with the request id
# (workgroups.core.requestid). WORKGROUPS_LOG_FORMAT=json writes one JSON object a line instead.
LOG_FORMAT = os.environ.get("WORKGROUPS_LOG_FORMAT", "plain").strip().lower()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workgroups.core.requestid.RequestIdFilter"},
                "redact_paths": {"()": "workgroups.core.logpaths.RedactPathsFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "workgroups.core.requestid.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler",
                             "filters": ["request_id", "redact_paths"],
                             "formatter": "json" if LOG_FORMAT == "json" else "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
