"""Form helpers shared by the staff screens and the admin."""

from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: each message next to the field it names,
    and at the top of the form when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
