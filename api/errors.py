"""One shape for every API error: {"detail": "...", "code": "...", "errors": {...}}, with
"current" and "changed" added to a 412 (see conflicts.py)."""

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    """The record's state refuses the change (a service's rule); the message names the rule."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record's current state does not allow this change.")
    default_code = "conflict"


class LikelyDuplicateConflict(Conflict):
    """A new officer likely already recorded: the matches the caller may read (id, name,
    department or home organisation, what matched) and how to go on."""

    default_code = "likely_duplicate"

    def __init__(self, detail, *, matches):
        super().__init__(detail, code=self.default_code)
        self.matches = matches


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = _(
        "Send If-Match with the ETag of the record as you read it, so that a change made by "
        "someone else in the meantime is not overwritten."
    )
    default_code = "precondition_required"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "changed_since_read"

    def __init__(self, detail, *, current, changed):
        super().__init__(detail)
        self.current = current
        self.changed = changed


def _messages(value):
    """Error details (nested lists and dicts of ErrorDetail) as plain strings."""
    if isinstance(value, dict):
        return {str(key): _messages(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_messages(item) for item in value]
    return str(value)


def _first_message(value) -> str:
    if isinstance(value, dict):
        value = next(iter(value.values()), "")
    while isinstance(value, list | dict):
        if not value:
            return ""
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return str(value)


def service_error(error: DjangoValidationError) -> exceptions.APIException:
    """A service's refusal as an API error: a fault in named inputs is 400 (fix the request);
    a rule about the record's state (not open, already placed, dates that clash with another
    placement) is 409."""
    by_field = getattr(error, "error_dict", {})
    if set(by_field) - {NON_FIELD_ERRORS}:
        return exceptions.ValidationError(
            {
                "non_field_errors" if field == NON_FIELD_ERRORS else field: [
                    str(m) for m in DjangoValidationError(errors).messages
                ]
                for field, errors in by_field.items()
            }
        )
    code = getattr(error, "code", None) or "conflict"
    return Conflict(" ".join(str(m) for m in error.messages), code=code)


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        exc = service_error(exc)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {
            "detail": _first_message(errors) or str(_("Invalid input.")),
            "code": "invalid",
            "errors": _messages(errors),
        }
    else:
        detail = data.get("detail", "") if isinstance(data, dict) else data
        response.data = {
            "detail": str(detail),
            "code": getattr(detail, "code", None) or exc.default_code,
        }
    if isinstance(exc, PreconditionFailed):
        response.data.update(current=exc.current, changed=exc.changed)
    if isinstance(exc, LikelyDuplicateConflict):
        response.data["matches"] = exc.matches
    return response
