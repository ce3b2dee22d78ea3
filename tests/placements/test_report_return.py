"""CSB returns a submitted report from the staff screens with a reason; its author reads the
reason on their form (the officer's report, the host's feedback)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from participants.models import UserProfile
from placements.models import Placement, PlacementReport
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


def submitted_report(author_role=PlacementReport.Author.PARTICIPANT, placement=None):
    return PlacementReportFactory(
        placement=placement or PlacementFactory(status=Placement.Status.COMPLETED),
        author_role=author_role,
        summary="What I did",
        status=PlacementReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )


def return_url(report):
    return reverse("staff:report_transition", args=[report.pk, "return"])


def test_csb_returns_a_report_from_the_cohort_worklist_and_the_officer_reads_why(
    client, manager, django_user_model
):
    officer_user = make_user(django_user_model, "officer", "participant")
    placement = PlacementFactory(
        status=Placement.Status.COMPLETED,
        nomination=SelectedNominationFactory(participant=ParticipantFactory(user=officer_user)),
    )
    report = submitted_report(placement=placement)
    client.force_login(manager)
    worklist = client.get(reverse("staff:cohort_reports", args=[placement.cohort.pk]))
    assert return_url(report) in worklist.content.decode()
    assert return_url(report) in client.get(placement.get_staff_url()).content.decode()
    response = client.post(return_url(report), {"reason": "Add the outcomes, please."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.DRAFT
    assert report.status_reason == "Add the outcomes, please."

    client.logout()
    client.force_login(officer_user)
    form = client.get(reverse("portal:report", args=[report.pk])).content.decode()
    assert "Returned for changes:" in form and "Add the outcomes, please." in form


def test_the_host_reads_why_their_feedback_came_back(client, manager, django_user_model):
    host = make_user(django_user_model, "host", "host_contact")
    placement = PlacementFactory(status=Placement.Status.COMPLETED)
    placement.host_unit.contacts.add(host)
    report = submitted_report(PlacementReport.Author.HOST, placement=placement)
    client.force_login(manager)
    client.post(return_url(report), {"reason": "Say more about the projects."})
    client.logout()
    client.force_login(host)
    form = client.get(reverse("portal:host_feedback", args=[placement.pk])).content.decode()
    assert "Returned for changes:" in form and "Say more about the projects." in form


def test_a_return_without_a_reason_names_the_field_and_changes_nothing(client, manager):
    report = submitted_report()
    client.force_login(manager)
    response = client.post(return_url(report), {"reason": ""})
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.SUBMITTED and report.status_reason == ""


def test_a_draft_cannot_be_returned(client, manager):
    report = PlacementReportFactory(placement=PlacementFactory(status=Placement.Status.COMPLETED))
    client.force_login(manager)
    response = client.post(return_url(report), {"reason": "x"}, follow=True)
    assert "Cannot return for changes" in response.content.decode()
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.DRAFT and report.status_reason == ""


def test_hr_and_viewers_do_not_return_reports(client, django_user_model):
    report = submitted_report()
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=report.placement.participant.department)
    for user in (viewer, hr):
        client.force_login(user)
        assert client.post(return_url(report), {"reason": "x"}).status_code == 403
        assert (
            return_url(report) not in client.get(report.placement.get_staff_url()).content.decode()
        )
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.SUBMITTED


def test_another_departments_report_is_404_for_a_coordinator(client, django_user_model):
    coordinator = make_user(django_user_model, "coordinator", "programme_coordinator")
    UserProfile.objects.create(user=coordinator, department=DepartmentFactory(code="HKPF"))
    report = submitted_report()  # organised by CSB
    client.force_login(coordinator)
    assert client.post(return_url(report), {"reason": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == PlacementReport.Status.SUBMITTED
