"""The rules that protect a place and a person's dates, shared by the services. Each raises a
ValidationError whose message names the rule and the record that breaks it."""

from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from exchange_portal.names import list_separator
from exchange_portal.services import require
from participants.models import Participant
from programmes.models import Cohort, CohortQuota

from ..models import HostUnit, Placement

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
