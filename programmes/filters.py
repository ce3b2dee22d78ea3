import django_filters
from django.utils.translation import gettext_lazy as _

from exchange_portal.filters import DateRangeWidget, text_search

from .models import COHORT_SEARCH_FIELDS, Cohort, Direction, Programme


class ProgrammeFilter(django_filters.FilterSet):
    q = text_search("code", "name_en", "name_zh_hant", "name_zh_hans", label=_("Name or code"))
    kind = django_filters.ChoiceFilter(choices=Programme.Kind.choices, label=_("Kind"))
    status = django_filters.ChoiceFilter(choices=Programme.Status.choices, label=_("Status"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))

    class Meta:
        model = Programme
        fields = ["q", "kind", "status", "direction"]


class CohortFilter(django_filters.FilterSet):
    q = text_search(
        *COHORT_SEARCH_FIELDS,
        "programme__name_en",
        "programme__name_zh_hant",
        label=_("Name, destination or programme"),
    )
    programme = django_filters.ModelChoiceFilter(
        queryset=Programme.objects.order_by("name_en"), label=_("Programme")
    )
    status = django_filters.ChoiceFilter(choices=Cohort.Status.choices, label=_("Status"))
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Direction"))
    start_date = django_filters.DateFromToRangeFilter(
        label=_("Starting between"), widget=DateRangeWidget
    )

    class Meta:
        model = Cohort
        fields = ["q", "programme", "status", "direction", "start_date"]
