"""The choices of a report, shared by the staff reports page and the API."""

from django import forms
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import KeysModelMultipleChoiceField
from programmes.models import Programme

from .reports import ACROSS, DIMENSIONS

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


class CostReportForm(forms.Form):
    """The choices of the costs over the API: programmes and financial years."""

    programmes = KeysModelMultipleChoiceField(
        label=_("Programmes"),
        queryset=None,
        required=False,
        help_text=_("Leave all unticked for every programme."),
    )
    year_from = forms.IntegerField(
        label=_("From the financial year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Financial years by the year they start on 1 April: 2024 is 2024-25."),
    )
    year_to = forms.IntegerField(
        label=_("To the financial year"),
        required=False,
        min_value=FIRST_YEAR,
        max_value=LAST_YEAR,
        help_text=_("Included. Leave both years blank for all years."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = Programme.objects.order_by("name_en")

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
        return cleaned
