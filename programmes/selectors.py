"""Reads for programmes and cohorts."""

from django.db.models import Prefetch, QuerySet

from .models import Cohort, PartnerAgreement, Programme


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


def cohorts_for(user) -> QuerySet[Cohort]:
    """The cohorts a staff user may see and act on."""
    return Cohort.objects.visible_to(user).select_related("programme", "agreement")


def programmes_for(user) -> QuerySet[Programme]:
    """The programmes a staff user may see and act on."""
    return Programme.objects.visible_to(user).select_related("organiser")


def agreements_for(user) -> QuerySet[PartnerAgreement]:
    """The partner agreements a staff user may see and act on."""
    return PartnerAgreement.objects.visible_to(user).select_related("programme")
