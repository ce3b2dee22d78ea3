"""Reads for nominations, placements and the public figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import CharField, Count, F, Q, QuerySet, Value, Window
from django.utils.translation import gettext_lazy as _

from exchange_portal.names import localised_name, name_fields, unit_at_organisation
from participants.models import Participant
from programmes.models import Cohort

from .models import (
    HostOrganisation,
    HostUnit,
    Nomination,
    Placement,
    PlacementAmendment,
    PlacementReport,
)

# Placements that count in published figures: the officer is going, gone or back.
COUNTED_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)


def placement_for_enquiry(reference_code: str) -> Placement | None:
    """The placement a public status enquiry asks about, with what the answer shows. The code
    is unique: `get`, not `first()`, which would order the rows by the list's ordering. Only
    the columns the answer shows are read (and the officer's address, to compare)."""
    try:
        return (
            Placement.objects.select_related(
                "participant", "cohort__programme", "host_unit__organisation"
            )
            .only(
                "status",
                "start_date",
                "end_date",
                "participant__email",
                *name_fields("cohort", "name"),
                *name_fields("cohort__programme"),
                *name_fields("host_unit"),
                *name_fields("host_unit__organisation"),
            )
            .get(reference_code=reference_code)
        )
    except Placement.DoesNotExist:
        return None


def nominations_for_participant(participant) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(participant=participant)
        .select_related(
            "cohort__programme", "nominating_department", "placement__host_unit__organisation"
        )
        .order_by("-cohort__start_date")
    )


def placements_for_host_contact(user) -> QuerySet[Placement]:
    """The host pages' placements: those at the contact's units, less the ones called off."""
    return (
        Placement.objects.visible_to(user)
        .exclude(status__in=[Placement.Status.WITHDRAWN, Placement.Status.CANCELLED])
        .select_related("participant", "cohort__programme", "host_unit__organisation")
        .prefetch_related("reports")
        .order_by("-start_date", "pk")
    )


def placements_awaiting_host(user) -> QuerySet[Placement]:
    """Proposals at the contact's units that wait for the unit's answer, soonest first."""
    return (
        placements_for_host_contact(user)
        .filter(status=Placement.Status.PROPOSED, host_response=Placement.HostResponse.AWAITING)
        .order_by("start_date", "pk")
    )


def arrivals_for_host_contact(user, *, today, days: int = 90) -> QuerySet[Placement]:
    """Officers due at the contact's units in the next `days` days: confirmed placements and
    proposals the unit has not declined, soonest first, with the officer's work contact."""
    from datetime import timedelta

    return (
        placements_for_host_contact(user)
        .filter(
            status__in=[Placement.Status.PROPOSED, Placement.Status.CONFIRMED],
            start_date__gte=today,
            start_date__lte=today + timedelta(days=days),
        )
        .exclude(host_response=Placement.HostResponse.DECLINED)
        .select_related("participant__department")
        .order_by("start_date", "pk")
    )


@dataclass(frozen=True)
class ActionList:
    key: str
    title: str
    whose: str
    rows: list
    total: int = -1  # rows waiting (at most the list's limit); -1: len(rows)

    def __post_init__(self):
        if self.total < 0:
            object.__setattr__(self, "total", len(self.rows))


def _first_and_total(queryset, limit: int, shown: int | None) -> tuple[list, int]:
    """The first `limit` rows of `queryset` and their number; with `shown`, only the first
    `shown` of them are read, with the number of the `limit` counted in the same query (a
    window count over the limited keys): the dashboard shows five rows a list and the count,
    and built a few hundred records it never showed (docs/decisions/0047)."""
    if shown is None:
        rows = list(queryset[:limit])
        return rows, len(rows)
    limited = queryset.values("pk")[:limit]
    rows = list(queryset.filter(pk__in=limited).annotate(_waiting=Window(Count("pk")))[:shown])
    return rows, (rows[0]._waiting if rows else 0)


