"""Reads for officers."""

from django.db.models import QuerySet

from exchange_portal.roles import department_scope

from .models import Department, Participant


def participants_for(user) -> QuerySet[Participant]:
    """The officers a staff user may see: all for CSB, their own department's for HR."""
    queryset = Participant.objects.select_related("department", "grade")
    scope = department_scope(user)
    return queryset if scope is None else queryset.filter(department_id=scope)


def departments_for(request) -> QuerySet[Department]:
    """The departments a filter offers: all for CSB, the HR officer's own for HR."""
    scope = department_scope(request.user) if request is not None else None
    queryset = Department.objects.order_by("code")
    return queryset if scope is None else queryset.filter(pk=scope)
