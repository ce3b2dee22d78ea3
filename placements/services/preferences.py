"""Writes for the host units a nominee prefers, in order (issue 19, point 1). The rules are in
rules.check_host_preferences; nomination_create saves the preferences given with a nomination
in its own transaction, and `nomination_preferences_set` changes them while the nomination is
still submitted."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from exchange_portal.roles import department_scope
from exchange_portal.services import require, require_permission, save_with_history

from ..models import Nomination, NominationPreference
from .rules import check_host_preferences


def save_preferences(nomination: Nomination, host_units, *, actor) -> bool:
    """Check `host_units` (in order of preference) against the cohort's rules and store them,
    keeping the rows that do not change and recording each change in the history. Part of a
    caller's transaction. Returns whether anything changed."""
    host_units = list(host_units or [])
    check_host_preferences(cohort=nomination.cohort, host_units=host_units)
    wanted = {rank: unit for rank, unit in enumerate(host_units, start=1)}
    changed = False
    stored = list(NominationPreference.objects.filter(nomination=nomination).order_by("rank"))
    kept = set()
    for row in stored:
        unit = wanted.get(row.rank)
        if unit is not None and unit.pk == row.host_unit_id:
            kept.add(row.rank)
            continue
        row._history_user = actor
        row.delete()
        changed = True
    for rank, unit in wanted.items():
        if rank in kept:
            continue
        save_with_history(
            NominationPreference(nomination=nomination, host_unit=unit, rank=rank), actor=actor
        )
        changed = True
    return changed


def preferred_units(nomination: Nomination) -> list:
    """The nomination's host units in order of preference."""
    return [
        p.host_unit
        for p in NominationPreference.objects.filter(nomination=nomination)
        .select_related("host_unit__organisation")
        .order_by("rank")
    ]


def check_preferences_editable(nomination: Nomination, actor) -> None:
    """Who may change a nomination's preferences, and when: CSB or the nominee's department's
    HR, while the nomination is still submitted (selection has not begun on it)."""
    require_permission(actor, "placements.change_nomination")
    scope = department_scope(actor)
    require(
        scope is None or nomination.participant.department_id == scope,
        _("This nomination is not your department's."),
    )
    require(
        nomination.status == Nomination.Status.SUBMITTED,
        _(
            "Host preferences can be changed only while the nomination is submitted (it is "
            "%(status)s)."
        )
        % {"status": nomination.get_status_display().lower()},
        field="host_preferences",
        code="preferences_fixed",
    )


@transaction.atomic
def nomination_preferences_set(*, nomination: Nomination, actor, host_preferences) -> Nomination:
    """Replace the host units `nomination`'s officer prefers with `host_preferences`, in order
    (an empty list removes them), while the nomination is still submitted."""
    nomination = (
        Nomination.objects.select_for_update()
        .select_related("cohort__programme", "participant")
        .get(pk=nomination.pk)
    )
    check_preferences_editable(nomination, actor)
    save_preferences(nomination, host_preferences, actor=actor)
    return nomination
