"""Forms that the transitions of placements' state tables ask for (placements.transitions),
and the renewal decision's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_RENEWAL_MONTHS, RenewalDecision


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


class RenewalDecisionForm(forms.Form):
    """CSB's decision at a long appointment's yearly review (placements.services.renewals):
    the staff placement page asks it; the service holds every rule."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=RenewalDecision.Outcome.choices,
        widget=forms.RadioSelect,
    )
    months = forms.IntegerField(
        label=_("Renew for (months)"),
        required=False,
        min_value=1,
        max_value=MAX_RENEWAL_MONTHS,
        help_text=_(
            "E.g. 12 for a second year. The extension is asked for as an amendment, which "
            "someone else approves."
        ),
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("Recorded with the decision and shown on the placement's page."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("outcome") == RenewalDecision.Outcome.RENEW and not cleaned.get("months"):
            self.add_error("months", _("Say for how many months the placement is renewed."))
        return cleaned
