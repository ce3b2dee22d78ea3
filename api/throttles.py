"""The API's request rates: per signed-in user, per token and per anonymous address
(settings REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]). The rates are read at each request, not
when DRF's classes are defined, so a changed setting applies at once."""

import hashlib

from rest_framework import throttling
from rest_framework.authtoken.models import Token
from rest_framework.settings import api_settings

from exchange_portal.throttle import client_address


class _CurrentRate:
    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request):
        # The same address as the portal's other throttles (behind TRUSTED_PROXY_COUNT proxies).
        return client_address(request)


class UserRateThrottle(_CurrentRate, throttling.UserRateThrottle):
    pass


class AnonRateThrottle(_CurrentRate, throttling.AnonRateThrottle):
    pass


class TokenRateThrottle(_CurrentRate, throttling.SimpleRateThrottle):
    """Each token on its own, so one leaked or runaway token cannot spend its user's rate for
    the user's other tokens and sessions unnoticed."""

    scope = "token"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, Token):
            return None
        digest = hashlib.sha256(request.auth.key.encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": digest}
