"""Forms of the officers' and host contacts' portal."""

from django import forms

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
