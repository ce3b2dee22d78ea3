"""The programme cycle as CSB staff run it in the admin."""

import datetime

import pytest
from django.urls import reverse

from placements.models import Placement, PlacementAmendment
from programmes.models import Cohort
from tests.conftest import make_user
from tests.participants.factories import GradeFactory
from tests.placements.factories import NominationFactory, PlacementFactory
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


def test_a_call_is_limited_to_grades_and_rank_levels_from_the_cohort_form(manager_client):
    cohort = CohortFactory()
    ao = GradeFactory(code="AO")
    url = reverse("admin:programmes_cohort_change", args=[cohort.pk])
    page = manager_client.get(url).content.decode()
    assert "Who may be nominated" in page
    assert "CSB opens the call for nominations." in page  # the next step, and whose turn
    data = {
        "programme": cohort.programme_id,
        "name": cohort.name,
        "phase": 1,
        "batch": cohort.batch,
        "direction": "outbound",
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
        "places": 10,
        "destination": "Shenzhen",
        "eligible_grades": [ao.pk],
        "eligible_rank_levels": ["middle", "senior"],
        "quotas-TOTAL_FORMS": "0",
        "quotas-INITIAL_FORMS": "0",
        "document_requirements-TOTAL_FORMS": "0",
        "document_requirements-INITIAL_FORMS": "0",
        "nominations-TOTAL_FORMS": "0",
        "nominations-INITIAL_FORMS": "0",
        "placements-TOTAL_FORMS": "0",
        "placements-INITIAL_FORMS": "0",
    }
    response = manager_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort.refresh_from_db()
    assert cohort.eligible_rank_levels == ["middle", "senior"]
    assert list(cohort.eligible_grades.all()) == [ao]


def test_staff_put_a_candidate_on_the_reserve_list_from_the_changelist(manager_client):
    nomination = NominationFactory(
        status="shortlisted", cohort=CohortFactory(status=Cohort.Status.SELECTION)
    )
    manager_client.post(
        reverse("admin:placements_nomination_changelist"),
        {"action": "transition_reserve", "_selected_action": [nomination.pk]},
    )
    nomination.refresh_from_db()
    assert (nomination.status, nomination.reserve_rank) == ("reserve", 1)


def test_an_extension_is_asked_for_and_approved_in_the_admin(manager_client, django_user_model):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    new_end = placement.end_date + datetime.timedelta(days=28)
    response = manager_client.post(
        reverse("admin:placements_placementamendment_add"),
        {
            "placement": placement.pk,
            "new_end_date": new_end.isoformat(),
            "reason": "The host asked for four more weeks.",
        },
    )
    assert response.status_code == 302
    amendment = PlacementAmendment.objects.get(placement=placement)
    placement.refresh_from_db()
    assert placement.end_date != new_end
    approve = {"action": "transition_approve", "_selected_action": [amendment.pk], "post": "yes"}
    changelist = reverse("admin:placements_placementamendment_changelist")
    # Four eyes: the manager who asked cannot approve; a second manager can.
    manager_client.post(changelist, approve)
    placement.refresh_from_db()
    assert placement.end_date != new_end
    manager_client.force_login(make_user(django_user_model, "manager.two", "csb_manager"))
    manager_client.post(changelist, approve)
    placement.refresh_from_db()
    assert placement.end_date == new_end
    page = manager_client.get(
        reverse("admin:placements_placement_change", args=[placement.pk])
    ).content.decode()
    assert "The host asked for four more weeks." in page  # the amendment history is visible


def test_a_host_contact_account_is_sent_a_link_to_set_its_password(
    manager_client, django_user_model, mailoutbox, django_capture_on_commit_callbacks
):
    contact = make_user(django_user_model, "host.qianhai", "host_contact")
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            reverse("admin:auth_user_changelist"),
            {"action": "send_invitation", "_selected_action": [contact.pk]},
        )
    assert [m.to for m in mailoutbox] == [[contact.email]]
    assert "/accounts/set-password/" in mailoutbox[0].body
