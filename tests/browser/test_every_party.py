"""Every party does its own part, in a real browser, from the keyboard alone (issue 16): each
signs in by typing into the labelled fields, starts on the page their role lands on, reaches
every control with Tab and works it with Enter, Space or the arrow keys, reads what the
portal says after each step, and never passes through the admin. At the end the database
holds what they did.

  - the partner government's coordinator imports three officers into an inbound batch;
  - the host unit's contact accepts a proposed placement;
  - a CSB manager confirms the placement the host accepted;
  - a CSB manager asks for an amendment, which they cannot approve themselves, and a second
    manager approves it;
  - department HR nominate one of their officers from an open call's page;
  - the organising department's coordinator opens a one-off secondment call from their
    programme's page, nominates one of the department's officers, shortlists and selects them,
    proposes a placement at the host unit and confirms it.

The helpers are in tests/browser/keyboard.py, the `parties` fixture in the conftest.

The pages these journeys pass through are checked by axe and for CSP violations, in each of
the three languages, by test_accessibility and test_csp (tests/browser/pages.py)."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from exchange_portal.roles import Role
from exchange_portal.views import ROLE_HOMES
from participants.models import Participant, PartnerGovernment
from placements.models import HostOrganisation, Nomination, Placement, PlacementAmendment
from programmes.models import Cohort, Direction, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import (
    CohortFactory,
    OpenCohortFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
)

# Transactional: the live server's thread must see the committed data; pytest-django flushes the
# database afterwards (this runs after the package's other browser tests).
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def lands_on_home(party, role: str) -> None:
    assert party.path() == reverse(ROLE_HOMES[role]), f"{party.username} landed on {party.path()}"


# The partner government's coordinator -----------------------------------------------------------

THREE_OFFICERS = (
    "Name (English),Name (Chinese),E-mail,Home organisation,Partner reference,Rank\n"
    "LI Ming,李明,li.ming@gd.gov.cn,Futian District Government,GD-001,Section Chief\n"
    "ZHAO Lei,赵磊,zhao.lei@gd.gov.cn,Nanshan District Government,GD-002,Section Chief\n"
    "CHEN Jing,陈静,chen.jing@gd.gov.cn,Qianhai Authority,,Deputy Section Chief\n"
).encode()


@pytest.fixture
def inbound_batch(server):
    guangdong = PartnerGovernment.objects.create(
        code="GD-E2E", name_en="Guangdong Provincial Government"
    )
    make_user(get_user_model(), "e2e.partner", Role.PARTNER_COORDINATOR, partner=guangdong)
    agreement = PartnerAgreementFactory(
        partner=guangdong,
        programme=ProgrammeFactory(name_en="Greater Bay Area staff exchange", code="GBA-IN"),
    )
    cohort = OpenCohortFactory(
        programme=agreement.programme,
        agreement=agreement,
        direction=Direction.INBOUND,
        name="GBA inbound batch 1 (E2E)",
    )
    return {"partner": guangdong, "cohort": cohort}


def test_the_partner_coordinator_imports_three_officers_into_an_inbound_batch(
    parties, inbound_batch
):
    cohort = inbound_batch["cohort"]
    partner = parties("e2e.partner")
    lands_on_home(partner, Role.PARTNER_COORDINATOR)
    home = partner.main_text()
    assert "Open for nominations: what to do next" in home
    assert "GBA inbound batch 1 (E2E)" in home
    assert "You have not put forward any officer yet." in home

    # The batch's page, then its import.
    partner.follow("GBA inbound batch 1 (E2E)")
    assert partner.path() == reverse("portal:partner_cohort", args=[cohort.pk])
    assert "You have not put forward any officer for this batch." in partner.main_text()
    partner.follow("Import a list")
    assert partner.path() == reverse("portal:partner_import")
    batch = partner.page.get_by_label("Inbound batch")
    assert batch.input_value() == str(cohort.pk), "the batch the coordinator came from is chosen"
    partner.choose("Inbound batch", "GBA inbound batch 1 (E2E)")
    partner.choose_file("File", "officers.csv", THREE_OFFICERS, "text/csv")
    partner.press("Import", exact=True)

    # Back on the batch's page: what was imported, and the three officers.
    assert partner.path() == reverse("portal:partner_cohort", args=[cohort.pk])
    assert "Imported 3 new and 0 changed officers for" in partner.messages()
    listed = partner.main_text()
    for name in ("LI Ming", "ZHAO Lei", "CHEN Jing"):
        assert name in listed

    # And on the home page, each with their nomination's status.
    partner.follow("Your government's officers")
    lands_on_home(partner, Role.PARTNER_COORDINATOR)
    officers = partner.page.locator("#officers + table tbody").inner_text()
    for name in ("LI Ming", "ZHAO Lei", "CHEN Jing"):
        assert name in officers
    assert officers.count("Submitted") == 3
    partner.assert_never_in_the_admin()

    nominations = Nomination.objects.filter(cohort=cohort)
    assert nominations.count() == 3
    assert set(nominations.values_list("status", flat=True)) == {Nomination.Status.SUBMITTED}
    assert set(nominations.values_list("nominating_department", flat=True)) == {None}
    assert set(
        Participant.objects.filter(partner=inbound_batch["partner"]).values_list(
            "partner_reference", flat=True
        )
    ) == {"GD-001", "GD-002", ""}


# The host unit, CSB and amendments ---------------------------------------------------------------


def placement_at_a_host(*, status, host_response, start_in_days=60) -> dict:
    """An officer's placement at a unit with its contact, in a programme whose host units
    must accept, with two CSB managers."""
    User = get_user_model()
    host = make_user(User, "e2e.host", Role.HOST_CONTACT)
    unit = HostUnitFactory(name_en="Futian Administration (E2E)")
    unit.contacts.add(host)
    make_user(User, "e2e.manager", Role.CSB_MANAGER)
    make_user(User, "e2e.second", Role.CSB_MANAGER)
    programme = ProgrammeFactory(
        code="GBA-E2E", name_en="Greater Bay Area staff exchange", requires_host_acceptance=True
    )
    start = timezone.localdate() + datetime.timedelta(days=start_in_days)
    cohort = CohortFactory(
        programme=programme,
        agreement=PartnerAgreementFactory(programme=programme),
        name="GBA phase 1 batch 1 (E2E)",
        start_date=start,
        end_date=start + datetime.timedelta(days=91),
    )
    officer = ParticipantFactory(name_en="LAM Wing-sze")
    placement = PlacementFactory(
        nomination=SelectedNominationFactory(cohort=cohort, participant=officer),
        host_unit=unit,
        status=status,
        host_response=host_response,
    )
    return {"placement": placement, "host": host, "unit": unit}


@pytest.fixture
def proposed(server):
    return placement_at_a_host(
        status=Placement.Status.PROPOSED, host_response=Placement.HostResponse.AWAITING
    )


@pytest.fixture
def accepted(server):
    return placement_at_a_host(
        status=Placement.Status.PROPOSED, host_response=Placement.HostResponse.ACCEPTED
    )


@pytest.fixture
def confirmed(server):
    return placement_at_a_host(
        status=Placement.Status.CONFIRMED, host_response=Placement.HostResponse.ACCEPTED
    )


def test_the_host_contact_accepts_a_proposed_placement(parties, proposed):
    placement = proposed["placement"]
    code = placement.reference_code
    host = parties("e2e.host")
    lands_on_home(host, Role.HOST_CONTACT)
    waiting = host.page.locator("section[aria-labelledby=awaiting-heading]")
    assert "LAM Wing-sze" in waiting.inner_text()

    host.press(f"Accept {code}", within=waiting)

    assert host.path() == reverse("portal:host_placements")
    assert f"You accepted the placement {code}. CSB will confirm it." in host.messages()
    assert "No proposed placement is waiting for your answer." in waiting.inner_text()
    arrivals = host.page.locator("section[aria-labelledby=arrivals-heading]").inner_text()
    assert "LAM Wing-sze" in arrivals and "Accepted" in arrivals
    host.assert_never_in_the_admin()

    placement.refresh_from_db()
    assert placement.host_response == Placement.HostResponse.ACCEPTED
    assert placement.host_responded_by == proposed["host"]
    assert placement.status == Placement.Status.PROPOSED  # CSB confirms it


def test_a_csb_manager_confirms_the_placement_the_host_accepted(parties, accepted):
    placement = accepted["placement"]
    code = placement.reference_code
    manager = parties("e2e.manager")
    lands_on_home(manager, Role.CSB_MANAGER)
    assert "Placements to confirm" in manager.main_text()

    manager.follow(code)
    assert manager.path() == placement.get_staff_url()
    facts = manager.page.locator("main dl").inner_text()
    assert "Accepted" in facts and "Proposed" in facts

    manager.press("Confirm", exact=True)

    assert manager.path() == placement.get_staff_url()
    assert "it is now confirmed" in manager.messages()
    assert "Confirmed" in manager.page.locator("main dl").inner_text()
    manager.assert_never_in_the_admin()

    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED


def test_an_amendment_is_asked_for_by_one_manager_and_approved_by_another(parties, confirmed):
    placement = confirmed["placement"]
    code = placement.reference_code
    old_start, old_end = placement.start_date, placement.end_date
    new_end = old_end + datetime.timedelta(days=28)

    # The first manager finds the placement in the list and asks for four more weeks.
    first = parties("e2e.manager")
    lands_on_home(first, Role.CSB_MANAGER)
    first.follow("Placements", exact=True)
    assert first.path() == reverse("staff:placements")
    first.follow(code, exact=True)
    assert first.path() == placement.get_staff_url()
    first.follow("Request an amendment…")
    assert first.path() == reverse("staff:amendment_request", args=[placement.pk])
    first.type_date("New end date", new_end)
    first.type_into("Reason for the change", "The unit asks for four more weeks.")
    first.press("Ask for the amendment")

    assert first.path() == placement.get_staff_url()
    assert f"Amendment of {code} asked for; someone else approves or rejects it." in (
        first.messages()
    )
    amendments = first.page.locator("section[aria-labelledby=amendments-heading]")
    assert "Awaiting approval" in amendments.inner_text()
    assert "someone else must approve or reject it" in amendments.inner_text()
    assert amendments.get_by_role("link", name="Approve…").count() == 0
    assert amendments.get_by_role("link", name="Withdraw the request…").count() == 1
    first.assert_never_in_the_admin()

    # A second manager finds it on the dashboard and approves it.
    second = parties("e2e.second")
    lands_on_home(second, Role.CSB_MANAGER)
    assert "Amendments awaiting approval" in second.main_text()
    second.follow(code)
    assert second.path() == placement.get_staff_url()
    amendments = second.page.locator("section[aria-labelledby=amendments-heading]")
    assert "The unit asks for four more weeks." in amendments.inner_text()
    second.follow("Approve…", within=amendments)
    second.press("Confirm: Approve")

    assert second.path() == placement.get_staff_url()
    assert f"Amendment of {code}: approve done; it is now approved." in second.messages()
    dates = second.page.locator("main dl").inner_text()
    assert _date(new_end) in dates, dates
    assert "Approved" in amendments.inner_text()
    second.assert_never_in_the_admin()

    placement.refresh_from_db()
    assert (placement.start_date, placement.end_date) == (old_start, new_end)
    amendment = PlacementAmendment.objects.get(placement=placement)
    assert amendment.status == PlacementAmendment.Status.APPROVED
    assert amendment.requested_by.username == "e2e.manager"
    assert amendment.decided_by.username == "e2e.second"


def _date(day: datetime.date) -> str:
    """A date as the English pages show it (DATE_FORMAT)."""
    from django.utils import formats, translation

    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


# Department HR -----------------------------------------------------------------------------------


@pytest.fixture
def open_call(server):
    """An open call of the Secretariat Attachment Scheme and an HR officer of EPD with one of
    the department's officers to put forward (and one of another department's, not offered)."""
    User = get_user_model()
    epd = DepartmentFactory(code="EPD-E2E", name_en="Environmental Protection Department")
    make_user(User, "e2e.hr", Role.DEPARTMENT_HR, department=epd)
    ParticipantFactory(name_en="CHEUNG Ka-yan", department=epd)
    ParticipantFactory(name_en="HO Siu-ming")  # another department's
    cohort = OpenCohortFactory(
        programme=ProgrammeFactory(code="SAS-E2E", name_en="Secretariat Attachment Scheme"),
        name="SAS 2027 intake (E2E)",
        places=4,
    )
    return {"cohort": cohort, "department": epd}


def test_department_hr_nominates_an_officer_from_the_calls_page(parties, open_call):
    cohort = open_call["cohort"]
    hr = parties("e2e.hr")
    lands_on_home(hr, Role.DEPARTMENT_HR)
    calls = hr.page.locator("section[aria-labelledby=calls-heading]").inner_text()
    assert "SAS 2027 intake (E2E)" in calls

    # The call's own page: its deadline and places, and the way to nominate.
    hr.follow("SAS 2027 intake (E2E)", exact=True)
    assert hr.path() == reverse("staff:cohort", args=[cohort.pk])
    hr.follow("Nominate an officer")
    assert hr.path() == reverse("staff:nominate", args=[cohort.pk])
    offered = hr.page.get_by_label("Officer").inner_text()
    assert "CHEUNG Ka-yan" in offered and "HO Siu-ming" not in offered
    hr.choose("Officer", "CHEUNG Ka-yan")
    hr.type_into("Statement", "Six years in air quality policy; ready for a bureau's view.")
    hr.press("Nominate", exact=True)

    told = hr.messages()
    assert "CHEUNG Ka-yan" in told and f"is nominated for {cohort}." in told
    nomination = Nomination.objects.get(cohort=cohort)
    assert hr.path() == reverse("staff:nomination", args=[nomination.pk])
    # Home again: the nomination is listed with its state.
    hr.follow("Home", exact=True)
    lands_on_home(hr, Role.DEPARTMENT_HR)
    mine = hr.page.locator("section[aria-labelledby=nominations-heading]").inner_text()
    assert "CHEUNG Ka-yan" in mine and "Submitted" in mine
    hr.assert_never_in_the_admin()

    assert (nomination.status, nomination.nominating_department) == (
        Nomination.Status.SUBMITTED,
        open_call["department"],
    )
    assert nomination.statement.startswith("Six years in air quality policy")


# The organising department's coordinator ---------------------------------------------------------


@pytest.fixture
def interpol_secondments(server):
    """A programme the Police organise, with no host acceptance to wait for, its coordinator,
    one of the force's officers and a unit at INTERPOL to send them to."""
    User = get_user_model()
    hkpf = DepartmentFactory(code="HKPF-E2E", name_en="Hong Kong Police Force")
    make_user(User, "e2e.coordinator", Role.PROGRAMME_COORDINATOR, department=hkpf)
    programme = ProgrammeFactory(
        code="HKPF-INTERPOL-E2E",
        name_en="Secondments to INTERPOL",
        kind=Programme.Kind.INTERNATIONAL_SECONDMENT,
        organiser=hkpf,
        direction=Direction.OUTBOUND,
        requires_host_acceptance=False,
    )
    officer = ParticipantFactory(name_en="WONG Tsz-hin", department=hkpf)
    unit = HostUnitFactory(
        name_en="Financial Crime and Anti-Corruption Centre",
        city="Lyon",
        organisation=HostOrganisationFactory(
            name_en="INTERPOL",
            kind=HostOrganisation.Kind.INTERNATIONAL_ORGANISATION,
            country="France",
            city="Lyon",
        ),
    )
    return {"programme": programme, "officer": officer, "unit": unit}


