"""Each programme rule (issue 17) through every staff screen that can break it, in English and
both Chinese scripts: the refusal names the rule on the page the user posted from (never a 500
nor a generic error), and nothing is written; the overlap at nomination is a warning shown
after the nomination is made. The services' own tests are in test_rules.py; the table of rule
× entry point × test is docs/rules.md."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Nomination, Placement, PlacementAmendment
from programmes.models import Cohort, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementAmendmentFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.placements.rule_texts import (
    AGE_RULE,
    CONFIRM_RULE,
    HOST_RULE,
    LANGUAGES,
    OVERLAP_WARNING,
    PROGRAMME_NOT_ACTIVE,
    SELECTION_RULE,
    STALE,
    TAKE_NOMINATIONS,
    attachment_programme,
    bureau_unit,
    hospital_unit,
    speaking,
    suspended_programme,
    two_overlapping_cohorts,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory
from tests.programmes.test_staff_editing import cohort_data

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("language", LANGUAGES)]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def manager(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


@pytest.fixture
def hr(client, django_user_model, epd):
    client.force_login(make_user(django_user_model, "hr.epd", "department_hr", department=epd))
    return client


def nominate(client, cohort, officer):
    return client.post(
        reverse("staff:nominate", args=[cohort.pk]),
        {"participant": officer.pk, "rank": "1", "statement": ""},
        follow=True,
    )


# 1. Only an active programme opens calls and runs cohorts ------------------------------------


def test_hr_cannot_nominate_to_the_open_call_of_a_suspended_programme(hr, epd, language):
    cohort = OpenCohortFactory(programme=suspended_programme())
    page = nominate(speaking(hr, language), cohort, ParticipantFactory(department=epd)).text
    assert PROGRAMME_NOT_ACTIVE[language] in page
    assert TAKE_NOMINATIONS[language] in page
    assert not Nomination.objects.exists()


def test_the_cohort_screen_refuses_to_open_a_suspended_programmes_call(manager, language):
    cohort = CohortFactory(programme=suspended_programme())
    closes = (timezone.localtime() + 9 * DAY).strftime("%Y-%m-%dT%H:%M")
    response = speaking(manager, language).post(
        reverse("staff:cohort_transition", args=[cohort.pk, "open_nominations"]),
        {"closes_at": closes},
        follow=True,
    )
    assert response.status_code == 200
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED


def test_the_cohort_form_refuses_to_open_the_call_of_a_programme_being_planned(manager, language):
    programme = ProgrammeFactory(status=Programme.Status.PLANNING)
    closes = (timezone.localtime() + 9 * DAY).strftime("%Y-%m-%dT%H:%M")
    data = cohort_data(programme, open_call="on", nominations_close_at=closes)
    response = speaking(manager, language).post(reverse("staff:cohort_add"), data)
    assert response.status_code == 200
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    assert not Cohort.objects.exists()


@pytest.mark.parametrize(
    ("status", "name"),
    [
        (Cohort.Status.NOMINATIONS_OPEN, "start_selection"),
        (Cohort.Status.CONFIRMED, "start"),
    ],
)
@pytest.mark.parametrize("role", ["csb_manager", "programme_coordinator"])
def test_the_cohort_buttons_refuse_to_run_a_suspended_programmes_cohort(
    client, django_user_model, language, status, name, role
):
    """The CSB manager and the organising department's coordinator share these buttons."""
    hkpf = DepartmentFactory(code="HKPF", name_en="Hong Kong Police Force")
    cohort = CohortFactory(programme=suspended_programme(organiser=hkpf), status=status)
    user = make_user(
        django_user_model, "runner", role, department=hkpf if "coord" in role else None
    )
    client.force_login(user)
    response = speaking(client, language).post(
        reverse("staff:cohort_transition", args=[cohort.pk, name]), follow=True
    )
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    cohort.refresh_from_db()
    assert cohort.status == status


# 2. A programme may restrict its hosts to policy bureaux --------------------------------------


def test_the_propose_screen_names_the_host_rule(manager, language):
    nomination = SelectedNominationFactory(cohort=CohortFactory(programme=attachment_programme()))
    response = speaking(manager, language).post(
        reverse("staff:propose_placement", args=[nomination.pk]),
        {"host_unit": hospital_unit().pk},
    )
    assert response.status_code == 200
    assert HOST_RULE[language] in response.text
    assert not Placement.objects.exists()


def test_proposing_another_unit_names_the_host_rule(manager, language):
    placement = PlacementFactory(
        nomination__cohort=CohortFactory(programme=attachment_programme()),
        host_unit=bureau_unit(),
        host_response=Placement.HostResponse.DECLINED,
        host_response_reason="No desk free",
    )
    first = placement.host_unit
    response = speaking(manager, language).post(
        reverse("staff:propose_another_unit", args=[placement.pk]),
        {"host_unit": hospital_unit().pk},
    )
    assert response.status_code == 200
    assert HOST_RULE[language] in response.text
    placement.refresh_from_db()
    assert placement.host_unit == first


def test_an_amendment_to_a_unit_outside_the_rule_names_it(manager, language):
    placement = PlacementFactory(
        nomination__cohort=CohortFactory(programme=attachment_programme()),
        host_unit=bureau_unit(),
        status=Placement.Status.CONFIRMED,
    )
    response = speaking(manager, language).post(
        reverse("staff:amendment_request", args=[placement.pk]),
        {"new_host_unit": hospital_unit().pk, "reason": "Moves"},
    )
    assert response.status_code == 200
    assert HOST_RULE[language] in response.text
    assert not PlacementAmendment.objects.exists()


