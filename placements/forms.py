"""Forms that the transitions of placements' state tables ask for (placements.transitions)."""

from django import forms
from django.utils.translation import gettext_lazy as _


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


class OverBudgetApprovalFields(forms.Form):
    """The approval a cost beyond its budget needs (decision 0049), asked on the staff page and
    in the admin alike; the service decides whether it is needed and who may give it."""

    approve_over_budget = forms.BooleanField(
        label=_("Approve going over the budget"),
        required=False,
        help_text=_("Only a CSB programme manager may approve, and only with a reason."),
    )
    over_budget_reason = forms.CharField(
        label=_("Reason for going over the budget"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def cost_widgets() -> dict:
    return {
        "rate_date": DATE_WIDGET,
        "incurred_on": DATE_WIDGET,
        "note": forms.Textarea(attrs={"rows": 2}),
    }
