"""Conflict detection: every record read through the API carries an ETag; a change must send it
back in If-Match (or, for a placement, its `version` in the body). A stale one is refused with
412, the record as it is now, and what changed since the caller's copy.

The ETag is the record's `version` where it has one (placements: every service that writes a
placement increments it), else the time of its last change (`updated_at`), else a hash of what the
API shows of it. With the first two, the history row of the caller's copy is found again, so the
412 can say which fields changed, from what to what.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext as _

from exchange_portal import history

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


def changes_since(obj, token: str, shown: set[str]) -> dict:
    """{field: {"was": ..., "now": ...}} for the fields the API shows that differ between the
    caller's copy (the record when it had the ETag `token`) and the record now ({} when the
    caller's copy is not found in the history)."""
    try:
        if token[:1] == "v":
            since = {"version": int(token[1:])}
        elif token[:1] == "t":
            since = {"updated_at": datetime.strptime(token[1:], STAMP).replace(tzinfo=UTC)}
        else:
            return {}
    except ValueError:
        return {}
    return changes_as_shown(history.changes_since(obj, fields=shown, **since))


def changes_as_shown(changes) -> dict:
    return {field.name: {"was": was, "now": now} for field, was, now in changes}


def check_precondition(request, obj, representation: dict) -> None:
    """Refuse (428) a change without If-Match or a version, and (412) one made to a copy of the
    record that is no longer current."""
    header = request.headers.get("If-Match")
    body = request.data if isinstance(request.data, dict) else {}
    version = body.get("version") if hasattr(obj, "version") else None
    if header is None and version is None:
        raise PreconditionRequired()
    current = etag_token(obj, representation)
    if header is not None:
        tokens = parse_if_match(header)
        if "*" in tokens or current in tokens:
            return
        theirs = tokens[0] if tokens else ""
    else:
        if str(version) == str(obj.version):
            return
        theirs = f"v{version}"
    raise PreconditionFailed(
        _(
            "This %(model)s was changed since you read it. Nothing was saved: read it again, "
            "apply your change to the current values and send it with the new ETag."
        )
        % {"model": obj._meta.verbose_name},
        current=representation,
        changed=changes_since(obj, theirs, set(representation)),
    )
