"""Form helpers shared by the staff screens and the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def add_service_error(form, error: ValidationError) -> None:
    """Show a service's ValidationError on `form`: each message next to the field it names,
    and at the top of the form when the form has no such field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
    if "confirm_past_dates" in error.error_dict and hasattr(form, "show_past_dates_confirmation"):
        form.show_past_dates_confirmation()  # the warning's "save anyway" box


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


class PastDatesConfirmationMixin:
    """A form whose dates may be already past: they are not refused, but saved only once the
    user ticks "save anyway", a hidden field until the service's warning names the dates
    (refuse_past_dates, on "confirm_past_dates"), shown by add_service_error. The service is
    told whether the box was ticked (`past_dates_confirmed`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm_past_dates"] = forms.BooleanField(
            label=_("These dates are in the past; save anyway"),
            required=False,
            widget=forms.HiddenInput,
        )

    def show_past_dates_confirmation(self) -> None:
        self.fields["confirm_past_dates"].widget = forms.CheckboxInput()

    def service_kwargs(self) -> dict:
        """The cleaned values, the box as the service's `past_dates_confirmed`."""
        data = dict(self.cleaned_data)
        data["past_dates_confirmed"] = bool(data.pop("confirm_past_dates", False))
        return data
