"""Settings of `make bench`: the production settings (DEBUG off, whitenoise, database cache and
sessions, persistent connections) with two changes, both for measuring only:

- ROOT_URLCONF adds a bare view (a constant, the yardstick of every page), a second admin site
  with Django's default ModelAdmin for placements (the admin comparison of issue 8) and each
  benchmarked page's floor (bench/floors.py, decision 0046). Production's URLconf never holds
  them, so the access matrix stays the portal's own.
- The status enquiry's throttle and the API's throttles still count every request in the shared
  cache (their cost is part of the figure) but their limits are lifted, or wrk would measure the
  "too many" answers.

The environment must still give what production asks for (SECRET_KEY, ALLOWED_HOSTS): bench/run.py
sets them.
"""

from exchange_portal.settings.prod import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
STATUS_ENQUIRY_LIMITS = {
    "address": {"limit": 10**9, "window": 900},
    "code": {"limit": 10**9, "window": 900},
    "code_all_addresses": {"limit": 10**9, "window": 900},
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": NO_THROTTLE_RATES}  # noqa: F405
