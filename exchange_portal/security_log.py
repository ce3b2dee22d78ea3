"""Security events in the log (logger "exchange_portal.security"): failed sign-ins, lockouts and
refused access. django-axes keeps the failures in the database for the lockout; these lines are
for whoever watches the logs.

What a line may hold: a user name as typed (cut to 150 characters), the client address, a
user id, a role, a method, a status and a path with any token in it masked. Never a password,
a query string, a header, a cookie or a session key.
"""

import logging

from django.contrib.auth.signals import user_login_failed

from .roles import role_of
from .throttle import client_address

logger = logging.getLogger("exchange_portal.security")

# URL parts that are secrets in themselves (the set-password link's).
SECRET_URL_PARTS = ("token", "uidb64")


def sign_in_failed(sender, credentials, request=None, **kwargs):
    """`user_login_failed` receiver. Django has already masked the password in `credentials`;
    only the user name is read from it."""
    username = str(credentials.get("username", ""))[:150]
    logger.warning(
        "sign-in failed: username=%r address=%s",
        username,
        client_address(request) if request is not None else "-",
    )


def locked_out(sender, request=None, username=None, ip_address=None, **kwargs):
    """django-axes' `user_locked_out` receiver."""
    logger.warning(
        "sign-in locked out after repeated failures: username=%r address=%s",
        str(username or "")[:150],
        ip_address or "-",
    )


def connect() -> None:
    from axes.signals import user_locked_out

    user_login_failed.connect(sign_in_failed, dispatch_uid="security_log_sign_in_failed")
    user_locked_out.connect(locked_out, dispatch_uid="security_log_locked_out")


def loggable_path(request) -> str:
    """The path without its query string and with secret URL parts masked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is not None:
        for name in SECRET_URL_PARTS:
            value = match.kwargs.get(name)
            if value:
                path = path.replace(str(value), "[masked]")
    return path


class RefusalLogMiddleware:
    """Log each 403, and each 404 a signed-in user meets (another department's record, another
    officer's report: the portal answers 404 for what lies outside the caller's scope)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        if status == 403 or (status == 404 and signed_in):
            role = getattr(request, "role", None) or role_of(user)
            logger.warning(
                "access refused: status=%s user_id=%s role=%s method=%s path=%s",
                status,
                user.pk if signed_in else "-",
                role.value,
                request.method,
                loggable_path(request),
            )
        return response
