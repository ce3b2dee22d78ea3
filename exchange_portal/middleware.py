"""Request-level safeguards of the portal."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _


class StaffIdleTimeoutMiddleware:
    """Sign staff out after `STAFF_IDLE_TIMEOUT` seconds without a request. The last-seen time
    is written at most once a minute, so most requests cost no session write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            now = int(time.time())
            last_seen = request.session.get("last_seen")
            if last_seen is not None and now - last_seen > settings.STAFF_IDLE_TIMEOUT:
                logout(request)
                messages.info(request, _("You were signed out after a period of inactivity."))
                return redirect_to_login(request.get_full_path())
            if last_seen is None or now - last_seen >= 60:
                request.session["last_seen"] = now
        return self.get_response(request)


def mark_seen_at_login(sender, request, user, **kwargs):
    """Start the idle clock at sign-in (connected to `user_logged_in`), so the first requests
    after it write nothing to the session."""
    if request is not None and hasattr(request, "session"):
        request.session["last_seen"] = int(time.time())


class PrivateCacheMiddleware:
    """Pages shown to a signed-in user hold personal data: no browser or proxy may keep them
    (`Cache-Control: no-store`). Public pages stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response
