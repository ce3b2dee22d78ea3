"""Steps the calendar takes: calls close, placements start and end, cohorts follow, reports
fall due. Run daily by `manage.py advance_placements`; safe to run twice, at the same time, or
after missed days, because each step is a transition that re-checks the row's status under a
lock and is skipped when another run got there first."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exchange_portal.workflow import run_transition
from programmes.models import Cohort
from programmes.services import cohort_start, cohort_start_selection
from programmes.workflow import COHORT_WORKFLOW

from ..models import Placement, PlacementReport
from .checkins import OPEN_STATES, checkins_open
from .placements import placement_complete, placement_start

logger = logging.getLogger(__name__)

REMINDER_DAYS_BEFORE = 7
# A completed placement's check-ins are still opened for this many days after its end (a
# yearly review due on the day after the last; daily runs missed).
CHECKINS_AFTER_END_DAYS = 31


def _each(queryset, step, counts: Counter, key: str):
    """Apply `step` to every row in its own transaction; a row another run already moved is
    skipped, a failure is logged and does not stop the others."""
    for pk in list(queryset.values_list("pk", flat=True)):
        obj = queryset.model._default_manager.get(pk=pk)
        try:
            with transaction.atomic():
                if step(obj):
                    counts[key] += 1
        except ValidationError as refusal:
            if getattr(refusal, "code", None) == "programme_not_active":
                # A rule, not a race: the programme is suspended or closed. The record stays
                # as it is (the dashboard flags it past its date) until someone acts.
                logger.info(
                    "advance_placements: %s held for %s %s: %s",
                    key,
                    obj._meta.label,
                    pk,
                    " ".join(refusal.messages),
                )
                counts[f"{key}: held, programme not active"] += 1
            # else another run moved it in the meantime: nothing left to do
        except Exception:
            logger.exception("advance_placements: %s failed for %s %s", key, obj._meta.label, pk)
            counts[f"{key} failed"] += 1


def advance(*, today: date | None = None, notify_reminder=None) -> Counter:
    """Everything due by `today` (default: today in Hong Kong). Returns what it did."""
    today = today or timezone.localdate()
    now = timezone.now()
    counts: Counter = Counter()

    _each(
        Cohort.objects.filter(status=Cohort.Status.NOMINATIONS_OPEN, nominations_close_at__lte=now),
        lambda c: cohort_start_selection(cohort=c, actor=None),
        counts,
        "calls closed",
    )
    _each(
        Placement.objects.filter(status=Placement.Status.CONFIRMED, start_date__lte=today),
        lambda p: placement_start(placement=p, actor=None),
        counts,
        "placements started",
    )
    _each(
        Placement.objects.filter(status=Placement.Status.IN_PROGRESS, end_date__lt=today),
        lambda p: placement_complete(placement=p, actor=None),
        counts,
        "placements completed",
    )
    _each(
        Cohort.objects.filter(status=Cohort.Status.CONFIRMED, start_date__lte=today),
        lambda c: cohort_start(cohort=c, actor=None),
        counts,
        "cohorts started",
    )
    _each(
        Cohort.objects.filter(status=Cohort.Status.IN_PROGRESS, end_date__lt=today).exclude(
            placements__status__in=[Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS]
        ),
        lambda c: run_transition(COHORT_WORKFLOW, c, "complete", actor=None),
        counts,
        "cohorts completed",
    )
    _each(
        Placement.objects.filter(
            status__in=OPEN_STATES,
            end_date__gte=today - timedelta(CHECKINS_AFTER_END_DAYS),
            start_date__lte=today,
        ),
        lambda p: len(checkins_open(placement=p, today=today)),
        counts,
        "check-ins opened",
    )
    if notify_reminder is not None:
        drafts = PlacementReport.objects.filter(status=PlacementReport.Status.DRAFT)
        _each(
            drafts.filter(due_on__gte=today, due_on__lte=today + timedelta(REMINDER_DAYS_BEFORE)),
            lambda r: notify_reminder(report=r, kind="due_soon"),
            counts,
            "reminders before the due date",
        )
        _each(
            drafts.filter(due_on__lt=today),
            lambda r: notify_reminder(report=r, kind="overdue"),
            counts,
            "reminders after the due date",
        )
    return +counts
