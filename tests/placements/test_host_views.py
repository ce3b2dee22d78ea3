"""Host-unit contacts see the placements at their own units and give feedback; nothing else."""

import pytest
from django.urls import reverse

from placements.models import Placement, PlacementReport
from tests.conftest import make_user
from tests.placements.factories import HostUnitFactory, PlacementFactory, PlacementReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(django_user_model):
    return make_user(django_user_model, "host.futian", "host_contact")


@pytest.fixture
def my_unit(contact):
    unit = HostUnitFactory(name_en="Futian Administration")
    unit.contacts.add(contact)
    return unit


def test_a_host_contact_sees_the_officers_at_their_unit(client, contact, my_unit):
    mine = PlacementFactory(
        host_unit=my_unit, status=Placement.Status.CONFIRMED, supervisor_name="Director ZHOU"
    )
    elsewhere = PlacementFactory(status=Placement.Status.CONFIRMED)
    client.force_login(contact)
    html = client.get(reverse("portal:host_placements")).content.decode()
    assert mine.participant.name_en in html
    assert "Director ZHOU" in html
    assert elsewhere.participant.name_en not in html


def test_a_host_contact_submits_feedback_on_a_completed_placement(client, contact, my_unit):
    placement = PlacementFactory(host_unit=my_unit, status=Placement.Status.COMPLETED)
    report = PlacementReportFactory(placement=placement, author_role="host")
    client.force_login(contact)
    response = client.post(
        reverse("portal:host_feedback", args=[placement.pk]),
        {
            "summary": "A valuable colleague.",
            "experience_gained": "",
            "recommendations": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.SUBMITTED
    assert report.submitted_by == contact


def test_feedback_on_another_units_placement_is_not_found(client, contact, my_unit):
    other = PlacementFactory(status=Placement.Status.COMPLETED)
    report = PlacementReportFactory(placement=other, author_role="host")
    client.force_login(contact)
    url = reverse("portal:host_feedback", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"summary": "x", "submit": "1"}).status_code == 404
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.DRAFT


def test_a_participant_cannot_open_the_host_pages(client, django_user_model):
    client.force_login(make_user(django_user_model, "someone", "participant"))
    assert client.get(reverse("portal:host_placements")).status_code == 403
