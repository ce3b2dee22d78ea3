"""Reads for nominations, placements and the public figures."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from django.db import DatabaseError, connection, connections, router
from django.db.models import CharField, Count, F, Q, QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from exchange_portal.names import (
    is_chinese_page,
    is_simplified_page,
    localised_name,
    name_fields,
    unit_at_organisation,
)
from participants.models import Participant
from programmes.models import Cohort, Programme

from .models import (
    HostOrganisation,
    HostUnit,
    Nomination,
    NominationPreference,
    Placement,
    PlacementAmendment,
    PlacementReport,
    ReturnFollowUp,
    returnees,
)

# Placements that count in published figures: the officer is going, gone or back.
COUNTED_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)


# What the enquiry's answer shows of a placement, by the related record each column is read
# from ("" the placement itself): (path, model, its fields).
_ENQUIRY_PARTS = (
    ("", Placement, ("reference_code", "status", "start_date", "end_date")),
    ("participant", Participant, ("email",)),
    ("cohort", Cohort, name_fields("", "name")),
    ("cohort__programme", Programme, name_fields()),
    ("host_unit", HostUnit, name_fields()),
    ("host_unit__organisation", HostOrganisation, name_fields()),
)
ENQUIRY_COLUMNS = tuple(
    f"{path}__{field}" if path else field
    for path, _model, fields in _ENQUIRY_PARTS
    for field in fields
)
# The lookup's SQL per database, compiled by the ORM once: the query is the same for every
# enquiry but for the code, and compiling it cost more than running it (decision 0059).
_enquiry_sql: dict[str, str] = {}
# On PostgreSQL the lookup is a prepared statement of each connection: planning its five
# joins took 0.75 ms, fifteen times its execution, and a prepared statement is planned once
# (decision 0059). Each preparation takes a new name, so a statement that failed (the schema
# changed under a running process) is never reused: the next enquiry prepares another.
_statement_names = itertools.count(1)


def _enquiry_query(alias: str) -> str:
    sql = _enquiry_sql.get(alias)
    if sql is None:
        marker = "EX-0000-0000-0000"
        query = Placement.objects.using(alias).filter(reference_code=marker).order_by()
        sql, params = query.values_list(*ENQUIRY_COLUMNS)[:2].query.sql_with_params()
        if tuple(params) != (marker,):  # the code must be the query's only parameter
            raise ValueError(f"unexpected parameters {params!r}")
        _enquiry_sql[alias] = sql
    return sql


def enquiry_row(reference_code: str) -> tuple | None:
    """The row of `ENQUIRY_COLUMNS` of the placement with this code, or None. One query."""
    alias = router.db_for_read(Placement)
    connection = connections[alias]
    sql = _enquiry_query(alias)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and sql.count("%s") == 1 and "%%" not in sql:
            rows = _prepared_rows(connection, cursor, sql, reference_code)
        else:
            cursor.execute(sql, [reference_code])
            rows = cursor.fetchall()
    return rows[0] if len(rows) == 1 else None


def _prepared_rows(connection, cursor, sql: str, reference_code: str) -> list[tuple]:
    """The lookup run as this connection's prepared statement, prepared by the first enquiry
    on the connection in the same round trip (PREPARE; EXECUTE). Should a statement fail
    outside a transaction (gone stale, or a connection pooler that does not keep them), the
    plain query answers and this connection prepares no more."""
    kept = getattr(connection, "_enquiry_statement", None)
    if kept is not None and kept[0] is connection.connection:
        name = kept[1]
        if name is None:
            cursor.execute(sql, [reference_code])
            return cursor.fetchall()
        statement = f"EXECUTE {name} (%s)"
    else:
        name = f"portal_enquiry_{next(_statement_names)}"
        statement = f"PREPARE {name} AS {sql.replace('%s', '$1')}; EXECUTE {name} (%s)"
    try:
        cursor.execute(statement, [reference_code])
        if statement.startswith("PREPARE"):
            cursor.nextset()
        rows = cursor.fetchall()
    except DatabaseError:
        connection._enquiry_statement = (connection.connection, None)
        if connection.in_atomic_block:
            raise
        cursor.execute(sql, [reference_code])
        return cursor.fetchall()
    connection._enquiry_statement = (connection.connection, name)
    return rows


def placement_for_enquiry(reference_code: str) -> Placement | None:
    """The placement a public status enquiry asks about, with what the answer shows (and the
    officer's address, to compare), or None. One query; the code is unique. The records are
    made from the row (not saved, not read again) so the page shows them through the models'
    own properties (the status's label, the names in the reader's language)."""
    row = enquiry_row(reference_code)
    if row is None:
        return None
    values = iter(row)
    records = {
        path: model(**{field: next(values) for field in fields})
        for path, model, fields in _ENQUIRY_PARTS
    }
    placement = records[""]
    # Dates as the ORM gives them (SQLite's cursor returns text).
    placement.start_date = _DATE.to_python(placement.start_date)
    placement.end_date = _DATE.to_python(placement.end_date)
    records["cohort"].programme = records["cohort__programme"]
    records["host_unit"].organisation = records["host_unit__organisation"]
    placement.participant = records["participant"]
    placement.cohort = records["cohort"]
    placement.host_unit = records["host_unit"]
    return placement


_DATE = Placement._meta.get_field("start_date")


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


LIST_LIMIT = 200  # rows of a "needs action" list (and the most its count says)


def _read_lists(specs, shown: int | None) -> list[ActionList]:
    """The lists of `specs` (key, title, whose, queryset). With `shown` on a database that
    takes a LIMIT in each part of a UNION (PostgreSQL), the lists of one model are read in one
    query, each part as `_first_and_total` reads it (the same plan, the same rows, its own
    count): the dashboard's twelve lists in five queries (docs/decisions/0055). Otherwise one
    query a list."""
    if shown is None or not connection.features.supports_slicing_ordering_in_compound:
        return [
            ActionList(key, title, whose, *_first_and_total(queryset, LIST_LIMIT, shown))
            for key, title, whose, queryset in specs
        ]
    by_model: dict = {}
    for key, _title, _whose, queryset in specs:
        by_model.setdefault(queryset.model, []).append(_first_shown(queryset, key, shown))
    found: dict[str, list] = {}
    for parts in by_model.values():
        # The union itself unordered (not by the model's Meta.ordering): `_n` orders each list.
        combined = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True).order_by()
        for row in combined:
            found.setdefault(row._list, []).append(row)
    lists = []
    for key, title, whose, _queryset in specs:
        rows = sorted(found.get(key, ()), key=lambda row: row._n)
        lists.append(ActionList(key, title, whose, rows, rows[0]._waiting if rows else 0))
    return lists


def _first_shown(queryset, key: str, shown: int):
    """The first `shown` rows of the list's first LIST_LIMIT, each with the number of those
    (`_waiting`), its place in the list (`_n`) and the list's key (`_list`)."""
    limited = queryset.values("pk")[:LIST_LIMIT]
    order = list(queryset.query.order_by) or ["pk"]
    return queryset.filter(pk__in=limited).annotate(
        _waiting=Window(Count("pk")),
        _n=Window(RowNumber(), order_by=order),
        _list=Value(key, output_field=CharField()),
    )[:shown]


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
        # The columns ordered by are read too: each list is a part of one UNION (_read_lists).
        .only(
            "participant",
            "cohort",
            "status",
            "rank",
            *officer,
            *name_fields("cohort", "name"),
            "cohort__nominations_close_at",
        )
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
    specs = [
        (
            "closing",
            _("Calls for nominations closing in the next 14 days"),
            _("Department HR"),
            (
                scoped(Cohort)
                .filter(
                    status=Cohort.Status.NOMINATIONS_OPEN,
                    nominations_close_at__range=(now, now + timedelta(days=14)),
                )
                .only(*name_fields("", "name"), "nominations_close_at", "start_date", "status")
                .order_by("nominations_close_at", "pk")
            ),
        ),
        (
            "screen",
            _("Nominations to screen"),
            runner,
            nominations.filter(status=Nomination.Status.SUBMITTED),
        ),
        (
            "decide",
            _("Selections due"),
            runner,
            (
                nominations.filter(
                    status__in=[Nomination.Status.SHORTLISTED, Nomination.Status.RECOMMENDED],
                    cohort__status=Cohort.Status.SELECTION,
                )
            ),
        ),
        (
            "place",
            _("Selected officers without a placement"),
            runner,
            # Only cohorts still to run: one that is over or cancelled can take no placement
            # (and without this, every selected officer ever is scanned for a missing one).
            (
                nominations.filter(status=Nomination.Status.SELECTED, placement__isnull=True)
                .exclude(cohort__status__in=[Cohort.Status.COMPLETED, Cohort.Status.CANCELLED])
                .order_by("cohort__nominations_close_at", "cohort_id", "rank", "pk")
            ),
        ),
        (
            "host",
            _("Placements waiting for the host unit to accept"),
            _("The host unit"),
            proposed.filter(host_response=answer.AWAITING),
        ),
        (
            "declined",
            _("Placements the host unit declined"),
            runner,
            proposed.filter(host_response=answer.DECLINED),
        ),
        (
            "confirm",
            _("Placements to confirm"),
            runner,
            (proposed.exclude(host_response__in=[answer.AWAITING, answer.DECLINED])),
        ),
        (
            "amend",
            _("Amendments awaiting approval"),
            runner,
            (
                amendments.select_related("placement")
                .only(
                    "status",
                    "new_start_date",
                    "old_start_date",
                    "placement",
                    "placement__reference_code",
                    "created_at",
                )
                .order_by("created_at")
            ),
        ),
        (
            "review",
            _("Reports submitted in the last 30 days, to review"),
            runner,
            (
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
                .order_by("-submitted_at", "pk")
            ),
        ),
        (
            "starting",
            _("Placements starting in the next 30 days"),
            _("Officer and host"),
            (
                placements.filter(
                    status=Placement.Status.CONFIRMED,
                    start_date__range=(today, today + timedelta(horizon_days)),
                ).order_by("start_date")
            ),
        ),
        (
            "ending",
            _("Placements ending in the next 30 days"),
            _("Officer and host"),
            (
                placements.filter(
                    status=Placement.Status.IN_PROGRESS,
                    end_date__range=(today, today + timedelta(horizon_days)),
                ).order_by("end_date")
            ),
        ),
        (
            "overdue",
            _("Overdue reports"),
            _("Officer or host"),
            (
                scoped(PlacementReport)
                .filter(status=PlacementReport.Status.DRAFT, due_on__lt=today)
                .select_related("placement")
                .only(
                    "status",
                    "author_role",
                    "kind",
                    "sequence",
                    "due_on",
                    "submitted_at",  # as the review list: both are read in one query
                    "placement",
                    "placement__reference_code",
                )
                .order_by("due_on")
            ),
        ),
    ]
    return _read_lists(specs, shown)


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

    # Up to 400 dates, most of them shared: each day is written out once.
    written: dict = {}

    def shown(day):
        text = written.get(day)
        if text is None:
            text = written[day] = formats.date_format(day, "DATE_FORMAT")
        return text

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


UNIT_NAME_FIELDS = name_fields("host_unit")
ORGANISATION_NAME_FIELDS = name_fields("host_unit__organisation")


def placement_name(row: dict) -> str:
    """str(placement) (Placement.__str__) from the values of PLACEMENT_NAME_FIELDS, the
    officer named as Participant.__str__ names them (the reader's own form first) without
    building a Participant for each of up to 200 rows."""
    english = row["participant__name_en"]
    traditional = row["participant__name_zh_hant"] or ""
    simplified = row["participant__name_zh_hans"] or ""
    chinese = (simplified or traditional) if is_simplified_page() else (traditional or simplified)
    if not chinese:
        officer = english
    elif is_chinese_page():
        officer = f"{chinese} ({english})"
    else:
        officer = f"{english} ({chinese})"
    unit = unit_at_organisation(
        localised_name(*(row[f] or "" for f in UNIT_NAME_FIELDS)),
        localised_name(*(row[f] or "" for f in ORGANISATION_NAME_FIELDS)),
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


@dataclass(frozen=True)
class PreferredUnit:
    """One of a nominee's preferred host units, with its places left for the cohort's dates
    (None: the unit sets no limit)."""

    rank: int
    host_unit: HostUnit
    places_left: int | None

    @property
    def has_place(self) -> bool:
        return self.places_left is None or self.places_left > 0


def units_places_left(units, cohort) -> dict[int, int | None]:
    """Each unit's places left for `cohort`'s dates: its capacity less the placements holding a
    place there (confirmed, in progress or completed: the rule check_unit_capacity counts) whose
    dates overlap the cohort's; None for a unit without a limit. One query for all units."""
    limited = {u.pk: u.capacity for u in units if u.capacity is not None}
    taken = (
        dict(
            Placement.objects.filter(host_unit_id__in=limited, status__in=COUNTED_STATES)
            .overlapping(cohort.start_date, cohort.end_date)
            .order_by()
            .values("host_unit")
            .annotate(n=Count("pk"))
            .values_list("host_unit", "n")
        )
        if limited
        else {}
    )
    return {
        u.pk: (max(limited[u.pk] - taken.get(u.pk, 0), 0) if u.pk in limited else None)
        for u in units
    }


def host_preferences_for(nominations, cohort) -> dict[int, list[PreferredUnit]]:
    """The host units each of `nominations` (of `cohort`, already read through the reader's
    scope) prefers, in order, with each unit's places left: two queries, whatever the number
    of nominations."""
    ids = [n.pk for n in nominations]
    if not ids or not cohort.takes_host_preferences:
        return {}
    rows = list(
        NominationPreference.objects.filter(nomination_id__in=ids)
        .select_related("host_unit__organisation")
        .order_by("nomination_id", "rank")
    )
    left = units_places_left({r.host_unit_id: r.host_unit for r in rows}.values(), cohort)
    preferences: dict[int, list[PreferredUnit]] = {}
    for row in rows:
        preferences.setdefault(row.nomination_id, []).append(
            PreferredUnit(row.rank, row.host_unit, left[row.host_unit_id])
        )
    return preferences


def first_preference_with_place(preferences, offered) -> PreferredUnit | None:
    """The placement proposal's default: of a nominee's `preferences` (host_preferences_for),
    the first whose unit is among the units `offered` and has a place left."""
    offered_ids = set(offered.values_list("pk", flat=True))
    for preferred in preferences:
        if preferred.host_unit.pk in offered_ids and preferred.has_place:
            return preferred
    return None


# After return (issue 19, point 4) ---------------------------------------------------------------


def follow_ups_for(user) -> QuerySet[ReturnFollowUp]:
    """Follow-ups after return a user may see: all for CSB, their own department's officers'
    for department HR and programme coordinators, their own for an officer."""
    return ReturnFollowUp.objects.visible_to(user).with_related()


def follow_ups_of_participant(participant) -> QuerySet[ReturnFollowUp]:
    return ReturnFollowUp.objects.filter(placement__participant=participant).with_related()


def returnees_for(user) -> QuerySet[Placement]:
    """The returns of Hong Kong officers from completed placements a user may see (one row per
    placement): all for CSB, their own department's officers' for department HR and programme
    coordinators; with what the list of returnees prints, in a fixed number of queries."""
    return (
        returnees()
        .visible_to(user)
        .filter(participant__origin=Participant.Origin.HONG_KONG)
        .select_related(
            "participant__department",
            "participant__grade",
            "cohort__programme",
            "host_unit__organisation",
        )
        .prefetch_related("focus_areas", "participant__languages", "follow_ups")
    )


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
