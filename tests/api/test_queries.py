"""Every API list costs the same number of queries for a page of 5 rows as for a full page of
50 rows (joins and prefetches, never a query per row), as the staff lists do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def placements(n):
    made = PlacementFactory.create_batch(
        n, nomination__cohort=CohortFactory(), host_unit=HostUnitFactory()
    )
    area = FocusAreaFactory()
    for placement in made:
        placement.focus_areas.add(area)


def cohorts(n):
    grade = GradeFactory()
    for cohort in CohortFactory.create_batch(n, programme=ProgrammeFactory()):
        cohort.eligible_grades.add(grade)


LISTS = [
    ("placement", placements),
    (
        "nomination",
        lambda n: NominationFactory.create_batch(
            n, cohort=CohortFactory(), participant__department=DepartmentFactory(code="X1")
        ),
    ),
    (
        "participant",
        lambda n: ParticipantFactory.create_batch(
            n, department=DepartmentFactory(code="X2"), grade=GradeFactory(code="G2")
        ),
    ),
    ("programme", lambda n: ProgrammeFactory.create_batch(n)),
    ("cohort", cohorts),
    ("agreement", lambda n: PartnerAgreementFactory.create_batch(n, programme=ProgrammeFactory())),
    ("hostorganisation", lambda n: HostOrganisationFactory.create_batch(n)),
    ("hostunit", lambda n: HostUnitFactory.create_batch(n, organisation=HostOrganisationFactory())),
    ("department", lambda n: DepartmentFactory.create_batch(n)),
    ("grade", lambda n: GradeFactory.create_batch(n)),
]


@pytest.mark.parametrize(("basename", "make"), LISTS, ids=[name for name, _ in LISTS])
def test_each_api_list_costs_the_same_queries_for_5_and_50_rows(
    api, django_assert_num_queries, basename, make
):
    manager = api("csb_manager")
    url = reverse(f"api:{basename}-list")
    make(5)
    with CaptureQueriesContext(connection) as five:
        assert manager.get(url).status_code == 200
    make(55)
    with django_assert_num_queries(len(five.captured_queries)):
        response = manager.get(url)
    assert len(response.json()["results"]) == 50
