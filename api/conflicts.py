"""Conflict detection: every record read through the API carries an ETag; a change must send it
back in If-Match (or, for a placement, its `version` in the body). A stale one is refused with
412, the record as it is now, and what changed since the caller's copy.

Where the service checks the version itself (`expected_version=`, decision 0022), the API hands
it the caller's version and maps the service's refusal (StaleVersion) to the 412: the check is
made once, on the row the service locks. Other records are compared here.

The ETag is the record's `version` where it has one (placements: every service that writes a
placement increments it), else the time of its last change (`updated_at`), else a hash of what the
API shows of it. With the first two, the history row of the caller's copy is found again, so the
412 can say which fields changed, from what to what.
"""

from __future__ import annotations

import hashlib
import inspect
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from exchange_portal import history
from exchange_portal.services import StaleVersion

from .errors import PreconditionFailed, PreconditionRequired

STAMP = "%Y%m%dT%H%M%S%fZ"


def etag_token(obj, representation=None) -> str:
    if hasattr(obj, "version"):
        return f"v{obj.version}"
    updated_at = getattr(obj, "updated_at", None)
    if updated_at is not None:
        return "t" + updated_at.astimezone(UTC).strftime(STAMP)
    text = json.dumps(representation, sort_keys=True, cls=DjangoJSONEncoder)
    return "h" + hashlib.sha256(text.encode()).hexdigest()[:32]


def etag(obj, representation=None) -> str:
    return f'"{etag_token(obj, representation)}"'


def parse_if_match(value: str) -> list[str]:
    tokens = []
    for part in value.split(","):
        part = part.strip().removeprefix("W/").strip('"')
        if part:
            tokens.append(part)
    return tokens


# A version beyond what the column holds names no copy of the record (and would overflow a
# database integer in the history lookup).
MAX_VERSION = 2**31 - 1


def _since(token: str) -> dict | None:
    """What the ETag `token` says about the caller's copy: {"version": n} or {"updated_at": t};
    None for a token that names neither (a hash, or something made up)."""
    try:
        if token[:1] == "v" and token[1:].isdigit() and int(token[1:]) <= MAX_VERSION:
            return {"version": int(token[1:])}
        if token[:1] == "t":
            return {"updated_at": datetime.strptime(token[1:], STAMP).replace(tzinfo=UTC)}
    except ValueError:
        pass
    return None


def changes_as_shown(changes, shown: set[str]) -> dict:
    """{field: {"was": ..., "now": ...}} of the (field, was, now) `changes` the API shows."""
    return {
        field.name: {"was": was, "now": now} for field, was, now in changes if field.name in shown
    }


def takes_version(service) -> bool:
    """Whether `service` checks the caller's version itself (`expected_version=`)."""
    return "expected_version" in inspect.signature(service).parameters


def _stale(obj, representation: dict, changed: dict, changed_by: str = "") -> PreconditionFailed:
    return PreconditionFailed(
        _(
            "This %(model)s was changed since you read it%(by)s. Nothing was saved: read it "
            "again, apply your change to the current values and send it with the new ETag."
        )
        % {
            "model": obj._meta.verbose_name,
            "by": _(" (by %(user)s)") % {"user": changed_by} if changed_by else "",
        },
        current=representation,
        changed=changed,
    )


def check_precondition(
    request, obj, representation: dict, *, service_checks_version: bool = False
) -> int | None:
    """Refuse (428) a change without If-Match or a version. Returns the version of the caller's
    copy when the service checks it (`service_checks_version`, for a record with a version):
    the service refuses a stale one under its row lock (see refused_as_stale). Any other stale
    copy (a record without a version, or an ETag that names no version) is refused (412)
    here."""
    header = request.headers.get("If-Match")
    body = request.data if isinstance(request.data, dict) else {}
    version = body.get("version") if hasattr(obj, "version") else None
    if header is None and version is None:
        raise PreconditionRequired()
    current = etag_token(obj, representation)
    tokens = parse_if_match(header) if header is not None else [f"v{version}"]
    if "*" in tokens:
        return None
    if service_checks_version and hasattr(obj, "version"):
        # Of several ETags, any will do (RFC 9110): the current one, if the caller sent it.
        theirs = current if current in tokens else (tokens[0] if tokens else "")
        since = _since(theirs) or {}
        if "version" in since:
            return since["version"]
    elif current in tokens:
        return None
    theirs = tokens[0] if tokens else ""
    since = _since(theirs)
    changed = {}
    if since is not None:
        changed = changes_as_shown(
            history.changes_since(obj, fields=set(representation), **since), set(representation)
        )
    raise _stale(obj, representation, changed)


def refused_as_stale(obj, representation: dict, error: StaleVersion) -> PreconditionFailed:
    """The service's refusal of a stale version as the API's 412: the record as it is now and
    what changed since the caller's copy, field by field."""
    return _stale(
        obj,
        representation,
        changes_as_shown(error.changes, set(representation)),
        error.changed_by,
    )
