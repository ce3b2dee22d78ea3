"""Query budgets of the pages issue 8 measures under load (the staff lists have theirs in
test_staff_screens), and the public figures' cache: served without recounting, yet a change of
state shows with the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from placements import services
from placements.models import Placement
from tests.placements.factories import NominationFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def queries_of(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = call()
    assert response.status_code == 200
    return len(captured.captured_queries)


def officers_shown(client, programme) -> int:
    html = client.get(reverse("programmes:public_figures")).content.decode()
    match = re.search(
        rf'<th scope="row" class="fw-normal">{re.escape(programme.name)}</th>'
        r'<td class="text-end">(\d+)</td>',
        html,
    )
    return int(match.group(1)) if match else 0


def test_a_confirmed_placement_shows_on_the_cached_figures_page_at_once(client, csb_manager):
    programme = ProgrammeFactory(name_en="Cached Figures Programme")
    cohort = CohortFactory(programme=programme, places=10)
    PlacementFactory.create_batch(3, nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    proposed = PlacementFactory(nomination__cohort=cohort)
    assert officers_shown(client, programme) == 3
    assert officers_shown(client, programme) == 3  # now from the cache

    services.placement_confirm(placement=proposed, actor=csb_manager)
    assert officers_shown(client, programme) == 4

    services.placement_withdraw(placement=proposed, actor=csb_manager, reason="Changed plans.")
    assert officers_shown(client, programme) == 3


def test_a_renamed_programme_shows_on_the_cached_figures_page_at_once(client):
    programme = ProgrammeFactory(name_en="Old Programme Name")
    PlacementFactory.create_batch(
        3, nomination__cohort=CohortFactory(programme=programme), status="confirmed"
    )
    assert officers_shown(client, programme) == 3
    programme.name_en = "New Programme Name"
    programme.save()
    assert officers_shown(client, programme) == 3
    assert "Old Programme Name" not in client.get(reverse("programmes:public_figures")).text


def test_the_figures_page_costs_the_same_queries_for_5_and_50_placements_and_none_cached(client):
    url = reverse("programmes:public_figures")

    def placements(n):
        PlacementFactory.create_batch(
            n, nomination__cohort=CohortFactory(), status=Placement.Status.CONFIRMED
        )

    placements(5)
    few = queries_of(lambda: client.get(url))
    placements(45)
    many = queries_of(lambda: client.get(url))
    cached = queries_of(lambda: client.get(url))
    assert few == many
    assert cached == 0  # tests use the local-memory cache; production's costs 2 (bench)


def test_the_status_enquiry_costs_the_same_queries_for_5_and_500_placements(client):
    url = reverse("placements:status_enquiry")
    first, *_others = PlacementFactory.create_batch(5, status=Placement.Status.CONFIRMED)
    form = {"reference_code": first.reference_code, "email": first.participant.email}
    few = queries_of(lambda: client.post(url, form))
    PlacementFactory.create_batch(495, nomination__cohort=CohortFactory())
    many = queries_of(lambda: client.post(url, form))
    assert few == many
    assert "Your placement" in client.post(url, form).text


def test_the_dashboard_costs_the_same_queries_for_few_and_many_rows(client, csb_manager):
    url = reverse("placements:dashboard")
    manager_client = client
    manager_client.force_login(csb_manager)

    def rows(n):
        cohort = CohortFactory()
        NominationFactory.create_batch(n, cohort=cohort)
        PlacementFactory.create_batch(n, nomination__cohort=cohort)

    rows(3)
    manager_client.get(url)  # the session's first request writes its last-seen time
    few = queries_of(lambda: manager_client.get(url))
    rows(250)
    many = queries_of(lambda: manager_client.get(url))
    assert few == many
