"""Local development: `make run`. Never used in production."""

from .base import *  # noqa: F403
from .base import VAR_DIR, env_list

DEBUG = True
SECRET_KEY = "dev-only-not-secret-exchange-portal-0123456789abcdefghijklmnop"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
VAR_DIR.mkdir(exist_ok=True)
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
