"""How far the new roles reach (exchange_portal.roles.REACH): an organising department's
coordinator, a partner government's coordinator, and department HR as a receiving department."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participants.models import Participant, PartnerGovernment
from placements.models import Nomination, Placement, PlacementAmendment, PlacementReport
from programmes.models import Cohort, Direction, PartnerAgreement, Programme
from tests.conftest import make_user
from tests.participants.factories import (
    DepartmentFactory,
    ParticipantFactory,
    PartnerOfficerFactory,
)
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, PartnerAgreementFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def place(officer, cohort, unit=None, **nomination):
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=officer, cohort=cohort, **nomination),
        **({"host_unit": unit} if unit else {}),
    )
    PlacementReportFactory(placement=placement, author_role="participant")
    PlacementAmendment.objects.create(
        placement=placement,
        new_end_date=placement.end_date + datetime.timedelta(days=14),
        reason="Extension",
        old_start_date=placement.start_date,
        old_end_date=placement.end_date,
        old_host_unit=placement.host_unit,
    )
    return placement


@pytest.fixture
def organisers():
    """HKPF organises one secondment, ICAC another; an HKPF officer, an EPD officer
    nominated to HKPF's programme, and an EPD officer nominated only to ICAC's."""
    hkpf, icac, epd = (DepartmentFactory(code=c) for c in ("HKPF", "ICAC", "EPD"))
    ours = CohortFactory(programme=ProgrammeFactory(organiser=hkpf, code="INTERPOL"))
    theirs = CohortFactory(programme=ProgrammeFactory(organiser=icac, code="UNCITRAL"))
    own_officer = ParticipantFactory(department=hkpf)
    nominated_to_ours = ParticipantFactory(department=epd)
    nominated_to_theirs = ParticipantFactory(department=epd)
    return {
        "hkpf": hkpf,
        "ours": ours,
        "theirs": theirs,
        "own_officer": own_officer,
        "nominated_to_ours": nominated_to_ours,
        "nominated_to_theirs": nominated_to_theirs,
        "our_placement": place(nominated_to_ours, ours),
        "their_placement": place(nominated_to_theirs, theirs),
    }


def test_a_coordinator_sees_what_their_department_organises_and_nothing_else(
    django_user_model, organisers
):
    coordinator = make_user(
        django_user_model, "coord", "programme_coordinator", department=organisers["hkpf"]
    )
    ours, theirs = organisers["ours"], organisers["theirs"]
    placement = organisers["our_placement"]
    assert set(Programme.objects.visible_to(coordinator)) == {ours.programme}
    assert set(Cohort.objects.visible_to(coordinator)) == {ours}
    assert set(Nomination.objects.visible_to(coordinator)) == {placement.nomination}
    assert set(Placement.objects.visible_to(coordinator)) == {placement}
    assert set(PlacementAmendment.objects.visible_to(coordinator)) == set(
        placement.amendments.all()
    )
    assert set(PlacementReport.objects.visible_to(coordinator)) == set(placement.reports.all())
    # Their own department's officers and those nominated to their programmes; not an officer
    # nominated only to another department's programme.
    assert set(Participant.objects.visible_to(coordinator)) == {
        organisers["own_officer"],
        organisers["nominated_to_ours"],
    }
    assert theirs.programme not in Programme.objects.visible_to(coordinator)


def test_a_coordinator_without_a_department_sees_nothing(django_user_model, organisers):
    coordinator = make_user(django_user_model, "coord", "programme_coordinator")
    for model in (
        Programme,
        Cohort,
        Participant,
        Nomination,
        Placement,
        PlacementAmendment,
        PlacementReport,
    ):
        assert not model.objects.visible_to(coordinator).exists(), model


@pytest.fixture
def partners():
    """Guangdong and Fujian each have an agreement under one exchange programme, with an
    inbound batch each and an outbound one for Guangdong; each puts forward an officer."""
    gd = PartnerGovernment.objects.create(code="GD", name_en="Guangdong")
    fj = PartnerGovernment.objects.create(code="FJ", name_en="Fujian")
    programme = ProgrammeFactory()
    gd_agreement = PartnerAgreementFactory(programme=programme, partner=gd)
    fj_agreement = PartnerAgreementFactory(programme=programme, partner=fj)
    gd_inbound = CohortFactory(
        programme=programme, agreement=gd_agreement, direction=Direction.INBOUND
    )
    gd_outbound = CohortFactory(programme=programme, agreement=gd_agreement)
    fj_inbound = CohortFactory(
        programme=programme, agreement=fj_agreement, direction=Direction.INBOUND
    )
    gd_officer = PartnerOfficerFactory(partner=gd)
    fj_officer = PartnerOfficerFactory(partner=fj)
    hong_kong_officer = ParticipantFactory()
    return {
        "gd": gd,
        "gd_agreement": gd_agreement,
        "gd_inbound": gd_inbound,
        "gd_outbound": gd_outbound,
        "fj_inbound": fj_inbound,
        "gd_officer": gd_officer,
        "gd_placement": place(gd_officer, gd_inbound, nominating_department=None),
        "fj_placement": place(fj_officer, fj_inbound, nominating_department=None),
        "hong_kong_placement": place(hong_kong_officer, gd_outbound),
    }


def test_a_partner_coordinator_sees_only_their_governments_inbound_batches_and_officers(
    django_user_model, partners
):
    coordinator = make_user(django_user_model, "gd", "partner_coordinator", partner=partners["gd"])
    assert set(Cohort.objects.visible_to(coordinator)) == {partners["gd_inbound"]}
    assert set(PartnerAgreement.objects.visible_to(coordinator)) == {partners["gd_agreement"]}
    assert set(Participant.objects.visible_to(coordinator)) == {partners["gd_officer"]}
    assert set(Nomination.objects.visible_to(coordinator)) == {partners["gd_placement"].nomination}
    assert set(Placement.objects.visible_to(coordinator)) == {partners["gd_placement"]}


def test_a_partner_coordinator_without_a_government_sees_nothing(django_user_model, partners):
    coordinator = make_user(django_user_model, "nobody", "partner_coordinator")
    for model in (Cohort, PartnerAgreement, Participant, Nomination, Placement):
        assert not model.objects.visible_to(coordinator).exists(), model


def test_receiving_department_hr_see_the_inbound_officers_placed_in_their_units(
    django_user_model, partners
):
    """Immigration hosts Guangdong's officer in one of its units; its HR see that officer and
    placement, besides their own officers, but not an outbound placement at a unit of theirs
    nor an inbound officer placed elsewhere."""
    immd = DepartmentFactory(code="ImmD")
    unit = HostUnitFactory(organisation=HostOrganisationFactory(department=immd))
    arriving = PartnerOfficerFactory(partner=partners["gd"])
    inbound = place(arriving, partners["gd_inbound"], unit, nominating_department=None)
    own_officer = ParticipantFactory(department=immd)
    outbound_here = place(ParticipantFactory(), partners["gd_outbound"], unit)
    hr = make_user(django_user_model, "hr", "department_hr", department=immd)

    assert set(Participant.objects.visible_to(hr)) == {arriving, own_officer}
    assert set(Placement.objects.visible_to(hr)) == {inbound}
    assert outbound_here not in Placement.objects.visible_to(hr)
    assert partners["fj_placement"] not in Placement.objects.visible_to(hr)


def query_count(user, model):
    with CaptureQueriesContext(connection) as queries:
        list(model.objects.visible_to(user))
    return len(queries)


# Each role with the models it reaches through the new anchors (receiving HR reach the
# officers and placements in their units, not the nominations).
REACHED = [
    *(("programme_coordinator", m) for m in (Participant, Nomination, Placement, Cohort)),
    *(("partner_coordinator", m) for m in (Participant, Nomination, Placement, Cohort)),
    *(("department_hr", m) for m in (Participant, Placement)),
]


@pytest.mark.parametrize(("role", "model"), REACHED)
def test_visible_to_adds_no_query_per_row(
    django_user_model, django_assert_num_queries, role, model
):
    gd = PartnerGovernment.objects.create(code="GD", name_en="Guangdong")
    dept = DepartmentFactory(code="HKPF")
    unit = HostUnitFactory(organisation=HostOrganisationFactory(department=dept))
    programme = ProgrammeFactory(organiser=dept)
    agreement = PartnerAgreementFactory(programme=programme, partner=gd)
    user = make_user(django_user_model, "u", role, department=dept, partner=gd)

    def add_rows(count):
        for _ in range(count):
            cohort = CohortFactory(
                programme=programme, agreement=agreement, direction=Direction.INBOUND
            )
            place(PartnerOfficerFactory(partner=gd), cohort, unit, nominating_department=None)

    add_rows(5)
    list(model.objects.visible_to(user))  # the user's groups and profile, read once
    few = query_count(user, model)
    assert model.objects.visible_to(user).count() >= 5
    add_rows(45)
    assert model.objects.visible_to(user).count() >= 50
    with django_assert_num_queries(few):
        list(model.objects.visible_to(user))
