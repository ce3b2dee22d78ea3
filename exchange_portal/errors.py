"""The error pages: drawn without the database, in the visitor's language, never a traceback.

A lost database connection (the server restarted, a network cut, a failover) is a 503 "please
try again" rather than a 500: the connection is closed here so that the next request opens a
new one (docs/decisions/0019)."""

import sys

from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader

DATABASE_GONE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 5


def _page(template: str, status: int) -> HttpResponse:
    # No request context: context processors would ask the database for the user.
    return HttpResponse(loader.get_template(template).render(), status=status)


def server_error(request):
    """handler500. Called while the exception is being handled, so it can tell which."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_GONE):
        for connection in connections.all(initialized_only=True):
            connection.close_if_unusable_or_obsolete()
        response = _page("503.html", 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return _page("500.html", 500)


def permission_denied(request, exception=None):
    """handler403: says in plain words which role the user acts in and that it cannot use the
    page, links to the role's own start page, and who gives access. Nothing of the record the
    page was about (not even the refusal's message) is shown."""
    from django.shortcuts import render

    from .roles import ROLE_LABELS, Role, role_of

    role = role_of(request.user)
    return render(
        request,
        "403.html",
        {
            "role_label": ROLE_LABELS[role],
            "is_participant": role in (Role.PARTICIPANT, Role.ANONYMOUS),
        },
        status=403,
    )
