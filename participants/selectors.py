"""Reads for officers."""

from django.db.models import QuerySet

from .models import Department, Participant


def participants_for(user) -> QuerySet[Participant]:
    """The officers a user may see (`visible_to`), with what the lists print."""
    return Participant.objects.visible_to(user).select_related("department", "grade")


def departments_for(request) -> QuerySet[Department]:
    """The departments a filter offers: those the user may see; all when there is no request
    (a filter built outside a page, e.g. for the schema)."""
    queryset = Department.objects.order_by("code")
    return queryset if request is None else queryset.visible_to(request.user)
