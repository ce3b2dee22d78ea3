"""CSB's needs-action list, an agreement's exchange table, a cohort's gathered reports, and the
report reminders of the daily command."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from notifications.models import OutboundEmail
from placements.models import Placement
from programmes.models import Direction
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "viewer", "csb_viewer"))
    return client


def test_needs_action_lists_what_waits_with_links_to_act(viewer_client):
    waiting = NominationFactory(participant=ParticipantFactory(name_en="WAITING Officer"))
    proposed = PlacementFactory()
    overdue = PlacementReportFactory(
        placement=PlacementFactory(status=Placement.Status.COMPLETED),
        due_on=datetime.date(2020, 1, 1),
    )
    html = viewer_client.get(reverse("staff:needs_action")).content.decode()
    assert "WAITING Officer" in html and waiting.get_absolute_url() in html
    assert proposed.get_absolute_url() in html
    assert overdue.get_absolute_url() in html


def test_needs_action_costs_the_same_queries_for_many_rows(
    viewer_client, django_assert_max_num_queries
):
    NominationFactory.create_batch(3)
    PlacementFactory.create_batch(3)
    # Twelve lists and the two of stale states, a query each, and the request's own; the
    # documents still missing (decision 0056): the placements, their requirements, their files.
    with django_assert_max_num_queries(21) as few:
        viewer_client.get(reverse("staff:needs_action"))
    NominationFactory.create_batch(30)
    PlacementFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        viewer_client.get(reverse("staff:needs_action"))


def test_an_agreement_shows_officers_sent_and_received_by_batch(viewer_client):
    agreement = PartnerAgreementFactory()
    out = CohortFactory(programme=agreement.programme, agreement=agreement, phase=1, batch=1)
    inbound = CohortFactory(
        programme=agreement.programme,
        agreement=agreement,
        phase=2,
        batch=1,
        direction=Direction.INBOUND,
    )
    for _ in range(3):
        PlacementFactory(
            nomination=SelectedNominationFactory(cohort=out), status=Placement.Status.COMPLETED
        )
    for _ in range(2):
        PlacementFactory(
            nomination=SelectedNominationFactory(
                cohort=inbound, participant=PartnerOfficerFactory(), nominating_department=None
            ),
            status=Placement.Status.CONFIRMED,
        )
    PlacementFactory(
        nomination=SelectedNominationFactory(cohort=out), status=Placement.Status.WITHDRAWN
    )
    response = viewer_client.get(reverse("staff:agreement_exchange", args=[agreement.pk]))
    rows = {(r["phase"], r["batch"]): (r["sent"], r["received"]) for r in response.context["rows"]}
    assert rows == {(1, 1): (3, 0), (2, 1): (0, 2)}
    assert (response.context["total_sent"], response.context["total_received"]) == (3, 2)


def test_a_cohorts_reports_are_gathered_on_one_page(viewer_client):
    placement = PlacementFactory(status=Placement.Status.COMPLETED)
    PlacementReportFactory(
        placement=placement,
        status="submitted",
        summary="Learned district governance.",
        submitted_at=datetime.datetime(2024, 4, 1, tzinfo=datetime.UTC),
    )
    PlacementReportFactory(placement=placement, author_role="host")
    html = viewer_client.get(
        reverse("staff:cohort_reports", args=[placement.cohort_id])
    ).content.decode()
    assert "Learned district governance." in html
    assert "1 of 2 reports submitted" in html


def test_report_authors_are_reminded_once_before_and_once_after_the_due_date():
    report = PlacementReportFactory(
        placement=PlacementFactory(status=Placement.Status.COMPLETED),
        due_on=datetime.date(2030, 6, 30),
    )

    def run(day):
        call_command("advance_placements", date=day, stdout=io.StringIO())

    run("2030-06-01")  # a month before: nothing yet
    assert not OutboundEmail.objects.exists()
    run("2030-06-25")
    run("2030-06-26")
    assert list(OutboundEmail.objects.values_list("event", flat=True)) == ["report_due_soon"]
    run("2030-07-02")
    run("2030-07-03")
    assert sorted(OutboundEmail.objects.values_list("event", flat=True)) == [
        "report_due_soon",
        "report_overdue",
    ]
    assert set(OutboundEmail.objects.values_list("to_email", flat=True)) == {
        report.placement.participant.email
    }
