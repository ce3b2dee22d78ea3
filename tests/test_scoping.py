"""`Model.objects.visible_to(user)`, for every scoped model and every role, against a small
world: two officers of one department (one of them signed in as the participant), an officer of
another department, and two host units (one with a contact account)."""

import pytest

from exchange_portal.roles import REACH, Reach, Role
from participants.models import Department, Participant, UserProfile
from placements.models import Nomination, Placement, PlacementAmendment, PlacementReport
from programmes.models import Cohort, PartnerAgreement, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    PlacementAmendmentFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db

ROLES = ["csb_manager", "csb_viewer", "department_hr", "host_contact", "participant"]
OFFICERS = {"ours", "colleague", "theirs"}


@pytest.fixture
def world(django_user_model):
    epd = DepartmentFactory(code="EPD")
    td = DepartmentFactory(code="TD")
    users = {role: make_user(django_user_model, role.replace("_", "."), role) for role in ROLES}
    users["anonymous"] = None
    UserProfile.objects.create(user=users["department_hr"], department=epd)
    elsewhere, contacts_unit = HostUnitFactory(), HostUnitFactory()
    contacts_unit.contacts.add(users["host_contact"])
    cohort = CohortFactory(places=10)
    officers = {
        # The signed-in participant, an EPD officer placed away from the contact's unit.
        "ours": (ParticipantFactory(department=epd, user=users["participant"]), elsewhere),
        "colleague": (ParticipantFactory(department=epd), elsewhere),
        # Another department's officer, placed at the host contact's unit.
        "theirs": (ParticipantFactory(department=td), contacts_unit),
    }
    rows = {Department: {"ours": epd, "colleague": epd, "theirs": td}}
    for model in (Participant, Nomination, Placement, PlacementReport, PlacementAmendment):
        rows[model] = {}
    for key, (officer, unit) in officers.items():
        placement = PlacementFactory(
            nomination=SelectedNominationFactory(participant=officer, cohort=cohort),
            host_unit=unit,
        )
        rows[Participant][key] = officer
        rows[Nomination][key] = placement.nomination
        rows[Placement][key] = placement
        rows[PlacementReport][key] = PlacementReportFactory(placement=placement)
        rows[PlacementAmendment][key] = PlacementAmendmentFactory(placement=placement)
    return {"users": users, "rows": rows, "epd": epd}


def seen(model, user, world) -> set[str]:
    visible = set(model.objects.visible_to(user).values_list("pk", flat=True))
    return {key for key, row in world["rows"][model].items() if row.pk in visible}


EVERY_OFFICER = {"csb_manager": OFFICERS, "csb_viewer": OFFICERS}
DEPARTMENT = {"department_hr": {"ours", "colleague"}}
HOST_UNIT = {"host_contact": {"theirs"}}
OWN = {"participant": {"ours"}}

EXPECTED = {
    Department: EVERY_OFFICER | DEPARTMENT,
    Participant: EVERY_OFFICER | DEPARTMENT | OWN,
    Nomination: EVERY_OFFICER | DEPARTMENT | OWN,
    Placement: EVERY_OFFICER | DEPARTMENT | HOST_UNIT | OWN,
    PlacementReport: EVERY_OFFICER | DEPARTMENT | HOST_UNIT | OWN,
    PlacementAmendment: EVERY_OFFICER | DEPARTMENT,
}


@pytest.mark.parametrize("model", list(EXPECTED), ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_each_role_sees_exactly_its_share_of_each_scoped_model(world, model, role):
    assert seen(model, world["users"][role], world) == EXPECTED[model].get(role, set())


@pytest.mark.parametrize("model", [Programme, Cohort, PartnerAgreement], ids=lambda m: m.__name__)
@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_records_without_personal_data_are_visible_to_all_staff_only(world, model, role):
    PartnerAgreementFactory()
    every = set(model.objects.values_list("pk", flat=True))
    assert every
    visible = set(model.objects.visible_to(world["users"][role]).values_list("pk", flat=True))
    staff = role in ("csb_manager", "csb_viewer", "department_hr")
    assert visible == (every if staff else set())


def test_an_hr_officer_without_a_department_sees_no_officer(world):
    hr = world["users"]["department_hr"]
    UserProfile.objects.filter(user=hr).update(department=None)
    hr.refresh_from_db()
    for model in EXPECTED:
        assert not model.objects.visible_to(hr).exists(), model


def test_a_superuser_sees_everything_and_a_disabled_account_nothing(world, django_user_model):
    root = django_user_model.objects.create_superuser("root", "root@csb.gov.hk", "pw-long-1234")
    assert seen(Placement, root, world) == OFFICERS
    hr = world["users"]["department_hr"]
    hr.is_active = False
    assert seen(Placement, hr, world) == set()


def test_visible_to_chains_with_the_querysets_own_methods(world):
    hr = world["users"]["department_hr"]
    assert Placement.objects.visible_to(hr).live().count() == 2
    assert Participant.objects.hong_kong_officers().visible_to(hr).count() == 2


def test_a_role_reaching_through_two_anchors_sees_the_rows_of_either(world, monkeypatch):
    # A role reaching through several anchors (department HR: their officers, inbound officers at
    # their units; here also a made-up third): the rows of any.
    hr = world["users"]["department_hr"]
    world["rows"][Placement]["theirs"].host_unit.contacts.add(hr)
    at_units = Reach("host_unit", "contacts", lambda user: user)
    monkeypatch.setitem(REACH, Role.DEPARTMENT_HR, (*REACH[Role.DEPARTMENT_HR], at_units))
    assert seen(Placement, hr, world) == OFFICERS
    # A model that names only one of the anchors is reached through that one.
    assert seen(PlacementAmendment, hr, world) == {"ours", "colleague"}
