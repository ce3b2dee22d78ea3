"""Which documents each placement needs, which it has, and what is missing or overdue
(decision 0056). Reads only: a few queries for any number of placements."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from programmes.models import DocumentRequirement

from .models import Placement, PlacementDocument

# The country names that mean a posting in Hong Kong (HostOrganisation.country, in English).
HONG_KONG = {"hong kong", "hong kong sar", "hong kong, china", "hksar"}
# Placements whose documents are still chased.
CHASED = (Placement.Status.PROPOSED, Placement.Status.CONFIRMED, Placement.Status.IN_PROGRESS)
# Placements that may still receive documents (a late one may be filed after the return).
RECEIVING = (*CHASED, Placement.Status.COMPLETED)


def outside_hong_kong(placement) -> bool:
    return placement.host_unit.organisation.country.strip().lower() not in HONG_KONG


def requirements_by_placement(placements) -> dict[int, list[DocumentRequirement]]:
    """Each placement's required documents: its programme's, with its cohort's replacing those
    of the same kind and title and adding the others; those for postings outside Hong Kong
    only where the host is outside. One query."""
    placements = list(placements)
    programmes = {p.cohort.programme_id for p in placements}
    cohorts = {p.cohort_id for p in placements}
    rows = DocumentRequirement.objects.filter(
        Q(programme_id__in=programmes) | Q(cohort_id__in=cohorts)
    )
    of_programme, of_cohort = defaultdict(list), defaultdict(list)
    for row in rows:
        if row.programme_id:
            of_programme[row.programme_id].append(row)
        else:
            of_cohort[row.cohort_id].append(row)
    found = {}
    for placement in placements:
        own = of_cohort.get(placement.cohort_id, [])
        replaced = {r.key for r in own}
        chosen = [
            r for r in of_programme.get(placement.cohort.programme_id, []) if r.key not in replaced
        ] + own
        abroad = outside_hong_kong(placement)
        found[placement.pk] = sorted(
            (r for r in chosen if abroad or not r.outside_hong_kong_only),
            key=lambda r: (r.due_days, r.kind, r.pk),
        )
    return found


def requirements_for(placement) -> list[DocumentRequirement]:
    return requirements_by_placement([placement])[placement.pk]


@dataclass
class Item:
    """One required document of one placement, and where it stands."""

    placement: Placement
    requirement: DocumentRequirement
    due_on: date
    document: PlacementDocument | None
    overdue: bool

    @property
    def missing(self) -> bool:
        return self.document is None


def checklists(placements, *, today: date | None = None) -> list[tuple[Placement, list[Item]]]:
    """(placement, its items) for each placement, in the order given. Two queries."""
    today = today or timezone.localdate()
    placements = list(placements)
    needed = requirements_by_placement(placements)
    documents = {
        (d.placement_id, d.requirement_id): d
        for d in PlacementDocument.objects.filter(placement__in=[p.pk for p in placements])
    }
    result = []
    for placement in placements:
        items = []
        for requirement in needed[placement.pk]:
            document = documents.get((placement.pk, requirement.pk))
            due_on = requirement.due_on(placement.start_date)
            items.append(
                Item(
                    placement,
                    requirement,
                    due_on,
                    document,
                    overdue=document is None and due_on < today,
                )
            )
        result.append((placement, items))
    return result


def missing(placements, *, today: date | None = None, only=None) -> list[tuple[Placement, list]]:
    """The placements still owing a document, each with what it owes (overdue first); `only`
    keeps the items it accepts (e.g. those a reader provides, or the overdue ones)."""
    rows = []
    for placement, items in checklists(placements, today=today):
        owed = [i for i in items if i.missing and (only is None or only(i))]
        if owed:
            rows.append((placement, sorted(owed, key=lambda i: (not i.overdue, i.due_on))))
    return rows


def chased(queryset):
    """The placements of `queryset` whose documents are still chased, with what the checklist
    reads of them."""
    return (
        queryset.filter(status__in=CHASED)
        .select_related("cohort__programme", "host_unit__organisation", "participant")
        .order_by("start_date", "pk")
    )
