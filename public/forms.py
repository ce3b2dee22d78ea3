"""The public status enquiry's form: a plain Django form, drawn by its page's own template
(templates/placements/status_enquiry.html) with Bootstrap's classes, not by crispy-forms."""

import re

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from placements.models import REFERENCE_CODE_LENGTH


def normalise_reference_code(value: str) -> str:
    """Accept 'ex 7kq4 m2zp 9txa' as typed; read O as 0 and I or L as 1 (Crockford)."""
    letters = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    if len(letters) == 14 and letters.startswith("EX"):
        letters = letters[2:]
    letters = letters.translate(str.maketrans("OIL", "011"))
    groups = [letters[i : i + 4] for i in range(0, len(letters), 4)]
    return "EX-" + "-".join(groups)


class BootstrapBoundField(BoundField):
    """A field's input with Bootstrap's `form-control`, and `is-invalid` when it has an error
    (which shows its `invalid-feedback` message); Django adds aria-invalid and links the help
    text and the errors with aria-describedby."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            attrs["class"] = "form-control is-invalid"
        return attrs


class StatusEnquiryForm(forms.Form):
    bound_field_class = BootstrapBoundField

    reference_code = forms.CharField(
        label=_("Placement reference code"),
        max_length=40,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=_("As in the letter confirming your placement, e.g. EX-7KQ4-M2ZP-9TXA."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "email"}),
        help_text=_("The address your department gave for you."),
    )

    def clean_reference_code(self):
        code = normalise_reference_code(self.cleaned_data["reference_code"])
        if len(code) != REFERENCE_CODE_LENGTH:
            raise forms.ValidationError(
                _("A reference code has 12 letters and digits after EX-, e.g. EX-7KQ4-M2ZP-9TXA.")
            )
        return code
