"""Forms of the officers' and host contacts' portal."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from exchange_portal.forms import ChineseSuggestionsMixin
from exchange_portal.imports import max_bytes
from participants.forms import DuplicateChoiceMixin, duplicate_choice_field
from placements.forms import HostPreferencesMixin
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


class PartnerOfficerForm(
    HostPreferencesMixin, DuplicateChoiceMixin, ChineseSuggestionsMixin, forms.Form
):
    """One partner-government officer put forward for an inbound batch. Names in Traditional
    and Simplified Chinese (`<base>_zh_hant` / `<base>_zh_hans` fields) offer each other; an
    officer of the government likely already recorded asks whether it is the same person.
    Where the batch takes them, up to three host units in order of preference."""

    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=200,
        help_text=_("As on the officer's record, surname first, e.g. LI Ming."),
    )
    name_zh_hans = forms.CharField(
        label=_("Name (Simplified Chinese)"), max_length=100, required=False
    )
    name_zh_hant = forms.CharField(
        label=_("Name (Traditional Chinese)"), max_length=100, required=False
    )
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    home_organisation = forms.CharField(
        label=_("Home organisation"),
        max_length=200,
        help_text=_("The officer's own organisation, e.g. Futian District Government."),
    )
    home_organisation_zh_hans = forms.CharField(
        label=_("Home organisation (Simplified Chinese)"), max_length=200, required=False
    )
    home_organisation_zh_hant = forms.CharField(
        label=_("Home organisation (Traditional Chinese)"), max_length=200, required=False
    )
    partner_reference = forms.CharField(
        label=_("Partner reference"),
        max_length=40,
        required=False,
        help_text=_("Your government's own reference for the officer, if it has one."),
    )
    rank = forms.CharField(label=_("Rank"), max_length=100, required=False)
    language = forms.ChoiceField(
        label=_("Language of mail"),
        choices=settings.LANGUAGES,
        help_text=_("The language the portal writes to the officer in."),
    )
    statement = forms.CharField(
        label=_("Statement"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why you put this officer forward (optional)."),
    )

    duplicate_choice = duplicate_choice_field()

    def __init__(self, *args, partner=None, cohort=None, host_units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if partner is not None:
            self.fields["language"].initial = partner.language
        self.add_host_preference_fields(cohort=cohort, host_units=host_units)

    def service_kwargs(self) -> dict:
        """The officer's fields, the statement and the preferences, as the put-forward
        service's keywords."""
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("preference_")}
        return {**data, "host_preferences": self.host_preferences()}


class PartnerImportForm(forms.Form):
    """A CSV or XLSX list of officers for one of the partner's open inbound batches."""

    cohort = forms.ModelChoiceField(
        label=_("Inbound batch"),
        queryset=None,
        empty_label=None,
        help_text=_("The officers are put forward for this batch."),
    )
    import_file = forms.FileField(label=_("File"))

    def __init__(self, *args, cohorts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["import_file"].help_text = _(
            "A CSV file (UTF-8) or an Excel workbook (XLSX) of at most %(size)s KB. Row 1 names "
            "the columns."
        ) % {"size": max_bytes() // 1024}

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > max_bytes():
            raise forms.ValidationError(
                _("The file is %(size)s KB; an import may be at most %(limit)s KB.")
                % {"size": upload.size // 1024, "limit": max_bytes() // 1024}
            )
        return upload
