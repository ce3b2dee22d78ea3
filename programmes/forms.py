"""Forms that the transitions of programmes' state tables ask for (programmes.transitions)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OpenCallForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=_("Nominations close at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Hong Kong time. Late nominations are refused after it."),
    )

    def clean_closes_at(self):
        closes_at = self.cleaned_data["closes_at"]
        if closes_at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future."))
        return closes_at
