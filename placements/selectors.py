"""Reads for nominations, placements and the public figures."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from exchange_portal.disclosure import Group, SuppressedTable, suppress_small_groups
from participants.models import Department, Grade
from programmes.models import Cohort, Programme

from .models import FocusArea, HostOrganisation, Nomination, Placement

# Placements that count in published figures: the officer is going, gone or back.
COUNTED_STATES = (
    Placement.Status.CONFIRMED,
    Placement.Status.IN_PROGRESS,
    Placement.Status.COMPLETED,
)


@dataclass(frozen=True)
class Breakdown:
    key: str
    title: str
    table: SuppressedTable


def _labelled(rows, key, model=None, label=None):
    """Turn GROUP BY rows into Groups, naming each by one bulk lookup of `model`."""
    ids = [row[key] for row in rows if row[key] is not None]
    names = {}
    if model is not None:
        names = {obj.pk: label(obj) for obj in model.objects.filter(pk__in=ids)}
    groups = []
    for row in rows:
        value = row[key]
        if model is None:
            name = str(value) if value is not None else str(_("Not recorded"))
        elif value is None:
            name = str(_("Partner-government officers"))
        else:
            name = names.get(value, "")
        groups.append(Group(label=name, count=row["officers"], key=value))
    return groups


def _count_by(queryset: QuerySet, *fields):
    return (
        queryset.values(*fields).annotate(officers=Count("participant", distinct=True)).order_by()
    )


def public_figures() -> list[Breakdown]:
    """Officers placed, by programme, cohort, year, department, grade, destination and focus
    area: each a GROUP BY in the database, with every group under 3 suppressed."""
    counted = Placement.objects.filter(status__in=COUNTED_STATES)
    breakdowns = [
        (
            "programme",
            _("By programme"),
            _labelled(
                _count_by(counted, "cohort__programme"),
                "cohort__programme",
                Programme,
                lambda p: p.name,
            ),
        ),
        (
            "cohort",
            _("By cohort"),
            _labelled(_count_by(counted, "cohort"), "cohort", Cohort, lambda c: c.name),
        ),
        (
            "year",
            _("By year of starting"),
            _labelled(_count_by(counted.annotate(year=ExtractYear("start_date")), "year"), "year"),
        ),
        (
            "department",
            _("By department"),
            _labelled(
                _count_by(counted, "participant__department"),
                "participant__department",
                Department,
                lambda d: d.name,
            ),
        ),
        (
            "grade",
            _("By grade"),
            _labelled(
                _count_by(counted, "participant__grade"),
                "participant__grade",
                Grade,
                lambda g: g.name,
            ),
        ),
        (
            "destination",
            _("By host organisation"),
            _labelled(
                _count_by(counted, "host_unit__organisation"),
                "host_unit__organisation",
                HostOrganisation,
                lambda o: o.name,
            ),
        ),
        (
            "focus_area",
            _("By focus area"),
            _labelled(
                _count_by(counted.filter(focus_areas__isnull=False), "focus_areas"),
                "focus_areas",
                FocusArea,
                lambda f: f.name,
            ),
        ),
    ]
    return [
        Breakdown(key=key, title=title, table=suppress_small_groups(groups))
        for key, title, groups in breakdowns
    ]


def placement_for_enquiry(reference_code: str) -> Placement | None:
    """The placement a public status enquiry asks about, with what the answer shows."""
    return (
        Placement.objects.select_related(
            "participant", "cohort__programme", "host_unit__organisation"
        )
        .filter(reference_code=reference_code)
        .first()
    )


def nominations_for_participant(participant) -> QuerySet[Nomination]:
    return (
        Nomination.objects.filter(participant=participant)
        .select_related(
            "cohort__programme", "nominating_department", "placement__host_unit__organisation"
        )
        .order_by("-cohort__start_date")
    )


def placements_for_host_contact(user) -> QuerySet[Placement]:
    return (
        Placement.objects.filter(host_unit__contacts=user)
        .exclude(status__in=[Placement.Status.WITHDRAWN, Placement.Status.CANCELLED])
        .select_related("participant", "cohort__programme", "host_unit__organisation")
        .prefetch_related("reports")
        .order_by("-start_date", "pk")
    )
