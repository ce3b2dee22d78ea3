"""An organising department's coordinator runs its own programmes on the staff screens (issue
16): proposes placements for its selected officers among the units the programme allows, sees
who must act before a placement can be confirmed, proposes another unit after a decline, and
starts on what needs doing next. Someone whose role cannot use a page is told so plainly."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from exchange_portal.roles import GROUP_NAMES, Role
from placements import services
from placements.models import HostOrganisation, Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    PlacementAmendmentFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hkpf():
    return DepartmentFactory(code="HKPF", name_en="Hong Kong Police Force")


@pytest.fixture
def ours(hkpf):
    """A cohort of a programme the coordinator's department organises."""
    return CohortFactory(programme=ProgrammeFactory(code="POL-X", organiser=hkpf))


@pytest.fixture
def theirs():
    """A cohort of a programme another department organises."""
    other = DepartmentFactory(code="ICAC", name_en="Independent Commission Against Corruption")
    return CohortFactory(programme=ProgrammeFactory(code="ICAC-X", organiser=other))


@pytest.fixture
def coordinator(django_user_model, hkpf):
    return make_user(django_user_model, "coord", "programme_coordinator", department=hkpf)


@pytest.fixture
def coord_client(client, coordinator):
    client.force_login(coordinator)
    return client


def test_the_coordinators_group_may_propose_and_change_placements(coordinator):
    group = Group.objects.get(name=GROUP_NAMES[Role.PROGRAMME_COORDINATOR])
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"add_placement", "change_placement"} <= codenames
    assert coordinator.has_perm("placements.add_placement")


def test_a_coordinator_proposes_a_placement_for_their_programmes_officer(
    coord_client, ours, theirs
):
    nomination = SelectedNominationFactory(
        cohort=ours, participant=ParticipantFactory(name_en="OURS Officer")
    )
    unit = HostUnitFactory(name_en="Futian Administration")
    page = coord_client.get(nomination.get_staff_url()).text
    url = reverse("staff:propose_placement", args=[nomination.pk])
    assert f'href="{url}"' in page and "Propose a placement" in page
    assert coord_client.get(url).status_code == 200
    response = coord_client.post(url, {"host_unit": unit.pk})
    placement = Placement.objects.get(nomination=nomination)
    assert response.status_code == 302 and response["Location"] == placement.get_staff_url()
    assert placement.host_unit == unit

    other = SelectedNominationFactory(cohort=theirs)
    other_url = reverse("staff:propose_placement", args=[other.pk])
    assert coord_client.get(other_url).status_code == 404
    assert coord_client.post(other_url, {"host_unit": unit.pk}).status_code == 404
    assert not Placement.objects.filter(nomination=other).exists()


def test_the_service_refuses_a_coordinator_placing_another_departments_officer(coordinator, theirs):
    nomination = SelectedNominationFactory(cohort=theirs)
    with pytest.raises(PermissionDenied):
        services.placement_create(
            nomination=nomination, host_unit=HostUnitFactory(), actor=coordinator
        )
    assert not Placement.objects.filter(nomination=nomination).exists()


def test_the_propose_form_offers_only_the_units_the_programme_allows(coord_client, hkpf):
    """The Secretariat Attachment Scheme places officers at policy bureaux only: the form
    offers those, and a unit posted anyway is refused by the form."""
    scheme = ProgrammeFactory(code="SAS-X", organiser=hkpf, hosts_policy_bureaux_only=True)
    nomination = SelectedNominationFactory(cohort=CohortFactory(programme=scheme))
    bureau = HostUnitFactory(
        name_en="Policy Unit", organisation__kind=HostOrganisation.Kind.POLICY_BUREAU
    )
    mainland = HostUnitFactory(name_en="Qianhai Authority")
    url = reverse("staff:propose_placement", args=[nomination.pk])
    choices = set(coord_client.get(url).context["form"].fields["host_unit"].queryset)
    assert bureau in choices and mainland not in choices
    response = coord_client.post(url, {"host_unit": mainland.pk})
    assert response.status_code == 200
    assert "host_unit" in response.context["form"].errors
    assert not Placement.objects.filter(nomination=nomination).exists()


