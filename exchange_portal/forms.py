"""Form helpers shared by the staff screens and the admin."""

from django import forms
from django.core.exceptions import ValidationError


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: each message next to the field it names,
    and at the top of the form when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


class KeysModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A multiple choice of records that refuses, with the field's own message, a value too
    large to be a database key. Django looks the values up with `pk__in`, and SQLite raises
    OverflowError (a 500) for an integer beyond 64 bits, where `pk=` would find nothing."""

    def _check_values(self, value):
        for item in value:
            try:
                number = int(str(item))
            except ValueError:
                continue  # Django's own check names it
            if not -(2**63) <= number < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": item},
                )
        return super()._check_values(value)
