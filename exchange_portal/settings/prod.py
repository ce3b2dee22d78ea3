"""Production: everything secret or machine-specific comes from the environment; nothing defaults
to something unsafe. See README, "Production settings"."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_list

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a random string of 50+ characters.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names the portal answers to.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,  # noqa: F405
    "documents": DOCUMENTS_STORAGE,  # noqa: F405
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true").lower() == "true"
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
# The language menu posts to set_language; no script reads the cookie.
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
MAIL_BACKEND = os.environ.get("EMAIL_BACKEND", SMTP_BACKEND)
MAILERS = {"default": {"BACKEND": MAIL_BACKEND}}
if MAIL_BACKEND == SMTP_BACKEND:
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": os.environ.get("EMAIL_USE_TLS", "false").lower() == "true",
        # A hung relay must not look like a dead worker (which would send the mail again).
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "60")),
    }
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
ADMINS = [("Exchange Portal operations", a) for a in env_list("ADMINS")]

# Throttle counters and cached figures must be shared by every app process: the database cache
# by default (`manage.py createcachetable` once), Redis where one is run.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Django's default (300 entries, then a third culled at random) would throw away
        # throttle counters and the cached figures as soon as many addresses ask at once.
        "OPTIONS": {"MAX_ENTRIES": 200_000},
    }
}
if os.environ.get("REDIS_URL"):
    # Redis (decision 0026): a counter or a cached page costs one round trip instead of
    # several queries. Sessions are then read from it and written through to the database
    # (`cached_db`), so a restart of Redis signs nobody out.
    CACHES["default"] = {
        "BACKEND": "exchange_portal.cache.KeptClientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work goes through a queue in the database (django-tasks-db) that `manage.py
# db_worker` runs; `manage.py send_queued_email` (cron, every few minutes) retries the outbox's
# failed mail and sends anything queued while the worker was down (docs/decisions/0010).
# Only here: development and tests run tasks at once and need none of its tables.
INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks_db"]  # noqa: F405
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
