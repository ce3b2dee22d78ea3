"""Writes for the follow-ups after return (issue 19, point 4): the daily command opens them 6 and
12 months after a placement ends; the officer writes what they have applied since, their
department's HR the department's view; each part is submitted once and read-only after, until
CSB reopens it."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import Role, department_scope, role_of
from exchange_portal.services import require, save_with_history
from participants.models import Participant

from .. import notify
from ..models import (
    FOLLOW_UP_MONTHS,
    Placement,
    ReturnFollowUp,
    add_months,
    follow_up_due_on,
    follow_up_opens_on,
)

# A follow-up whose due date passed longer ago than this is not opened any more (a placement
# that ended years before the portal kept follow-ups is not chased now).
LATE_LIMIT_DAYS = 183
OFFICER, DEPARTMENT = ReturnFollowUp.Part.OFFICER, ReturnFollowUp.Part.DEPARTMENT
PART_TEXT = {OFFICER: "officer_account", DEPARTMENT: "department_view"}


def placements_due_follow_up(months: int, today: datetime.date):
    """The completed placements of Hong Kong officers whose `months` follow-up opens by `today`
    and has not been opened yet (nor is too late to open)."""
    # end_date + months - window <= today, i.e. end_date <= (today + window) - months; a few
    # days of slack for month ends (the exact date is checked again per row).
    latest_end = add_months(today + datetime.timedelta(days=31), -months)
    earliest_end = add_months(today - datetime.timedelta(days=LATE_LIMIT_DAYS + 1), -months)
    return (
        Placement.objects.filter(
            status=Placement.Status.COMPLETED,
            participant__origin=Participant.Origin.HONG_KONG,
            end_date__lte=latest_end,
            end_date__gte=earliest_end,
        )
        .exclude(follow_ups__months=months)
        .order_by("end_date", "pk")
    )


def follow_up_is_due(placement: Placement, months: int, today: datetime.date) -> bool:
    due_on = follow_up_due_on(placement.end_date, months)
    return follow_up_opens_on(due_on) <= today and due_on >= today - datetime.timedelta(
        days=LATE_LIMIT_DAYS
    )


@transaction.atomic
def follow_up_open(*, placement: Placement, months: int, today: datetime.date | None = None):
    """Open the `months` follow-up of a completed placement and tell the officer and their
    department's HR. Returns the follow-up, or None when it is not due or already open (a
    second run of the daily command opens nothing)."""
    today = today or timezone.localdate()
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    require(months in FOLLOW_UP_MONTHS, _("A follow-up is at 6 or 12 months after return."))
    if placement.status != Placement.Status.COMPLETED or not follow_up_is_due(
        placement, months, today
    ):
        return None
    if placement.follow_ups.filter(months=months).exists():
        return None
    follow_up = save_with_history(
        ReturnFollowUp(
            placement=placement,
            months=months,
            due_on=follow_up_due_on(placement.end_date, months),
        ),
        actor=None,
    )
    notify.follow_up_reminder(follow_up, kind="opened")
    return follow_up


@transaction.atomic
def follow_up_remind_overdue(*, follow_up: ReturnFollowUp, today: datetime.date | None = None):
    """Once, after the due date: a reminder to whoever has not submitted their part yet."""
    today = today or timezone.localdate()
    follow_up = ReturnFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if not follow_up.is_overdue(today):
        return []
    return notify.follow_up_reminder(follow_up, kind="overdue")


def may_write_part(actor, follow_up: ReturnFollowUp, part: str) -> bool:
    """The officer writes their own account; HR of the officer's own department the
    department's view. No one else, CSB included (CSB reopens a submitted part)."""
    if actor is None or not actor.is_authenticated:
        return False
    participant = follow_up.placement.participant
    if part == OFFICER:
        return participant.user_id is not None and participant.user_id == actor.pk
    return (
        role_of(actor) == Role.DEPARTMENT_HR
        and participant.department_id is not None
        and department_scope(actor) == participant.department_id
    )


def may_reopen(actor) -> bool:
    return role_of(actor) == Role.CSB_MANAGER


def _submit(*, follow_up: ReturnFollowUp, actor, part: str, text: str, today=None):
    today = today or timezone.localdate()
    follow_up = (
        ReturnFollowUp.objects.select_for_update()
        .select_related("placement__participant")
        .get(pk=follow_up.pk)
    )
    if not may_write_part(actor, follow_up, part):
        raise PermissionDenied(_("You may not write this part of the follow-up."))
    field = PART_TEXT[part]
    require(
        today >= follow_up.opens_on,
        _("This follow-up opens on %(date)s.") % {"date": follow_up.opens_on.isoformat()},
        field=field,
        code="not_open_yet",
    )
    require(
        getattr(follow_up, f"{part}_submitted_at") is None,
        _("This part has been submitted and cannot be changed; ask CSB to reopen it."),
        field=field,
        code="submitted",
    )
    text = (text or "").strip()
    require(bool(text), _("Write something before submitting."), field=field, code="required")
    setattr(follow_up, field, text)
    setattr(follow_up, f"{part}_submitted_at", timezone.now())
    setattr(follow_up, f"{part}_submitted_by", actor)
    if follow_up.officer_submitted_at and follow_up.department_submitted_at:
        follow_up.status = ReturnFollowUp.Status.COMPLETE
    return save_with_history(follow_up, actor=actor)


@transaction.atomic
def follow_up_submit_officer(*, follow_up: ReturnFollowUp, actor, officer_account: str):
    """The officer submits "what I have applied since my return" (once)."""
    return _submit(follow_up=follow_up, actor=actor, part=OFFICER, text=officer_account)


@transaction.atomic
def follow_up_submit_department(*, follow_up: ReturnFollowUp, actor, department_view: str):
    """The officer's department's HR submits the department's view (once)."""
    return _submit(follow_up=follow_up, actor=actor, part=DEPARTMENT, text=department_view)


@transaction.atomic
def follow_up_reopen(*, follow_up: ReturnFollowUp, actor, part: str, reason: str):
    """CSB reopens a submitted part for its author to change; the text stays as a draft."""
    if not may_reopen(actor):
        raise PermissionDenied(_("Only CSB programme managers reopen a follow-up."))
    require(part in PART_TEXT, _("Choose the part to reopen."), field="part")
    reason = (reason or "").strip()
    require(bool(reason), _("Say why the part is reopened."), field="reason")
    follow_up = ReturnFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    require(
        getattr(follow_up, f"{part}_submitted_at") is not None,
        _("This part has not been submitted yet."),
        field="part",
    )
    setattr(follow_up, f"{part}_submitted_at", None)
    setattr(follow_up, f"{part}_submitted_by", None)
    follow_up.status = ReturnFollowUp.Status.OPEN
    follow_up.status_reason = reason
    return save_with_history(follow_up, actor=actor, reason=reason)