def test_the_organising_departments_coordinator_runs_a_secondment_call_to_a_placement(
    parties, interpol_secondments
):
    programme, officer, unit = (
        interpol_secondments[key] for key in ("programme", "officer", "unit")
    )
    today = timezone.localdate()
    closes = datetime.datetime.combine(today + datetime.timedelta(days=21), datetime.time(17, 30))
    start = today + datetime.timedelta(days=90)
    end = start + datetime.timedelta(days=364)
    coordinator = parties("e2e.coordinator")
    lands_on_home(coordinator, Role.PROGRAMME_COORDINATOR)

    # The programme, from the navigation, and a new one-off call of it.
    staff_navigation = coordinator.page.get_by_role("navigation", name="Staff")
    coordinator.follow("Programmes", exact=True, within=staff_navigation)
    assert coordinator.path() == reverse("staff:programmes")
    coordinator.follow("Secondments to INTERPOL", exact=True)
    assert coordinator.path() == programme.get_staff_url()
    coordinator.follow("New cohort or call")
    assert coordinator.path() == reverse("staff:cohort_add")
    chosen = coordinator.page.get_by_label("Programme").first
    assert chosen.input_value() == str(programme.pk), "the programme it came from is chosen"
    coordinator.type_into("Name", "INTERPOL FCACC secondment 2027 (E2E)")
    coordinator.tab_to("checkbox", "One-off call (no phase or batch)")
    coordinator.page.keyboard.press("Space")
    assert coordinator.page.get_by_label("One-off call (no phase or batch)").is_checked()
    coordinator.type_datetime("Nominations close", closes)
    coordinator.type_date("Start date", start)
    coordinator.type_date("End date", end)
    coordinator.type_into("Places", "1")
    coordinator.type_into("Destination", "Lyon, France")
    coordinator.type_into("Destination (Traditional Chinese)", "法國里昂", exact=True)
    coordinator.tab_to("checkbox", "Open the call for nominations on saving")
    coordinator.page.keyboard.press("Space")
    coordinator.press("Save", exact=True)

    # The Traditional Chinese alone: the Simplified is offered, converted, to check; nothing
    # is saved until the coordinator saves again.
    assert coordinator.path() == reverse("staff:cohort_add")
    assert not Cohort.objects.filter(name="INTERPOL FCACC secondment 2027 (E2E)").exists()
    offered = coordinator.page.get_by_label("Destination (Simplified Chinese)", exact=True)
    assert offered.input_value() == "法国里昂"
    assert "Suggested from the Traditional Chinese with OpenCC" in coordinator.page.inner_text(
        "main"
    )
    coordinator.press("Save", exact=True)

    cohort = Cohort.objects.get(name="INTERPOL FCACC secondment 2027 (E2E)")
    assert coordinator.path() == cohort.get_staff_url()
    assert f"Cohort {cohort} saved and its call opened." in coordinator.messages()
    summary = coordinator.page.locator("main h1 + p").inner_text()
    assert "One-off call" in summary and "Open for nominations" in summary, summary
    call = coordinator.page.locator("section[aria-labelledby=call-heading]").inner_text()
    assert "1 places, 1 left" in call and "Lyon, France" in call, call

    # The force's officer, nominated from the call's page.
    coordinator.follow("Nominate an officer")
    assert coordinator.path() == reverse("staff:nominate", args=[cohort.pk])
    coordinator.choose("Officer", "WONG Tsz-hin")
    coordinator.type_into("Statement", "Eight years in financial investigation.")
    coordinator.press("Nominate", exact=True)
    nomination = Nomination.objects.get(cohort=cohort)
    assert coordinator.path() == nomination.get_staff_url()
    assert f"is nominated for {cohort}." in coordinator.messages()

    # Shortlisted, then selected, on the nomination's page.
    actions = coordinator.page.locator("section[aria-labelledby=actions-heading]")
    coordinator.press("Shortlist", exact=True, within=actions)
    assert coordinator.path() == nomination.get_staff_url()
    assert f"{nomination}: shortlist done; it is now shortlisted." in coordinator.messages()
    coordinator.press("Select", exact=True, within=actions)
    assert f"{nomination}: select done; it is now selected." in coordinator.messages()
    status = coordinator.page.locator("main dl .status-tag").first.inner_text()
    assert status == "Selected", status

    # A placement at INTERPOL's centre, in the call's dates.
    coordinator.follow("Propose a placement")
    assert coordinator.path() == reverse("staff:propose_placement", args=[nomination.pk])
    coordinator.choose("Host unit", "Financial Crime and Anti-Corruption Centre")
    coordinator.type_into("Role title", "Criminal Intelligence Officer")
    coordinator.press("Propose", exact=True)
    placement = Placement.objects.get(nomination=nomination)
    code = placement.reference_code
    assert coordinator.path() == placement.get_staff_url()
    assert f"Placement {code} proposed" in coordinator.messages()
    assert "Proposed" in coordinator.page.locator("main dl").inner_text()

    # Confirmed at once: the programme does not wait for the host's acceptance.
    coordinator.press("Confirm", exact=True)
    assert coordinator.path() == placement.get_staff_url()
    assert f"{placement}: confirm done; it is now confirmed." in coordinator.messages()
    assert "Confirmed" in coordinator.page.locator("main dl").inner_text()
    coordinator.assert_never_in_the_admin()

    cohort.refresh_from_db()
    assert (cohort.phase, cohort.batch, cohort.places) == (None, None, 1)
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN
    assert (cohort.destination, cohort.destination_zh_hant, cohort.destination_zh_hans) == (
        "Lyon, France",
        "法國里昂",
        "法国里昂",
    )
    assert timezone.localtime(cohort.nominations_close_at).replace(tzinfo=None) == closes
    nomination.refresh_from_db()
    assert (nomination.participant, nomination.status) == (officer, Nomination.Status.SELECTED)
    placement.refresh_from_db()
    assert (placement.host_unit, placement.status) == (unit, Placement.Status.CONFIRMED)
    assert (placement.start_date, placement.end_date) == (start, end)
    assert placement.role_title == "Criminal Intelligence Officer"
