"""Changes through the API: a status change is the same service call as the staff screen's
button (same history, same e-mail, same refusals), and a change made to a copy that is no longer
current is refused with 412 instead of overwriting someone else's change."""

import datetime

import pytest
from django.urls import reverse

from notifications.models import OutboundEmail
from placements import services as placement_services
from placements.models import Nomination, Placement
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def placement(epd):
    return PlacementFactory(
        nomination=SelectedNominationFactory(participant=ParticipantFactory(department=epd))
    )


def detail(placement):
    return reverse("api:placement-detail", args=[placement.pk])


def transition(obj, name):
    basename = obj._meta.model_name
    return reverse(f"api:{basename}-transition", args=[obj.pk, name])


# Status changes ---------------------------------------------------------------------------------


def test_confirming_through_the_api_is_the_screens_service_call(
    api, placement, mailoutbox, django_capture_on_commit_callbacks
):
    manager = api("csb_manager")
    etag = manager.get(detail(placement))["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        response = manager.post(transition(placement, "confirm"), {}, HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["version"]) == ("confirmed", placement.version + 1)
    assert response["ETag"] != etag
    latest = Placement.objects.get(pk=placement.pk).history.first()
    assert (latest.history_user.username, latest.history_change_reason) == (
        "csb.manager",
        "confirm",
    )
    assert OutboundEmail.objects.filter(event="placement_confirmed").exists()
    assert any(placement.reference_code in mail.body for mail in mailoutbox)


def test_a_refusal_carries_the_rule_of_the_state_table(api, placement):
    placement.status = Placement.Status.WITHDRAWN
    placement.save()
    manager = api("csb_manager")
    etag = manager.get(detail(placement))["ETag"]
    response = manager.post(transition(placement, "confirm"), {}, HTTP_IF_MATCH=etag)
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"
    assert "That is possible only when it is proposed" in response.json()["detail"]
    assert not OutboundEmail.objects.exists()


def test_a_reason_the_state_table_asks_for_is_required_as_on_the_screen(api, epd):
    nomination = NominationFactory(participant=ParticipantFactory(department=epd))
    hr = api("department_hr")
    url = reverse("api:nomination-detail", args=[nomination.pk])
    etag = hr.get(url)["ETag"]
    missing = hr.post(transition(nomination, "withdraw"), {}, HTTP_IF_MATCH=etag)
    assert missing.status_code == 400 and "reason" in missing.json()["errors"]
    done = hr.post(
        transition(nomination, "withdraw"), {"reason": "Posted overseas."}, HTTP_IF_MATCH=etag
    )
    assert done.status_code == 200, done.content
    nomination.refresh_from_db()
    assert (nomination.status, nomination.status_reason) == ("withdrawn", "Posted overseas.")
    assert nomination.history.first().history_change_reason == "withdraw: Posted overseas."


def test_a_change_the_role_may_not_make_is_403_and_anothers_record_404(api, placement, icac):
    hr = api("department_hr")
    etag = hr.get(detail(placement))["ETag"]
    refused = hr.post(transition(placement, "confirm"), {}, HTTP_IF_MATCH=etag)
    assert refused.status_code == 403
    theirs = NominationFactory(participant=ParticipantFactory(department=icac))
    hidden = hr.post(transition(theirs, "withdraw"), {"reason": "x"}, HTTP_IF_MATCH="*")
    assert hidden.status_code == 404
    assert Nomination.objects.get(pk=theirs.pk).status == "submitted"
    unknown = api("csb_manager").post(transition(placement, "teleport"), {}, HTTP_IF_MATCH="*")
    assert unknown.status_code == 404


# Conflicts --------------------------------------------------------------------------------------


def test_the_second_of_two_editors_gets_412_with_what_changed_and_nothing_is_overwritten(
    api, placement
):
    first, second = api("csb_manager"), api("csb_manager")
    etag_first = first.get(detail(placement))["ETag"]
    etag_second = second.get(detail(placement))["ETag"]
    assert etag_first == etag_second == f'"v{placement.version}"'

    saved = first.patch(
        detail(placement), {"role_title": "Policy Adviser"}, HTTP_IF_MATCH=etag_first
    )
    assert saved.status_code == 200, saved.content
    assert saved["ETag"] == f'"v{placement.version + 1}"'

    stale = second.patch(
        detail(placement),
        {"role_title": "Liaison Officer", "duties": "Other work"},
        HTTP_IF_MATCH=etag_second,
    )
    assert stale.status_code == 412
    body = stale.json()
    assert "changed since you read it" in body["detail"]
    assert body["current"]["role_title"] == "Policy Adviser"
    assert body["changed"] == {"role_title": {"was": "Special Assistant", "now": "Policy Adviser"}}
    placement.refresh_from_db()
    assert (placement.role_title, placement.duties) == ("Policy Adviser", "")
    assert placement.version == 2


def test_a_change_without_if_match_is_428_and_the_version_in_the_body_also_works(api, placement):
    manager = api("csb_manager")
    missing = manager.patch(detail(placement), {"role_title": "Adviser"})
    assert missing.status_code == 428
    stale = manager.patch(detail(placement), {"role_title": "Adviser", "version": 7})
    assert stale.status_code == 412
    fresh = manager.patch(
        detail(placement), {"role_title": "Adviser", "version": placement.version}
    )
    assert fresh.status_code == 200 and fresh.json()["version"] == placement.version + 1


def test_a_stale_status_change_is_refused_too(api, placement):
    manager = api("csb_manager")
    etag = manager.get(detail(placement))["ETag"]
    manager.patch(detail(placement), {"duties": "Casework"}, HTTP_IF_MATCH=etag)
    response = manager.post(transition(placement, "confirm"), {}, HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    assert Placement.objects.get(pk=placement.pk).status == "proposed"


def test_records_without_a_version_use_their_last_change_time(api, epd):
    officer = ParticipantFactory(department=epd, phone="")
    hr, other = api("department_hr"), api("department_hr")
    url = reverse("api:participant-detail", args=[officer.pk])
    etag = hr.get(url)["ETag"]
    assert hr.patch(url, {"phone": "2810 0001"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = other.patch(url, {"phone": "2810 0002"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412
    assert stale.json()["changed"] == {"phone": {"was": "", "now": "2810 0001"}}
    officer.refresh_from_db()
    assert officer.phone == "2810 0001"


def test_every_service_that_writes_a_placement_moves_its_version(
    api, users, placement, django_user_model
):
    """Edit, transition and approved amendment each increment the version the ETag is made of."""
    actor = users["csb_manager"]
    seen = [placement.version]
    placement = placement_services.placement_update(placement=placement, actor=actor, duties="A")
    seen.append(placement.version)
    placement = placement_services.placement_confirm(placement=placement, actor=actor)
    seen.append(placement.version)
    amendment = placement_services.amendment_request(
        placement=placement,
        actor=actor,
        reason="Extension",
        new_end_date=placement.end_date + datetime.timedelta(days=30),
    )
    approver = make_user(django_user_model, "csb.approver", "csb_manager")  # four eyes
    placement_services.amendment_approve(amendment=amendment, actor=approver)
    seen.append(Placement.objects.get(pk=placement.pk).version)
    assert seen == [1, 2, 3, 4]
    assert api("csb_manager").get(detail(placement))["ETag"] == '"v4"'


def test_a_placement_is_proposed_through_the_service_with_the_cohorts_dates(api):
    nomination = SelectedNominationFactory()
    unit = HostUnitFactory()
    response = api("csb_manager").post(
        reverse("api:placement-list"), {"nomination": nomination.pk, "host_unit": unit.pk}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["start_date"]) == ("proposed", str(nomination.cohort.start_date))
    again = api("csb_manager").post(
        reverse("api:placement-list"), {"nomination": nomination.pk, "host_unit": unit.pk}
    )
    assert again.status_code == 400
