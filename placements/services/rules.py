"""The rules that protect a place and a person's dates, shared by the services. Each raises a
ValidationError whose message names the rule and the record that breaks it."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from exchange_portal.names import list_separator
from exchange_portal.services import refuse_past_dates, require
from participants.models import Participant
from programmes.models import Cohort, CohortQuota, Programme

from ..models import MAX_HOST_PREFERENCES, HostOrganisation, HostUnit, Nomination, Placement

# Placements that hold a place in their cohort and at their host unit.
PLACE_HOLDING_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)
NOMINATION_PROTECTED = {
    "status",
    "status_reason",
    "recommended_by",
    "recommended_on",
    "reserve_rank",
}
PLACEMENT_PROTECTED = {
    "status",
    "status_reason",
    "reference_code",
    "version",
    "participant",
    "cohort",
    "nomination",
    # The host unit's answer is the host's to give (services/hosts.py), never typed in.
    "host_response",
    "host_response_reason",
    "host_responded_at",
    "host_responded_by",
}


def describe(placement: Placement) -> dict:
    return {
        "code": placement.reference_code,
        "host": placement.host_unit,
        "start": date_format(placement.start_date),
        "end": date_format(placement.end_date),
        "status": placement.get_status_display().lower(),
    }


def check_no_overlap(
    *, participant_id: int, start_date, end_date, exclude_pk=None, field="start_date"
):
    """Refuse dates that overlap another live placement of the same officer, naming it."""
    clashes = (
        Placement.objects.live()
        .filter(participant_id=participant_id)
        .overlapping(start_date, end_date)
        .select_related("host_unit__organisation")
    )
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    clash = clashes.first()
    if clash is not None:
        raise ValidationError(
            {
                field: _(
                    "These dates overlap placement %(code)s at %(host)s (%(start)s to %(end)s, "
                    "%(status)s)."
                )
                % describe(clash)
            },
            code="overlap",
        )


def check_eligible(*, cohort: Cohort, participant: Participant) -> None:
    """The call's rules on who may be nominated: grade, rank level, and free dates."""
    if participant.origin == Participant.Origin.HONG_KONG:
        grades = list(cohort.eligible_grades.all())
        if grades:
            require(
                participant.grade_id in {g.pk for g in grades},
                _("%(officer)s is not eligible: %(cohort)s is open to the grades %(grades)s only.")
                % {
                    "officer": participant,
                    "cohort": cohort,
                    "grades": ", ".join(g.code for g in grades),
                },
                field="participant",
                code="grade",
            )
        levels = cohort.eligible_rank_levels or []
        if levels:
            labels = [str(Participant.RankLevel(level).label).lower() for level in levels]
            require(
                participant.rank_level in levels,
                _(
                    "%(officer)s is not eligible: %(cohort)s is open to %(levels)s ranks only "
                    "(the officer's rank level is %(level)s)."
                )
                % {
                    "officer": participant,
                    "cohort": cohort,
                    "levels": format_lazy(
                        _("{} or {}"), list_separator().join(labels[:-1]), labels[-1]
                    )
                    if len(labels) > 1
                    else labels[0],
                    "level": participant.get_rank_level_display().lower() or _("not recorded"),
                },
                field="participant",
                code="rank_level",
            )
    clash = (
        Placement.objects.live()
        .filter(participant=participant)
        .overlapping(cohort.start_date, cohort.end_date)
        .select_related("host_unit__organisation")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "participant": _(
                    "%(officer)s is not free for these dates: placement %(code)s at %(host)s "
                    "runs from %(start)s to %(end)s."
                )
                % {"officer": participant, **describe(clash)}
            },
            code="overlap",
        )


def check_cohort_places(placement: Placement) -> None:
    """Refuse a confirmation beyond the cohort's places or the department's quota. Locks the
    cohort row, so two confirmations of the same cohort queue one behind the other."""
    cohort = Cohort.objects.select_for_update().get(pk=placement.cohort_id)
    holding = Placement.objects.filter(cohort=cohort, status__in=PLACE_HOLDING_STATES).exclude(
        pk=placement.pk
    )
    require(
        holding.count() < cohort.places,
        _("All %(places)s places in %(cohort)s are taken.")
        % {"places": cohort.places, "cohort": cohort},
        code="cohort_full",
    )
    department_id = placement.participant.department_id
    if department_id is None:
        return
    quota = CohortQuota.objects.filter(cohort=cohort, department_id=department_id).first()
    if quota is not None:
        require(
            holding.filter(participant__department_id=department_id).count() < quota.places,
            _("%(department)s has used all %(places)s of its places in %(cohort)s.")
            % {"department": quota.department.code, "places": quota.places, "cohort": cohort},
            code="quota_full",
        )


