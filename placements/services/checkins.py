"""Check-ins: the reports of a programme's schedule (placements.schedule) opened when their day
comes. Run for each running placement by the daily command; safe to run twice or at the same
time (the placement is locked, each report is unique per placement, author, kind and year)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from .. import notify
from ..models import Placement, PlacementReport
from ..schedule import schedule_for

# A placement's check-ins open while it runs; a few days after its end too, for a yearly
# review due on the day after the last (and a daily run that missed a few days).
OPEN_STATES = (Placement.Status.IN_PROGRESS, Placement.Status.COMPLETED)


@transaction.atomic
def checkins_open(*, placement: Placement, actor=None, today: date | None = None) -> list:
    """Open the placement's check-ins whose opening day has come and that are not open yet
    (the end-of-placement reports are opened by completing it), each author told by mail in
    their language. Returns the reports it opened."""
    today = today or timezone.localdate()
    placement = (
        Placement.objects.select_for_update()
        .select_related("cohort__programme")
        .get(pk=placement.pk)
    )
    if placement.status not in OPEN_STATES:
        return []
    opened = []
    for checkin in schedule_for(placement):
        if checkin.kind == PlacementReport.Kind.FINAL or checkin.opens_on > today:
            continue
        for author in checkin.authors:
            report, created = PlacementReport.objects.get_or_create(
                placement=placement,
                author_role=author,
                kind=checkin.kind,
                sequence=checkin.sequence,
                defaults={"due_on": checkin.due_on},
            )
            if created:
                notify.report_opened(report)
                opened.append(report)
    return opened
