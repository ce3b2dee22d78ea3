"""Invariants the database holds even when code writes past the forms and services."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction

from placements.models import REFERENCE_ALPHABET, Nomination, Placement, new_reference_code
from programmes.models import Cohort
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


def refused_by_database(write):
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


def test_placement_ending_before_it_starts_is_refused_by_the_database():
    placement = PlacementFactory()
    refused_by_database(
        lambda: Placement.objects.filter(pk=placement.pk).update(end_date=placement.start_date)
    )
    placement.refresh_from_db()
    assert placement.end_date > placement.start_date


def test_cohort_ending_before_it_starts_is_refused_by_the_database():
    cohort = CohortFactory()
    refused_by_database(
        lambda: Cohort.objects.filter(pk=cohort.pk).update(
            end_date=cohort.start_date - datetime.timedelta(days=1)
        )
    )


def test_cohort_without_places_is_refused_by_the_database():
    cohort = CohortFactory()
    refused_by_database(lambda: Cohort.objects.filter(pk=cohort.pk).update(places=0))


def test_an_officer_cannot_be_nominated_twice_for_one_cohort():
    nomination = NominationFactory()
    refused_by_database(
        lambda: Nomination.objects.bulk_create(
            [Nomination(cohort=nomination.cohort, participant=nomination.participant)]
        )
    )
    assert Nomination.objects.count() == 1


def test_a_nomination_cannot_have_two_placements():
    placement = PlacementFactory()
    second = Placement(
        nomination=placement.nomination,
        participant=placement.participant,
        cohort=placement.cohort,
        host_unit=HostUnitFactory(),
        start_date=placement.start_date,
        end_date=placement.end_date,
        status=Placement.Status.WITHDRAWN,
    )
    refused_by_database(lambda: Placement.objects.bulk_create([second]))
    assert Placement.objects.count() == 1


def test_two_placements_cannot_share_a_reference_code():
    first, second = PlacementFactory(), PlacementFactory()
    refused_by_database(
        lambda: Placement.objects.filter(pk=second.pk).update(reference_code=first.reference_code)
    )


def test_a_short_guessable_reference_code_is_refused_by_the_database():
    placement = PlacementFactory()
    refused_by_database(
        lambda: Placement.objects.filter(pk=placement.pk).update(reference_code="EX-1")
    )


def test_a_recommended_nomination_without_who_and_when_is_refused_by_the_database():
    nomination = NominationFactory()
    refused_by_database(
        lambda: Nomination.objects.filter(pk=nomination.pk).update(status="recommended")
    )


def test_reference_codes_are_random_readable_and_distinct():
    codes = {new_reference_code() for _ in range(2000)}
    assert len(codes) == 2000
    pattern = re.compile(
        rf"^EX-[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}-"
        rf"[{REFERENCE_ALPHABET}]{{4}}$"
    )
    assert all(pattern.match(code) for code in codes)
    # Letters that are misread on the phone (I, L, O, U) never appear.
    assert not set("ILOU") & set("".join(codes))


@pytest.mark.postgres
def test_overlapping_live_placements_of_one_officer_are_refused_by_postgresql():
    officer = ParticipantFactory()
    first = PlacementFactory(nomination=SelectedNominationFactory(participant=officer))
    other_cohort = CohortFactory(start_date=first.start_date + datetime.timedelta(days=30))
    nomination = SelectedNominationFactory(participant=officer, cohort=other_cohort)
    overlapping = Placement(
        nomination=nomination,
        participant=officer,
        cohort=other_cohort,
        host_unit=HostUnitFactory(),
        start_date=other_cohort.start_date,
        end_date=other_cohort.end_date,
    )
    refused_by_database(lambda: Placement.objects.bulk_create([overlapping]))


@pytest.mark.postgres
def test_a_withdrawn_placement_does_not_block_new_dates_on_postgresql():
    officer = ParticipantFactory()
    first = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.WITHDRAWN,
    )
    other_cohort = CohortFactory(start_date=first.start_date)
    nomination = SelectedNominationFactory(participant=officer, cohort=other_cohort)
    Placement.objects.bulk_create(
        [
            Placement(
                nomination=nomination,
                participant=officer,
                cohort=other_cohort,
                host_unit=HostUnitFactory(),
                start_date=other_cohort.start_date,
                end_date=other_cohort.end_date,
            )
        ]
    )
    assert Placement.objects.filter(participant=officer).count() == 2

    # Reviving the withdrawn one behind the services' back is still refused.
    refused_by_database(
        lambda: Placement.objects.filter(pk=first.pk).update(status=Placement.Status.CONFIRMED)
    )
