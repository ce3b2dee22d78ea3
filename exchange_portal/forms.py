"""Form helpers shared by the staff screens and the admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services import refuse_past_dates


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
    if "duplicate_choice" in error.error_dict and hasattr(form, "show_duplicate_choice"):
        # The officer may already be recorded: offer the matches (participants.services).
        form.show_duplicate_choice(getattr(error, "matches", []))


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
    user ticks "save anyway", a hidden field until a warning names the dates (the service's,
    as a cohort's, or refuse_unconfirmed_past_dates's from `past_date_fields`), shown by
    add_service_error."""

    # The form's date fields checked by refuse_unconfirmed_past_dates(), blank ones read from
    # `default_dates` (the dates a blank field stands for, e.g. the cohort's).
    past_date_fields: tuple = ()

    def __init__(self, *args, default_dates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_dates = default_dates or {}
        self.fields["confirm_past_dates"] = forms.BooleanField(
            label=_("These dates are in the past; save anyway"),
            required=False,
            widget=forms.HiddenInput,
        )

    def show_past_dates_confirmation(self) -> None:
        self.fields["confirm_past_dates"].widget = forms.CheckboxInput()

    def service_kwargs(self) -> dict:
        """The cleaned values less the box (the service is told nothing of it)."""
        data = dict(self.cleaned_data)
        data.pop("confirm_past_dates", None)
        return data

    def refuse_unconfirmed_past_dates(self) -> None:
        """Unless the box is ticked, refuse (ValidationError on the box) the dates among
        `past_date_fields` already past. Called after the service, in its transaction: the
        other rules speak first, and the refusal rolls the change back."""
        data = self.cleaned_data
        if data.get("confirm_past_dates"):
            return
        today = timezone.localdate()
        past = {}
        for name in self.past_date_fields:
            value = data.get(name) or self.default_dates.get(name)
            if value is not None and value < today:
                label = str(self.fields[name].label)
                past[label[:1].lower() + label[1:]] = value
        refuse_past_dates(past)
