"""Forms of the officers' and host contacts' portal."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.models import PlacementReport


class ReportForm(forms.ModelForm):
    class Meta:
        model = PlacementReport
        fields = ["summary", "experience_gained", "recommendations"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "experience_gained": forms.Textarea(attrs={"rows": 5}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }


class HostDeclineForm(forms.Form):
    """Why the host unit cannot take the officer: required, and kept on the placement."""

    reason = forms.CharField(
        label=_("Why does your unit decline this placement?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_("CSB reads this to withdraw the proposal or propose another unit."),
        error_messages={"required": _("Say why your unit declines the placement.")},
    )
