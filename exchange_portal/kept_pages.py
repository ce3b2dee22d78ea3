"""Staff pages kept whole between changes (docs/decisions/0058).

The staff lists and the dashboard are read far more often than the records under them change,
and each costs its queries and 20 to 40 ms of rendering (docs/performance.md). A GET of such a
page is kept, per process, as its bytes with the CSRF token cut out, and served again to the
same account, for the same address (filters, sort, page) and language, while all of these hold:

- the **records version** has not changed: a new value whenever any row of the portal's apps
  (participants, programmes, placements) is saved or deleted or an m2m link of theirs changes
  (model signals, connected here for every model of those apps, present and future), and
  whenever a bulk path writes without signals (imports, merges, restores, erasure, retention:
  they call `figures_changed()` or `records_changed()`); shared by every instance through the
  cache, and with Redis read without a round trip (exchange_portal/versions.py);
- the **sign-in version** has not changed (a role, department, permission or account changed:
  decision 0054), so a page is never served past a change of what its reader may see;
- it is younger than `KEPT_SECONDS`: what a page shows of the clock (calls closing in the
  next days, records past their dates) is at most that old;
- the reader has no message waiting (a page with a message is rendered afresh).

The admin's changelists of the portal's own records are kept the same way
(exchange_portal/admin_scoping.py), after the admin's permission check, and the API's lists
(api/views.py), after its authentication, permissions and throttles.

Each serving puts the visitor's own CSRF token back (as the stored public figures page does), so
forms on a kept page post as on a fresh one; the request's CSP nonce likewise (the admin's
stylesheets and scripts carry one), which the CSP middleware then names in the header. Nothing
is kept across processes: a deploy or restart starts empty, so a new release never serves a page
of the old one. `KEPT_PAGES = False` (the test settings) renders every request.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.contrib import messages
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.middleware.csrf import get_token
from django.utils.translation import get_language

from .figures_cache import RECORDS, TOKEN_FIELD, TOKEN_MARK, records_changed
from .kept_sign_in import sign_in_version
from .roles import PORTAL_APPS

KEPT_SECONDS = 60
# Stands for the request's CSP nonce in a kept page.
NONCE_MARK = b"\x00csp-nonce\x00"
LIMIT = 200  # pages per process (a staff page is 30 to 60 kB)

# (account, language, path with query, ...) -> (records version, sign-in version, kept at,
# content type, parts of the page between its CSRF tokens)
_kept: OrderedDict[tuple, tuple[str, str, float, str, tuple[bytes, ...]]] = OrderedDict()
_lock = threading.Lock()


def _record_saved(sender, **kwargs) -> None:
    if sender._meta.app_label in PORTAL_APPS:
        records_changed()


def _links_changed(sender, action, **kwargs) -> None:
    if action in ("post_add", "post_remove", "post_clear"):
        _record_saved(sender)


def connect() -> None:
    """Every model of the portal's apps, whatever is added later (called from ready())."""
    post_save.connect(_record_saved, dispatch_uid="kept_pages_saved")
    post_delete.connect(_record_saved, dispatch_uid="kept_pages_deleted")
    m2m_changed.connect(_links_changed, dispatch_uid="kept_pages_links")


def forget_all() -> None:
    with _lock:
        _kept.clear()


class KeptPage:
    """One request's view of the kept copy of its page."""

    def __init__(self, request, *key):
        """`key`: what else the page depends on besides the account, the language and the
        address (the API: the host its links name and the format asked for)."""
        self.request = request
        self.key = None
        self.versions = None
        if not getattr(settings, "KEPT_PAGES", True) or request.method != "GET":
            return
        if not request.user.is_authenticated or len(messages.get_messages(request)):
            return
        # Read before the page is made: a change while it is made leaves it under the old
        # version, never served again.
        records, sign_in = RECORDS.current(), sign_in_version()
        if records is None or sign_in is None:
            return
        self.key = (request.user.pk, get_language(), request.get_full_path(), *key)
        self.versions = (records, sign_in)

    def served(self) -> HttpResponse | None:
        if self.key is None:
            return None
        with _lock:
            kept = _kept.get(self.key)
            if kept is not None:
                _kept.move_to_end(self.key)
        if kept is None or kept[:2] != self.versions or time.monotonic() - kept[2] > KEPT_SECONDS:
            return None
        content_type, parts = kept[3], kept[4]
        body = get_token(self.request).encode().join(parts) if len(parts) > 1 else parts[0]
        if NONCE_MARK in body:
            # The request's own nonce, which the CSP middleware then puts in the header.
            body = body.replace(NONCE_MARK, str(get_nonce(self.request)).encode())
        return HttpResponse(body, content_type=content_type)

    def keep(self, response) -> None:
        """Keep `response` (a page just rendered for this request), if it may be."""
        if self.key is None or response.status_code != 200 or response.streaming:
            return
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/html", "application/json")):
            return
        html = response.content.decode()
        nonce = get_nonce(self.request)
        if nonce:  # used by the page (the admin's stylesheets and scripts carry it)
            html = html.replace(f'nonce="{nonce}"', f'nonce="{NONCE_MARK.decode()}"')
        if "nonce=" in html.replace(f'nonce="{NONCE_MARK.decode()}"', ""):
            return  # a nonce that is not the request's: nothing to put back
        generic = TOKEN_FIELD.sub(lambda m: m.group(1) + TOKEN_MARK + m.group(3), html)
        parts = tuple(part.encode() for part in generic.split(TOKEN_MARK))
        with _lock:
            _kept[self.key] = (*self.versions, time.monotonic(), content_type, parts)
            _kept.move_to_end(self.key)
            while len(_kept) > LIMIT:
                _kept.popitem(last=False)


def kept_response(request, render, *key):
    """The kept copy of this request's page, else `render()`'s response, kept once rendered.
    Call it only after the access check: whoever reaches it may see the page."""
    page = KeptPage(request, *key)
    served = page.served()
    if served is not None:
        return served
    response = render()
    if hasattr(response, "add_post_render_callback") and not response.is_rendered:
        response.add_post_render_callback(page.keep)
    else:
        page.keep(response)
    return response


class KeptPageMixin:
    """A view whose GET pages are kept whole between changes (the module's description). Put
    it after the access check (RoleRequiredMixin) in the bases, so only whoever may see the
    page is ever served it; the view's get() returns `self.kept_get(super().get, request, ...)`.
    `keep_pages = False` (as_view's argument) makes every request afresh (the benchmark's
    measure of the work a kept page saves)."""

    keep_pages = True

    def kept_get(self, render, request, *args, **kwargs):
        if not self.keep_pages:
            return render(request, *args, **kwargs)
        return kept_response(request, lambda: render(request, *args, **kwargs))
