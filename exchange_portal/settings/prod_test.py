"""The production settings under test: everything of prod.py (DEBUG off, secure cookies, HTTPS
redirect, the manifest static files, the database cache and task queue), with only what a test
run cannot have replaced: a throwaway SECRET_KEY, the test client's host names, fast password
hashing, mail kept in memory and throttles out of the scan's way. Used by the scans in
tests/prod/ (`make test-prod`); nothing here may loosen a security setting."""

import os

os.environ.setdefault("SECRET_KEY", "prod-test-only-not-secret-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")

from .prod import *  # noqa: F403
from .prod import REST_FRAMEWORK
from .test import MAILERS, PASSWORD_HASHERS  # noqa: F401 (fast hashing, mail in memory)

# Hashed names need a collectstatic run, which a test run does not have; the names are the
# only difference (whitenoise still serves and compresses them).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# The scan sends thousands of requests; the throttle tests cover the rates.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": NO_THROTTLE_RATES}  # noqa: F405
