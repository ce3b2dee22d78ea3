"""Reads for officers."""

from django.db.models import QuerySet

from exchange_portal.roles import department_scope

from .models import Participant


def participants_for(user) -> QuerySet[Participant]:
    """The officers a staff user may see: all for CSB, their own department's for HR."""
    queryset = Participant.objects.select_related("department", "grade")
    scope = department_scope(user)
    return queryset if scope is None else queryset.filter(department_id=scope)
