import re

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import KeysModelMultipleChoiceField

from .models import REFERENCE_CODE_LENGTH, HostUnit, Placement, PlacementReport


def normalise_reference_code(value: str) -> str:
    """Accept 'ex 7kq4 m2zp 9txa' as typed; read O as 0 and I or L as 1 (Crockford)."""
    letters = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    if len(letters) == 14 and letters.startswith("EX"):
        letters = letters[2:]
    letters = letters.translate(str.maketrans("OIL", "011"))
    groups = [letters[i : i + 4] for i in range(0, len(letters), 4)]
    return "EX-" + "-".join(groups)


class StatusEnquiryForm(forms.Form):
    reference_code = forms.CharField(
        label=_("Placement reference code"),
        max_length=40,
        help_text=_("As in the letter confirming your placement, e.g. EX-7KQ4-M2ZP-9TXA."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        help_text=_("The address your department gave for you."),
    )

    def clean_reference_code(self):
        code = normalise_reference_code(self.cleaned_data["reference_code"])
        if len(code) != REFERENCE_CODE_LENGTH:
            raise forms.ValidationError(
                _("A reference code has 12 letters and digits after EX-, e.g. EX-7KQ4-M2ZP-9TXA.")
            )
        return code


class ReportForm(forms.ModelForm):
    class Meta:
        model = PlacementReport
        fields = ["summary", "experience_gained", "recommendations"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "experience_gained": forms.Textarea(attrs={"rows": 5}),
            "recommendations": forms.Textarea(attrs={"rows": 4}),
        }


class RecommendationForm(forms.Form):
    recommended_by = forms.CharField(
        label=_("Recommended by"),
        max_length=200,
        help_text=_(
            "The body outside the government that recommended the candidates, e.g. the Office "
            "of the Commissioner of the Ministry of Foreign Affairs."
        ),
    )
    recommended_on = forms.DateField(
        label=_("Recommended on"), widget=forms.DateInput(attrs={"type": "date"})
    )


class PlacementProposeForm(forms.ModelForm):
    """Proposing a placement for a selected nomination; the dates default to the cohort's."""

    class Meta:
        model = Placement
        fields = [
            "host_unit",
            "start_date",
            "end_date",
            "role_title",
            "duties",
            "supervisor_name",
            "supervisor_title",
            "focus_areas",
        ]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}),
            "end_date": forms.DateInput(attrs={"type": "date"}),
            "duties": forms.Textarea(attrs={"rows": 4}),
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


FIRST_YEAR, LAST_YEAR = 2000, 2100
MOST_YEARS = 30


class FiguresReportForm(forms.Form):
    """The choices of the reports page, sent by GET so that a report is a shareable address."""

    programmes = KeysModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked for every programme."),
    )
    year_from = forms.IntegerField(
        label=_("From the year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("The year the placement started (for nominations: the cohort)."),
    )
    year_to = forms.IntegerField(
        label=_("To the year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Included. Leave both years blank for all years."),
    )
    by = forms.ChoiceField(label=_("Count officers by"), initial="programme")
    across = forms.ChoiceField(
        label=_("Across the columns"),
        required=False,
        initial="year",
        help_text=_("Cross the breakdown by programme or year for a table with row totals."),
    )

    def __init__(self, *args, **kwargs):
        from programmes.models import Programme

        from .reports import ACROSS, DIMENSIONS

        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.order_by("name_en")
        self.fields["by"].choices = [(key, d.label) for key, d in DIMENSIONS.items()]
        self.fields["across"].choices = [("", _("Nothing (one column of officers)"))] + [
            (key, DIMENSIONS[key].label) for key in ACROSS
        ]

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("year_from"), cleaned.get("year_to")
        if first is not None and last is not None:
            if last < first:
                self.add_error("year_to", _("The last year must not be before the first."))
            elif last - first >= MOST_YEARS:
                self.add_error(
                    "year_to",
                    _("Choose at most %(count)s years at a time.") % {"count": MOST_YEARS},
                )
        by, across = cleaned.get("by"), cleaned.get("across")
        if by and across and by == across:
            self.add_error(
                "across", _("Cross by something other than the rows' breakdown, or by nothing.")
            )
        return cleaned
