"""Forms of the staff screens that no other entry point shares."""

from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import (
    ChineseSuggestionsMixin,
    KeysModelMultipleChoiceField,
    PastDatesConfirmationMixin,
)
from participants.models import Department, Grade, Participant
from placements.audiences import TEXT_FIELDS
from placements.forms import HostPreferencesMixin, OverBudgetApprovalFields, cost_widgets
from placements.models import (
    HKD,
    Audience,
    HostUnit,
    Placement,
    PlacementCost,
)
from placements.models.messages import BODY_MAX_LENGTH, SUBJECT_MAX_LENGTH
from programmes.forms import BaseSuspensionFormSet
from programmes.models import Cohort, CohortQuota, DurationUnit, Programme, ProgrammeSuspension
from programmes.selectors import agreements_for, programmes_for


def offer_host_units(field, host_units, programme) -> None:
    """Offer `host_units` (placements.selectors.host_units_allowed_for the `programme`) on
    `field`; a unit the programme's host rule leaves out, if posted, is refused with the
    rule's words rather than Django's "Select a valid choice"."""
    field.queryset = host_units
    field.label_from_instance = lambda u: u.name_with_organisation
    if programme is not None and programme.hosts_policy_bureaux_only:
        field.error_messages["invalid_choice"] = _(
            "%(programme)s places officers at policy bureaux only: choose one of the units listed."
        ) % {"programme": str(programme).replace("%", "%%")}  # Django adds %(value)s


