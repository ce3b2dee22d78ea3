"""The rules that keep the figures true (issue 17): each refused by the service with a message
that names the rule, in English and both Chinese scripts, and through the screens that reach it."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from placements import services
from placements.models import HostOrganisation, Nomination, Placement
from programmes import services as programme_services
from programmes.models import Cohort, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client, django_user_model):
    client.force_login(make_user(django_user_model, "manager", "csb_manager"))
    return client


LANGUAGES = ["en", "zh-hant", "zh-hans"]


def refusal(call, language) -> str:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        call()
    with translation.override(language):
        return " ".join(str(m) for m in refused.value.messages)


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# 1. Only an active programme opens calls and runs cohorts ------------------------------------

PROGRAMME_NOT_ACTIVE = {
    "en": "Only an active programme opens calls and runs cohorts",
    "zh-hant": "只有運作中的計劃才可招募及進行批次",
    "zh-hans": "只有运作中的计划才可招募及进行批次",
}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "status", [Programme.Status.PLANNING, Programme.Status.SUSPENDED, Programme.Status.CLOSED]
)
def test_a_programme_not_active_opens_no_call_and_says_its_status(status, language, csb_manager):
    cohort = CohortFactory(programme=ProgrammeFactory(status=status))
    message = refusal(
        lambda: programme_services.cohort_open_nominations(
            cohort=cohort, actor=csb_manager, closes_at=timezone.now() + datetime.timedelta(days=9)
        ),
        language,
    )
    assert PROGRAMME_NOT_ACTIVE[language] in message
    with translation.override(language):
        assert str(Programme.Status(status).label).lower() in message
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.PLANNED


def test_a_planning_programme_does_not_run_a_cohort_it_is_selecting(csb_manager):
    cohort = OpenCohortFactory(programme=ProgrammeFactory(status=Programme.Status.PLANNING))
    message = refusal(
        lambda: programme_services.cohort_start_selection(cohort=cohort, actor=csb_manager), "en"
    )
    assert "is planning, so it cannot start selection" in message


def test_a_suspended_programmes_cohort_may_still_be_cancelled(csb_manager):
    cohort = CohortFactory(programme=ProgrammeFactory(status=Programme.Status.SUSPENDED))
    programme_services.cohort_cancel(cohort=cohort, actor=csb_manager, reason="Suspended.")
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.CANCELLED


def test_the_staff_cohort_screen_explains_why_a_suspended_programme_cannot_start(
    manager_client,
):
    cohort = OpenCohortFactory(programme=ProgrammeFactory(status=Programme.Status.SUSPENDED))
    response = manager_client.post(
        reverse("staff:cohort_transition", args=[cohort.pk, "start_selection"]), follow=True
    )
    assert "Only an active programme opens calls and runs cohorts" in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN


def test_the_admin_action_reports_the_programme_rule_for_each_cohort(client, csb_manager):
    cohort = OpenCohortFactory(
        programme=ProgrammeFactory(status=Programme.Status.PLANNING), name="Pilot batch"
    )
    client.force_login(csb_manager)
    response = client.post(
        reverse("admin:programmes_cohort_changelist"),
        {"action": "transition_start_selection", "_selected_action": [cohort.pk], "index": "0"},
    )
    assert any("Only an active programme" in m for m in messages_of(response))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN


# 2. A programme may restrict its hosts to policy bureaux --------------------------------------

HOST_RULE = {
    "en": "places officers at policy bureaux only",
    "zh-hant": "只安排人員到決策局",
    "zh-hans": "只安排人员到决策局",
}


def attachment_nomination():
    programme = ProgrammeFactory(
        kind=Programme.Kind.SECRETARIAT_ATTACHMENT, hosts_policy_bureaux_only=True
    )
    return SelectedNominationFactory(cohort=CohortFactory(programme=programme))


def hospital_unit():
    return HostUnitFactory(
        organisation=HostOrganisationFactory(
            name_en="Hospital Authority", kind=HostOrganisation.Kind.PUBLIC_BODY
        )
    )


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_secretariat_attachment_scheme_refuses_a_host_that_is_not_a_bureau(
    language, csb_manager
):
    nomination = attachment_nomination()
    message = refusal(
        lambda: services.placement_create(
            nomination=nomination, host_unit=hospital_unit(), actor=csb_manager
        ),
        language,
    )
    assert HOST_RULE[language] in message
    assert "Hospital Authority" in message
    assert not Placement.objects.exists()


def test_a_bureau_host_is_accepted_by_kind_or_by_its_department(csb_manager):
    by_kind = HostUnitFactory(organisation__kind=HostOrganisation.Kind.POLICY_BUREAU)
    by_department = HostUnitFactory(
        organisation__kind=HostOrganisation.Kind.HK_DEPARTMENT,
        organisation__department=DepartmentFactory(is_policy_bureau=True),
    )
    for unit in (by_kind, by_department):
        placement = services.placement_create(
            nomination=attachment_nomination(), host_unit=unit, actor=csb_manager
        )
        assert placement.host_unit == unit


def test_an_unrestricted_programme_places_officers_at_a_public_body(csb_manager):
    placement = services.placement_create(
        nomination=SelectedNominationFactory(), host_unit=hospital_unit(), actor=csb_manager
    )
    assert placement.status == Placement.Status.PROPOSED


def test_the_staff_propose_screen_shows_the_host_rule_by_the_host_unit(manager_client):
    nomination = attachment_nomination()
    response = manager_client.post(
        reverse("staff:propose_placement", args=[nomination.pk]),
        {"host_unit": hospital_unit().pk, "role_title": "Assistant"},
    )
    assert response.status_code == 200
    assert HOST_RULE["en"] in " ".join(response.context["form"].errors["host_unit"])
    assert not Placement.objects.exists()


def test_the_admin_placement_form_shows_the_host_rule(client, csb_manager):
    nomination = attachment_nomination()
    client.force_login(csb_manager)
    response = client.post(
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
    assert HOST_RULE["en"] in str(response.context["adminform"].form.errors)
    assert not Placement.objects.exists()


# 3. Age band and length of service (UN JPO) ----------------------------------------------------

CLOSES = datetime.datetime(2031, 3, 31, 12, tzinfo=datetime.UTC)


def jpo_cohort(**fields):
    return OpenCohortFactory(
        nominations_open_at=timezone.now() - datetime.timedelta(days=1),
        nominations_close_at=CLOSES,
        start_date=datetime.date(2031, 9, 1),
        end_date=datetime.date(2033, 8, 31),
        **fields,
    )


AGE_RULE = {
    "en": "is open to officers aged 25 to 32 on",
    "zh-hant": "歲的人員",
    "zh-hans": "岁的人员",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_an_officer_outside_the_age_band_is_refused_naming_the_band(language, csb_manager):
    cohort = jpo_cohort(min_age=25, max_age=32)
    officer = ParticipantFactory(date_of_birth=datetime.date(1990, 1, 1))  # 41 on closing
    message = refusal(
        lambda: services.nomination_create(cohort=cohort, participant=officer, actor=csb_manager),
        language,
    )
    assert AGE_RULE[language] in message
    assert "41" in message
    assert not Nomination.objects.exists()


@pytest.mark.parametrize(
    ("language", "missing"),
    [("en", "date of birth is not recorded"), ("zh-hant", "出生日期"), ("zh-hans", "出生日期")],
)
def test_an_officer_without_a_date_of_birth_is_told_which_date_is_missing(
    language, missing, csb_manager
):
    cohort = jpo_cohort(max_age=32)
    message = refusal(
        lambda: services.nomination_create(
            cohort=cohort, participant=ParticipantFactory(), actor=csb_manager
        ),
        language,
    )
    assert missing in message


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "asks for at least 3 years of service"),
        ("zh-hant", "最少有3年服務年資"),
        ("zh-hans", "最少有3年服务年资"),
    ],
)
def test_too_short_a_service_is_refused_naming_the_minimum(language, expected, csb_manager):
    cohort = jpo_cohort(min_years_of_service=3)
    officer = ParticipantFactory(service_entry_date=datetime.date(2029, 6, 1))
    assert expected in refusal(
        lambda: services.nomination_create(cohort=cohort, participant=officer, actor=csb_manager),
        language,
    )


def test_a_missing_date_of_entry_is_named(csb_manager):
    cohort = jpo_cohort(min_years_of_service=3)
    message = refusal(
        lambda: services.nomination_create(
            cohort=cohort, participant=ParticipantFactory(), actor=csb_manager
        ),
        "en",
    )
    assert "date of entry to the civil service is not recorded" in message


def test_a_young_officer_with_the_service_is_nominated(csb_manager):
    cohort = jpo_cohort(min_age=25, max_age=32, min_years_of_service=3)
    officer = ParticipantFactory(
        date_of_birth=datetime.date(2001, 4, 1),  # 29 on closing day, 30 the next day
        service_entry_date=datetime.date(2028, 3, 31),  # three years on closing day
    )
    nomination = services.nomination_create(cohort=cohort, participant=officer, actor=csb_manager)
    assert nomination.status == Nomination.Status.SUBMITTED


def test_the_admin_nomination_form_shows_the_age_rule_by_the_officer(client, csb_manager):
    cohort = jpo_cohort(max_age=32)
    officer = ParticipantFactory(date_of_birth=datetime.date(1980, 1, 1))
    client.force_login(csb_manager)
    response = client.post(
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
    assert "aged 32 or under" in " ".join(response.context["adminform"].form.errors["participant"])


# 4. Overlap across programmes: refused at selection, warned at nomination ---------------------

SELECTION_RULE = {
    "en": "An officer is selected for one cohort at a time",
    "zh-hant": "每名人員同一時間只可獲選參加一個批次",
    "zh-hans": "每名人员同一时间只可获选参加一个批次",
}


def two_overlapping_cohorts():
    first = CohortFactory(
        name="GBA batch 3",
        status=Cohort.Status.SELECTION,
        start_date=datetime.date(2031, 5, 1),
        end_date=datetime.date(2031, 7, 31),
    )
    second = CohortFactory(
        name="Attachment batch 9",
        programme=ProgrammeFactory(kind=Programme.Kind.SECRETARIAT_ATTACHMENT),
        status=Cohort.Status.SELECTION,
        start_date=datetime.date(2031, 7, 1),
        end_date=datetime.date(2031, 9, 30),
    )
    return first, second


@pytest.mark.parametrize("language", LANGUAGES)
def test_selecting_an_officer_already_selected_for_overlapping_dates_is_refused(
    language, csb_manager
):
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    again = NominationFactory(
        cohort=second, participant=chosen.participant, status=Nomination.Status.SHORTLISTED
    )
    message = refusal(
        lambda: services.nomination_select(nomination=again, actor=csb_manager), language
    )
    assert SELECTION_RULE[language] in message
    assert "GBA batch 3" in message
    again.refresh_from_db()
    assert again.status == Nomination.Status.SHORTLISTED


def test_the_staff_screen_explains_the_selection_overlap(manager_client):
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    again = NominationFactory(
        cohort=second, participant=chosen.participant, status=Nomination.Status.SHORTLISTED
    )
    response = manager_client.post(
        reverse("staff:nomination_transition", args=[again.pk, "select"]), follow=True
    )
    assert SELECTION_RULE["en"] in response.content.decode()
    again.refresh_from_db()
    assert again.status == Nomination.Status.SHORTLISTED


def test_nominating_for_overlapping_cohorts_goes_through_with_a_warning(csb_manager):
    first = OpenCohortFactory(name="GBA batch 4")
    officer = ParticipantFactory()
    services.nomination_create(cohort=first, participant=officer, actor=csb_manager)
    second = OpenCohortFactory(
        programme=ProgrammeFactory(), start_date=first.start_date, end_date=first.end_date
    )
    with translation.override("zh-hant"):
        nomination = services.nomination_create(
            cohort=second, participant=officer, actor=csb_manager
        )
        warning = str(nomination.warnings[0])
    assert Nomination.objects.filter(participant=officer).count() == 2
    assert "GBA batch 4" in warning and "兩者只可獲選其一" in warning


def test_the_admin_shows_the_overlap_warning_after_nominating(client, csb_manager):
    first = OpenCohortFactory(name="GBA batch 5")
    officer = ParticipantFactory()
    NominationFactory(cohort=first, participant=officer)
    second = OpenCohortFactory(
        programme=ProgrammeFactory(), start_date=first.start_date, end_date=first.end_date
    )
    client.force_login(csb_manager)
    response = client.post(
        reverse("admin:placements_nomination_add"),
        {
            "cohort": second.pk,
            "participant": officer.pk,
            "nominating_department": officer.department_id,
            "rank": "1",
            "statement": "",
            "_save": "Save",
        },
    )
    assert response.status_code == 302
    assert any("GBA batch 5" in m and "only one of them" in m for m in messages_of(response))


# 5. A cohort is confirmed only with its placements --------------------------------------------

CONFIRM_RULE = {
    "en": "A cohort is confirmed only with its placements",
    "zh-hant": "批次須有其派駐安排才可確認",
    "zh-hans": "批次须有其派驻安排才可确认",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_cohort_with_a_selected_officer_unplaced_is_not_confirmed(language, csb_manager):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    PlacementFactory(nomination__cohort=cohort)
    unplaced = SelectedNominationFactory(cohort=cohort, participant__name_en="CHAN Unplaced")
    message = refusal(
        lambda: programme_services.cohort_confirm(cohort=cohort, actor=csb_manager), language
    )
    assert CONFIRM_RULE[language] in message
    assert unplaced.participant.name_en in message
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


def test_a_cohort_without_any_placement_is_not_confirmed(csb_manager):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    assert "has none yet" in refusal(
        lambda: programme_services.cohort_confirm(cohort=cohort, actor=csb_manager), "en"
    )


def test_a_cohort_with_every_selected_officer_placed_is_confirmed(csb_manager):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    PlacementFactory(nomination__cohort=cohort)
    confirmed = programme_services.cohort_confirm(cohort=cohort, actor=csb_manager)
    assert confirmed.status == Cohort.Status.CONFIRMED


def test_the_staff_cohort_screen_explains_a_confirmation_without_placements(manager_client):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    response = manager_client.post(
        reverse("staff:cohort_transition", args=[cohort.pk, "confirm"]), follow=True
    )
    assert CONFIRM_RULE["en"] in response.content.decode()
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


def test_the_admin_action_reports_a_confirmation_without_placements(client, csb_manager):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    client.force_login(csb_manager)
    response = client.post(
        reverse("admin:programmes_cohort_changelist"),
        {"action": "transition_confirm", "_selected_action": [cohort.pk], "index": "0"},
    )
    assert any(CONFIRM_RULE["en"] in m for m in messages_of(response))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


# The rules at the entry points found since (the screens' tests: test_rules_staff.py, ---------
# test_rules_portal_admin.py, tests/api/test_rules.py) --------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_open_call_of_a_programme_suspended_since_takes_no_nomination(language, csb_manager):
    cohort = OpenCohortFactory()
    Programme.objects.filter(pk=cohort.programme_id).update(status=Programme.Status.SUSPENDED)
    message = refusal(
        lambda: services.nomination_create(
            cohort=cohort, participant=ParticipantFactory(), actor=csb_manager
        ),
        language,
    )
    assert PROGRAMME_NOT_ACTIVE[language] in message
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_offering_a_reserve_a_place_is_a_selection_and_checks_the_overlap(language, csb_manager):
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    reserve = NominationFactory(
        cohort=second,
        participant=chosen.participant,
        status=Nomination.Status.RESERVE,
        reserve_rank=1,
    )
    message = refusal(
        lambda: services.nomination_offer_place(nomination=reserve, actor=csb_manager), language
    )
    assert SELECTION_RULE[language] in message
    reserve.refresh_from_db()
    assert reserve.status == Nomination.Status.RESERVE


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_placement_proposed_on_past_dates_needs_the_confirmation(language, csb_manager):
    today = timezone.localdate()
    nomination = SelectedNominationFactory(
        cohort=CohortFactory(
            start_date=today - datetime.timedelta(days=3),
            end_date=today + datetime.timedelta(days=60),
        )
    )
    unit = HostUnitFactory()
    message = refusal(
        lambda: services.placement_create(
            nomination=nomination, host_unit=unit, actor=csb_manager, past_dates_confirmed=False
        ),
        language,
    )
    assert {"en": "already past", "zh-hant": "已過", "zh-hans": "已过"}[language] in message
    assert not Placement.objects.exists()
    placement = services.placement_create(
        nomination=nomination, host_unit=unit, actor=csb_manager, past_dates_confirmed=True
    )
    assert placement.start_date == nomination.cohort.start_date
