"""Request-level safeguards of the portal."""

import time
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
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


FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "application/json")


class MalformedRequestMiddleware:
    """Answer 400 to a request whose form or JSON body is too large or is not UTF-8 text, or
    whose query string is not UTF-8 or holds a NUL, before any view sees it. Django would
    otherwise decode such bytes with replacement characters and let a form save them as if the
    user had typed them. File uploads (multipart) are checked by the views that take them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        problem = self.problem(request)
        if problem is not None:
            return bad_request(request, problem)
        return self.get_response(request)

    @staticmethod
    def problem(request):
        query = request.META.get("QUERY_STRING", "").encode("latin-1", "replace")
        if not _is_utf8(query):
            return _("The address contains characters that are not valid text (UTF-8).")
        # PostgreSQL cannot hold a NUL in text: a filter, search or autocomplete term with one
        # raised ValueError in the database driver (a 500). No address of the portal needs one.
        if "\0" in request.path or _has_nul(query):
            return _("The address contains a NUL character, which no address may hold.")
        if request.method not in ("POST", "PUT", "PATCH", "DELETE"):
            return None
        if request.content_type not in FORM_CONTENT_TYPES:
            return None
        try:
            body = request.body
        except RequestDataTooBig:
            return _("The form sent is larger than %(limit)s KB.") % {
                "limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 1024
            }
        json = request.content_type == "application/json"
        if not json and body.count(b"&") >= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS:
            return _("The form sent has more than %(limit)s fields.") % {
                "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
            }
        if not (_decodes(body) if json else _is_utf8(body)):
            return _("The form sent contains characters that are not valid text (UTF-8).")
        return None


def _decodes(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _is_utf8(urlencoded: bytes) -> bool:
    """Whether every name and value of a URL-encoded string decodes as UTF-8."""
    return _decodes(urlencoded) and all(
        _decodes(unquote_to_bytes(part.replace(b"+", b" "))) for part in urlencoded.split(b"&")
    )


def _has_nul(urlencoded: bytes) -> bool:
    return b"\0" in urlencoded or b"\0" in unquote_to_bytes(urlencoded)


def bad_request(request, problem: str):
    """The portal's 400 page, saying what was wrong with the request (JSON for the API)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(problem), "code": "malformed"}, status=400)
    return render(request, "400.html", {"problem": problem}, status=400)
