"""The API shows each role what its screens show: HR their own department (another's record is
404), CSB viewers everything without changing anything, participants and host contacts nothing,
callers without a valid token 401."""

import pytest
from django.urls import reverse

from participants.models import Participant
from placements.models import Nomination
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import OpenCohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(epd, icac):
    ours = ParticipantFactory(department=epd, name_en="CHAN Ours")
    theirs = ParticipantFactory(department=icac, name_en="WONG Theirs")
    return {
        "ours": ours,
        "theirs": theirs,
        "our_nomination": NominationFactory(participant=ours),
        "their_nomination": NominationFactory(participant=theirs),
        "our_placement": PlacementFactory(nomination=SelectedNominationFactory(participant=ours)),
        "their_placement": PlacementFactory(
            nomination=SelectedNominationFactory(participant=theirs)
        ),
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize(
    ("basename", "ours", "theirs"),
    [
        ("participant", "ours", "theirs"),
        ("nomination", "our_nomination", "their_nomination"),
        ("placement", "our_placement", "their_placement"),
    ],
)
def test_hr_sees_their_department_and_another_departments_record_is_not_found(
    api, records, basename, ours, theirs
):
    hr = api("department_hr")
    listed = ids(hr.get(reverse(f"api:{basename}-list")))
    assert records[ours].pk in listed and records[theirs].pk not in listed
    assert hr.get(reverse(f"api:{basename}-detail", args=[records[ours].pk])).status_code == 200
    other = hr.get(reverse(f"api:{basename}-detail", args=[records[theirs].pk]))
    assert other.status_code == 404
    assert other.json()["code"] == "not_found"


@pytest.mark.parametrize("role", ["csb_viewer", "csb_manager"])
def test_csb_sees_every_department(api, records, role):
    listed = ids(api(role).get(reverse("api:placement-list")))
    assert {records["our_placement"].pk, records["their_placement"].pk} <= listed


def test_without_a_valid_token_the_answer_is_401_and_says_how_to_sign_in(client, records):
    response = client.get(reverse("api:participant-list"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    bad = client.get(reverse("api:participant-list"), HTTP_AUTHORIZATION="Token not-a-key")
    assert bad.status_code == 401


@pytest.mark.parametrize("role", ["participant", "host_contact"])
def test_participants_and_host_contacts_have_no_api(api, records, role):
    response = api(role).get(reverse("api:placement-list"))
    assert response.status_code == 403
    assert "CHAN" not in response.content.decode()


def test_a_viewer_reads_but_every_change_is_refused(api, records):
    viewer = api("csb_viewer")
    placement = records["our_placement"]
    url = reverse("api:placement-detail", args=[placement.pk])
    etag = viewer.get(url)["ETag"]
    assert viewer.patch(url, {"role_title": "Changed"}, HTTP_IF_MATCH=etag).status_code == 403
    confirm = reverse("api:placement-transition", args=[placement.pk, "confirm"])
    assert viewer.post(confirm, {}, HTTP_IF_MATCH=etag).status_code == 403
    new = {"name_en": "NEW Officer", "email": "new@example.gov.hk", "department": placement.pk}
    assert viewer.post(reverse("api:participant-list"), new).status_code == 403
    placement.refresh_from_db()
    assert (placement.role_title, placement.status) == ("Special Assistant", "proposed")


def test_hr_may_not_read_partner_agreements_as_in_the_admin(api):
    PartnerAgreementFactory()
    assert api("department_hr").get(reverse("api:agreement-list")).status_code == 403
    assert api("csb_viewer").get(reverse("api:agreement-list")).status_code == 200


def test_hr_adds_an_officer_to_their_department_but_not_to_another(api, epd, icac):
    hr = api("department_hr")
    officer = {"name_en": "LEE Newcomer", "email": "lee@example.gov.hk", "staff_number": "S1"}
    created = hr.post(reverse("api:participant-list"), {**officer, "department": epd.pk})
    assert created.status_code == 201, created.content
    assert Participant.objects.get(pk=created.json()["id"]).department == epd
    assert created.has_header("ETag")
    refused = hr.post(
        reverse("api:participant-list"),
        {**officer, "staff_number": "S2", "department": icac.pk},
    )
    assert refused.status_code == 400
    assert "department" in refused.json()["errors"]
    assert not Participant.objects.filter(staff_number="S2").exists()


def test_hr_nominates_their_officer_into_an_open_call_through_the_service(api, records, epd):
    cohort = OpenCohortFactory()
    hr = api("department_hr")
    free = ParticipantFactory(department=epd)
    response = hr.post(
        reverse("api:nomination-list"),
        {"cohort": cohort.pk, "participant": free.pk, "statement": "Ready."},
    )
    assert response.status_code == 201, response.content
    nomination = Nomination.objects.get(pk=response.json()["id"])
    assert nomination.nominating_department.code == "EPD"
    assert nomination.history.first().history_user.username == "department.hr"
    # Another department's officer is not one HR can name at all.
    theirs = hr.post(
        reverse("api:nomination-list"), {"cohort": cohort.pk, "participant": records["theirs"].pk}
    )
    assert theirs.status_code == 400 and "participant" in theirs.json()["errors"]


def test_a_nomination_created_through_the_api_carries_the_overlap_warning(api, records, epd):
    """What the HR screen shows after nominating, the 201 body says: the officer is already
    put forward for another programme's cohort on overlapping dates (not a refusal). The
    ETag is the record's, as a GET gives it."""
    from tests.programmes.factories import ProgrammeFactory

    hr = api("department_hr")
    officer = ParticipantFactory(department=epd, name_en="LEE Busy")
    first = OpenCohortFactory(name="GBA batch 4")
    second = OpenCohortFactory(
        programme=ProgrammeFactory(), start_date=first.start_date, end_date=first.end_date
    )
    alone = hr.post(reverse("api:nomination-list"), {"cohort": first.pk, "participant": officer.pk})
    assert alone.status_code == 201, alone.content
    assert alone.json()["warnings"] == []
    response = hr.post(
        reverse("api:nomination-list"), {"cohort": second.pk, "participant": officer.pk}
    )
    assert response.status_code == 201, response.content
    [warning] = response.json()["warnings"]
    assert "LEE Busy" in warning and "GBA batch 4" in warning
    assert "only one of them can be selected" in warning
    shown = hr.get(reverse("api:nomination-detail", args=[response.json()["id"]]))
    assert "warnings" not in shown.json()
    assert shown["ETag"] == response["ETag"]


def test_a_call_that_is_not_open_is_refused_with_the_services_message(api, records):
    planned = NominationFactory().cohort  # planned, not open
    response = api("department_hr").post(
        reverse("api:nomination-list"), {"cohort": planned.pk, "participant": records["ours"].pk}
    )
    assert response.status_code == 400
    assert "is not open for nominations" in response.json()["errors"]["cohort"][0]


def test_responses_are_never_cached(api, records):
    response = api("csb_manager").get(reverse("api:placement-list"))
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_lists_filter_like_the_staff_lists_and_come_in_pages(api, records, epd):
    manager = api("csb_manager")
    by_department = ids(manager.get(reverse("api:placement-list"), {"department": epd.pk}))
    assert by_department == {records["our_placement"].pk}
    searched = ids(manager.get(reverse("api:participant-list"), {"q": "wong"}))
    assert searched == {records["theirs"].pk}
    ParticipantFactory.create_batch(3, department=epd)
    page = manager.get(reverse("api:participant-list"), {"page_size": 2, "ordering": "name_en"})
    body = page.json()
    assert (body["count"], len(body["results"])) == (5, 2)
    assert body["next"] and "page=2" in body["next"]
    bad = manager.get(reverse("api:placement-list"), {"status": "not-a-status"})
    assert bad.status_code == 400 and "status" in bad.json()["errors"]


def test_a_session_signed_in_caller_needs_the_csrf_token_to_change_anything(users, epd):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["department_hr"])
    assert browser.get(reverse("api:participant-list")).status_code == 200
    officer = {"name_en": "LEE Newcomer", "email": "lee@example.gov.hk", "department": epd.pk}
    refused = browser.post(
        reverse("api:participant-list"), officer, content_type="application/json"
    )
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    assert not Participant.objects.filter(name_en="LEE Newcomer").exists()
