"""Forms that the transitions of placements' state tables ask for (placements.transitions),
and the renewal decision's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_HOST_PREFERENCES, MAX_RENEWAL_MONTHS, RenewalDecision


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


PREFERENCE_LABELS = (_("First preference"), _("Second preference"), _("Third preference"))


class HostPreferencesMixin:
    """Up to three host units in order of preference, for a nomination to a call that takes
    them (programmes.Cohort.takes_host_preferences): the fields `preference_1` to
    `preference_3`, each offering `host_units`. The service checks the rules
    (placements.services.rules.check_host_preferences); its refusals, on "host_preferences",
    are shown by the first preference."""

    def add_host_preference_fields(self, *, cohort, host_units, initial=()) -> None:
        if cohort is None or not cohort.takes_host_preferences:
            return
        initial = list(initial)
        for rank, label in enumerate(PREFERENCE_LABELS[:MAX_HOST_PREFERENCES], start=1):
            field = forms.ModelChoiceField(
                label=label,
                queryset=host_units,
                required=False,
                empty_label=_("No preference"),
                initial=initial[rank - 1].pk if len(initial) >= rank else None,
            )
            field.label_from_instance = lambda unit: unit.name_with_organisation
            if cohort.programme.hosts_policy_bureaux_only:
                # A unit outside the rule, if posted, is refused with the rule's words.
                field.error_messages["invalid_choice"] = _(
                    "%(programme)s places officers at policy bureaux only: choose one of the "
                    "units listed."
                ) % {"programme": str(cohort.programme).replace("%", "%%")}
            if rank == 1:
                field.help_text = _(
                    "Optional: up to three host units the officer would prefer, in order. CSB "
                    "sees them beside each unit's places left; the choice remains CSB's."
                )
            self.fields[f"preference_{rank}"] = field

    @property
    def takes_host_preferences(self) -> bool:
        return "preference_1" in self.fields

    def host_preferences(self):
        """The units chosen, in order, blanks left out; None when the form has no such fields
        (the call takes no preferences: nothing to change)."""
        if not self.takes_host_preferences:
            return None
        return [
            self.cleaned_data[f"preference_{rank}"]
            for rank in range(1, MAX_HOST_PREFERENCES + 1)
            if self.cleaned_data.get(f"preference_{rank}") is not None
        ]

    # exchange_portal.forms.add_service_error: the service's field, as this form names it.
    service_error_fields = {"host_preferences": "preference_1"}


class DocumentUploadForm(forms.Form):
    """One required document of a placement; the service checks the file by its content."""

    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
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
