"""Helpers every app's services share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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
