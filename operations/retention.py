"""The retention periods of docs/privacy.md, applied (`manage.py purge_expired`).

Each rule finds the rows past their period that still hold personal data, and either
anonymises them in place (so that every count, every foreign key and every aggregate figure
stays as it was) or deletes them (logs and messages nothing else points at). A rule's history
rows (django-simple-history) are anonymised with the record they copy (R6). Anonymised rows no
longer match their rule, so a second run changes nothing. Everything runs in one transaction.
Decision 0018.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Case, CharField, Exists, Max, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Coalesce, Concat, LPad
from django.utils import timezone

from exchange_portal.figures_cache import records_changed
from exchange_portal.kept_sign_in import sign_in_changed
from notifications.models import OutboundEmail
from participants.models import Participant, UserProfile
from placements.models import (
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementCost,
    PlacementDocument,
    PlacementReport,
    RenewalDecision,
    ReturnFollowUp,
)

# The periods of docs/privacy.md ("Retention periods"), in years unless named otherwise.
OFFICER_YEARS_AFTER_LAST_PLACEMENT = 7  # R1
OFFICER_YEARS_WITHOUT_PLACEMENT = 2  # R1, R2
PLACEMENT_YEARS_AFTER_END = 7  # R3
PLACEMENT_YEARS_AFTER_WITHDRAWAL = 2  # R3
ACCOUNT_YEARS_AFTER_LAST_USE = 2  # R4
HOST_CONTACT_YEARS_AFTER_REPLACED = 2  # R5
EMAIL_CONTENT_DAYS_AFTER_SENT = 90  # R7
EMAIL_YEARS = 2  # R7
SECURITY_LOG_YEARS = 1  # R8

PURGED_EMAIL_DOMAIN = "@purged.invalid"  # .invalid never resolves (RFC 2606)
PURGED_CODE_PREFIX = "PURGED-"  # the public enquiry's codes start "EX-": never found
PURGED_USERNAME_PREFIX = "purged-"
ANONYMISED_OFFICER = "Anonymised officer "
ERASED_TEXT = "(erased)"
UNUSABLE_PASSWORD = "!purged"  # noqa: S105 ("!" starts a password Django never accepts)

TOOK_PLACE = (Placement.Status.IN_PROGRESS, Placement.Status.COMPLETED)
CALLED_OFF = (Placement.Status.WITHDRAWN, Placement.Status.CANCELLED)
OPEN_PLACEMENT = (Placement.Status.PROPOSED, Placement.Status.CONFIRMED)
OPEN_NOMINATION = (
    Nomination.Status.SUBMITTED,
    Nomination.Status.SHORTLISTED,
    Nomination.Status.RECOMMENDED,
    Nomination.Status.RESERVE,
)


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _tagged(prefix: str, width: int = 0, suffix: str = ""):
    """An expression giving each row a unique, recognisable replacement from its id."""
    key = Cast("id", CharField())
    if width:
        key = LPad(key, width, Value("0"))
    return Concat(Value(prefix), key, Value(suffix), output_field=CharField())


def _pending(values: dict) -> Q:
    """Rows where at least one of the fields still differs from its anonymised value."""
    condition = Q(pk__in=[])
    for name, value in values.items():
        if value is None:
            condition |= Q(**{f"{name}__isnull": False})
        elif not hasattr(value, "resolve_expression"):
            condition |= ~Q(**{name: value})
    return condition


@dataclass
class Rule:
    """Anonymise (values given) or delete (no values) the rows `expired(today)` selects."""

    kind: str
    rule: str
    model: type[models.Model]
    expired: Callable[[datetime.date], models.QuerySet]
    values: dict = field(default_factory=dict)
    # For values given by expressions: rows already done (the others are pending).
    done: Q | None = None

    @property
    def history(self):
        return getattr(self.model, "history", None)

    def selected(self, today: datetime.date) -> models.QuerySet:
        queryset = self.expired(today)
        if not self.values:
            return queryset
        pending = _pending(self.values)
        if self.done is not None:
            pending |= ~self.done
        return queryset.filter(pending)

    def apply(self, today: datetime.date) -> tuple[int, int]:
        """(rows, history rows) changed or deleted."""
        ids = list(self.selected(today).values_list("pk", flat=True))
        if not self.values:
            # QuerySet.delete() counts cascades too: count this model's rows only.
            self.model._base_manager.filter(pk__in=ids).delete()
            history_deleted = 0
            if self.history is not None:
                # Deleting writes a last history row ("-"); the history goes with the record.
                history_deleted, _ = self.history.model.objects.filter(id__in=ids).delete()
            return len(ids), history_deleted
        changed = self.model._base_manager.filter(pk__in=ids).update(**self.values)
        history_changed = 0
        if self.history is not None:
            # Every history row of an expired record, including rows anonymised records still
            # hold from before (an earlier run anonymised the record, a restore brought the
            # history back).
            expired_ids = self.expired(today).values("pk")
            rows = self.history.model.objects.filter(id__in=expired_ids)
            pending = _pending(self.values)
            if self.done is not None:
                pending |= ~self.done
            history_changed = rows.filter(pending).update(**self.values)
        return changed, history_changed


@dataclass
class KeptFilesRule(Rule):
    """Delete placements' documents: their rows, history rows and downloads' log, and, once the
    transaction commits (never on a dry run or a rollback), their files in the storage
    (decision 0056)."""

    def apply(self, today: datetime.date) -> tuple[int, int]:
        names = [name for name in self.selected(today).values_list("file", flat=True) if name]
        counts = super().apply(today)
        storage = PlacementDocument._meta.get_field("file").storage

        def delete_files():
            for name in names:
                storage.delete(name)

        if names:
            transaction.on_commit(delete_files, robust=True)
        return counts


def placement_documents_rule(kind: str, rule: str, placements) -> KeptFilesRule:
    """The rule deleting the documents of `placements(today)`."""
    return KeptFilesRule(
        kind,
        rule,
        PlacementDocument,
        lambda today: PlacementDocument.objects.filter(placement__in=placements(today)),
    )


# Who is past R1 ----------------------------------------------------------------------------------


def expired_officers(today: datetime.date) -> models.QuerySet:
    """R1: 7 years after the end of the officer's last placement that took place; with none,
    2 years after their last nomination closed; never nominated, 2 years after the record was
    created. Never while a nomination or placement of theirs is still open."""
    now_cutoff = start_of(years_before(today, OFFICER_YEARS_WITHOUT_PLACEMENT))
    open_work = Exists(
        Placement.objects.filter(
            participant=OuterRef("pk"), status__in=(*OPEN_PLACEMENT, Placement.Status.IN_PROGRESS)
        )
    ) | Exists(Nomination.objects.filter(participant=OuterRef("pk"), status__in=OPEN_NOMINATION))
    return (
        Participant.objects.annotate(
            last_placement_end=Max(
                "placements__end_date", filter=Q(placements__status__in=TOOK_PLACE)
            ),
            last_nomination=Max("nominations__updated_at"),
        )
        .exclude(open_work)
        .filter(
            Q(last_placement_end__lt=years_before(today, OFFICER_YEARS_AFTER_LAST_PLACEMENT))
            | Q(last_placement_end__isnull=True, last_nomination__lt=now_cutoff)
            | Q(
                last_placement_end__isnull=True,
                last_nomination__isnull=True,
                created_at__lt=now_cutoff,
            )
        )
    )


def expired_placements(today: datetime.date) -> models.QuerySet:
    """R3: 7 years after the end of a placement that went ahead; 2 years after a placement was
    withdrawn or cancelled."""
    return Placement.objects.filter(
        Q(status__in=(*TOOK_PLACE, Placement.Status.CONFIRMED))
        & Q(end_date__lt=years_before(today, PLACEMENT_YEARS_AFTER_END))
        | Q(status__in=CALLED_OFF)
        & Q(updated_at__lt=start_of(years_before(today, PLACEMENT_YEARS_AFTER_WITHDRAWAL)))
    )


def expired_nominations(today: datetime.date) -> models.QuerySet:
    """R2: with its placement when that went ahead (R3); otherwise 2 years after it closed."""
    went_ahead = Q(placement__status__in=(*TOOK_PLACE, Placement.Status.CONFIRMED))
    closed = Q(status__in=[Nomination.Status.NOT_SELECTED, Nomination.Status.WITHDRAWN]) | Q(
        status=Nomination.Status.SELECTED, placement__status__in=CALLED_OFF
    )
    return Nomination.objects.filter(
        (went_ahead & Q(placement__in=expired_placements(today)))
        | (
            ~went_ahead
            & closed
            & Q(updated_at__lt=start_of(years_before(today, OFFICER_YEARS_WITHOUT_PLACEMENT)))
        )
    )


def expired_accounts(today: datetime.date) -> models.QuerySet:
    """R4: the account of an anonymised officer; any account not active and not used for
    2 years."""
    user_model = get_user_model()
    unused = Q(is_active=False) & Q(
        last_use__lt=start_of(years_before(today, ACCOUNT_YEARS_AFTER_LAST_USE))
    )
    officer_gone = Q(participant__in=expired_officers(today))
    return user_model.objects.annotate(last_use=Coalesce("last_login", "date_joined")).filter(
        unused | officer_gone
    )


def replaced_host_contacts(today: datetime.date) -> models.QuerySet:
    """R5: the history rows of a host unit that hold a contact the unit replaced over 2 years
    ago (a later row with other contact details, from before the cut-off), unless that contact
    is the unit's contact again today."""
    history = HostUnit.history.model
    cutoff = start_of(years_before(today, HOST_CONTACT_YEARS_AFTER_REPLACED))
    same_contact = {name: OuterRef(name) for name in HOST_CONTACT_VALUES}
    replaced = history.objects.filter(
        id=OuterRef("id"),
        history_date__gt=OuterRef("history_date"),
        history_date__lt=cutoff,
    ).exclude(**same_contact)
    current = HostUnit.objects.filter(pk=OuterRef("id"), **same_contact)
    return history.objects.filter(Exists(replaced)).exclude(Exists(current))