def awaiting(cohort, **fields):
    cohort.programme.requires_host_acceptance = True
    cohort.programme.save()
    return PlacementFactory(
        nomination__cohort=cohort,
        host_unit=HostUnitFactory(name_en="Wan Chai District Office"),
        host_response=Placement.HostResponse.AWAITING,
        **fields,
    )


def test_a_placement_waiting_for_its_host_names_who_acts_next_instead_of_confirm(
    coord_client, ours
):
    placement = awaiting(ours)
    confirm_url = reverse("staff:placement_transition", args=[placement.pk, "confirm"])
    html = coord_client.get(placement.get_staff_url()).text
    assert "Waiting for Wan Chai District Office" in html and "to accept." in html
    assert f'action="{confirm_url}"' not in html
    assert "Withdraw" in html  # the other actions stay

    response = coord_client.post(confirm_url, follow=True)
    assert "The host unit has not accepted this placement yet." in response.text
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED

    placement.host_response = Placement.HostResponse.ACCEPTED
    placement.save()
    html = coord_client.get(placement.get_staff_url()).text
    assert f'action="{confirm_url}"' in html and "Waiting for Wan Chai" not in html


def declined(cohort):
    placement = awaiting(cohort, start_date=cohort.start_date + datetime.timedelta(days=7))
    placement.host_response = Placement.HostResponse.DECLINED
    placement.host_response_reason = "No desk free until spring"
    placement.version += 1
    placement.save()
    return placement


def test_after_a_decline_the_coordinator_proposes_another_unit(coord_client, ours):
    placement = declined(ours)
    refused_by = placement.host_unit
    url = reverse("staff:propose_another_unit", args=[placement.pk])
    for page in (placement.get_staff_url(), placement.nomination.get_staff_url()):
        html = coord_client.get(page).text
        assert f'href="{url}"' in html and "Propose another unit" in html
    assert "declined: propose another unit" in coord_client.get(placement.get_staff_url()).text

    form_page = coord_client.get(url)
    form = form_page.context["form"]
    assert refused_by not in form.fields["host_unit"].queryset  # not offered again
    assert form.initial["start_date"] == placement.start_date  # the dates as proposed
    assert "No desk free until spring" in form_page.text

    other = HostUnitFactory(name_en="Futian Administration")
    response = coord_client.post(
        url,
        {
            "host_unit": other.pk,
            "start_date": placement.start_date.isoformat(),
            "end_date": placement.end_date.isoformat(),
            "role_title": "Special Assistant",
        },
    )
    assert response.status_code == 302 and response["Location"] == placement.get_staff_url()
    placement.refresh_from_db()
    assert placement.host_unit == other
    assert placement.host_response == Placement.HostResponse.AWAITING
    assert placement.start_date == ours.start_date + datetime.timedelta(days=7)
    # The declined answer stays in the placement's history.
    assert placement.history.filter(
        host_unit=refused_by, host_response=Placement.HostResponse.DECLINED
    ).exists()
    # Nothing more to propose again: the new unit has not declined.
    assert coord_client.get(url).status_code == 404


def test_the_declined_unit_posted_again_is_refused(coord_client, ours):
    placement = declined(ours)
    url = reverse("staff:propose_another_unit", args=[placement.pk])
    response = coord_client.post(url, {"host_unit": placement.host_unit_id})
    assert response.status_code == 200 and "host_unit" in response.context["form"].errors


def test_another_departments_declined_placement_is_not_found(coord_client, theirs):
    placement = declined(theirs)
    url = reverse("staff:propose_another_unit", args=[placement.pk])
    assert coord_client.get(url).status_code == 404
    assert coord_client.post(url, {"host_unit": HostUnitFactory().pk}).status_code == 404


