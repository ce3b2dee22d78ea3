"""A change sent with a stale version is refused by the service, on the row it locks: the API
hands it the If-Match (or body) version and does not compare it itself, then answers the
service's refusal with 412, the current values and what changed since, and nothing is written."""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from api.conflicts import check_precondition
from notifications.models import OutboundEmail
from placements import services as placement_services
from placements.models import Placement
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import PlacementFactory, SelectedNominationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(epd):
    return PlacementFactory(
        role_title="Special Assistant",
        nomination=SelectedNominationFactory(participant=ParticipantFactory(department=epd)),
    )


@pytest.fixture
def alice(django_user_model):
    return make_user(django_user_model, "alice", "csb_manager")


def detail(placement):
    return reverse("api:placement-detail", args=[placement.pk])


def test_the_api_hands_a_stale_version_to_the_service_instead_of_refusing_it(placement):
    """The API layer's own comparison is not made for a record whose service checks it."""
    request = SimpleNamespace(headers={"If-Match": '"v7"'}, data={})
    assert check_precondition(request, placement, {}, service_checks_version=True) == 7
    body = SimpleNamespace(headers={}, data={"version": 7})
    assert check_precondition(body, placement, {}, service_checks_version=True) == 7


def test_a_stale_edit_is_refused_by_the_service_naming_who_changed_what(api, placement, alice):
    manager = api("csb_manager")
    etag = manager.get(detail(placement))["ETag"]
    # Someone else saves first, through the service (the admin, a screen): not through the API.
    placement_services.placement_update(placement=placement, actor=alice, role_title="Adviser")
    rows = Placement.history.filter(id=placement.pk).count()

    stale = manager.patch(detail(placement), {"duties": "Casework"}, HTTP_IF_MATCH=etag)

    assert stale.status_code == 412
    body = stale.json()
    # Who changed it is the service's finding, read from the history under its row lock.
    assert body["detail"].startswith("This placement was changed since you read it (by alice).")
    assert body["code"] == "changed_since_read"
    assert body["changed"] == {"role_title": {"was": "Special Assistant", "now": "Adviser"}}
    assert (body["current"]["role_title"], body["current"]["version"]) == ("Adviser", 2)
    placement.refresh_from_db()
    assert (placement.duties, placement.version) == ("", 2)
    assert Placement.history.filter(id=placement.pk).count() == rows


def test_a_stale_status_change_is_refused_by_the_service_and_sends_nothing(
    api, placement, alice, django_capture_on_commit_callbacks
):
    manager = api("csb_manager")
    etag = manager.get(detail(placement))["ETag"]
    placement_services.placement_update(placement=placement, actor=alice, duties="Casework")
    rows = Placement.history.filter(id=placement.pk).count()

    with django_capture_on_commit_callbacks(execute=True):
        stale = manager.post(
            reverse("api:placement-transition", args=[placement.pk, "confirm"]),
            {},
            HTTP_IF_MATCH=etag,
        )

    assert stale.status_code == 412
    assert "(by alice)" in stale.json()["detail"]
    assert stale.json()["changed"] == {"duties": {"was": "", "now": "Casework"}}
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED
    assert Placement.history.filter(id=placement.pk).count() == rows
    assert not OutboundEmail.objects.exists()


def test_a_current_version_in_the_body_goes_through_the_service(api, placement):
    response = api("csb_manager").post(
        reverse("api:placement-transition", args=[placement.pk, "confirm"]),
        {"version": placement.version},
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == placement.version + 1


@pytest.mark.parametrize("made_up", ['"v99999999999999999999"', '"v-1"', '"hdeadbeef"', '""'])
def test_an_etag_that_names_no_version_is_refused_as_stale(api, placement, made_up):
    response = api("csb_manager").patch(
        detail(placement), {"duties": "Casework"}, HTTP_IF_MATCH=made_up
    )
    assert response.status_code == 412
    assert response.json()["changed"] == {}
    placement.refresh_from_db()
    assert placement.duties == ""
