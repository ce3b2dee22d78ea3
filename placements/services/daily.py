"""Steps the calendar takes: calls close, placements start and end, cohorts follow, reports
fall due. Run daily by `manage.py advance_placements`; safe to run twice, at the same time, or
after missed days, because each step is a transition that re-checks the row's status under a
lock and is skipped when another run got there first."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exchange_portal.workflow import run_transition
from programmes.models import Cohort
from programmes.services import cohort_start, cohort_start_selection
from programmes.workflow import COHORT_WORKFLOW

from ..checklist import chased, missing
from ..models import FOLLOW_UP_MONTHS, Placement, PlacementReport, ReturnFollowUp
from .checkins import OPEN_STATES, checkins_open
from .followups import follow_up_open, follow_up_remind_overdue, placements_due_follow_up
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


def documents_due(today: date, days: int) -> list:
    """The required documents still missing that fall due within `days` or are overdue, as
    checklist items."""
    horizon = today + timedelta(days)
    return [
        item
        for _placement, items in missing(
            chased(Placement.objects.all()), today=today, only=lambda i: i.due_on <= horizon
        )
        for item in items
    ]


def _remind_documents(today: date, notify_document, counts: Counter) -> None:
    """Remind each missing document's provider once before it is due and once after (the
    outbox's dedupe keys record what was sent); each in its own transaction."""
    for item in documents_due(today, settings.DOCUMENT_REMINDER_DAYS):
        kind = "overdue" if item.due_on < today else "due_soon"
        key = f"document reminders ({kind.replace('_', ' ')})"
        try:
            with transaction.atomic():
                if notify_document(item=item, kind=kind):
                    counts[key] += 1
        except Exception:
            logger.exception(
                "advance_placements: document reminder failed for placement %s, requirement %s",
                item.placement.pk,
                item.requirement.pk,
            )
            counts[f"{key} failed"] += 1


def advance(
    *,
    today: date | None = None,
    notify_reminder=None,
    follow_ups: bool = False,
    notify_document=None,
) -> Counter:
    """Everything due by `today` (default: today in Hong Kong). Returns what it did. With
    `follow_ups` (the daily command), also the follow-ups after return: opened 6 and 12 months
    after a placement ends, and an overdue reminder once. With `notify_document`, reminders of
    required documents due soon or overdue, once each."""
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
    if follow_ups:
        for months in FOLLOW_UP_MONTHS:
            _each(
                placements_due_follow_up(months, today),
                lambda p, months=months: (
                    follow_up_open(placement=p, months=months, today=today) is not None
                ),
                counts,
                f"follow-ups opened at {months} months",
            )
        _each(
            ReturnFollowUp.objects.open().filter(due_on__lt=today),
            lambda f: bool(follow_up_remind_overdue(follow_up=f, today=today)),
            counts,
            "follow-up reminders after the due date",
        )
    if notify_document is not None:
        _remind_documents(today, notify_document, counts)
    return +counts