class PlacementProposeForm(ChineseSuggestionsMixin, PastDatesConfirmationMixin, forms.ModelForm):
    """Proposing a placement for a selected nomination; the dates default to the cohort's, and
    past ones ask for a confirmation (the service's rule)."""

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

    def __init__(self, *args, host_units, programme=None, **kwargs):
        """`host_units`: the units the `programme`'s officers may go to
        (placements.selectors.host_units_allowed_for), less any the proposal may not go back
        to (a unit that declined it). Another unit posted is refused with the rule's words."""
        super().__init__(*args, **kwargs)
        offer_host_units(self.fields["host_unit"], host_units, programme)
        for name in ("start_date", "end_date"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave blank to use the cohort's dates.")


class AmendmentRequestForm(PastDatesConfirmationMixin, forms.Form):
    """New dates and/or another host unit for a confirmed or running placement, with why; the
    service (placements.services.amendments) checks the rules and who decides. New dates
    already past ask for a confirmation."""

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

    def __init__(self, *args, host_units, programme=None, **kwargs):
        super().__init__(*args, **kwargs)
        offer_host_units(self.fields["new_host_unit"], host_units, programme)


# Programmes and cohorts, created and edited on the staff screens --------------------------


class ProgrammeForm(ChineseSuggestionsMixin, forms.ModelForm):
    """A programme's facts. A coordinator's programmes are their department's: the form has no
    organiser for them (the view sets it; the service holds it)."""

    class Meta:
        model = Programme
        fields = [
            "code",
            "name_en",
            "name_zh_hant",
            "name_zh_hans",
            "kind",
            "organiser",
            "direction",
            "description",
            "description_zh_hant",
            "description_zh_hans",
            "default_duration_value",
            "default_duration_unit",
            "requires_host_acceptance",
            "requires_external_recommendation",
            "recommending_body",
            "recommending_body_zh_hant",
            "recommending_body_zh_hans",
            "hosts_policy_bureaux_only",
            "established_year",
            "initial_checkin_writers",
            "initial_checkin_days",
            "midpoint_checkin_writers",
            "final_report_writers",
            "yearly_review_writers",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "description_zh_hant": forms.Textarea(attrs={"rows": 3}),
            "description_zh_hans": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, organiser_fixed=False, **kwargs):
        super().__init__(*args, **kwargs)
        # Months unless another unit is chosen (the length itself is optional).
        self.fields["default_duration_unit"].required = False
        if organiser_fixed:
            del self.fields["organiser"]
        else:
            self.fields["organiser"].queryset = Department.objects.order_by("code")

    def clean_default_duration_unit(self):
        return self.cleaned_data.get("default_duration_unit") or DurationUnit.MONTH


class CohortForm(ChineseSuggestionsMixin, PastDatesConfirmationMixin, forms.ModelForm):
    """A cohort: identity, dates, places, destination in three languages and who may be
    nominated; a one-off call leaves phase and batch empty; a planned cohort's call may be
    opened on saving (then the closing time is needed)."""

    one_off = forms.BooleanField(
        label=_("One-off call (no phase or batch)"),
        required=False,
        help_text=_("For a single secondment, e.g. one officer to FATF."),
    )
    eligible_grades = KeysModelMultipleChoiceField(
        label=_("Eligible grades"),
        queryset=Grade.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept officers of any grade."),
    )
    eligible_rank_levels = forms.MultipleChoiceField(
        label=_("Eligible rank levels"),
        choices=Participant.RankLevel.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Leave all unticked to accept any rank level."),
    )
    open_call = forms.BooleanField(
        label=_("Open the call for nominations on saving"),
        required=False,
        help_text=_("Nominations are taken from now until the closing time set above."),
    )

    class Meta:
        model = Cohort
        fields = [
            *Cohort.IDENTITY_FIELDS,
            *Cohort.WHEN_AND_WHERE_FIELDS,
            "eligible_grades",
            "eligible_rank_levels",
            "min_age",
            "max_age",
            "min_years_of_service",
        ]
        widgets = {
            "nominations_open_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "nominations_close_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes_for(user).order_by("name_en")
        self.fields["agreement"].queryset = agreements_for(user).order_by("title")
        self.fields["eligible_grades"].queryset = Grade.objects.order_by("code")
        for name in ("phase", "batch"):
            self.fields[name].required = False
            self.fields[name].help_text = _("Leave blank for a one-off call.")
        if self.instance.pk is not None:
            self.fields["one_off"].initial = self.instance.is_one_off
        if self.instance.status != Cohort.Status.PLANNED:
            del self.fields["open_call"]  # only a planned cohort's call opens
        self.fields["places"].min_value = 1
        self.fields["places"].validators.append(MinValueValidator(1))
        self.fields["places"].widget.attrs["min"] = 1

    # The model's rules on two fields, each said next to the field the reader must change
    # (the database holds them too: cohort_ends_after_it_starts and the others).
    PAIRS = [
        ("start_date", "end_date", _("The end date must be after the start date.")),
        (
            "nominations_open_at",
            "nominations_close_at",
            _("Nominations must close after they open."),
        ),
        ("min_age", "max_age", _("The maximum age must not be below the minimum age.")),
    ]

    def clean(self):
        data = super().clean()
        if data.get("one_off"):
            data["phase"] = data["batch"] = None
            self.instance.phase = self.instance.batch = None
        else:
            for name in ("phase", "batch"):
                if data.get(name) is None and name not in self.errors:
                    self.add_error(
                        name,
                        _("Give the phase and the batch, or tick “One-off call”."),
                    )
        for first, second, message in self.PAIRS:
            low, high = data.get(first), data.get(second)
            strict = first != "min_age"
            if low is not None and high is not None and (high <= low if strict else high < low):
                self.add_error(second, message)
        if data.get("open_call") and not data.get("nominations_close_at"):
            self.add_error(
                "nominations_close_at", _("Set when nominations close to open the call.")
            )
        return data

    def service_kwargs(self) -> dict:
        """The cleaned values as the cohort service's keywords."""
        data = dict(self.cleaned_data)
        data.pop("one_off", None)
        return {
            **data,
            "eligible_rank_levels": list(data.get("eligible_rank_levels") or []),
            "past_dates_confirmed": bool(data.pop("confirm_past_dates", False)),
            "open_call": bool(data.pop("open_call", False)),
        }


class CohortQuotaForm(forms.ModelForm):
    places = forms.IntegerField(label=_("Places"), min_value=1, max_value=32767)

    class Meta:
        model = CohortQuota
        fields = ["department", "places"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.order_by("code")


class BaseCohortQuotaFormSet(forms.BaseInlineFormSet):
    def add_fields(self, form, index):
        super().add_fields(form, index)
        # A row whose quota was removed meanwhile (another tab, another user): say so on the
        # row, not Django's "Select a valid choice" on a hidden field nobody sees.
        form.fields["id"].error_messages["invalid_choice"] = _(
            "This quota was changed or removed meanwhile: reload the page."
        )


CohortQuotaFormSet = forms.inlineformset_factory(
    Cohort,
    CohortQuota,
    form=CohortQuotaForm,
    formset=BaseCohortQuotaFormSet,
    extra=2,
    can_delete=True,
    max_num=100,
    validate_max=True,
)


class ProgrammeSuspensionForm(ChineseSuggestionsMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeSuspension
        fields = ["starts_on", "ends_on", "reason", "reason_zh_hant", "reason_zh_hans"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "reason": forms.Textarea(attrs={"rows": 2}),
            "reason_zh_hant": forms.Textarea(attrs={"rows": 2}),
            "reason_zh_hans": forms.Textarea(attrs={"rows": 2}),
        }


SuspensionFormSet = forms.inlineformset_factory(
    Programme,
    ProgrammeSuspension,
    form=ProgrammeSuspensionForm,
    formset=BaseSuspensionFormSet,
    extra=1,
    can_delete=True,
    max_num=50,
    validate_max=True,
)


def formset_quotas(formset) -> list:
    """The (department, places) pairs a valid quota formset keeps."""
    return [
        (form.cleaned_data["department"], form.cleaned_data["places"])
        for form in formset.forms
        if form.cleaned_data
        and not form.cleaned_data.get("DELETE")
        and form.cleaned_data.get("department")
        and form.cleaned_data.get("places") is not None
    ]


class ErasureForm(forms.Form):
    """Erase an officer's personal data at their request (operations.erasure checks the rest)."""

    reason = forms.CharField(
        label=_("Reference of the erasure request"),
        max_length=80,
        help_text=_(
            "The file or letter reference of the officer's request, e.g. CSB/PDPO/2026/17. "
            "It is kept in the officer's history; do not write the officer's name."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I understand that this cannot be undone: the name, contact details and staff "
            "number go from every record and every history row."
        ),
    )


class MergeForm(forms.Form):
    """Merge another record of the same officer into this one (operations.merge checks the
    rest, and refuses what would break a rule)."""

    other = forms.IntegerField(
        label=_("Number of the other record"),
        min_value=1,
        max_value=2**31 - 1,
        widget=forms.HiddenInput,
    )
    reason = forms.CharField(
        label=_("Why these are one person's records"),
        max_length=70,
        help_text=_(
            "E.g. 'same e-mail and date of birth; confirmed with EPD HR'. Kept in both "
            "records' history."
        ),
    )
    confirm = forms.BooleanField(
        label=_(
            "I have compared the two records: the other record is deleted and everything it "
            "holds moves to this one."
        ),
    )


class NominationForm(HostPreferencesMixin, forms.Form):
    """Nominating one officer for an open call from its page: the officers offered are those
    the nominator may put forward (their own department's Hong Kong officers; any for CSB),
    and, where the call takes them, up to three host units in order of preference; the service
    (placements.services.nominations.nomination_create) checks every rule."""

    participant = forms.ModelChoiceField(
        label=_("Officer"),
        queryset=Participant.objects.none(),
        empty_label=_("Choose an officer"),
        help_text=_("Officers of your department; the call's eligibility is checked on saving."),
    )
    rank = forms.IntegerField(
        label=_("Department's ranking"),
        min_value=1,
        max_value=32767,
        initial=1,
        help_text=_("1 is the department's first choice."),
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the department puts this officer forward."),
    )

    def __init__(self, *args, officers, cohort=None, host_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["participant"]
        field.queryset = officers
        field.label_from_instance = officer_label
        self.add_host_preference_fields(cohort=cohort, host_units=host_units)

    def service_kwargs(self) -> dict:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("preference_")}
        return {**data, "host_preferences": self.host_preferences()}


class NominationPreferencesForm(HostPreferencesMixin, forms.Form):
    """Changing the host units a submitted nomination's officer prefers, in order."""

    def __init__(self, *args, cohort, host_units, initial_units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.add_host_preference_fields(cohort=cohort, host_units=host_units, initial=initial_units)


def officer_label(officer) -> str:
    """An officer as the choice names them: name, department and grade."""
    parts = [officer.affiliation_code]
    if officer.grade_id:
        parts.append(officer.grade.code)
    return f"{officer.display_name} ({', '.join(p for p in parts if p)})"


# What a placement costs (decision 0049) ------------------------------------------------------


class PlacementCostForm(forms.ModelForm):
    """A planned or actual cost of a placement, in the currency paid, with the rate to HK$ and
    where it comes from; the service converts, checks the budget and asks for the approval of
    a commitment beyond it."""

    approve_over_budget = OverBudgetApprovalFields.base_fields["approve_over_budget"]
    over_budget_reason = OverBudgetApprovalFields.base_fields["over_budget_reason"]

    class Meta:
        model = PlacementCost
        fields = PlacementCost.INPUT_FIELDS
        widgets = cost_widgets()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rate_to_hkd"].required = False
        self.fields["rate_to_hkd"].help_text = _(
            "Hong Kong dollars for one unit of the currency, e.g. 1.083456 for one renminbi; "
            "leave blank for HK$ (the rate is 1)."
        )

    def clean(self):
        cleaned = super().clean()
        currency, rate = cleaned.get("currency"), cleaned.get("rate_to_hkd")
        if rate is None and currency == HKD:
            cleaned["rate_to_hkd"] = Decimal("1")
        elif rate is None and currency and "rate_to_hkd" not in self.errors:
            self.add_error(
                "rate_to_hkd", _("Give the rate to HK$ of %(currency)s.") % {"currency": currency}
            )
        return cleaned

    def service_kwargs(self) -> dict:
        return {
            **{name: self.cleaned_data[name] for name in PlacementCost.INPUT_FIELDS},
            "approve_over_budget": self.cleaned_data.get("approve_over_budget", False),
            "over_budget_reason": self.cleaned_data.get("over_budget_reason", ""),
        }


class CostDeleteForm(OverBudgetApprovalFields):
    """Removing a cost: an actual cost removed brings its line's planned ones back, which may
    go beyond the budget (then the approval is asked for)."""


class CohortMessageForm(ChineseSuggestionsMixin, forms.Form):
    """A message to a cohort: the groups it goes to, its subject and text in English and,
    optionally, in Traditional and Simplified Chinese (one of them filled offers the other)."""

    audiences = forms.MultipleChoiceField(
        label=_("Send to"),
        choices=Audience.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one group of recipients.")},
        help_text=_(
            "Officers whose nomination or placement was withdrawn, declined or not selected "
            "are never written to. Someone in several groups gets one e-mail."
        ),
    )
    subject_en = forms.CharField(label=_("Subject (English)"), max_length=SUBJECT_MAX_LENGTH)
    body_en = forms.CharField(
        label=_("Message (English)"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Readers whose language has no text below get this one. The greeting with their "
            "name and the portal's signature are added."
        ),
    )
    subject_zh_hant = forms.CharField(
        label=_("Subject (Traditional Chinese)"), max_length=SUBJECT_MAX_LENGTH, required=False
    )
    body_zh_hant = forms.CharField(
        label=_("Message (Traditional Chinese)"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    subject_zh_hans = forms.CharField(
        label=_("Subject (Simplified Chinese)"), max_length=SUBJECT_MAX_LENGTH, required=False
    )
    body_zh_hans = forms.CharField(
        label=_("Message (Simplified Chinese)"),
        max_length=BODY_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    preview_key = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in TEXT_FIELDS}
