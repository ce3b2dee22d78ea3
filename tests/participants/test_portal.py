"""The participant portal: an officer sees their own records, and nobody else's."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from participants.services import participant_invite
from placements.models import Placement, PlacementReport
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(django_user_model):
    user = make_user(django_user_model, "officer.lee", "participant")
    return ParticipantFactory(user=user, name_en="LEE Ming-yan", email="my.lee@td.gov.hk")


@pytest.fixture
def other_officer(django_user_model):
    user = make_user(django_user_model, "officer.other", "participant")
    return ParticipantFactory(user=user, name_en="NOTME Other-officer")


def test_an_officer_sees_their_placement_and_the_next_step(client, officer):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.CONFIRMED,
        duties="Support district planning.",
    )
    client.force_login(officer.user)
    html = client.get(reverse("portal:home")).content.decode()
    assert placement.reference_code in html
    assert placement.host_unit.name_en in html
    assert "Support district planning." in html
    assert "Report for duty" in html


def test_an_officer_sees_a_submitted_nomination_is_with_csb(client, officer):
    NominationFactory(participant=officer)
    client.force_login(officer.user)
    html = client.get(reverse("portal:home")).content.decode()
    assert "CSB screens the nomination." in html


def test_an_officer_sees_nothing_of_another_officer(client, officer, other_officer):
    theirs = PlacementFactory(nomination=SelectedNominationFactory(participant=other_officer))
    client.force_login(officer.user)
    html = client.get(reverse("portal:home")).content.decode()
    assert theirs.reference_code not in html
    assert "NOTME" not in html


def test_an_officer_submits_their_report_when_it_is_due(client, officer):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.COMPLETED,
    )
    report = PlacementReportFactory(placement=placement)
    client.force_login(officer.user)
    assert (
        "Write your end-of-placement report" in client.get(reverse("portal:home")).content.decode()
    )
    response = client.post(
        reverse("portal:report", args=[report.pk]),
        {
            "summary": "三個月在福田。 Learned a lot 🙂",
            "experience_gained": "District work.",
            "recommendations": "",
            "submit": "1",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.SUBMITTED
    assert report.summary == "三個月在福田。 Learned a lot 🙂"
    assert report.history.first().history_user == officer.user


def test_submitting_an_empty_report_shows_what_is_missing(client, officer):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer),
        status=Placement.Status.COMPLETED,
    )
    report = PlacementReportFactory(placement=placement)
    client.force_login(officer.user)
    response = client.post(
        reverse("portal:report", args=[report.pk]),
        {"summary": "", "experience_gained": "", "recommendations": "", "submit": "1"},
    )
    assert response.status_code == 200
    assert "Write a summary before submitting" in response.content.decode()
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.DRAFT


def test_another_officers_report_is_not_found(client, officer, other_officer):
    theirs = PlacementReportFactory(
        placement=PlacementFactory(
            nomination=SelectedNominationFactory(participant=other_officer),
            status=Placement.Status.COMPLETED,
        )
    )
    client.force_login(officer.user)
    url = reverse("portal:report", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"summary": "hijack", "submit": "1"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.summary == ""


def test_an_officer_downloads_everything_held_about_them(client, officer, other_officer):
    mine = PlacementFactory(nomination=SelectedNominationFactory(participant=officer))
    theirs = PlacementFactory(nomination=SelectedNominationFactory(participant=other_officer))
    client.force_login(officer.user)
    response = client.get(reverse("portal:my_data"))
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    json.loads(text)
    assert mine.reference_code in text
    assert theirs.reference_code not in text
    assert "NOTME" not in text


def test_staff_and_the_public_cannot_open_the_portal(client, django_user_model):
    assert client.get(reverse("portal:home")).status_code == 302
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    assert client.get(reverse("portal:home")).status_code == 403


def test_an_invited_officer_sets_a_password_and_signs_in(
    client, csb_manager, django_capture_on_commit_callbacks
):
    officer = ParticipantFactory(email="wong.kaho@hyd.gov.hk", name_en="WONG Ka-ho")
    with django_capture_on_commit_callbacks(execute=True):
        participant_invite(participant=officer, actor=csb_manager)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["wong.kaho@hyd.gov.hk"]
    link = re.search(r"https?://\S+/accounts/set-password/\S+/", message.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose your password" in form_page.content.decode()
    new_password = "Futian-Qianhai-2023"
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    officer.refresh_from_db()
    signed_in = client.post(
        reverse("login"), {"username": "wong.kaho@hyd.gov.hk", "password": new_password}
    )
    assert signed_in.status_code == 302
    assert client.get(reverse("portal:home")).status_code == 200
    # The link works once.
    assert "has been used or has expired" in client.get(path, follow=True).content.decode()


def test_staff_invite_officers_from_the_admin(
    client, django_capture_on_commit_callbacks, django_user_model
):
    manager = make_user(django_user_model, "manager", "csb_manager")
    officer = ParticipantFactory(email="lam.siu@pland.gov.hk")
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:participants_participant_changelist"),
            {"action": "invite_to_portal", "_selected_action": [officer.pk]},
            follow=True,
        )
    assert "An invitation was sent" in response.content.decode()
    officer.refresh_from_db()
    assert officer.user.username == "lam.siu@pland.gov.hk"
    assert [m.to for m in mail.outbox] == [["lam.siu@pland.gov.hk"]]
    assert "/accounts/set-password/" in mail.outbox[0].body