def check_unit_capacity(*, host_unit_id: int, start_date, end_date, exclude_pk=None) -> None:
    """Refuse a placement at a unit that is full for some of these dates. Locks the unit row."""
    unit = HostUnit.objects.select_for_update().get(pk=host_unit_id)
    if unit.capacity is None:
        return
    at_unit = Placement.objects.filter(host_unit=unit, status__in=PLACE_HOLDING_STATES).overlapping(
        start_date, end_date
    )
    if exclude_pk is not None:
        at_unit = at_unit.exclude(pk=exclude_pk)
    require(
        at_unit.count() < unit.capacity,
        _("%(unit)s can take %(capacity)s officer(s) at a time and is full for these dates.")
        % {"unit": unit, "capacity": unit.capacity},
        code="unit_full",
    )


def check_places(placement: Placement) -> None:
    check_cohort_places(placement)
    check_unit_capacity(
        host_unit_id=placement.host_unit_id,
        start_date=placement.start_date,
        end_date=placement.end_date,
        exclude_pk=placement.pk,
    )


def is_policy_bureau_host(unit: HostUnit) -> bool:
    organisation = unit.organisation
    if organisation.kind == HostOrganisation.Kind.POLICY_BUREAU:
        return True
    department = organisation.department if organisation.department_id else None
    return department is not None and department.is_policy_bureau


def check_host_allowed(*, programme: Programme, host_unit: HostUnit, field="host_unit") -> None:
    """Rule: a programme may restrict its hosts (the Secretariat Attachment Scheme attaches
    officers to policy bureaux only)."""
    if programme.hosts_policy_bureaux_only:
        require(
            is_policy_bureau_host(host_unit),
            _(
                "%(programme)s places officers at policy bureaux only: %(organisation)s is a "
                "%(kind)s, not a policy bureau."
            )
            % {
                "programme": programme,
                "organisation": host_unit.organisation,
                "kind": host_unit.organisation.get_kind_display().lower(),
            },
            field=field,
            code="host_not_allowed",
        )


def check_host_preferences(*, cohort: Cohort, host_units, field="host_preferences") -> None:
    """Rules on the host units a nominee prefers, in order: only where the call takes
    preferences, at most three, each unit once, and each one the programme's host rule
    allows (check_host_allowed)."""
    if not host_units:
        return
    require(
        cohort.takes_host_preferences,
        _("%(cohort)s does not take host preferences: leave them blank.") % {"cohort": cohort},
        field=field,
        code="preferences_not_taken",
    )
    require(
        len(host_units) <= MAX_HOST_PREFERENCES,
        _("Name at most %(most)s host units in order of preference (%(count)s were named).")
        % {"most": MAX_HOST_PREFERENCES, "count": len(host_units)},
        field=field,
        code="too_many_preferences",
    )
    seen = set()
    for unit in host_units:
        require(
            unit.pk not in seen,
            _("%(unit)s is named twice: name each host unit once, in order of preference.")
            % {"unit": unit},
            field=field,
            code="preference_repeated",
        )
        seen.add(unit.pk)
        check_host_allowed(programme=cohort.programme, host_unit=unit, field=field)


def _completed_years(since: date, on: date) -> int:
    return on.year - since.year - ((on.month, on.day) < (since.month, since.day))


def eligibility_reference_date(cohort: Cohort) -> date:
    """Ages and years of service are counted on the day the call closes (today without one)."""
    if cohort.nominations_close_at is not None:
        return timezone.localtime(cohort.nominations_close_at).date()
    return timezone.localdate()


def check_age_and_service(*, cohort: Cohort, participant: Participant) -> None:
    """Rule: a call may set an age band and a minimum length of service (the UN JPO programme
    is for young officers), counted on the day nominations close."""
    on = eligibility_reference_date(cohort)
    names = {"officer": participant, "cohort": cohort, "date": date_format(on)}
    if cohort.min_age is not None or cohort.max_age is not None:
        require(
            participant.date_of_birth is not None,
            _(
                "%(officer)s cannot be checked against the age band of %(cohort)s: the "
                "officer's date of birth is not recorded."
            )
            % names,
            field="participant",
            code="date_of_birth_missing",
        )
        age = _completed_years(participant.date_of_birth, on)
        low, high = cohort.min_age, cohort.max_age
        require(
            (low is None or age >= low) and (high is None or age <= high),
            _(
                "%(officer)s is not eligible: %(cohort)s is open to officers aged %(band)s on "
                "%(date)s (the officer will be %(age)s)."
            )
            % {
                **names,
                "age": age,
                "band": (
                    _("%(low)s to %(high)s") % {"low": low, "high": high}
                    if low is not None and high is not None
                    else _("%(low)s or over") % {"low": low}
                    if low is not None
                    else _("%(high)s or under") % {"high": high}
                ),
            },
            field="participant",
            code="age_band",
        )
    if cohort.min_years_of_service:
        require(
            participant.service_entry_date is not None,
            _(
                "%(officer)s cannot be checked against the length of service %(cohort)s asks "
                "for: the officer's date of entry to the civil service is not recorded."
            )
            % names,
            field="participant",
            code="service_entry_date_missing",
        )
        years = _completed_years(participant.service_entry_date, on)
        require(
            years >= cohort.min_years_of_service,
            ngettext_lazy(
                "%(officer)s is not eligible: %(cohort)s asks for at least %(count)d year of "
                "service on %(date)s (the officer will have %(years)s).",
                "%(officer)s is not eligible: %(cohort)s asks for at least %(count)d years of "
                "service on %(date)s (the officer will have %(years)s).",
                "count",
            )
            % {**names, "count": cohort.min_years_of_service, "years": years},
            field="participant",
            code="years_of_service",
        )


