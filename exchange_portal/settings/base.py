"""Settings shared by every environment. Configuration that differs between machines comes from
the environment (see README, "Production settings")."""

import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "exchange_portal.admin_site.PortalAdminConfig",  # django.contrib.admin, scoped redirect
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",  # trigram search indexes (decision 0025); inert on SQLite
    "django_filters",
    "crispy_forms",
    "crispy_bootstrap5",
    "simple_history",
    "axes",
    "import_export",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # The core, then the domain apps (lowest first), then the screens by audience (decision 0032).
    "exchange_portal",
    "notifications",
    "jobs",
    "participants",
    "programmes",
    "placements",
    "figures",
    "operations",
    "staff",
    "portal",
    "public",
    "api",
    "demo",
]

MIDDLEWARE = [
    # First: every log line and history row of the request carries its id.
    "exchange_portal.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Django's, with the signed-in user kept in the session between changes (decision 0054).
    "exchange_portal.kept_sign_in.KeptSignInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "exchange_portal.middleware.StaffIdleTimeoutMiddleware",
    "exchange_portal.middleware.PrivateCacheMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Refuses bodies that are too large or not UTF-8 (400) before a view or form reads them.
    "exchange_portal.middleware.MalformedRequestMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "exchange_portal.security_log.RefusalLogMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: after 5 failed sign-ins for one user name from one address, further tries of
# that name from there are refused for an hour; so are tries of a user name after 30 failures
# from any addresses, and tries from an address after 50 failures for any names (decision
# 0008; exchange_portal/sign_in.py). A successful sign-in clears the count of its name and
# address. `manage.py axes_reset` lifts a lockout at once.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FAILURE_LIMIT = 30
AXES_ADDRESS_FAILURE_LIMIT = 50
AXES_HANDLER = "exchange_portal.sign_in.PortalAxesHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "exchange_portal.throttle.client_address"
# What axes stores of a user name fits its column, whoever calls `authenticate`.
AXES_USERNAME_CALLABLE = "exchange_portal.sign_in.axes_username"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password1", "new_password2", "old_password"]

ROOT_URLCONF = "exchange_portal.urls"
WSGI_APPLICATION = "exchange_portal.wsgi.application"
ASGI_APPLICATION = "exchange_portal.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL says otherwise (postgres://user:pass@host:5432/name).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'exchange_portal.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Imports from CSV and XLSX (docs/decisions/0017-imports.md): the upload's size, its rows and
# columns, and for an XLSX what its zip may unpack to and how tightly a large part may be
# compressed.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", "10000"))
# The widest import reads fewer than 20 columns; a header far wider is refused unread.
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", "100"))
IMPORT_MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024
IMPORT_MAX_COMPRESSION_RATIO = 100

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hant", _("Traditional Chinese")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Hong_Kong"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Kept files (signed agreements, background jobs' uploads and results) live outside any served
# directory and are answered only by views that check who asks (exchange_portal/files.py,
# decisions 0035 and 0036). A deployment may point
# "private" at an object store (django-storages) instead; nothing else needs to change.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", VAR_DIR / "private"))
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT},
}
# Placements' documents (decision 0056): outside the web root like every kept file; a
# deployment may name an object store here (django-storages) instead.
DOCUMENTS_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT / "documents"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
    "documents": DOCUMENTS_STORAGE,
}
# The largest file the portal keeps from an upload (a scanned, signed agreement fits easily).
UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_BYTES", 20 * 1_000_000))
# The largest placement document (a scanned passport page or a signed letter) kept.
DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 10 * 1_000_000))
# Reminders of a document go to its provider this many days before it is due, and once after.
DOCUMENT_REMINDER_DAYS = int(os.environ.get("DOCUMENT_REMINDER_DAYS", 7))

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Sessions: at most a working day; staff are signed out after 30 idle minutes.
SESSION_COOKIE_AGE = 10 * 3600
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
STAFF_IDLE_TIMEOUT = int(os.environ.get("STAFF_IDLE_TIMEOUT", str(30 * 60)))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "role_home"
LOGOUT_REDIRECT_URL = "public:home"

# Django's built-in Content Security Policy: nothing from elsewhere, no inline script or style
# without the per-response nonce, no plugins, no <base>, never framed.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Django 6.1 mailers: the console in development; tests and production override "default".
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "exchange-portal@csb.gov.hk")

