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


class AmendmentRequestForm(forms.Form):
    """New dates and/or another host unit for a confirmed or running placement, with why; the
    service (placements.services.amendments) checks the rules and who decides."""

    new_start_date = forms.DateField(
        label=_("New start date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave blank to keep the start date."),
    )
    new_end_date = forms.DateField(
        label=_("New end date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave blank to keep the end date; e.g. the later end of an extension."),
    )
    new_host_unit = forms.ModelChoiceField(
        label=_("New host unit"),
        queryset=HostUnit.objects.none(),
        required=False,
        empty_label=_("Keep the present host unit"),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Shown to whoever approves or rejects the amendment."),
    )

    def __init__(self, *args, host_units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_host_unit"].queryset = host_units
        self.fields["new_host_unit"].label_from_instance = lambda u: u.name_with_organisation