def overlapping_selections(*, participant_id: int, cohort: Cohort):
    """The officer's selections in other cohorts, of any programme, whose dates overlap."""
    return (
        Nomination.objects.filter(
            participant_id=participant_id,
            status=Nomination.Status.SELECTED,
            cohort__start_date__lte=cohort.end_date,
            cohort__end_date__gte=cohort.start_date,
        )
        .exclude(cohort_id=cohort.pk)
        .select_related("cohort__programme")
        .order_by("cohort__start_date", "pk")
    )


def _describe_cohort(other: Cohort) -> dict:
    return {
        "other": other,
        "programme": other.programme,
        "start": date_format(other.start_date),
        "end": date_format(other.end_date),
    }


def check_free_to_select(nomination: Nomination) -> None:
    """Rule: an officer is selected for one cohort at a time. Refuses a selection whose dates
    overlap another cohort the officer is selected for, or a live placement, naming it."""
    clash = overlapping_selections(
        participant_id=nomination.participant_id, cohort=nomination.cohort
    ).first()
    if clash is not None:
        raise ValidationError(
            _(
                "An officer is selected for one cohort at a time: %(officer)s is already "
                "selected for %(other)s (%(programme)s), %(start)s to %(end)s, which overlaps "
                "these dates."
            )
            % {"officer": nomination.participant, **_describe_cohort(clash.cohort)},
            code="overlap",
        )
    check_no_overlap(
        participant_id=nomination.participant_id,
        start_date=nomination.cohort.start_date,
        end_date=nomination.cohort.end_date,
        field="participant",
    )


def nomination_overlap_warnings(nomination: Nomination) -> list:
    """Not a refusal: a department may put an officer forward for two calls. Tells who
    nominates that the officer's other nominations or selections overlap this cohort."""
    others = (
        Nomination.objects.filter(
            participant_id=nomination.participant_id,
            status__in=(*Nomination.OPEN_STATES, Nomination.Status.SELECTED),
            cohort__start_date__lte=nomination.cohort.end_date,
            cohort__end_date__gte=nomination.cohort.start_date,
        )
        .exclude(cohort_id=nomination.cohort_id)
        .select_related("cohort__programme")
        .order_by("cohort__start_date", "pk")
    )
    return [
        _(
            "%(officer)s is also %(status)s for %(other)s (%(programme)s), %(start)s to "
            "%(end)s, which overlaps this cohort: only one of them can be selected."
        )
        % {
            "officer": nomination.participant,
            "status": other.get_status_display().lower(),
            **_describe_cohort(other.cohort),
        }
        for other in others
    ]


def check_cohort_placed(cohort: Cohort) -> None:
    """Rule: a cohort is confirmed only with its placements: at least one, and one for every
    selected officer."""
    unplaced = (
        Nomination.objects.filter(cohort=cohort, status=Nomination.Status.SELECTED)
        .filter(placement__isnull=True)
        .select_related("participant")
        .order_by("pk")
    )
    names = [str(n.participant) for n in unplaced[:5]]
    require(
        not names,
        _(
            "A cohort is confirmed only with its placements: %(officers)s selected for "
            "%(cohort)s have no placement yet."
        )
        % {"officers": list_separator().join(names), "cohort": cohort},
        code="unplaced_selection",
    )
    require(
        Placement.objects.live().filter(cohort=cohort).exists(),
        _("A cohort is confirmed only with its placements: %(cohort)s has none yet.")
        % {"cohort": cohort},
        code="no_placement",
    )


def check_past_dates(dates: dict, *, confirmed: bool) -> None:
    """Rule: dates already past are saved only once the user confirms them. `dates`: each
    date's label (as the reader knows the field) and value; the past ones are named in the
    refusal, on "confirm_past_dates" (the screens' "save anyway" box, the API's field).
    Call it last, once every other rule has spoken."""
    if confirmed:
        return
    today = timezone.localdate()
    refuse_past_dates(
        {label: value for label, value in dates.items() if value is not None and value < today}
    )


def past_date_labels(model, *names) -> dict:
    """The labels of `model`'s date fields as a refusal names them: "start date"."""
    return {name: str(model._meta.get_field(name).verbose_name) for name in names}