HOST_CONTACT_VALUES = {"contact_name": "", "contact_email": "", "contact_phone": ""}
OFFICER_VALUES = {
    "name_en": _tagged(ANONYMISED_OFFICER),
    "name_zh_hant": "",
    "name_zh_hans": "",
    "email": _tagged("officer-", suffix=PURGED_EMAIL_DOMAIN),
    "phone": "",
    "staff_number": "",
    "rank": "",
    "date_of_birth": None,
    "service_entry_date": None,
    "partner_reference": "",
    "user": None,
}
OFFICER_DONE = Q(email__endswith=PURGED_EMAIL_DOMAIN, name_en__startswith=ANONYMISED_OFFICER)
NOMINATION_VALUES = {"statement": "", "status_reason": "", "recommended_by": ""}
PLACEMENT_VALUES = {
    "role_title": "",
    "role_title_zh_hant": "",
    "role_title_zh_hans": "",
    "duties": "",
    "duties_zh_hant": "",
    "duties_zh_hans": "",
    "supervisor_name": "",
    "supervisor_title": "",
    "status_reason": "",
    # A declined placement keeps a reason (the database requires one): it becomes a mark.
    "host_response_reason": Case(
        When(host_response_reason="", then=Value("")), default=Value(ERASED_TEXT)
    ),
    "reference_code": _tagged(PURGED_CODE_PREFIX, width=10),
}
PLACEMENT_DONE = Q(reference_code__startswith=PURGED_CODE_PREFIX)
REPORT_VALUES = {"summary": "", "experience_gained": "", "recommendations": "", "status_reason": ""}
AMENDMENT_VALUES = {"reason": "", "status_reason": ""}
# A cost's figures stay (the programme's spending); its free text goes. An approval to go over
# the budget keeps a reason (the database holds it to one), now saying only that it was erased.
ERASED_REASON = "Erased"
COST_VALUES = {
    "note": "",
    "over_budget_reason": Case(
        When(over_budget_approved_at__isnull=True, then=Value("")),
        default=Value(ERASED_REASON),
        output_field=CharField(),
    ),
}
COST_DONE = Q(over_budget_reason="") | Q(over_budget_reason=ERASED_REASON)
# A submitted part keeps a text (the database requires one): it becomes a mark.
FOLLOW_UP_VALUES = {
    "officer_account": Case(When(officer_account="", then=Value("")), default=Value(ERASED_TEXT)),
    "department_view": Case(When(department_view="", then=Value("")), default=Value(ERASED_TEXT)),
    "status_reason": "",
}
FOLLOW_UP_DONE = Q(officer_account__in=["", ERASED_TEXT], department_view__in=["", ERASED_TEXT])
# A renewal decision's reason may not be empty (a check constraint): it becomes "(erased)".
RENEWAL_VALUES = {"reason": ERASED_TEXT}
ACCOUNT_DONE = Q(username__startswith=PURGED_USERNAME_PREFIX)
ACCOUNT_VALUES = {
    "username": _tagged(PURGED_USERNAME_PREFIX),
    "first_name": "",
    "last_name": "",
    "email": "",
    "password": UNUSABLE_PASSWORD,
    "is_active": False,
    "is_staff": False,
    "is_superuser": False,
}


