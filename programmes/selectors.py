"""Reads for programmes and cohorts."""

from django.db.models import Prefetch, QuerySet

from .models import Cohort, Programme


def programmes_for_public() -> QuerySet[Programme]:
    """Announced programmes with their cohorts (dates, destinations, places, status)."""
    return (
        Programme.objects.public()
        .select_related("organiser")
        .prefetch_related(
            Prefetch("cohorts", queryset=Cohort.objects.order_by("-start_date", "phase", "batch"))
        )
        .order_by("name_en")
    )
