"""Amendments on the staff screens: asked for on a placement's page, approved or rejected there
by someone other than the requester (four eyes, in the service and in the database), withdrawn
by the requester; a record's history reads as sentences, never as state codes."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from participants.models import UserProfile
from placements import services
from placements.models import HostOrganisation, Placement, PlacementAmendment
from programmes.services import cohort_open_nominations
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementAmendmentFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
FOUR_EYES = "You asked for this amendment; someone else must approve or reject it."


@pytest.fixture
def managers(django_user_model):
    return (
        make_user(django_user_model, "manager.one", "csb_manager"),
        make_user(django_user_model, "manager.two", "csb_manager"),
    )


@pytest.fixture
def placement():
    return PlacementFactory(status=Placement.Status.CONFIRMED)


def signed_in(client, user):
    client.force_login(user)
    return client


def request_url(placement):
    return reverse("staff:amendment_request", args=[placement.pk])


def transition_url(amendment, name):
    return reverse("staff:amendment_transition", args=[amendment.pk, name])


def test_a_manager_asks_for_an_extension_on_the_placement_page(client, managers, placement):
    manager, _other = managers
    signed_in(client, manager)
    page = client.get(placement.get_staff_url()).content.decode()
    assert request_url(placement) in page  # the button to the form
    new_end = placement.end_date + 14 * DAY
    response = client.post(
        request_url(placement), {"new_end_date": new_end.isoformat(), "reason": "Host asks"}
    )
    assert response.status_code == 302
    amendment = placement.amendments.get()
    assert (amendment.new_end_date, amendment.requested_by, amendment.status) == (
        new_end,
        manager,
        PlacementAmendment.Status.REQUESTED,
    )
    page = client.get(placement.get_staff_url()).content.decode()
    assert "Host asks" in page and "Awaiting approval" in page
    assert FOUR_EYES in page  # the requester is told who decides
    assert transition_url(amendment, "approve") not in page
    assert transition_url(amendment, "withdraw") in page
    placement.refresh_from_db()
    assert placement.end_date == new_end - 14 * DAY  # nothing changes before approval


def test_the_requester_cannot_approve_and_a_second_manager_can(client, managers, placement):
    requester, approver = managers
    old_end = placement.end_date
    amendment = services.amendment_request(
        placement=placement, actor=requester, reason="Longer", new_end_date=old_end + 7 * DAY
    )
    response = signed_in(client, requester).post(transition_url(amendment, "approve"), follow=True)
    assert FOUR_EYES in response.content.decode()
    amendment.refresh_from_db()
    placement.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.REQUESTED
    assert amendment.decided_by is None and placement.end_date == old_end

    client.logout()
    page = signed_in(client, approver).get(placement.get_staff_url()).content.decode()
    assert transition_url(amendment, "approve") in page
    assert transition_url(amendment, "reject") in page
    response = client.post(transition_url(amendment, "approve"))
    assert response.status_code == 302
    amendment.refresh_from_db()
    placement.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.APPROVED
    assert amendment.decided_by == approver
    assert placement.end_date == old_end + 7 * DAY


def test_the_requester_cannot_reject_either(managers, placement):
    requester, _approver = managers
    amendment = services.amendment_request(
        placement=placement, actor=requester, reason="x", new_end_date=placement.end_date + DAY
    )
    with pytest.raises(Exception, match="someone else must approve or reject"):
        services.amendment_reject(amendment=amendment, actor=requester, reason="no")
    amendment.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.REQUESTED


def test_a_rejection_needs_a_reason_and_records_who_decided(client, managers, placement):
    requester, decider = managers
    amendment = services.amendment_request(
        placement=placement, actor=requester, reason="x", new_end_date=placement.end_date + DAY
    )
    signed_in(client, decider)
    response = client.post(transition_url(amendment, "reject"), {"reason": "  "})
    assert response.status_code == 200
    assert 'id="id_reason"' in response.content.decode()
    assert "is-invalid" in response.content.decode()
    amendment.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.REQUESTED
    client.post(transition_url(amendment, "reject"), {"reason": "No budget"})
    amendment.refresh_from_db()
    assert (amendment.status, amendment.status_reason, amendment.decided_by) == (
        PlacementAmendment.Status.REJECTED,
        "No budget",
        decider,
    )
    assert "No budget" in client.get(placement.get_staff_url()).content.decode()


def test_the_requester_withdraws_their_own_request(client, managers, placement):
    requester, _other = managers
    amendment = services.amendment_request(
        placement=placement, actor=requester, reason="x", new_end_date=placement.end_date + DAY
    )
    signed_in(client, requester).post(
        transition_url(amendment, "withdraw"), {"reason": "Not needed after all"}
    )
    amendment.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.WITHDRAWN
    assert amendment.decided_by is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"new_end_date": "2020-01-01", "reason": "Earlier"}, "new_end_date"),  # before start
        ({"reason": "Nothing changes"}, "new_end_date"),
        ({"new_end_date": "not a date", "reason": "x"}, "new_end_date"),
        ({"new_end_date": "2099-01-01", "reason": ""}, "reason"),
        ({"new_host_unit": "999999", "reason": "x"}, "new_host_unit"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(client, managers, placement, data, field):
    response = signed_in(client, managers[0]).post(request_url(placement), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert str(errors[field][0]) in response.content.decode()  # shown beside the field
    assert not PlacementAmendment.objects.exists()


def test_host_unit_choices_follow_the_programmes_host_rule(client, managers):
    programme = ProgrammeFactory(hosts_policy_bureaux_only=True)
    bureau = HostUnitFactory(
        name_en="Bureau unit",
        organisation=HostOrganisationFactory(kind=HostOrganisation.Kind.POLICY_BUREAU),
    )
    elsewhere = HostUnitFactory(
        name_en="Elsewhere unit",
        organisation=HostOrganisationFactory(kind=HostOrganisation.Kind.MAINLAND_GOVERNMENT),
    )
    placement = PlacementFactory(
        status=Placement.Status.CONFIRMED,
        host_unit=bureau,
        nomination=SelectedNominationFactory(cohort=CohortFactory(programme=programme)),
    )
    signed_in(client, managers[0])
    form = client.get(request_url(placement)).context["form"]
    choices = list(form.fields["new_host_unit"].queryset)
    assert bureau in choices and elsewhere not in choices
    response = client.post(request_url(placement), {"new_host_unit": elsewhere.pk, "reason": "x"})
    assert response.status_code == 200 and "new_host_unit" in response.context["form"].errors
    assert not PlacementAmendment.objects.exists()


def test_hr_sees_no_other_departments_placement_and_cannot_ask(client, django_user_model):
    hr = make_user(django_user_model, "hr", "department_hr")
    UserProfile.objects.create(user=hr, department=DepartmentFactory(code="EPD"))
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)  # another department's
    signed_in(client, hr)
    assert client.get(placement.get_staff_url()).status_code == 404
    assert client.post(request_url(placement), {"reason": "x"}).status_code == 403
    assert not PlacementAmendment.objects.exists()


def test_a_coordinator_asks_only_for_what_their_department_organises(client, django_user_model):
    organiser = DepartmentFactory(code="HKPF")
    coordinator = make_user(django_user_model, "coordinator", "programme_coordinator")
    UserProfile.objects.create(user=coordinator, department=organiser)
    theirs = PlacementFactory(
        status=Placement.Status.CONFIRMED,
        nomination=SelectedNominationFactory(
            cohort=CohortFactory(programme=ProgrammeFactory(organiser=organiser))
        ),
    )
    others = PlacementFactory(status=Placement.Status.CONFIRMED)
    signed_in(client, coordinator)
    data = {"new_end_date": (others.end_date + DAY).isoformat(), "reason": "x"}
    assert client.post(request_url(others), data).status_code == 404
    data["new_end_date"] = (theirs.end_date + DAY).isoformat()
    assert client.post(request_url(theirs), data).status_code == 302
    assert PlacementAmendment.objects.get().placement == theirs


def test_the_database_refuses_a_decision_by_the_requester(managers):
    requester, _other = managers
    amendment = PlacementAmendmentFactory(requested_by=requester)
    amendment.decided_by = requester
    with pytest.raises(IntegrityError), transaction.atomic():
        amendment.save(update_fields=["decided_by"])


def test_the_placement_page_costs_the_same_queries_with_1_and_10_amendments(
    client, managers, django_assert_num_queries, django_assert_max_num_queries
):
    requester, decider = managers
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    unit = HostUnitFactory()
    PlacementAmendmentFactory(
        placement=placement,
        requested_by=requester,
        decided_by=decider,
        new_host_unit=unit,
        status=PlacementAmendment.Status.REJECTED,
    )
    signed_in(client, decider)
    client.get(placement.get_staff_url())  # warm the session and permission caches
    with django_assert_max_num_queries(40) as one:
        client.get(placement.get_staff_url())
    for _ in range(8):
        PlacementAmendmentFactory(
            placement=placement,
            requested_by=requester,
            decided_by=decider,
            new_host_unit=HostUnitFactory(),
            status=PlacementAmendment.Status.REJECTED,
        )
    PlacementAmendmentFactory(placement=placement, requested_by=requester)  # one waiting
    with django_assert_num_queries(len(one.captured_queries)):
        page = client.get(placement.get_staff_url())
    html = page.content.decode()
    assert html.count("Rejected") >= 9 and "Awaiting approval" in html


# History as sentences ------------------------------------------------------------------------
RAW_CODES = ("open_nominations", "propose", "confirm", "nominations_open", "proposed:")


def history_section(html):
    return html[html.index('id="history-heading"') :]


def test_a_placements_history_reads_as_sentences(client, managers):
    manager, _other = managers
    nomination = SelectedNominationFactory()
    placement = services.placement_create(
        nomination=nomination, actor=manager, host_unit=HostUnitFactory()
    )
    services.placement_confirm(placement=placement, actor=manager)
    history = history_section(
        signed_in(client, manager).get(placement.get_staff_url()).content.decode()
    )
    assert "Proposed." in history
    assert "Status changed from Proposed to Confirmed." in history
    for code in RAW_CODES:
        assert code not in history, code
    assert "Created propose" not in history


def test_a_cohorts_history_reads_as_sentences(client, managers):
    manager, _other = managers
    cohort = CohortFactory()
    cohort_open_nominations(
        cohort=cohort,
        actor=manager,
        closes_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=10),
    )
    history = history_section(
        signed_in(client, manager).get(cohort.get_staff_url()).content.decode()
    )
    assert "Open nominations." in history
    assert "Status changed from Planned to Open for nominations." in history
    for code in RAW_CODES:
        assert code not in history, code
