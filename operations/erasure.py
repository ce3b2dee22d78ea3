"""Erasure of one officer's personal data on request (docs/privacy.md, "Erasure on request").

The officer's record, nominations, placements, reports and amendments, the placements'
documents (rows, history, downloads' log and the stored files, decision 0056), their account and its
profile, the admin log's mentions of them and the mail sent to them are anonymised or deleted
exactly as the retention rules do it when a period runs out (operations.retention: the same
values, every history row included), only now, for this one officer. What the figures count
stays: the rows, their department, grade, programme, cohort, host unit, dates and statuses. The
erasure itself is recorded in the officer's history, with who asked for it and why (the
request's reference), never with what was erased.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from exchange_portal.names import list_separator
from exchange_portal.services import require, require_permission
from notifications.models import OutboundEmail
from participants.models import Participant, UserProfile
from placements.models import (
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementReport,
    ReturnFollowUp,
)

from .retention import (
    ACCOUNT_DONE,
    ACCOUNT_VALUES,
    AMENDMENT_VALUES,
    ANONYMISED_OFFICER,
    COST_DONE,
    COST_VALUES,
    FOLLOW_UP_DONE,
    FOLLOW_UP_VALUES,
    NOMINATION_VALUES,
    OFFICER_DONE,
    OFFICER_VALUES,
    OPEN_NOMINATION,
    OPEN_PLACEMENT,
    PLACEMENT_DONE,
    PLACEMENT_VALUES,
    PURGED_EMAIL_DOMAIN,
    REPORT_VALUES,
    Outcome,
    Rule,
    _pending,
    axes_models,
    placement_documents_rule,
)

# The history row's reason holds at most 100 characters; the request's reference is short.
REASON_MAX_LENGTH = 80


def is_erased(participant: Participant) -> bool:
    return participant.email.endswith(PURGED_EMAIL_DOMAIN) and participant.name_en.startswith(
        ANONYMISED_OFFICER
    )


def open_work(participant: Participant) -> list[str]:
    """What still runs for the officer: an erasure would take the names its people need."""
    running = (*OPEN_PLACEMENT, Placement.Status.IN_PROGRESS)
    placements = Placement.objects.filter(participant=participant, status__in=running)
    nominations = Nomination.objects.filter(participant=participant, status__in=OPEN_NOMINATION)
    return [
        *(placement.reference_code for placement in placements),
        *(str(nomination.cohort) for nomination in nominations.select_related("cohort")),
    ]


def _merged_into(pk: int) -> set[int]:
    """The records merged into officer `pk` (operations.merge), and those merged into them in
    turn: gone from the officer table, their history rows still hold the same person's data.
    A merge names the kept record in the removed one's last history row."""
    found: set[int] = set()
    frontier = {pk}
    while frontier:
        named = Q(pk__in=[])
        for kept in frontier:
            named |= Q(history_change_reason__startswith=f"merged into #{kept}:")
        ids = set(Participant.history.filter(named, history_type="-").values_list("id", flat=True))
        frontier = ids - found - {pk}
        found |= frontier
    return found


@dataclass
class MergedHistoryRule:
    """The history rows of records merged into the officer, anonymised as the officer's own
    (the records themselves are gone, so Rule, which starts from the records, cannot reach
    them)."""

    ids: set[int]
    kind: str = "erasure"
    rule: str = "history of the records merged into the officer"
    values: dict = field(default_factory=lambda: OFFICER_VALUES)

    def apply(self, today) -> tuple[int, int]:
        rows = Participant.history.filter(id__in=self.ids)
        return 0, rows.filter(_pending(self.values) | ~OFFICER_DONE).update(**self.values)


