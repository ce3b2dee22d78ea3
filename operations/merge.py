"""Merging two records of one officer (issue 17: one record per person; decision 0042).

CSB finds that one person was recorded twice (a second partner officer with the same e-mail, a
second Hong Kong officer without a staff number) and merges the two: every nomination (and so
its placement), the sign-in account, and the outbox's mail about the removed record move to
the kept record; the kept record's blank details are filled from the removed one; the removed
record is deleted. Both records' history stays: the removed record's rows remain in the
history table, ending with its deletion row, whose reason names the kept record, and the kept
record's new row names the removed one. Refused, with what to do, where the result would break
a rule the database or the programmes hold: the same cohort twice, overlapping live
placements, two sign-in accounts, two staff numbers, officers of different origins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from exchange_portal.figures_cache import figures_changed
from exchange_portal.names import list_separator
from exchange_portal.services import require, require_permission, save_with_history
from notifications.models import OutboundEmail
from participants.models import Participant
from placements.models import Nomination, Placement

# The history row's reason holds at most 100 characters, with "merged into #<id>: " before it.
REASON_MAX_LENGTH = 70
# Never copied from one record to the other: the keys, the stamps and who the record is.
NOT_FILLED = {"id", "user", "created_at", "updated_at", "origin"}


@dataclass
class MergePlan:
    """What a merge of `remove` into `keep` moves and fills, and what refuses it."""

    keep: Participant
    remove: Participant
    nominations: list = field(default_factory=list)
    placements: list = field(default_factory=list)
    filled: dict = field(default_factory=dict)  # field name → the removed record's value
    account_moves: bool = False
    emails: int = 0
    refusals: list = field(default_factory=list)

    @property
    def filled_labels(self) -> list[str]:
        return [str(Participant._meta.get_field(name).verbose_name) for name in self.filled]


def _blank(value) -> bool:
    return value in ("", None)


def merge_plan(*, keep: Participant, remove: Participant) -> MergePlan:
    """What merging `remove` into `keep` would do, read without writing (the confirmation page
    shows it; participant_merge reads it again under the lock)."""
    plan = MergePlan(keep=keep, remove=remove)
    if keep.pk == remove.pk:
        plan.refusals.append(_("Choose two different records."))
        return plan
    plan.nominations = list(
        Nomination.objects.filter(participant=remove).select_related("cohort").order_by("pk")
    )
    plan.placements = list(
        Placement.objects.filter(participant=remove)
        .select_related("host_unit__organisation")
        .order_by("start_date", "pk")
    )
    for model_field in Participant._meta.concrete_fields:
        name = model_field.attname
        if model_field.name in NOT_FILLED:
            continue
        if _blank(getattr(keep, name)) and not _blank(getattr(remove, name)):
            plan.filled[model_field.name] = getattr(remove, model_field.name)
    plan.account_moves = remove.user_id is not None and keep.user_id is None
    plan.emails = OutboundEmail.objects.filter(
        content_type=ContentType.objects.get_for_model(Participant), object_id=remove.pk
    ).count()

    if keep.origin != remove.origin:
        plan.refusals.append(
            _(
                "One record is of a Hong Kong civil servant, the other of a partner-government "
                "officer: they cannot be one person's."
            )
        )
    if keep.partner_id and remove.partner_id and keep.partner_id != remove.partner_id:
        plan.refusals.append(_("The two records are of different partner governments."))
    if keep.staff_number and remove.staff_number and keep.staff_number != remove.staff_number:
        plan.refusals.append(
            _(
                "The two records have different staff numbers (%(keep)s and %(remove)s): an "
                "officer has one. Correct the wrong record first."
            )
            % {"keep": keep.staff_number, "remove": remove.staff_number}
        )
    if (
        keep.partner_reference
        and remove.partner_reference
        and keep.partner_reference.casefold() != remove.partner_reference.casefold()
    ):
        plan.refusals.append(
            _(
                "The two records have different partner references (%(keep)s and %(remove)s). "
                "Correct the wrong record first."
            )
            % {"keep": keep.partner_reference, "remove": remove.partner_reference}
        )
    if keep.user_id and remove.user_id:
        plan.refusals.append(
            _(
                "Both records have a sign-in account. Delete the account the officer no longer "
                "uses (Accounts, in the admin), then merge."
            )
        )
    both = Nomination.objects.filter(
        participant=keep, cohort__in=[n.cohort_id for n in plan.nominations]
    ).select_related("cohort")
    if both:
        plan.refusals.append(
            _(
                "Both records are nominated to %(cohorts)s: withdraw one of the two nominations, "
                "then merge."
            )
            % {"cohorts": list_separator().join(str(n.cohort) for n in both)}
        )
    live = [p for p in plan.placements if p.status in Placement.LIVE_STATES]
    for placement in live:
        clash = (
            Placement.objects.live()
            .filter(participant=keep)
            .overlapping(placement.start_date, placement.end_date)
            .first()
        )
        if clash is not None:
            plan.refusals.append(
                _(
                    "Placements %(one)s and %(other)s overlap (%(start)s to %(end)s): one "
                    "person cannot be in both. Withdraw or change one, then merge."
                )
                % {
                    "one": placement.reference_code,
                    "other": clash.reference_code,
                    "start": placement.start_date,
                    "end": placement.end_date,
                }
            )
    return plan


def participant_merge(*, keep: Participant, remove: Participant, actor, reason: str) -> Participant:
    """Merge the record `remove` into `keep` (one person recorded twice), in one transaction;
    returns the kept record. Refused (ValidationError) as merge_plan says."""
    require_permission(actor, "participants.merge_participant")
    reason = (reason or "").strip()
    require(bool(reason), _("Say why these are one person's records."), field="reason")
    require(
        len(reason) <= REASON_MAX_LENGTH,
        _("Keep the reason to %(max)s characters.") % {"max": REASON_MAX_LENGTH},
        field="reason",
    )
    require(keep.pk != remove.pk, _("Choose two different records."), field="other")
    with transaction.atomic():
        # Both rows locked, in one order, so that two merges of the same pair take turns.
        locked = {
            p.pk: p
            for p in Participant.objects.select_for_update()
            .filter(pk__in=[keep.pk, remove.pk])
            .order_by("pk")
        }
        require(len(locked) == 2, _("One of the two records no longer exists."), field="other")
        keep, remove = locked[keep.pk], locked[remove.pk]
        plan = merge_plan(keep=keep, remove=remove)
        require(not plan.refusals, " ".join(str(r) for r in plan.refusals), code="merge_refused")

        moved = f"merged from officer #{remove.pk}"  # stored: never translated
        for nomination in plan.nominations:
            nomination.participant = keep
            nomination._history_user = actor
            nomination._change_reason = moved
            nomination.save(update_fields=["participant", "updated_at"])
        for placement in Placement.objects.filter(participant=remove).order_by("pk"):
            placement.participant = keep
            placement.version += 1  # an editor's open copy is now stale
            placement._history_user = actor
            placement._change_reason = moved
            placement.save(update_fields=["participant", "version", "updated_at"])
        OutboundEmail.objects.filter(
            content_type=ContentType.objects.get_for_model(Participant), object_id=remove.pk
        ).update(object_id=keep.pk)

        account = remove.user if plan.account_moves else None
        remove_pk = remove.pk
        # The removed record's last history row: deleted, merged into the kept one, and why.
        remove._history_user = actor
        remove._change_reason = f"merged into #{keep.pk}: {reason}"
        remove.delete()

        for name, value in plan.filled.items():
            setattr(keep, name, value)
        if account is not None:
            keep.user = account
        save_with_history(keep, actor=actor, reason=f"merged with #{remove_pk}: {reason}")
        figures_changed()
    return keep
