"""The test suite: fast hashing, in-memory mail, the same database switch as everywhere."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-exchange-portal-0123456789abcdefghijklmnop"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Serve static files from the finders; there is no collectstatic run before tests.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The API's throttles (api/throttles.py) out of the way of the suite's many requests; the
# throttle tests set their own rates.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": NO_THROTTLE_RATES}  # noqa: F405
# Background jobs' files stay in memory: nothing is left on disk by the suite.
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "documents": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
}
# Every request of the suite renders its page (the query budgets count the rendering);
# tests/test_kept_pages.py turns the kept pages on.
KEPT_PAGES = False
