"""Forms of the staff screens that no other entry point shares."""

from django import forms
from django.utils.translation import gettext_lazy as _

from placements.models import (
    HostUnit,
    Placement,
)


class PlacementProposeForm(forms.ModelForm):
    """Proposing a placement for a selected nomination; the dates default to the cohort's."""

    class Meta:
        model = Placement
        fields = [*Placement.MOVING_FIELDS, *Placement.ROLE_FIELDS]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "duties": forms.Textarea(attrs={"rows": 4}),
            "duties_zh_hant": forms.Textarea(attrs={"rows": 4}),
            "duties_zh_hans": forms.Textarea(attrs={"rows": 4}),
            "focus_areas": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host_unit"].queryset = HostUnit.objects.select_related(
            "organisation"
        ).order_by("organisation__name_en", "name_en")
        for name in ("start_date", "end_date"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave blank to use the cohort's dates.")