# Background work (e-mail from the outbox): run at once, in the same process, in development and
# tests; production queues it in the database for a worker (prod.py). Either way
# `manage.py send_queued_email` retries what failed (docs/decisions/0010).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# Imports of more rows than this (on confirmation), and exports of more rows than this, run as
# background jobs with a progress page (jobs/, decision 0035).
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "500"))
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "5000"))

# django-simple-history: history rows carry the acting user; keep them even if a record goes.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# How many days after a placement ends its reports fall due.
PLACEMENT_REPORT_DUE_DAYS = int(os.environ.get("PLACEMENT_REPORT_DUE_DAYS", "30"))
# A check-in during a placement (initial, mid-point) falls due this many days after it opens;
# a yearly review opens this many days before the anniversary it is due on (decision 0057).
PLACEMENT_CHECKIN_DUE_DAYS = int(os.environ.get("PLACEMENT_CHECKIN_DUE_DAYS", "14"))
PLACEMENT_YEARLY_REVIEW_LEAD_DAYS = int(os.environ.get("PLACEMENT_YEARLY_REVIEW_LEAD_DAYS", "60"))

# Every line names the request, command (cmd:…) or task (task:…) it belongs to; the same id is
# in the response's X-Request-ID header and on the history rows it wrote. Sign-in failures and
# refused access go to the logger "exchange_portal.security" (never a password, token or
# session id: exchange_portal/security_log.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "exchange_portal.request_id.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Absolute address of the portal, for links in e-mails.
PORTAL_BASE_URL = os.environ.get("PORTAL_BASE_URL", "http://127.0.0.1:8000")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600

# Public status enquiry: attempts per address and per reference code in a window (seconds).
# "code" counts one reference from one address, so that guesses elsewhere cannot lock its
# owner out; "code_all_addresses" one reference from anywhere, against guessing from many.
STATUS_ENQUIRY_LIMITS = {
    "address": {"limit": 20, "window": 900},
    "code": {"limit": 5, "window": 900},
    "code_all_addresses": {"limit": 50, "window": 900},
}
# How many proxies (load balancers) stand in front of the app and append X-Forwarded-For.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False

# The REST API (docs/decisions/0015-rest-api.md): token or session sign-in, the same roles and
# model permissions as the screens, filters and pages like the staff lists, one error shape.
# The API's throttles lifted, for the runs that send far more requests than any person: the test
# suite, the scans of tests/prod/ and `make bench` (the throttle tests set their own rates).
NO_THROTTLE_RATES = {"user": "100000/minute", "token": "100000/minute", "anon": "100000/minute"}
REST_FRAMEWORK = {
    # Token first: a request without credentials is then told 401 with "WWW-Authenticate: Token".
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RolePermissions"],
    "DEFAULT_FILTER_BACKENDS": [
        "api.filters.StrictFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    # Per signed-in user, per token and per anonymous address (api/throttles.py); a request
    # past a rate is told 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "api.throttles.UserRateThrottle",
        "api.throttles.TokenRateThrottle",
        "api.throttles.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"user": "600/minute", "token": "600/minute", "anon": "60/minute"},
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pages",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.PortalAutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Exchange Portal API",
    "DESCRIPTION": (
        "Programmes, cohorts, agreements, hosts, officers, nominations and placements of the "
        "Civil Service Bureau's secondment and exchange programmes. Sign in with a token "
        "(`Authorization: Token <key>`) or a portal session. Every change goes through the same "
        "rules as the staff screens; changes need `If-Match` with the record's ETag."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PUBLIC": True,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Redoc's search runs in a worker made from a blob, which our CSP refuses.
    "REDOC_UI_SETTINGS": {"disableSearch": True},
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "ProgrammeKindEnum": "programmes.models.Programme.Kind",
        "HostOrganisationKindEnum": "placements.models.HostOrganisation.Kind",
        "RankLevelEnum": "participants.models.Participant.RankLevel",
        "ProgrammeStatusEnum": "programmes.models.Programme.Status",
        "AgreementStatusEnum": "programmes.models.PartnerAgreement.Status",
        "CohortStatusEnum": "programmes.models.Cohort.Status",
        "NominationStatusEnum": "placements.models.Nomination.Status",
        "PlacementStatusEnum": "placements.models.Placement.Status",
        "DurationUnitEnum": "programmes.models.DurationUnit",
    },
}

# Staff lists and the dashboard are kept whole, per process, between changes of the records or
# of the reader's rights, for at most a minute (exchange_portal/kept_pages.py, decision 0058).
KEPT_PAGES = True