def needs_action(
    user=None, *, today=None, horizon_days: int = 30, shown: int | None = None
) -> list[ActionList]:
    """What must be acted on now, each list bounded and fetched with its joins (one query a
    list, whatever the number of rows). Without `user`, everything (CSB's dashboard); with
    one, what their scope reaches (a coordinator: their department's programmes), and not the
    amendments they asked for themselves (someone else decides those). With `shown`, each
    list holds its first `shown` rows and `total` says how many wait (up to the limit)."""
    from datetime import timedelta

    from django.utils import timezone

    from exchange_portal.roles import CSB, role_of

    def scoped(model):
        return model.objects.all() if user is None else model.objects.visible_to(user)

    today = today or timezone.localdate()
    now = timezone.now()
    runner = _("CSB") if user is None or role_of(user) in CSB else _("Programme coordinator")
    # Each row is shown by its name (str()), its link and a date: only those columns are read,
    # with the records that name it (the dashboard's service time halved; docs/performance.md).
    officer = ("participant__name_en", "participant__name_zh_hant", "participant__name_zh_hans")
    nominations = (
        scoped(Nomination)
        .select_related("participant", "cohort")
        .only("participant", "cohort", "status", *officer, *name_fields("cohort", "name"))
        .order_by("cohort__nominations_close_at", "cohort_id", "rank", "pk")
    )
    placements = (
        scoped(Placement)
        .select_related("participant", "host_unit__organisation")
        .only(
            "reference_code",
            "status",
            "start_date",
            "end_date",
            "participant",
            *officer,
            "host_unit",
            *name_fields("host_unit"),
            "host_unit__organisation",
            *name_fields("host_unit__organisation"),
        )
    )
    proposed = placements.filter(status=Placement.Status.PROPOSED).order_by("start_date", "pk")
    answer = Placement.HostResponse
    amendments = scoped(PlacementAmendment).awaiting_decision()
    if user is not None:
        amendments = amendments.exclude(requested_by=user)
    limit = 200
    return [
        ActionList(
            "closing",
            _("Calls for nominations closing in the next 14 days"),
            _("Department HR"),
            *_first_and_total(
                scoped(Cohort)
                .filter(
                    status=Cohort.Status.NOMINATIONS_OPEN,
                    nominations_close_at__range=(now, now + timedelta(days=14)),
                )
                .only(*name_fields("", "name"), "nominations_close_at", "start_date", "status")
                .order_by("nominations_close_at", "pk"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "screen",
            _("Nominations to screen"),
            runner,
            *_first_and_total(nominations.filter(status=Nomination.Status.SUBMITTED), limit, shown),
        ),
        ActionList(
            "decide",
            _("Selections due"),
            runner,
            *_first_and_total(
                nominations.filter(
                    status__in=[Nomination.Status.SHORTLISTED, Nomination.Status.RECOMMENDED],
                    cohort__status=Cohort.Status.SELECTION,
                ),
                limit,
                shown,
            ),
        ),
        ActionList(
            "place",
            _("Selected officers without a placement"),
            runner,
            # Only cohorts still to run: one that is over or cancelled can take no placement
            # (and without this, every selected officer ever is scanned for a missing one).
            *_first_and_total(
                nominations.filter(status=Nomination.Status.SELECTED, placement__isnull=True)
                .exclude(cohort__status__in=[Cohort.Status.COMPLETED, Cohort.Status.CANCELLED])
                .order_by("cohort__nominations_close_at", "cohort_id", "rank", "pk"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "host",
            _("Placements waiting for the host unit to accept"),
            _("The host unit"),
            *_first_and_total(proposed.filter(host_response=answer.AWAITING), limit, shown),
        ),
        ActionList(
            "declined",
            _("Placements the host unit declined"),
            runner,
            *_first_and_total(proposed.filter(host_response=answer.DECLINED), limit, shown),
        ),
        ActionList(
            "confirm",
            _("Placements to confirm"),
            runner,
            *_first_and_total(
                proposed.exclude(host_response__in=[answer.AWAITING, answer.DECLINED]), limit, shown
            ),
        ),
        ActionList(
            "amend",
            _("Amendments awaiting approval"),
            runner,
            *_first_and_total(
                amendments.select_related("placement")
                .only(
                    "status",
                    "new_start_date",
                    "old_start_date",
                    "placement",
                    "placement__reference_code",
                )
                .order_by("created_at"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "review",
            _("Reports submitted in the last 30 days, to review"),
            runner,
            *_first_and_total(
                scoped(PlacementReport)
                .filter(
                    status=PlacementReport.Status.SUBMITTED,
                    submitted_at__gte=now - timedelta(horizon_days),
                )
                .select_related("placement")
                .only(
                    "status",
                    "author_role",
                    "kind",
                    "sequence",
                    "due_on",
                    "submitted_at",
                    "placement",
                    "placement__reference_code",
                )
                .order_by("-submitted_at", "pk"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "starting",
            _("Placements starting in the next 30 days"),
            _("Officer and host"),
            *_first_and_total(
                placements.filter(
                    status=Placement.Status.CONFIRMED,
                    start_date__range=(today, today + timedelta(horizon_days)),
                ).order_by("start_date"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "ending",
            _("Placements ending in the next 30 days"),
            _("Officer and host"),
            *_first_and_total(
                placements.filter(
                    status=Placement.Status.IN_PROGRESS,
                    end_date__range=(today, today + timedelta(horizon_days)),
                ).order_by("end_date"),
                limit,
                shown,
            ),
        ),
        ActionList(
            "overdue",
            _("Overdue reports"),
            _("Officer or host"),
            *_first_and_total(
                scoped(PlacementReport)
                .filter(status=PlacementReport.Status.DRAFT, due_on__lt=today)
                .select_related("placement")
                .only(
                    "status",
                    "author_role",
                    "kind",
                    "sequence",
                    "due_on",
                    "placement",
                    "placement__reference_code",
                )
                .order_by("due_on"),
                limit,
                shown,
            ),
        ),
    ]


@dataclass(frozen=True)
class StaleState:
    """A record the calendar has passed by: `message` says which date and which status.
    `record` is the cohort, or the placement's values named in the message."""

    record: object
    message: str
    url: str


# A cohort past its start that is still before "in progress": the daily job
# (placements.services.daily.advance) starts only a confirmed one, and that on its start day,
# so an earlier status is never moved, and a confirmed one still waiting was missed.
STALE_COHORT_STATES = (
    Cohort.Status.PLANNED,
    Cohort.Status.NOMINATIONS_OPEN,
    Cohort.Status.SELECTION,
    Cohort.Status.CONFIRMED,
)


def stale_states(user=None, *, today=None) -> list[StaleState]:
    """Cohorts past their start still planned, open, in selection or confirmed; placements
    past their start still proposed (the daily job never moves those) or confirmed (it missed
    them), and past their end still in progress (it missed or failed them). Without `user`,
    all of them (CSB's dashboard); with one, those in their reach. Two queries, whatever the
    rows; at most 200 of each."""
    from django.utils import formats, timezone

    today = today or timezone.localdate()

    def scoped(model):
        return model.objects.all() if user is None else model.objects.visible_to(user)

    def shown(day):
        return formats.date_format(day, "DATE_FORMAT")

    started = _("Stale: %(record)s is past its start on %(date)s, still “%(status)s”.")
    ended = _("Stale: %(record)s is past its end on %(date)s, still “%(status)s”.")
    limit = 200
    cohorts = (
        scoped(Cohort)
        .filter(status__in=STALE_COHORT_STATES, start_date__lt=today)
        .only(*name_fields("", "name"), "start_date", "status")
        .order_by("start_date", "pk")[:limit]
    )
    placements = (
        scoped(Placement)
        .filter(
            Q(status__in=[Placement.Status.PROPOSED, Placement.Status.CONFIRMED])
            & Q(start_date__lt=today)
            | Q(status=Placement.Status.IN_PROGRESS, end_date__lt=today)
        )
        .order_by("start_date", "pk")
        # Read as the values the message names (up to 200 placements were 800 model
        # instances); `placement_name` writes them as str(placement) does.
        .values("pk", "status", "start_date", "end_date", *PLACEMENT_NAME_FIELDS)[:limit]
    )
    # Up to 400 messages on the dashboard: each sentence and status label is translated once,
    # and each link made from one reversed URL (docs/decisions/0047).
    started, ended = str(started), str(ended)
    cohort_status = _status_labels(Cohort)
    placement_status = _status_labels(Placement)
    cohort_url = _url_maker("staff:cohort")
    placement_url = _url_maker("staff:placement")
    found = [
        StaleState(
            cohort,
            started
            % {
                "record": cohort,
                "date": shown(cohort.start_date),
                "status": cohort_status.get(cohort.status, cohort.status),
            },
            cohort_url(cohort.pk),
        )
        for cohort in cohorts
    ]
    for placement in placements:
        is_over = placement["status"] == Placement.Status.IN_PROGRESS
        found.append(
            StaleState(
                placement,
                (ended if is_over else started)
                % {
                    "record": placement_name(placement),
                    "date": shown(placement["end_date"] if is_over else placement["start_date"]),
                    "status": placement_status.get(placement["status"], placement["status"]),
                },
                placement_url(placement["pk"]),
            )
        )
    return found


# What str(placement) reads: its code, its officer's names, its unit's and organisation's.
PLACEMENT_NAME_FIELDS = (
    "reference_code",
    "participant__name_en",
    "participant__name_zh_hant",
    "participant__name_zh_hans",
    *name_fields("host_unit"),
    *name_fields("host_unit__organisation"),
)


def placement_name(row: dict) -> str:
    """str(placement) (Placement.__str__) from the values of PLACEMENT_NAME_FIELDS."""
    officer = Participant(
        name_en=row["participant__name_en"],
        name_zh_hant=row["participant__name_zh_hant"],
        name_zh_hans=row["participant__name_zh_hans"],
    )
    officer = str(officer)  # Participant.__str__: the reader's own form of the name first
    unit = unit_at_organisation(
        localised_name(*(row[f] or "" for f in name_fields("host_unit"))),
        localised_name(*(row[f] or "" for f in name_fields("host_unit__organisation"))),
    )
    return f"{row['reference_code']}: {officer} at {unit}"


def _status_labels(model) -> dict[str, str]:
    """The model's status labels in the active language."""
    return {value: str(label) for value, label in model.Status.choices}


def _url_maker(name: str):
    """A function of a record's key giving `reverse(name, args=[key])`, reversed once."""
    from django.urls import reverse

    marker = 987654321
    before, _marker, after = reverse(name, args=[marker]).partition(str(marker))
    return lambda pk: f"{before}{pk}{after}"


def exchange_by_batch(agreement) -> list[dict]:
    """For a partner agreement: per phase and batch, officers sent out and received, counted
    by one GROUP BY over the placements that went ahead."""
    from programmes.models import Direction

    rows = (
        Placement.objects.filter(cohort__agreement=agreement, status__in=COUNTED_STATES)
        .values("cohort__phase", "cohort__batch", "cohort__direction")
        .annotate(officers=Count("participant", distinct=True))
        .order_by("cohort__phase", "cohort__batch")
    )
    table: dict[tuple[int, int], dict] = {}
    for cohort in agreement.cohorts.order_by("phase", "batch"):
        table.setdefault(
            (cohort.phase, cohort.batch),
            {"phase": cohort.phase, "batch": cohort.batch, "sent": 0, "received": 0, "cohorts": []},
        )["cohorts"].append(cohort)
    for row in rows:
        entry = table[(row["cohort__phase"], row["cohort__batch"])]
        if row["cohort__direction"] == Direction.INBOUND:
            entry["received"] += row["officers"]
        else:
            entry["sent"] += row["officers"]
    return list(table.values())


def reports_for_cohort(cohort):
    """The cohort's placements that went ahead, with both reports, for the summary page."""
    return (
        Placement.objects.filter(cohort=cohort, status__in=COUNTED_STATES)
        .select_related("participant__department", "host_unit__organisation")
        .prefetch_related("reports", "focus_areas")
        .order_by("participant__name_en")
    )


def nominations_for(user) -> QuerySet[Nomination]:
    """Nominations a user may see (`visible_to`), with what the lists print."""
    return Nomination.objects.visible_to(user).select_related(
        "participant__department",
        "participant__grade",
        "cohort__programme",
        "nominating_department",
    )


def placements_for(user) -> QuerySet[Placement]:
    """Placements a user may see (`visible_to`), with what the lists print."""
    return Placement.objects.visible_to(user).select_related(
        "participant__department",
        "participant__grade",
        "cohort__programme",
        "host_unit__organisation",
    )


def amendments_for(user) -> QuerySet[PlacementAmendment]:
    """Amendments a staff user may see: all for CSB, their own department's officers' for HR."""
    return PlacementAmendment.objects.visible_to(user).select_related(
        "placement__participant", "new_host_unit__organisation", "requested_by"
    )


def reports_for(user) -> QuerySet[PlacementReport]:
    """Placement reports a staff user may see: all for CSB, their own department's for HR."""
    return PlacementReport.objects.visible_to(user).select_related(
        "placement__participant", "submitted_by"
    )


def host_units_for_cohort(cohort) -> QuerySet[HostUnit]:
    """The units a cohort's officers are proposed to: those its programme allows, narrowed to
    the cohort's destination where some of them are there (a unit's or its organisation's
    city named in the destination: "Futian and Qianhai, Shenzhen" offers the Shenzhen units);
    all the allowed units where none is (a destination such as "policy bureaux")."""
    allowed = host_units_allowed_for(cohort.programme)
    destination = (cohort.destination or "").strip()
    if not destination:
        return allowed
    there = allowed.annotate(_destination=Value(destination, output_field=CharField())).filter(
        (~Q(city="") & Q(_destination__icontains=F("city")))
        | (~Q(organisation__city="") & Q(_destination__icontains=F("organisation__city")))
    )
    return there if there.exists() else allowed


def host_units_allowed_for(programme) -> QuerySet[HostUnit]:
    """The host units a programme's officers may go to (placements.services.rules.
    check_host_allowed): policy bureaux only where the programme says so, otherwise any."""
    units = HostUnit.objects.select_related("organisation").order_by(
        "organisation__name_en", "name_en"
    )
    if programme.hosts_policy_bureaux_only:
        units = units.filter(
            Q(organisation__kind=HostOrganisation.Kind.POLICY_BUREAU)
            | Q(organisation__department__is_policy_bureau=True)
        )
    return units


def open_checkins_for(user, author: str) -> QuerySet[PlacementReport]:
    """The reports the signed-in officer or host contact still has to write (drafts of every
    kind: check-ins, yearly reviews, end-of-placement reports), soonest due first: the lists
    on /me/ and /host/."""
    return (
        PlacementReport.objects.visible_to(user)
        .filter(author_role=author, status=PlacementReport.Status.DRAFT)
        .exclude(placement__status__in=[Placement.Status.WITHDRAWN, Placement.Status.CANCELLED])
        .select_related("placement__participant", "placement__host_unit__organisation")
        .order_by("due_on", "kind", "sequence", "pk")
    )