def test_a_coordinator_starts_on_what_their_programmes_need_next(
    coord_client, coordinator, ours, theirs, django_user_model
):
    assert coord_client.get(reverse("role_home"))["Location"] == reverse("staff:needs_action")
    now = timezone.now()
    closing = OpenCohortFactory(
        programme=ours.programme, nominations_close_at=now + datetime.timedelta(days=3)
    )
    selected = SelectedNominationFactory(
        cohort=ours, participant=ParticipantFactory(name_en="UNPLACED Officer")
    )
    not_ours = SelectedNominationFactory(
        cohort=theirs, participant=ParticipantFactory(name_en="OTHER Officer")
    )
    waiting = awaiting(ours)
    refused = declined(CohortFactory(programme=ours.programme))
    confirmed = PlacementFactory(nomination__cohort=ours, status=Placement.Status.CONFIRMED)
    own_request = PlacementAmendmentFactory(placement=confirmed, requested_by=coordinator)
    completed = PlacementFactory(nomination__cohort=ours, status=Placement.Status.COMPLETED)
    report = PlacementReportFactory(placement=completed, status="submitted", submitted_at=now)

    response = coord_client.get(reverse("staff:needs_action"))
    html = response.text
    lists = {action.key: action.rows for action in response.context["lists"]}
    assert lists["closing"] == [closing]
    assert lists["place"] == [selected] and "OTHER Officer" not in html
    assert f'href="{reverse("staff:propose_placement", args=[selected.pk])}"' in html
    assert not_ours not in lists["place"]
    assert lists["host"] == [waiting] and waiting not in lists["confirm"]
    assert lists["declined"] == [refused]
    assert f'href="{reverse("staff:propose_another_unit", args=[refused.pk])}"' in html
    assert lists["review"] == [report]
    # Their own request for an amendment waits for someone else, not for them.
    assert own_request not in lists["amend"]
    colleague = make_user(
        django_user_model, "coord2", "programme_coordinator", department=ours.programme.organiser
    )
    coord_client.force_login(colleague)
    lists = {
        a.key: a.rows for a in coord_client.get(reverse("staff:needs_action")).context["lists"]
    }
    assert lists["amend"] == [own_request]
    # The staff menu leads there.
    assert (
        f'href="{reverse("staff:needs_action")}"'
        in coord_client.get(reverse("staff:programmes")).text
    )
    # And their home carries the staff menu: the way on to their programmes.
    home = coord_client.get(reverse("staff:needs_action")).text
    assert f'href="{reverse("staff:programmes")}"' in home


def test_the_403_page_names_the_role_and_leads_home_without_telling_of_the_record(
    client, django_user_model, ours
):
    hr = make_user(django_user_model, "hr", "department_hr", department=DepartmentFactory())
    client.force_login(hr)
    nomination = SelectedNominationFactory(
        cohort=ours, participant=ParticipantFactory(name_en="SECRET Officer")
    )
    response = client.get(reverse("staff:propose_placement", args=[nomination.pk]))
    assert response.status_code == 403
    html = response.text
    assert "You are signed in as: Department HR officer." in html
    assert "This role cannot use this page" in html
    assert f'href="{reverse("role_home")}"' in html
    assert "CSB programme manager" in html
    assert "SECRET Officer" not in html and ours.programme.code not in html
    assert client.get(reverse("role_home"))["Location"] == reverse("staff:hr_home")


def test_the_403_page_tells_an_officer_to_ask_their_departments_hr(client, django_user_model):
    officer = make_user(django_user_model, "officer", "participant")
    client.force_login(officer)
    response = client.get(reverse("staff:placements"))
    assert response.status_code == 403
    assert "You are signed in as: Participant." in response.text
    assert "Ask your department's HR officer" in response.text