def test_confirming_a_proposal_the_programme_has_since_restricted_names_the_rule(manager, language):
    programme = ProgrammeFactory(kind=Programme.Kind.SECRETARIAT_ATTACHMENT)
    placement = PlacementFactory(
        nomination__cohort=CohortFactory(programme=programme), host_unit=hospital_unit()
    )
    Programme.objects.filter(pk=programme.pk).update(hosts_policy_bureaux_only=True)
    response = speaking(manager, language).post(
        reverse("staff:placement_transition", args=[placement.pk, "confirm"]), follow=True
    )
    assert HOST_RULE[language] in response.text
    placement.refresh_from_db()
    assert placement.status == Placement.Status.PROPOSED


def test_approving_a_move_the_programme_has_since_restricted_names_the_rule(manager, language):
    programme = ProgrammeFactory(kind=Programme.Kind.SECRETARIAT_ATTACHMENT)
    placement = PlacementFactory(
        nomination__cohort=CohortFactory(programme=programme),
        host_unit=bureau_unit(),
        status=Placement.Status.CONFIRMED,
    )
    amendment = PlacementAmendmentFactory(
        placement=placement, new_end_date=None, new_host_unit=hospital_unit()
    )
    Programme.objects.filter(pk=programme.pk).update(hosts_policy_bureaux_only=True)
    response = speaking(manager, language).post(
        reverse("staff:amendment_transition", args=[amendment.pk, "approve"]), follow=True
    )
    assert HOST_RULE[language] in response.text
    amendment.refresh_from_db(), placement.refresh_from_db()
    assert amendment.status == PlacementAmendment.Status.REQUESTED
    assert placement.host_unit.organisation.kind == "policy_bureau"


# 3. Age band and length of service (UN JPO) ----------------------------------------------------


def test_hr_nominating_an_officer_outside_the_age_band_sees_the_band(hr, epd, language):
    cohort = OpenCohortFactory(min_age=25, max_age=32)
    officer = ParticipantFactory(department=epd, date_of_birth=datetime.date(1970, 1, 1))
    response = nominate(speaking(hr, language), cohort, officer)
    assert AGE_RULE[language] in response.text
    assert not Nomination.objects.exists()


# 4. Overlap across programmes: refused at selection, warned at nomination ---------------------


def shortlisted_twice():
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    again = NominationFactory(
        cohort=second, participant=chosen.participant, status=Nomination.Status.SHORTLISTED
    )
    return again


def test_the_select_button_names_the_overlap(manager, language):
    again = shortlisted_twice()
    response = speaking(manager, language).post(
        reverse("staff:nomination_transition", args=[again.pk, "select"]), follow=True
    )
    assert SELECTION_RULE[language] in response.text
    assert "GBA batch 3" in response.text
    again.refresh_from_db()
    assert again.status == Nomination.Status.SHORTLISTED


def test_offering_a_vacant_place_is_a_selection_and_names_the_overlap(manager, language):
    again = shortlisted_twice()
    Nomination.objects.filter(pk=again.pk).update(status=Nomination.Status.RESERVE, reserve_rank=1)
    response = speaking(manager, language).post(
        reverse("staff:nomination_transition", args=[again.pk, "offer_place"]),
        {"reason": "A place fell vacant"},
        follow=True,
    )
    assert SELECTION_RULE[language] in response.text
    again.refresh_from_db()
    assert again.status == Nomination.Status.RESERVE


def test_hr_nominating_for_overlapping_cohorts_is_warned_after_nominating(hr, epd, language):
    officer = ParticipantFactory(department=epd)
    first = OpenCohortFactory(name="GBA batch 4")
    NominationFactory(cohort=first, participant=officer)
    second = OpenCohortFactory(start_date=first.start_date, end_date=first.end_date)
    response = nominate(speaking(hr, language), second, officer)
    assert response.status_code == 200
    assert OVERLAP_WARNING[language] in response.text and "GBA batch 4" in response.text
    assert Nomination.objects.filter(participant=officer).count() == 2


# 5. A cohort is confirmed only with its placements --------------------------------------------


def test_the_confirm_button_names_the_unplaced_officers(manager, language):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    PlacementFactory(nomination__cohort=cohort)
    SelectedNominationFactory(cohort=cohort, participant__name_en="CHAN Unplaced")
    response = speaking(manager, language).post(
        reverse("staff:cohort_transition", args=[cohort.pk, "confirm"]), follow=True
    )
    assert CONFIRM_RULE[language] in response.text and "CHAN Unplaced" in response.text
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


# 7. Stale states on the needs-action page of CSB and of a coordinator --------------------------


def test_the_needs_action_page_flags_a_cohort_past_its_start_in_each_language(
    client, django_user_model, language
):
    hkpf = DepartmentFactory(code="HKPF", name_en="Hong Kong Police Force")
    CohortFactory(
        programme=ProgrammeFactory(organiser=hkpf),
        name="Police batch 2",
        status=Cohort.Status.SELECTION,
        start_date=timezone.localdate() - 5 * DAY,
        end_date=timezone.localdate() + 85 * DAY,
    )
    for username, role, department in [
        ("manager", "csb_manager", None),
        ("coordinator", "programme_coordinator", hkpf),
    ]:
        client.force_login(make_user(django_user_model, username, role, department=department))
        page = speaking(client, language).get(reverse("staff:needs_action")).text
        assert f"{STALE[language]}Police batch 2" in page.replace("Stale: ", "Stale:")
