import django_filters
from django.utils.translation import gettext_lazy as _

from exchange_portal.filters import DateRangeWidget, text_search
from exchange_portal.names import localised_name, name_fields
from exchange_portal.scoping import sees_every_row
from participants.models import Grade, Language, Participant
from participants.selectors import departments_for
from programmes.models import Cohort, Programme

from .models import FocusArea, HostOrganisation, HostUnit, Nomination, Placement

COUNTRY_FIELDS = name_fields("", "country")


def _countries():
    """The hosts' countries: the English name is the option's value (so a link with a filter
    works in every language), its label the reader's form."""
    labels = {}
    rows = HostOrganisation.objects.order_by(*COUNTRY_FIELDS).values_list(*COUNTRY_FIELDS)
    for english, hant, hans in rows.distinct():
        label = localised_name(english, hant, hans)
        if labels.get(english, english) == english:
            labels[english] = label
    return list(labels.items())


class HostOrganisationFilter(django_filters.FilterSet):
    q = text_search(through=("",), label=_("Name or city"))
    kind = django_filters.ChoiceFilter(choices=HostOrganisation.Kind.choices, label=_("Kind"))
    country = django_filters.ChoiceFilter(choices=_countries, label=_("Country or region"))

    class Meta:
        model = HostOrganisation
        fields = ["q", "kind", "country"]


class HostUnitFilter(django_filters.FilterSet):
    q = text_search(through=("", "organisation"), label=_("Unit or organisation"))
    organisation = django_filters.ModelChoiceFilter(
        queryset=HostOrganisation.objects.order_by("name_en"), label=_("Host organisation")
    )
    country = django_filters.ChoiceFilter(
        field_name="organisation__country", choices=_countries, label=_("Country or region")
    )

    class Meta:
        model = HostUnit
        fields = ["q", "organisation", "country"]


class _OfficerFilters(django_filters.FilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="cohort__programme",
        queryset=Programme.objects.order_by("name_en"),
        label=_("Programme"),
    )
    cohort = django_filters.ModelChoiceFilter(
        queryset=Cohort.objects.only("pk", *name_fields("", "name")).order_by("-start_date", "pk"),
        label=_("Cohort"),
    )
    department = django_filters.ModelChoiceFilter(
        field_name="participant__department", queryset=departments_for, label=_("Department")
    )
    grade = django_filters.ModelChoiceFilter(
        field_name="participant__grade", queryset=Grade.objects.order_by("code"), label=_("Grade")
    )
    rank_level = django_filters.ChoiceFilter(
        field_name="participant__rank_level",
        choices=Participant.RankLevel.choices,
        label=_("Rank level"),
    )

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # With a programme chosen, the cohort list offers that programme's cohorts only (a
        # thousand cohorts in one list is neither usable nor cheap to send).
        programme = (data or {}).get("programme", "")
        if isinstance(programme, str) and programme.isdigit():
            cohort = self.filters["cohort"]
            cohort.queryset = cohort.queryset.filter(programme_id=int(programme))
        self._programme_chosen = (
            int(programme) if isinstance(programme, str) and (programme.isdigit()) else None
        )

    def kept_choices(self, request) -> dict:
        """The filters whose options the staff lists render once per figures version and
        language (exchange_portal.filters.plain_selects), each with what else its choices depend
        on: the cohorts on the programme chosen, the departments on the user's reach (kept only
        for those who see them all). Every model named here makes a new figures version when
        it changes (figures/signals.py)."""
        keys = {"programme": (), "cohort": self._programme_chosen, "grade": (), "rank_level": ()}
        if request is not None and sees_every_row(request.user):
            keys["department"] = "every department"
        return keys


class NominationFilter(_OfficerFilters):
    q = text_search(through=("participant",), label=_("Officer's name or staff number"))
    status = django_filters.ChoiceFilter(choices=Nomination.Status.choices, label=_("Status"))

    def kept_choices(self, request) -> dict:
        return {**super().kept_choices(request), "status": ()}

    class Meta:
        model = Nomination
        fields = ["q", "status", "programme", "cohort", "department", "grade", "rank_level"]


class PlacementFilter(_OfficerFilters):
    q = text_search(
        through=("", "participant", "host_unit", "host_unit__organisation"),
        label=_("Reference, officer or host"),
    )
    status = django_filters.ChoiceFilter(choices=Placement.Status.choices, label=_("Status"))
    host_organisation = django_filters.ModelChoiceFilter(
        field_name="host_unit__organisation",
        queryset=HostOrganisation.objects.order_by("name_en"),
        label=_("Host organisation"),
    )
    country = django_filters.ChoiceFilter(
        field_name="host_unit__organisation__country",
        choices=_countries,
        label=_("Country or region"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        field_name="focus_areas",
        queryset=FocusArea.objects.order_by("name_en"),
        label=_("Focus area"),
        distinct=True,
    )
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Starting between"), widget=DateRangeWidget
    )

    def kept_choices(self, request) -> dict:
        keys = {"status": (), "host_organisation": (), "country": (), "focus_area": ()}
        return {**super().kept_choices(request), **keys}

    class Meta:
        model = Placement
        fields = [
            "q",
            "status",
            "programme",
            "cohort",
            "department",
            "grade",
            "rank_level",
            "host_organisation",
            "country",
            "focus_area",
            "start_date",
        ]


def _return_years():
    """The years officers came back in, newest first (the option's value is the year)."""
    days = (
        Placement.objects.filter(status=Placement.Status.COMPLETED)
        .order_by()
        .dates("end_date", "year", order="DESC")
    )
    return [(day.year, str(day.year)) for day in days]


class ReturneeFilter(_OfficerFilters):
    """The list of returnees: by programme, focus area, host, working language, grade and year
    of return (and the officer filters the other staff lists have)."""

    q = text_search(through=("participant",), label=_("Officer's name or staff number"))
    host_organisation = django_filters.ModelChoiceFilter(
        field_name="host_unit__organisation",
        queryset=HostOrganisation.objects.order_by("name_en"),
        label=_("Host organisation"),
    )
    focus_area = django_filters.ModelChoiceFilter(
        field_name="focus_areas",
        queryset=FocusArea.objects.order_by("name_en"),
        label=_("Focus area"),
        distinct=True,
    )
    language = django_filters.ModelChoiceFilter(
        field_name="participant__languages",
        queryset=Language.objects.order_by("name_en"),
        label=_("Working language"),
        distinct=True,
    )
    year = django_filters.TypedChoiceFilter(
        field_name="end_date__year",
        choices=_return_years,
        coerce=int,
        label=_("Year of return"),
    )

    def kept_choices(self, request) -> dict:
        keys = {"host_organisation": (), "focus_area": ()}
        return {**super().kept_choices(request), **keys}

    class Meta:
        model = Placement
        fields = [
            "q",
            "programme",
            "cohort",
            "department",
            "grade",
            "rank_level",
            "host_organisation",
            "focus_area",
            "language",
            "year",
        ]
