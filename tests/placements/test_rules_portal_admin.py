"""Each programme rule (issue 17) through the partner coordinator's and the host unit's pages,
the admin's forms and actions and the daily command, in English and both Chinese scripts: the
page shows the rule's words and nothing is written. See docs/rules.md for the whole table."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from participants.models import Participant, PartnerGovernment, UserProfile
from placements.models import Nomination, Placement
from programmes.models import Cohort, Direction, Programme
from tests.conftest import make_user
from tests.participants.factories import ParticipantFactory, PartnerOfficerFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.placements.rule_texts import (
    AGE_RULE,
    CONFIRM_RULE,
    HOST_RULE,
    LANGUAGES,
    NO_DATE_OF_BIRTH,
    OVERLAP_WARNING,
    PROGRAMME_NOT_ACTIVE,
    SELECTION_RULE,
    TAKE_NOMINATIONS,
    attachment_programme,
    hospital_unit,
    messages_of,
    speaking,
    suspended_programme,
    two_overlapping_cohorts,
)
from tests.programmes.factories import (
    CohortFactory,
    OpenCohortFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def guangdong():
    return PartnerGovernment.objects.create(code="GD", name_en="Guangdong Provincial Government")


@pytest.fixture
def partner(client, django_user_model, guangdong):
    user = make_user(django_user_model, "gd.coordinator", "partner_coordinator")
    UserProfile.objects.create(user=user, partner=guangdong, language="zh-hans")
    client.force_login(user)
    return client


def inbound_batch(partner_government, programme=None, **fields):
    agreement = PartnerAgreementFactory(
        partner=partner_government, programme=programme or ProgrammeFactory()
    )
    return OpenCohortFactory(
        programme=agreement.programme, agreement=agreement, direction=Direction.INBOUND, **fields
    )


OFFICER = {
    "name_en": "LI Ming",
    "name_zh_hans": "李明",
    "name_zh_hant": "李明",
    "email": "li.ming@gd.gov.cn",
    "phone": "",
    "home_organisation": "Futian District Government",
    "partner_reference": "GD-001",
    "rank": "Section Chief",
    "language": "zh-hans",
    "statement": "",
}


def officers_file():
    data = io.BytesIO(
        "Name (English),Name (Chinese),E-mail,Home organisation,Partner reference,Rank\n"
        "LI Ming,李明,li.ming@gd.gov.cn,Futian District Government,GD-001,Section Chief\n".encode()
    )
    data.name = "officers.csv"
    return data


def put_forward(client, cohort):
    return client.post(reverse("portal:partner_put_forward", args=[cohort.pk]), OFFICER)


@pytest.fixture
def admin_client(client, csb_manager):
    client.force_login(csb_manager)
    return client


def admin_action(client, model, action, record):
    return client.post(
        reverse(f"admin:{model}_changelist"),
        {"action": action, "_selected_action": [record.pk], "index": "0"},
    )


# The partner coordinator's put-forward form and import -----------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partner_cannot_put_forward_for_a_suspended_programmes_batch(
    partner, guangdong, language
):
    batch = inbound_batch(guangdong, programme=suspended_programme())
    response = put_forward(speaking(partner, language), batch)
    assert response.status_code == 200
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    assert TAKE_NOMINATIONS[language] in response.text
    assert not Participant.objects.exists()  # the officer's record is rolled back with it
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partner_import_names_the_programme_rule_on_each_row(partner, guangdong, language):
    batch = inbound_batch(guangdong, programme=suspended_programme())
    response = speaking(partner, language).post(
        reverse("portal:partner_import"), {"cohort": batch.pk, "import_file": officers_file()}
    )
    assert response.status_code == 200
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    assert not Participant.objects.exists()
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partner_is_told_an_age_band_needs_a_date_of_birth(partner, guangdong, language):
    """The call's age band applies to partner officers too; the form records none, so the
    refusal says which date is missing (CSB records it, then the partner tries again)."""
    batch = inbound_batch(guangdong, max_age=40)
    response = put_forward(speaking(partner, language), batch)
    assert response.status_code == 200
    assert NO_DATE_OF_BIRTH[language] in response.text
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partner_is_warned_of_an_officer_put_forward_for_overlapping_batches(
    partner, guangdong, language
):
    first = inbound_batch(guangdong, name="GBA inbound 1")
    second = inbound_batch(guangdong, start_date=first.start_date, end_date=first.end_date)
    officer = PartnerOfficerFactory(
        partner=guangdong,
        partner_reference="GD-001",
        home_organisation=OFFICER["home_organisation"],
        email=OFFICER["email"],
    )
    NominationFactory(cohort=first, participant=officer, nominating_department=None)
    response = speaking(partner, language).post(
        reverse("portal:partner_put_forward", args=[second.pk]), OFFICER, follow=True
    )
    assert OVERLAP_WARNING[language] in response.text and "GBA inbound 1" in response.text
    assert Nomination.objects.filter(participant=officer).count() == 2


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partner_import_warns_of_an_officer_put_forward_for_overlapping_batches(
    partner, guangdong, language
):
    first = inbound_batch(guangdong, name="GBA inbound 2")
    second = inbound_batch(guangdong, start_date=first.start_date, end_date=first.end_date)
    officer = PartnerOfficerFactory(
        partner=guangdong,
        partner_reference="GD-001",
        home_organisation=OFFICER["home_organisation"],
        email=OFFICER["email"],
    )
    NominationFactory(cohort=first, participant=officer, nominating_department=None)
    response = speaking(partner, language).post(
        reverse("portal:partner_import"),
        {"cohort": second.pk, "import_file": officers_file()},
        follow=True,
    )
    assert OVERLAP_WARNING[language] in response.text and "GBA inbound 2" in response.text
    assert Nomination.objects.filter(participant=officer).count() == 2


# The host unit's answer ---------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_host_cannot_accept_a_proposal_its_programme_no_longer_allows(
    client, django_user_model, language
):
    contact = make_user(django_user_model, "host.ha", "host_contact")
    unit = hospital_unit()
    unit.contacts.add(contact)
    programme = ProgrammeFactory(
        kind=Programme.Kind.SECRETARIAT_ATTACHMENT, requires_host_acceptance=True
    )
    placement = PlacementFactory(
        nomination__cohort=CohortFactory(programme=programme),
        host_unit=unit,
        host_response=Placement.HostResponse.AWAITING,
    )
    Programme.objects.filter(pk=programme.pk).update(hosts_policy_bureaux_only=True)
    client.force_login(contact)
    response = speaking(client, language).post(
        reverse("portal:host_placement_accept", args=[placement.pk]), follow=True
    )
    assert HOST_RULE[language] in response.text
    placement.refresh_from_db()
    assert placement.host_response == Placement.HostResponse.AWAITING


# The admin's forms and actions ----------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("action", ["transition_start_selection", "transition_start"])
def test_the_admin_actions_refuse_to_run_a_suspended_programmes_cohort(
    admin_client, language, action
):
    status = {
        "transition_start_selection": Cohort.Status.NOMINATIONS_OPEN,
        "transition_start": Cohort.Status.CONFIRMED,
    }[action]
    cohort = CohortFactory(programme=suspended_programme(), status=status)
    response = admin_action(speaking(admin_client, language), "programmes_cohort", action, cohort)
    assert any(PROGRAMME_NOT_ACTIVE[language] in m for m in messages_of(response))
    cohort.refresh_from_db()
    assert cohort.status == status


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_nomination_form_refuses_a_suspended_programmes_call(admin_client, language):
    cohort = OpenCohortFactory(programme=suspended_programme())
    officer = ParticipantFactory()
    response = speaking(admin_client, language).post(
        reverse("admin:placements_nomination_add"),
        {
            "cohort": cohort.pk,
            "participant": officer.pk,
            "nominating_department": officer.department_id,
            "rank": "1",
            "statement": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert PROGRAMME_NOT_ACTIVE[language] in response.text
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_placement_form_names_the_host_rule(admin_client, language):
    nomination = SelectedNominationFactory(cohort=CohortFactory(programme=attachment_programme()))
    response = speaking(admin_client, language).post(
        reverse("admin:placements_placement_add"),
        {
            "nomination": nomination.pk,
            "host_unit": hospital_unit().pk,
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "amendments-TOTAL_FORMS": "0",
            "amendments-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )
    assert response.status_code == 200
    assert HOST_RULE[language] in response.text
    assert not Placement.objects.exists()


def admin_nominate(client, cohort, officer):
    return client.post(
        reverse("admin:placements_nomination_add"),
        {
            "cohort": cohort.pk,
            "participant": officer.pk,
            "nominating_department": officer.department_id,
            "rank": "1",
            "statement": "",
            "_save": "Save",
        },
        follow=True,
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_nomination_form_names_the_age_band(admin_client, language):
    cohort = OpenCohortFactory(min_age=25, max_age=32)
    officer = ParticipantFactory(date_of_birth=datetime.date(1970, 1, 1))
    response = admin_nominate(speaking(admin_client, language), cohort, officer)
    assert AGE_RULE[language] in response.text
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_warns_of_an_overlapping_nomination(admin_client, language):
    first = OpenCohortFactory(name="GBA batch 5")
    officer = ParticipantFactory()
    NominationFactory(cohort=first, participant=officer)
    second = OpenCohortFactory(start_date=first.start_date, end_date=first.end_date)
    response = admin_nominate(speaking(admin_client, language), second, officer)
    assert OVERLAP_WARNING[language] in response.text and "GBA batch 5" in response.text
    assert Nomination.objects.filter(participant=officer).count() == 2


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("action", ["transition_select", "transition_offer_place"])
def test_the_admin_selection_actions_name_the_overlap(admin_client, language, action):
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    status = (
        Nomination.Status.SHORTLISTED
        if action == "transition_select"
        else Nomination.Status.RESERVE
    )
    again = NominationFactory(
        cohort=second,
        participant=chosen.participant,
        status=status,
        reserve_rank=1 if status == Nomination.Status.RESERVE else None,
    )
    response = admin_action(
        speaking(admin_client, language), "placements_nomination", action, again
    )
    assert any(SELECTION_RULE[language] in m for m in messages_of(response))
    again.refresh_from_db()
    assert again.status == status


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_confirm_action_names_the_unplaced_officers(admin_client, language):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    PlacementFactory(nomination__cohort=cohort)
    SelectedNominationFactory(cohort=cohort)
    response = admin_action(
        speaking(admin_client, language), "programmes_cohort", "transition_confirm", cohort
    )
    assert any(CONFIRM_RULE[language] in m for m in messages_of(response))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


# The daily command ---------------------------------------------------------------------------


def test_the_daily_command_holds_a_suspended_programmes_cohorts_and_says_so():
    """The calendar does not run a cohort the rule would not let a manager run: the call of a
    suspended programme stays open past its closing time, its confirmed cohort does not start;
    the command says how many it held, and the dashboard flags them past their dates."""
    today = timezone.localdate()
    programme = suspended_programme()
    closed = OpenCohortFactory(
        programme=programme,
        nominations_open_at=timezone.now() - 9 * DAY,
        nominations_close_at=timezone.now() - DAY,
    )
    due = CohortFactory(
        programme=programme,
        status=Cohort.Status.CONFIRMED,
        start_date=today - DAY,
        end_date=today + 60 * DAY,
    )
    running = CohortFactory(
        status=Cohort.Status.CONFIRMED, start_date=today - DAY, end_date=today + 60 * DAY
    )
    out = io.StringIO()
    call_command("advance_placements", stdout=out)
    assert "calls closed: held, programme not active: 1" in out.getvalue()
    assert "cohorts started: held, programme not active: 1" in out.getvalue()
    assert "cohorts started: 1" in out.getvalue()
    closed.refresh_from_db(), due.refresh_from_db(), running.refresh_from_db()
    assert closed.status == Cohort.Status.NOMINATIONS_OPEN
    assert due.status == Cohort.Status.CONFIRMED
    assert running.status == Cohort.Status.IN_PROGRESS


def test_a_reserve_not_free_is_passed_over_when_a_place_falls_vacant(csb_manager):
    from placements import services

    first, second = two_overlapping_cohorts()
    busy = SelectedNominationFactory(cohort=first)
    placement = PlacementFactory(nomination__cohort=second, status=Placement.Status.CONFIRMED)
    passed_over = NominationFactory(
        cohort=second,
        participant=busy.participant,
        status=Nomination.Status.RESERVE,
        reserve_rank=1,
    )
    next_in_line = NominationFactory(
        cohort=second, status=Nomination.Status.RESERVE, reserve_rank=2
    )
    services.placement_withdraw(placement=placement, actor=csb_manager, reason="Recalled")
    passed_over.refresh_from_db(), next_in_line.refresh_from_db()
    assert passed_over.status == Nomination.Status.RESERVE
    assert next_in_line.status == Nomination.Status.SELECTED
