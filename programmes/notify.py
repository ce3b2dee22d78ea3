"""Who hears about a cohort's steps (see placements/notify.py for the rest of the cycle)."""

from django.conf import settings
from django.urls import reverse

from notifications.selectors import recipients_for_all_department_hr
from notifications.services import notify


def call_opened(cohort):
    """Every department's HR officers hear that a call is open."""
    return notify(
        event="call_opened",
        recipients=recipients_for_all_department_hr(),
        context={
            "cohort": cohort,
            "programme": cohort.programme,
            "closes_at": cohort.nominations_close_at,
            "url": settings.PORTAL_BASE_URL.rstrip("/")
            + reverse("admin:placements_nomination_add"),
        },
        dedupe_key=f"cohort:{cohort.pk}:call_opened",
        related=cohort,
    )