def _rules(officer: Participant) -> list[Rule | MergedHistoryRule]:
    user_model = get_user_model()
    user_id = officer.user_id
    addresses = {officer.email} | (
        {officer.user.email} if officer.user_id and officer.user.email else set()
    )
    placements = Placement.objects.filter(participant=officer)
    merged = _merged_into(officer.pk)
    account = user_model.objects.filter(pk=user_id) if user_id else user_model.objects.none()
    username = officer.user.username if user_id else None
    return [
        Rule(
            "nominations",
            "erasure",
            Nomination,
            lambda today: Nomination.objects.filter(participant=officer),
            NOMINATION_VALUES,
        ),
        placement_documents_rule(
            "placement documents and their files", "erasure", lambda today: placements
        ),
        Rule(
            "placements",
            "erasure",
            Placement,
            lambda today: placements,
            PLACEMENT_VALUES,
            done=PLACEMENT_DONE,
        ),
        Rule(
            "placement reports",
            "erasure",
            PlacementReport,
            lambda today: PlacementReport.objects.filter(placement__in=placements),
            REPORT_VALUES,
        ),
        Rule(
            "placement amendments",
            "erasure",
            PlacementAmendment,
            lambda today: PlacementAmendment.objects.filter(placement__in=placements),
            AMENDMENT_VALUES,
        ),
        Rule(
            "placement costs",
            "erasure",
            PlacementCost,
            lambda today: PlacementCost.objects.filter(placement__in=placements),
            COST_VALUES,
            done=COST_DONE,
        ),
        Rule(
            "follow-ups after return",
            "erasure",
            ReturnFollowUp,
            lambda today: ReturnFollowUp.objects.filter(placement__in=placements),
            FOLLOW_UP_VALUES,
            done=FOLLOW_UP_DONE,
        ),
        # The account before the record: the record's link to it goes with the record.
        Rule(
            "account profiles",
            "erasure",
            UserProfile,
            lambda today: UserProfile.objects.filter(user__in=account),
        ),
        *[
            Rule(
                f"{label} of the account",
                "erasure",
                links,
                lambda today, links=links: links.objects.filter(user__in=account),
            )
            for label, links in (
                ("role memberships", user_model.groups.through),
                ("permissions", user_model.user_permissions.through),
                ("host-unit contact links", HostUnit.contacts.through),
            )
        ],
        Rule(
            "sign-in accounts",
            "erasure",
            user_model,
            lambda today: account,
            ACCOUNT_VALUES,
            done=ACCOUNT_DONE,
        ),
        Rule(
            "officer records",
            "erasure",
            Participant,
            lambda today: Participant.objects.filter(pk=officer.pk),
            OFFICER_VALUES,
            done=OFFICER_DONE,
        ),
        MergedHistoryRule(merged),
        Rule(
            "admin log entries naming the officer",
            "erasure",
            LogEntry,
            lambda today: LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Participant),
                object_id__in=[str(pk) for pk in (officer.pk, *merged)],
            ),
            {"object_repr": ANONYMISED_OFFICER.strip()},
        ),
        # The account's sign-in records (by its username, which the account's erasure changes:
        # found before, deleted here).
        *[
            Rule(
                f"sign-in {label} of the account",
                "erasure",
                model,
                lambda today, model=model: (
                    model.objects.filter(username=username) if username else model.objects.none()
                ),
            )
            for label, model in axes_models()
        ],
        # Nothing counts the outbox: the officer's mail goes (queued mail with it).
        Rule(
            "e-mails to the officer",
            "erasure",
            OutboundEmail,
            lambda today: OutboundEmail.objects.filter(to_email__in=addresses),
        ),
    ]


def erase_officer(*, participant: Participant, actor, reason: str) -> list[Outcome]:
    """Erase `participant`'s personal data now, at their request, keeping the figures; one
    transaction. Refused while a nomination or placement of theirs still runs, and for an
    officer already erased."""
    require_permission(actor, "participants.erase_participant")
    reason = (reason or "").strip()
    require(
        bool(reason),
        _("Give the reference of the erasure request (not the officer's name)."),
        field="reason",
    )
    require(
        len(reason) <= REASON_MAX_LENGTH,
        _("Keep the reference to %(max)s characters.") % {"max": REASON_MAX_LENGTH},
        field="reason",
    )
    today = timezone.localdate()
    with transaction.atomic():
        # Locked alone: PostgreSQL locks no row of an outer join's nullable side (the account).
        officer = Participant.objects.select_for_update().get(pk=participant.pk)
        require(not is_erased(officer), _("This officer's personal data is already erased."))
        running = open_work(officer)
        require(
            not running,
            _(
                "%(officer)s still takes part in %(what)s: withdraw or finish that first, "
                "then erase."
            )
            % {"officer": officer, "what": list_separator().join(running)},
        )
        outcomes = []
        for rule in _rules(officer):
            rows, history_rows = rule.apply(today)
            action = "anonymised" if rule.values else "deleted"
            outcomes.append(Outcome(rule.kind, rule.rule, action, rows, history_rows))
        # The erasure in the officer's history: who, when and the request, not what was erased.
        erased = Participant.objects.get(pk=officer.pk)
        erased._history_user = actor
        erased._change_reason = f"Erased on request ({reason})"
        erased.save(update_fields=["updated_at"])
    return outcomes
