"""Helpers every app's services share."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from .history import changes_since
from .names import list_separator


def save_with_history(
    instance: models.Model, *, actor, reason: str = "", exclude=()
) -> models.Model:
    """Validate against every model rule (fields, constraints) and save, recording the actor in
    the history row. Raises ValidationError naming the fields at fault."""
    instance.full_clean(exclude=list(exclude) or None)
    instance._history_user = actor
    if reason:
        instance._change_reason = reason
    instance.save()
    return instance


def require(condition: bool, message, *, field: str | None = None, code: str = "invalid"):
    """Raise a ValidationError with `message` (on `field`, when given) unless `condition`."""
    if not condition:
        raise ValidationError({field: message} if field else message, code=code)


def refuse_past_dates(dates: dict, *, field: str = "confirm_past_dates") -> None:
    """Rule: dates already past are saved only once the user confirms them. `dates`: each
    past date's label and value, named in the refusal (on `field`, the "save anyway" box)."""

    def shown(value):
        if isinstance(value, datetime.datetime):
            return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")
        return formats.date_format(value, "DATE_FORMAT")

    require(
        not dates,
        _("These dates are already past: %(fields)s. Check them, or tick the box to save anyway.")
        % {
            "fields": list_separator().join(
                f"{label} ({shown(value)})" for label, value in dates.items()
            )
        },
        field=field,
        code="past_dates",
    )


def assign_fields(instance: models.Model, fields: dict, *, protected=frozenset()) -> None:
    """Copy `fields` onto `instance`, silently leaving out the ones the caller may not set
    (status and the like move only through transitions)."""
    for name, value in fields.items():
        if name not in protected:
            setattr(instance, name, value)


def require_permission(actor, permission: str) -> None:
    """Refuse (PermissionDenied) an actor who lacks the model permission `app.codename`."""
    if actor is None or not actor.has_perm(permission):
        raise PermissionDenied(_("You do not have permission to do this."))


class StaleVersion(ValidationError):
    """The refusal of a change made to a copy that is no longer current (code "stale"). Screens
    show its message; the API answers 412 from what it carries: the `version` the caller had,
    who changed the record since (`changed_by`) and the (field, was, now) `changes`."""

    def __init__(
        self, message, code="stale", params=None, *, version=None, changed_by="", changes=()
    ):
        super().__init__(message, code=code, params=params)
        self.version = version
        self.changed_by = changed_by
        self.changes = list(changes)


def require_version(obj: models.Model, expected_version: int | None, *, fields=None) -> None:
    """Refuse (StaleVersion) a change made to a copy of `obj` that is no longer current:
    `expected_version` is the `version` the editor opened or the API client read. The message
    says who changed what since, from what to what, so that nothing is silently overwritten
    (issue 7.1). Call it on the locked row."""
    if expected_version is None or obj.version == expected_version:
        return
    changes = changes_since(obj, version=expected_version, fields=fields)
    changed_by = _changed_by(obj)
    raise StaleVersion(
        _(
            "This %(model)s was changed since you opened it%(by)s: %(changes)s. Nothing was "
            "saved. Open it again to see the current values, then make your change again."
        )
        % {
            "model": obj._meta.verbose_name,
            "by": _(" (by %(user)s)") % {"user": changed_by} if changed_by else "",
            "changes": "; ".join(_described(obj, changes)) or _("its status or other details"),
        },
        version=expected_version,
        changed_by=changed_by,
        changes=changes,
    )


def _described(obj, changes) -> list[str]:
    """ "field: old → new" for each (field, was, now) of `changes`, as staff read them."""
    described = []
    for field, was, now in changes:
        if field.is_relation:
            was = field.related_model._default_manager.filter(pk=was).first() or was
            now = getattr(obj, field.name)
        elif field.choices:
            was = dict(field.flatchoices).get(was, was)
            now = dict(field.flatchoices).get(now, now)
        described.append(f"{field.verbose_name}: {was or '—'} → {now or '—'}")
    return described


def _changed_by(obj) -> str:
    latest = obj.history.select_related("history_user").order_by("-history_id").first()
    if latest is None or latest.history_user is None:
        return ""
    return latest.history_user.get_username()
