"""Issue 19, point 1: at nomination, up to three host units in order of preference where the
call takes them; the rules in the service (refused in the reader's language, nothing written),
each entry point (HR's nominate form, the partner's put-forward form, the admin), the change
while submitted, what the selector sees beside each unit's places left, and the placement
proposal's default. The API is in tests/api/test_preferences.py."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from participants.models import Participant, PartnerGovernment, UserProfile
from placements import services
from placements.models import Nomination, NominationPreference, Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.placements.rule_texts import (
    HOST_RULE,
    LANGUAGES,
    attachment_programme,
    hospital_unit,
    messages_of,
    speaking,
)
from tests.programmes.factories import OpenCohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db

NOT_TAKEN = {
    "en": "does not take host preferences: leave them blank",
    "zh-hant": "不接受心儀接待單位：請留空",
    "zh-hans": "不接受心仪接待单位：请留空",
}
TOO_MANY = {
    "en": "Name at most 3 host units in order of preference (4 were named)",
    "zh-hant": "請按優先次序列出最多3個接待單位（現列出4個）",
    "zh-hans": "请按优先次序列出最多3个接待单位（现列出4个）",
}
TWICE = {
    "en": "is named twice: name each host unit once, in order of preference",
    "zh-hant": "列出了兩次：每個接待單位只可按優先次序列出一次",
    "zh-hans": "列出了两次：每个接待单位只可按优先次序列出一次",
}
FIXED = {
    "en": "Host preferences can be changed only while the nomination is submitted",
    "zh-hant": "只有在提名仍屬已提交狀態時才可更改心儀接待單位",
    "zh-hans": "只有在提名仍属已提交状态时才可更改心仪接待单位",
}


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def hr_user(django_user_model, epd):
    return make_user(django_user_model, "hr.epd", "department_hr", department=epd)


@pytest.fixture
def hr(client, hr_user):
    client.force_login(hr_user)
    return client


@pytest.fixture
def staff(client, manager):
    client.force_login(manager)
    return client


def call(**fields):
    return OpenCohortFactory(takes_host_preferences=True, **fields)


def units(count, **fields):
    return [HostUnitFactory(**fields) for _ in range(count)]


def stored(nomination) -> list:
    return list(
        NominationPreference.objects.filter(nomination=nomination)
        .order_by("rank")
        .values_list("host_unit_id", flat=True)
    )


def refusal(language, make) -> str:
    with translation.override(language):
        with pytest.raises(ValidationError) as caught:
            make()
        return " ".join(str(m) for m in caught.value.message_dict["host_preferences"])


# The rules, in the service ----------------------------------------------------------------------


def test_a_nomination_keeps_its_preferences_in_order_with_history(manager, epd):
    cohort = call()
    first, second, third = units(3)
    nomination = services.nomination_create(
        cohort=cohort,
        participant=ParticipantFactory(department=epd),
        actor=manager,
        host_preferences=[second, third, first],
    )
    assert stored(nomination) == [second.pk, third.pk, first.pk]
    assert NominationPreference.history.filter(history_user=manager).count() == 3


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_call_that_takes_no_preferences_refuses_them_naming_the_rule(manager, epd, language):
    cohort = OpenCohortFactory(takes_host_preferences=False)
    officer = ParticipantFactory(department=epd)
    message = refusal(
        language,
        lambda: services.nomination_create(
            cohort=cohort, participant=officer, actor=manager, host_preferences=units(1)
        ),
    )
    assert NOT_TAKEN[language] in message
    assert not Nomination.objects.exists()  # the nomination goes with its preferences


@pytest.mark.parametrize("language", LANGUAGES)
def test_more_than_three_preferences_are_refused(manager, epd, language):
    officer = ParticipantFactory(department=epd)
    cohort = call()
    message = refusal(
        language,
        lambda: services.nomination_create(
            cohort=cohort, participant=officer, actor=manager, host_preferences=units(4)
        ),
    )
    assert TOO_MANY[language] in message
    assert not Nomination.objects.exists()
    assert not NominationPreference.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_same_unit_twice_is_refused_naming_it(manager, epd, language):
    unit = HostUnitFactory(name_en="Planning Division")
    cohort = call()
    officer = ParticipantFactory(department=epd)
    message = refusal(
        language,
        lambda: services.nomination_create(
            cohort=cohort, participant=officer, actor=manager, host_preferences=[unit, unit]
        ),
    )
    assert TWICE[language] in message and "Planning Division" in message
    assert not Nomination.objects.exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_unit_outside_the_programmes_hosts_is_refused_with_the_host_rule(manager, epd, language):
    cohort = call(programme=attachment_programme())
    officer = ParticipantFactory(department=epd)
    message = refusal(
        language,
        lambda: services.nomination_create(
            cohort=cohort,
            participant=officer,
            actor=manager,
            host_preferences=[hospital_unit()],
        ),
    )
    assert HOST_RULE[language] in message
    assert not Nomination.objects.exists()


def test_the_database_holds_the_order_and_the_units_once():
    nomination = NominationFactory(cohort=call())
    unit, other = units(2)
    NominationPreference.objects.create(nomination=nomination, host_unit=unit, rank=1)
    for host_unit, rank in ((other, 1), (unit, 2), (other, 4), (other, 0)):
        with pytest.raises(IntegrityError), transaction.atomic():
            NominationPreference.objects.create(
                nomination=nomination, host_unit=host_unit, rank=rank
            )


def test_preferences_change_while_submitted_keeping_what_did_not_change(manager):
    nomination = NominationFactory(cohort=call())
    first, second, third = units(3)
    services.nomination_preferences_set(
        nomination=nomination, actor=manager, host_preferences=[first, second]
    )
    kept = NominationPreference.objects.get(nomination=nomination, rank=1)
    services.nomination_preferences_set(
        nomination=nomination, actor=manager, host_preferences=[first, third, second]
    )
    assert stored(nomination) == [first.pk, third.pk, second.pk]
    assert NominationPreference.objects.get(nomination=nomination, rank=1).pk == kept.pk
    services.nomination_preferences_set(nomination=nomination, actor=manager, host_preferences=[])
    assert stored(nomination) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_preferences_are_fixed_once_selection_has_begun_on_the_nomination(manager, language):
    nomination = NominationFactory(cohort=call(), status=Nomination.Status.SHORTLISTED)
    message = refusal(
        language,
        lambda: services.nomination_preferences_set(
            nomination=nomination, actor=manager, host_preferences=units(1)
        ),
    )
    assert FIXED[language] in message
    assert stored(nomination) == []


def test_hr_cannot_change_another_departments_nomination_preferences(hr_user):
    nomination = NominationFactory(cohort=call())  # of another department
    with pytest.raises(ValidationError):
        services.nomination_preferences_set(
            nomination=nomination, actor=hr_user, host_preferences=units(1)
        )
    assert stored(nomination) == []


# Entry points: HR's nominate form, the preferences page, the partner, the admin ---------------


def test_hr_nominates_with_preferences_in_order(hr, epd):
    cohort = call()
    first, second = units(2)
    officer = ParticipantFactory(department=epd)
    url = reverse("staff:nominate", args=[cohort.pk])
    page = hr.get(url)
    assert 'name="preference_3"' in page.text
    response = hr.post(
        url,
        {
            "participant": officer.pk,
            "rank": "1",
            "statement": "",
            "preference_1": second.pk,
            "preference_2": "",
            "preference_3": first.pk,
        },
    )
    assert response.status_code == 302
    assert stored(Nomination.objects.get(participant=officer)) == [second.pk, first.pk]


def test_the_nominate_form_asks_no_preferences_of_a_call_that_takes_none(hr):
    cohort = OpenCohortFactory()
    page = hr.get(reverse("staff:nominate", args=[cohort.pk]))
    assert page.status_code == 200 and 'name="preference_1"' not in page.text


@pytest.mark.parametrize("language", LANGUAGES)
def test_hr_naming_a_unit_twice_sees_the_rule_by_the_first_preference(hr, epd, language):
    cohort = call()
    unit = HostUnitFactory()
    officer = ParticipantFactory(department=epd)
    response = speaking(hr, language).post(
        reverse("staff:nominate", args=[cohort.pk]),
        {"participant": officer.pk, "rank": "1", "preference_1": unit.pk, "preference_2": unit.pk},
    )
    assert response.status_code == 200
    assert TWICE[language] in response.text
    assert response.context["form"].errors["preference_1"]
    assert not Nomination.objects.exists()


def test_the_preferences_page_changes_a_submitted_nomination(hr, epd):
    nomination = NominationFactory(cohort=call(), participant=ParticipantFactory(department=epd))
    first, second = units(2)
    url = reverse("staff:nomination_preferences", args=[nomination.pk])
    assert hr.get(url).status_code == 200
    response = hr.post(url, {"preference_1": first.pk, "preference_2": second.pk})
    assert response.status_code == 302
    assert stored(nomination) == [first.pk, second.pk]
    page = hr.get(nomination.get_staff_url())
    assert "Change the host preferences" in page.text


def test_the_preferences_page_sends_a_shortlisted_nomination_back_with_the_rule(hr, epd):
    nomination = NominationFactory(
        cohort=call(),
        participant=ParticipantFactory(department=epd),
        status=Nomination.Status.SHORTLISTED,
    )
    url = reverse("staff:nomination_preferences", args=[nomination.pk])
    response = hr.post(url, {"preference_1": HostUnitFactory().pk})
    assert response.status_code == 302
    assert any(FIXED["en"] in m for m in messages_of(response))
    assert stored(nomination) == []
    assert "Change the host preferences" not in hr.get(nomination.get_staff_url()).text


def test_hr_of_another_department_cannot_see_or_change_the_preferences(hr):
    other = NominationFactory(cohort=call())  # of another department
    NominationPreference.objects.create(nomination=other, host_unit=HostUnitFactory(), rank=1)
    url = reverse("staff:nomination_preferences", args=[other.pk])
    assert hr.get(url).status_code == 404
    assert hr.post(url, {"preference_1": ""}).status_code == 404
    assert hr.get(reverse("staff:nomination", args=[other.pk])).status_code == 404
    assert len(stored(other)) == 1
    # The cohort page lists only the HR officer's own department's nominees' preferences.
    page = hr.get(reverse("staff:cohort", args=[other.cohort_id]))
    assert other.participant.display_name not in page.text


@pytest.fixture
def partner(client, django_user_model):
    guangdong = PartnerGovernment.objects.create(code="GD", name_en="Guangdong")
    user = make_user(django_user_model, "gd.coordinator", "partner_coordinator")
    UserProfile.objects.create(user=user, partner=guangdong, language="en")
    client.force_login(user)
    return client, guangdong


PARTNER_OFFICER = {
    "name_en": "LI Ming",
    "email": "li.ming@gd.gov.cn",
    "home_organisation": "Futian District Government",
    "language": "zh-hans",
}


def inbound_call(guangdong):
    agreement = PartnerAgreementFactory(partner=guangdong)
    return call(programme=agreement.programme, agreement=agreement, direction="inbound")


def test_the_partner_puts_an_officer_forward_with_preferences(partner):
    client, guangdong = partner
    batch = inbound_call(guangdong)
    first, second = units(2)
    response = client.post(
        reverse("portal:partner_put_forward", args=[batch.pk]),
        {**PARTNER_OFFICER, "preference_1": first.pk, "preference_2": second.pk},
    )
    assert response.status_code == 302
    assert stored(Nomination.objects.get(cohort=batch)) == [first.pk, second.pk]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_partners_repeated_unit_is_refused_and_the_officer_not_recorded(partner, language):
    client, guangdong = partner
    batch = inbound_call(guangdong)
    unit = HostUnitFactory()
    response = speaking(client, language).post(
        reverse("portal:partner_put_forward", args=[batch.pk]),
        {**PARTNER_OFFICER, "preference_1": unit.pk, "preference_2": unit.pk},
    )
    assert response.status_code == 200
    assert TWICE[language] in response.text
    assert not Participant.objects.filter(origin=Participant.Origin.PARTNER).exists()
    assert not Nomination.objects.exists()


def admin_add(client, cohort, officer, **preferences):
    return client.post(
        reverse("admin:placements_nomination_add"),
        {
            "cohort": cohort.pk,
            "participant": officer.pk,
            "nominating_department": officer.department_id,
            "rank": "1",
            "statement": "",
            "_save": "Save",
            **preferences,
        },
        follow=True,
    )


def test_the_admin_nominates_with_preferences(staff, epd):
    cohort = call()
    first, second = units(2)
    officer = ParticipantFactory(department=epd)
    admin_add(staff, cohort, officer, preference_1=first.pk, preference_2=second.pk)
    assert stored(Nomination.objects.get(participant=officer)) == [first.pk, second.pk]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_refuses_preferences_on_a_call_that_takes_none(staff, epd, language):
    cohort = OpenCohortFactory()
    officer = ParticipantFactory(department=epd)
    response = admin_add(
        speaking(staff, language), cohort, officer, preference_1=HostUnitFactory().pk
    )
    assert NOT_TAKEN[language] in response.text
    assert not Nomination.objects.exists()


def test_the_admin_changes_the_preferences_of_a_submitted_nomination(staff, epd):
    nomination = NominationFactory(cohort=call(), participant=ParticipantFactory(department=epd))
    unit = HostUnitFactory()
    staff.post(
        reverse("admin:placements_nomination_change", args=[nomination.pk]),
        {"rank": "1", "statement": "", "preference_1": unit.pk, "_save": "Save"},
        follow=True,
    )
    assert stored(nomination) == [unit.pk]


# What the selector sees, and the proposal's default --------------------------------------------


def holding(unit, cohort):
    """A confirmed placement at `unit` for `cohort`'s dates (of another cohort's officer)."""
    return PlacementFactory(
        host_unit=unit,
        status=Placement.Status.CONFIRMED,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
    )


def preferring(cohort, *host_units, **fields):
    nomination = NominationFactory(cohort=cohort, **fields)
    for rank, unit in enumerate(host_units, start=1):
        NominationPreference.objects.create(nomination=nomination, host_unit=unit, rank=rank)
    return nomination


@pytest.mark.parametrize(
    ("language", "full", "left", "unit_name"),
    [
        ("en", "full for the cohort's dates", "1 place left", "Transport Division"),
        ("zh-hant", "批次期間已滿額", "尚餘 1 個名額", "運輸組"),
        ("zh-hans", "批次期间已满额", "尚余 1 个名额", "运输组"),
    ],
)
def test_the_cohort_page_shows_each_preference_with_its_places_left(
    staff, language, full, left, unit_name
):
    cohort = call()
    organisation = HostOrganisationFactory(name_en="Transport Bureau")
    full_unit = HostUnitFactory(organisation=organisation, capacity=1)
    roomy = HostUnitFactory(
        organisation=organisation,
        name_en="Transport Division",
        name_zh_hant="運輸組",
        name_zh_hans="运输组",
        capacity=2,
    )
    holding(full_unit, cohort)
    holding(roomy, cohort)
    preferring(cohort, full_unit, roomy)
    page = speaking(staff, language).get(reverse("staff:cohort", args=[cohort.pk])).text
    section = page[page.index('id="preferences-heading"') :]
    assert section.index(full_unit.name_en) < section.index(unit_name)
    assert full in section and left in section


def test_the_nomination_page_lists_the_preferences_in_order(staff):
    cohort = call()
    first = HostUnitFactory(name_en="Planning Division", capacity=None)
    second = HostUnitFactory(name_en="Lands Division", capacity=3)
    nomination = preferring(cohort, first, second)
    page = staff.get(nomination.get_staff_url()).text
    assert page.index("Planning Division") < page.index("Lands Division")
    assert "no limit of places" in page and "3 places left" in page


def test_the_proposal_defaults_to_the_first_preference_with_a_place_left(staff):
    cohort = call()
    full_unit, roomy = HostUnitFactory(capacity=1), HostUnitFactory(capacity=2)
    holding(full_unit, cohort)
    nomination = preferring(cohort, full_unit, roomy, status=Nomination.Status.SELECTED)
    page = staff.get(reverse("staff:propose_placement", args=[nomination.pk]))
    assert page.context["form"]["host_unit"].value() == roomy.pk
    assert "first preference that has a place left" in page.text
    assert "(preference 2)" in page.text


def test_the_proposal_has_no_default_when_every_preference_is_full(staff):
    cohort = call()
    full_unit = HostUnitFactory(capacity=1)
    holding(full_unit, cohort)
    nomination = preferring(cohort, full_unit, status=Nomination.Status.SELECTED)
    page = staff.get(reverse("staff:propose_placement", args=[nomination.pk]))
    assert page.context["form"]["host_unit"].value() is None
    assert "None of the officer's preferred host units has a place left" in page.text


def cohort_page_queries(client, cohort) -> int:
    from django.db import connection

    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staff:cohort", args=[cohort.pk])).status_code == 200
    return len(queries)


def test_the_cohort_pages_queries_do_not_grow_with_the_preferences(staff):
    cohort = call()
    host_units = [HostUnitFactory(capacity=2) for _ in range(3)]
    preferring(cohort, *host_units)
    cohort_page_queries(staff, cohort)  # the first page of a session reads more (its caches)
    few = cohort_page_queries(staff, cohort)
    for _ in range(12):
        preferring(cohort, *[HostUnitFactory(capacity=2) for _ in range(3)])
    SelectedNominationFactory(cohort=cohort)
    assert cohort_page_queries(staff, cohort) == few


def test_the_call_is_set_to_take_preferences_beside_its_places(staff):
    cohort = OpenCohortFactory()
    page = staff.get(reverse("staff:cohort_edit", args=[cohort.pk])).text
    assert page.index('name="places"') < page.index('name="takes_host_preferences"')
    admin_page = staff.get(reverse("admin:programmes_cohort_change", args=[cohort.pk])).text
    assert 'name="takes_host_preferences"' in admin_page
