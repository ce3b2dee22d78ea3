import django_filters
from django.utils.translation import gettext_lazy as _

from exchange_portal.filters import text_search

from .models import Grade, Participant
from .selectors import departments_for


class ParticipantFilter(django_filters.FilterSet):
    q = text_search(through=("",), label=_("Name, e-mail or staff number"))
    origin = django_filters.ChoiceFilter(choices=Participant.Origin.choices, label=_("Origin"))
    department = django_filters.ModelChoiceFilter(queryset=departments_for, label=_("Department"))
    grade = django_filters.ModelChoiceFilter(
        queryset=Grade.objects.order_by("code"), label=_("Grade")
    )
    rank_level = django_filters.ChoiceFilter(
        choices=Participant.RankLevel.choices, label=_("Rank level")
    )

    class Meta:
        model = Participant
        fields = ["q", "origin", "department", "grade", "rank_level"]