def rules() -> list[Rule]:
    user_model = get_user_model()
    # Accounts before officer records: an officer's account is found through the record's link
    # to it, which anonymising the record removes.
    return [
        Rule(
            "nominations",
            "R2",
            Nomination,
            expired_nominations,
            NOMINATION_VALUES,
        ),
        # Before the placements: the documents go whole, files and all.
        placement_documents_rule("placement documents and their files", "R3", expired_placements),
        Rule(
            "placements",
            "R3",
            Placement,
            expired_placements,
            PLACEMENT_VALUES,
            done=PLACEMENT_DONE,
        ),
        Rule(
            "placement reports",
            "R3",
            PlacementReport,
            lambda today: PlacementReport.objects.filter(placement__in=expired_placements(today)),
            REPORT_VALUES,
        ),
        Rule(
            "placement amendments",
            "R3",
            PlacementAmendment,
            lambda today: PlacementAmendment.objects.filter(
                placement__in=expired_placements(today)
            ),
            AMENDMENT_VALUES,
        ),
        Rule(
            "placement costs",
            "R3",
            PlacementCost,
            lambda today: PlacementCost.objects.filter(placement__in=expired_placements(today)),
            COST_VALUES,
            done=COST_DONE,
        ),
        Rule(
            "follow-ups after return",
            "R3",
            ReturnFollowUp,
            lambda today: ReturnFollowUp.objects.filter(placement__in=expired_placements(today)),
            FOLLOW_UP_VALUES,
            done=FOLLOW_UP_DONE,
        ),
        Rule(
            "renewal decisions",
            "R3",
            RenewalDecision,
            lambda today: RenewalDecision.objects.filter(placement__in=expired_placements(today)),
            RENEWAL_VALUES,
        ),
        Rule(
            "former host contacts in host units' history",
            "R5",
            HostUnit.history.model,
            replaced_host_contacts,
            HOST_CONTACT_VALUES,
        ),
        Rule(
            "account profiles",
            "R4",
            UserProfile,
            lambda today: UserProfile.objects.filter(user__in=expired_accounts(today)),
        ),
        Rule(
            "sign-in accounts",
            "R4",
            user_model,
            expired_accounts,
            ACCOUNT_VALUES,
            done=ACCOUNT_DONE,
        ),
        Rule(
            "officer records",
            "R1",
            Participant,
            expired_officers,
            OFFICER_VALUES,
            done=OFFICER_DONE,
        ),
        *[
            Rule(
                f"{label} of erased accounts",
                "R4",
                links,
                lambda today, links=links: links.objects.filter(
                    user__username__startswith=PURGED_USERNAME_PREFIX
                ),
            )
            for label, links in (
                ("role memberships", user_model.groups.through),
                ("permissions", user_model.user_permissions.through),
                ("host-unit contact links", HostUnit.contacts.through),
            )
        ],
        Rule(
            "admin log entries naming anonymised officers",
            "R6",
            LogEntry,
            lambda today: LogEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(Participant),
                object_id__in=Participant.objects.filter(
                    email__endswith=PURGED_EMAIL_DOMAIN
                ).values(key=Cast("pk", CharField())),
            ),
            {"object_repr": ANONYMISED_OFFICER.strip()},
        ),
        Rule(
            "e-mails (queued over 2 years ago)",
            "R7",
            OutboundEmail,
            lambda today: OutboundEmail.objects.filter(
                created_at__lt=start_of(years_before(today, EMAIL_YEARS))
            ),
        ),
        Rule(
            "e-mail contents (sent over 90 days ago)",
            "R7",
            OutboundEmail,
            lambda today: OutboundEmail.objects.filter(
                status=OutboundEmail.Status.SENT,
                sent_at__lt=start_of(today - datetime.timedelta(EMAIL_CONTENT_DAYS_AFTER_SENT)),
            ),
            {"subject": "", "body": "", "last_error": ""},
        ),
        *[
            Rule(
                f"sign-in {label} (over 1 year old)",
                "R8",
                model,
                lambda today, model=model: model.objects.filter(
                    attempt_time__lt=start_of(years_before(today, SECURITY_LOG_YEARS))
                ),
            )
            for label, model in axes_models()
        ],
        Rule(
            "expired sessions",
            "R8",
            Session,
            lambda today: Session.objects.filter(expire_date__lt=start_of(today)),
        ),
    ]


def axes_models():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    return [
        ("attempt counters", AccessAttempt),
        ("failure log entries", AccessFailureLog),
        ("access log entries", AccessLog),
    ]


@dataclass(frozen=True)
class Outcome:
    kind: str
    rule: str
    action: str  # "anonymised" or "deleted"
    rows: int
    history_rows: int


def purge(*, today: datetime.date | None = None, dry_run: bool = False) -> list[Outcome]:
    """Apply every rule as of `today`, in one transaction (rolled back when `dry_run`)."""
    today = today or timezone.localdate()
    outcomes = []
    with transaction.atomic():
        for rule in rules():
            rows, history_rows = rule.apply(today)
            outcomes.append(
                Outcome(
                    rule.kind,
                    rule.rule,
                    "anonymised" if rule.values else "deleted",
                    rows,
                    history_rows,
                )
            )
        # The rules write with update() and delete(), which send no model signals: kept staff
        # pages and kept sign-ins made before are set aside (decisions 0054, 0058).
        records_changed()
        sign_in_changed()
        if dry_run:
            transaction.set_rollback(True)
    return outcomes
