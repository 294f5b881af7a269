"""KRUZ settings: one file, everything that varies read from the environment.

The embedded defaults run on a laptop with no services (SQLite, Celery tasks run
eagerly, e-mail printed to the console). Production sets DEBUG=off and must then
provide SECRET_KEY; see README.md for the variables.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off KRUZ refuses to start on a default key: "
            "set SECRET_KEY in the environment to a long random value."
        )
    SECRET_KEY = "django-insecure-kruz-development-only"  # noqa: S105 - only while DEBUG is on

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list(
    "CSRF_TRUSTED_ORIGINS", default=["http://localhost:8000", "http://127.0.0.1:8000"]
)

INSTALLED_APPS = [
    "kruz.apps.KruzAdminConfig",  # django.contrib.admin with the KRUZ site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # its sitemap.xml templates (kruz/sitemaps.py)
    "django_countries",
    "django_filters",
    "rest_framework",
    "kruz",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "diplomacy",
    "projects",
    "api",
    "webhooks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "kruz.security.RefusalLogMiddleware",
    "kruz.security.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "kruz.security.SessionLimitsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "kruz.urls"
WSGI_APPLICATION = "kruz.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # The record is read from memory or SSD, where a random read through an index costs
    # little more than a sequential one. At PostgreSQL's default (4, for spinning disks)
    # the planner scans 350,000 milestones rather than read the thousand open ones through
    # their index (bench/RESULTS.md). 1.1 is PostgreSQL's own suggestion for SSDs.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = " ".join(
        [
            _options.get("options", ""),
            f"-c random_page_cost={env.float('DB_RANDOM_PAGE_COST', 1.1)}",
        ]
    ).strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The shared cache: each record's representation and page fragments (keyed by what they
# show, so they never go stale), the filter forms, and the API throttle's counts. Redis in
# production, CI and docker-compose (CACHE_URL=redis://host:6379/1), so that every worker
# sees the same entries and counts; local memory on the embedded default (one process).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://kruz")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    CACHES["default"]["BACKEND"] = "kruz.cache.RedisCache"  # the same, one client per pool

# Called with each PublicEvent's id once its transaction commits (kruz.models).
PUBLIC_EVENT_HANDLERS = ["webhooks.events.deliver_public_event"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ko", _("Korean")),
    ("uz", _("Uzbek")),
    ("ru", _("Russian")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tashkent"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# While developing, WhiteNoise finds files as they change instead of reading STATIC_ROOT.
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="KRUZ <kruz@localhost>")

# Celery: without a broker, tasks run eagerly in-process (the laptop default).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = None
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60

# The staff admin (docs/readme/admin.md): spreadsheet import needs "add", export "view";
# an import is all or nothing, and history is browsed, not reverted, from the admin.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_USE_TRANSACTIONS = True
# Spreadsheet imports (kruz/sheets.py, docs/readme/spreadsheets.md): files are refused
# before parsing above these bounds; above IMPORT_BACKGROUND_ROWS rows a Celery task
# checks and imports the file while the clerk's page shows its progress.
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=8 * 1024 * 1024)
IMPORT_MAX_XLSX_BYTES = env.int("IMPORT_MAX_XLSX_BYTES", default=100 * 1024 * 1024)
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_COLUMNS = env.int("IMPORT_MAX_COLUMNS", default=100)
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=300)
IMPORT_TASK_TIME_LIMIT = env.int("IMPORT_TASK_TIME_LIMIT", default=60 * 60)
SIMPLE_HISTORY_REVERT_DISABLED = True

# Reminders (see docs/readme/reminders.md). A late-acknowledged task whose worker dies is
# handed out again once the broker's visibility timeout passes; the senders' lease must be
# longer than a task may run, so a live sender is never overtaken.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=60 * 60)
}
CELERY_BEAT_SCHEDULE = {
    "daily-reminder-scan": {
        "task": "projects.tasks.scan_reminders",
        "schedule": crontab(hour=8, minute=0),  # in CELERY_TIMEZONE, Asia/Tashkent
    },
    "webhook-stalled-deliveries": {
        "task": "webhooks.tasks.send_stalled_deliveries",
        "schedule": 10 * 60,
    },
}
# The address staff reach the site at: reminder e-mails link to it. Production has no
# good default (only the operator knows the host), so it must be given.
SITE_URL = env.str("SITE_URL", default="").rstrip("/")
if not SITE_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SITE_URL is not set. With DEBUG off KRUZ needs the address staff open it at "
            "(e.g. https://kruz.example.uz): reminder e-mails link to it."
        )
    SITE_URL = "http://127.0.0.1:8000"
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(
        f"SITE_URL must be an absolute address starting with https:// (got {SITE_URL!r})."
    )
REMINDER_EDITORS_GROUP = "Editors"
REMINDER_REPORT_DAYS_AHEAD = env.int("REMINDER_REPORT_DAYS_AHEAD", default=7)
REMINDER_MILESTONE_DAYS_AHEAD = env.int("REMINDER_MILESTONE_DAYS_AHEAD", default=14)
REMINDER_AGREEMENT_DAYS_AHEAD = env.int("REMINDER_AGREEMENT_DAYS_AHEAD", default=90)
REMINDER_REPEAT_OVERDUE_DAYS = env.int("REMINDER_REPEAT_OVERDUE_DAYS", default=7)
REMINDER_SEND_LEASE_SECONDS = env.int("REMINDER_SEND_LEASE_SECONDS", default=10 * 60)
REMINDER_RETRY_BACKOFF_SECONDS = env.int("REMINDER_RETRY_BACKOFF_SECONDS", default=60)
REMINDER_RECIPIENTS_PER_TASK = 20

# Where the official IATI schema and codelists live (not part of this repository).
IATI_SCHEMA_DIR = env.str("IATI_SCHEMA_DIR", default="")

# The REST API (api/, docs/readme/api.md). Anonymous clients read published records,
# within API_ANON_RATE; integrations write with a token from the admin.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ModelPermissionsOrReadOnly"],
    # JSON bodies only, bounded in size and depth before parsing (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.BoundedJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageOrCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.StrictQueryParameters",
        "api.filters.UpdatedSinceFilter",
        "api.filters.FilterSetBackend",
        "api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonymousRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env.str("API_ANON_RATE", default="120/minute")},
    "EXCEPTION_HANDLER": "api.exceptions.handle_exception",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "api.renderers.ORJSONRenderer",  # DRF's JSON, encoded by orjson (bench/RESULTS.md)
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "KRUZ API",
    "DESCRIPTION": "The record of cooperation between the Republic of Korea and Uzbekistan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's and Redoc's files come from drf-spectacular-sidecar, served by the app.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecision": "kruz.records.DatePrecision",
        "Publication": "kruz.records.Publication",
        "ProjectKind": "projects.models.ProjectKind",
        "ActivityStatus": "projects.models.ActivityStatus",
        "ReportStatus": "projects.models.ReportStatus",
        "AgreementKind": "diplomacy.models.AgreementKind",
        "AgreementStatus": "diplomacy.models.AgreementStatus",
        "EngagementKind": "diplomacy.models.EngagementKind",
        "OrganizationKind": "diplomacy.models.OrganizationKind",
        "SubscriptionStatus": "webhooks.models.SubscriptionStatus",
        "EventKind": "kruz.models.EventKind",
    },
}

# Webhooks (docs/readme/webhooks.md). Subscription URLs must resolve to public internet
# addresses; development and tests may send to loopback and private networks.
WEBHOOKS_ALLOW_PRIVATE_ADDRESSES = env.bool("WEBHOOKS_ALLOW_PRIVATE_ADDRESSES", default=DEBUG)
WEBHOOKS_TIMEOUT_SECONDS = env.int("WEBHOOKS_TIMEOUT_SECONDS", default=10)
WEBHOOKS_MAX_ATTEMPTS = env.int("WEBHOOKS_MAX_ATTEMPTS", default=8)
WEBHOOKS_RETRY_BACKOFF_SECONDS = env.int("WEBHOOKS_RETRY_BACKOFF_SECONDS", default=60)
WEBHOOKS_PAUSE_AFTER_FAILED_DELIVERIES = env.int(
    "WEBHOOKS_PAUSE_AFTER_FAILED_DELIVERIES", default=3
)

# The IATI activity export names KRUZ as the reporting organisation; an operator who
# registers KRUZ with IATI sets the identifier it is given.
IATI_REPORTING_ORG_REF = env.str("IATI_REPORTING_ORG_REF", default="UZ-KRUZ")
IATI_REPORTING_ORG_NAME = env.str(
    "IATI_REPORTING_ORG_NAME", default="Korea–Uzbekistan cooperation record (KRUZ)"
)

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probed over plain http inside the network
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are refused by browsers unless Secure, on "/" and without a Domain:
    # no subdomain or plain-http page can plant or read them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# Public pages: an empty filter reads "Any" in the reader's language, not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Any")

# Security (SECURITY.md). Headers on every response: a Content-Security-Policy that
# allows this site's own files only and no inline script; no sniffing, framing or
# cross-origin window handles; the referrer only within the site.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Swagger UI draws its icons as data: images.
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# Browsers heed HSTS only over https, so the development server (http) is unaffected.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"  # Lax: a link from a reminder e-mail still opens the admin
CSRF_COOKIE_SAMESITE = "Lax"
# Staff sessions end after 30 idle minutes and 12 hours after login at the latest
# (kruz.security.SessionLimitsMiddleware); the cookie never outlives the longer limit.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_ABSOLUTE_TIMEOUT = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_TIMEOUT
# Request bodies: form and JSON data above 2.5 MB is refused with 400 (Django), and any
# body above MAX_REQUEST_BODY (spreadsheet uploads included) with 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
MAX_REQUEST_BODY = env.int("MAX_REQUEST_BODY", default=10 * 1024 * 1024)

# Staff login: a password and a TOTP code (django-otp; kruz.admin.KruzAdminSite), and
# django-axes locks a username or an address out after five failures, for a cool-off
# that grows with repeated lockouts and is never permanent (kruz.security).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each on its own
AXES_COOLOFF_TIME = "kruz.security.lockout_cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True  # each lockout expires on its own grown cool-off
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # the cool-off grows from this log
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are logged by kruz.security, not printed at start-up
AXES_CLIENT_IP_CALLABLE = "kruz.security.client_ip"
AXES_LOCKOUT_CALLABLE = "kruz.security.lockout_response"
# The number of reverse proxies in front of KRUZ that append to X-Forwarded-For; the
# client's address is the one the outermost of them saw. 0: REMOTE_ADDR, the header ignored.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
OTP_TOTP_ISSUER = "KRUZ"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGGING["loggers"] = {
    "kruz.security": {"level": "INFO"},
    "axes": {"level": "WARNING"},  # its successful logins are in its access log
}
