"""One record per person (issue 17, decision 0042): a new officer likely already recorded is
found, shown to the user within their reach, and recorded only once they say whether it is the
same person or a different one, on every path that records officers."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from participants.models import Participant, PartnerGovernment, UserProfile
from participants.selectors import NAME_NOISE, likely_duplicates, name_key
from participants.services import DIFFERENT_PERSON, LikelyDuplicate, participant_save
from placements.models import Nomination
from programmes.models import Direction
from tests.conftest import make_user
from tests.participants.factories import (
    DepartmentFactory,
    ParticipantFactory,
    PartnerOfficerFactory,
)
from tests.programmes.factories import OpenCohortFactory, PartnerAgreementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD", name_en="Environmental Protection Department")


@pytest.fixture
def icac():
    return DepartmentFactory(code="ICAC", name_en="Independent Commission Against Corruption")


@pytest.fixture
def guangdong():
    return PartnerGovernment.objects.create(code="GD", name_en="Guangdong Provincial Government")


@pytest.fixture
def fujian():
    return PartnerGovernment.objects.create(code="FJ", name_en="Fujian Provincial Government")


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def hr(django_user_model, epd):
    return make_user(django_user_model, "hr.epd", "department_hr", department=epd)


@pytest.fixture
def coordinator(django_user_model, guangdong):
    user = make_user(django_user_model, "gd.coordinator", "partner_coordinator")
    UserProfile.objects.create(user=user, partner=guangdong)
    return user


def new_officer(department, **fields):
    values = {
        "name_en": "CHAN Tai-man",
        "name_zh_hant": "陳大文",
        "email": "tm.chan@epd.gov.hk",
        "origin": Participant.Origin.HONG_KONG,
        "department": department,
        "staff_number": "S7000001",
    }
    return values | fields


# The selector ----------------------------------------------------------------------------------


def test_names_compare_without_case_spaces_or_hyphens():
    assert name_key("CHAN Tai-man") == name_key("chan tai man") == name_key("Chan  Taiman")
    assert name_key("陳 大文") == name_key("陳大文")
    assert name_key("CHAN Tai-man") != name_key("CHAN Tai-ming")


SPELLINGS = ["CHAN Tai\u2019man", "Chan Tai-man", "CHAN_TAI\u00b7MAN"]


@pytest.mark.parametrize("recorded", SPELLINGS)
def test_a_name_the_key_matches_is_found_in_the_database_however_it_was_stored(
    manager, epd, recorded
):
    """The query compares names as name_key does (one list of noise characters): a stored
    "CHAN Tai’man" is found for "Chan Tai-man" and "CHAN_TAI·MAN", on SQLite and PostgreSQL."""
    birth = datetime.date(1990, 5, 1)
    officer = ParticipantFactory(
        department=epd, name_en=recorded, name_zh_hant="", date_of_birth=birth
    )
    for typed in SPELLINGS:
        assert name_key(typed) == name_key(recorded)
        candidate = Participant(
            name_en=typed, email="other@x.hk", department=epd, date_of_birth=birth
        )
        matches = likely_duplicates(candidate, user=manager)
        assert [m.officer for m in matches] == [officer], typed


def test_every_noise_character_is_left_out_by_the_query_as_by_the_key(manager, epd):
    birth = datetime.date(1990, 5, 1)
    for number, noise in enumerate(NAME_NOISE):
        officer = ParticipantFactory(
            department=epd,
            name_en=f"LAM{noise}Kit {number}",
            name_zh_hant="",
            date_of_birth=birth,
        )
        candidate = Participant(
            name_en=f"lamkit{number}", email="other@x.hk", department=epd, date_of_birth=birth
        )
        found = [m.officer for m in likely_duplicates(candidate, user=manager)]
        assert found == [officer], repr(noise)


@pytest.mark.parametrize(
    ("recorded", "candidate", "reason"),
    [
        ({"staff_number": "s7000001"}, {"staff_number": "S7000001"}, "staff number"),
        ({"email": "TM.Chan@EPD.gov.hk"}, {"email": "tm.chan@epd.gov.hk"}, "e-mail address"),
        (
            {"name_en": "Chan Tai Man", "date_of_birth": datetime.date(1990, 5, 1)},
            {"name_en": "CHAN Tai-man", "date_of_birth": datetime.date(1990, 5, 1)},
            "name and date of birth",
        ),
        (
            {
                "name_en": "WONG Siu-ming",
                "name_zh_hant": "陳 大文",
                "date_of_birth": datetime.date(1990, 5, 1),
            },
            {
                "name_en": "Someone Else",
                "name_zh_hant": "陳大文",
                "date_of_birth": datetime.date(1990, 5, 1),
            },
            "name and date of birth",
        ),
        (  # the same Chinese name, recorded in Simplified and typed in Traditional
            {
                "name_en": "LIU Jianguo",
                "name_zh_hans": "刘建国",
                "date_of_birth": datetime.date(1985, 3, 2),
            },
            {
                "name_en": "Someone Else",
                "name_zh_hant": "劉建國",
                "date_of_birth": datetime.date(1985, 3, 2),
            },
            "name and date of birth",
        ),
    ],
)
def test_each_kind_of_match_is_found_and_named(manager, epd, recorded, candidate, reason):
    officer = ParticipantFactory(
        department=epd, **({"email": "x@example.gov.hk", "staff_number": "S1"} | recorded)
    )
    fields = {
        "name_en": "LEE Other",
        "name_zh_hant": "",
        "email": "y@example.gov.hk",
        "staff_number": "",
    }
    matches = likely_duplicates(Participant(department=epd, **(fields | candidate)), user=manager)
    assert [m.officer for m in matches] == [officer]
    assert [str(r) for r in matches[0].reasons] == [reason]


def test_the_same_name_alone_or_with_another_birth_date_is_not_a_match(manager, epd):
    ParticipantFactory(name_en="CHAN Tai-man", date_of_birth=datetime.date(1990, 5, 1))
    for birth in (None, datetime.date(1991, 5, 1)):
        candidate = Participant(
            name_en="CHAN Tai-man", email="other@x.hk", department=epd, date_of_birth=birth
        )
        assert likely_duplicates(candidate, user=manager) == []


def test_the_same_name_and_partner_reference_is_a_match(manager, guangdong):
    officer = PartnerOfficerFactory(partner=guangdong, name_en="LI Ming", partner_reference="GD-7")
    candidate = Participant(
        origin="partner", partner=guangdong, name_en="Li Ming", email="new@gd.cn",
        partner_reference="gd-7", home_organisation="Qianhai",
    )  # fmt: skip
    matches = likely_duplicates(candidate, user=manager)
    assert [m.officer for m in matches] == [officer]
    assert "name and partner reference" in [str(r) for r in matches[0].reasons]


def test_department_hr_are_told_of_a_match_elsewhere_without_who_it_is(hr, epd, icac):
    ParticipantFactory(department=icac, name_en="SECRET Officer", email="same@gov.hk")
    matches = likely_duplicates(
        Participant(name_en="CHAN", email="same@gov.hk", department=epd), user=hr
    )
    assert len(matches) == 1 and matches[0].officer is None
    told = matches[0].describe()
    assert "already recorded in another department" in told and "ask CSB" in told
    assert "SECRET" not in told and "ICAC" not in told


def test_a_partner_coordinator_never_learns_of_another_governments_or_hong_kong_officers(
    coordinator, guangdong, fujian, epd
):
    ParticipantFactory(department=epd, email="same@gov.hk")
    PartnerOfficerFactory(partner=fujian, email="same@gov.hk")
    own = PartnerOfficerFactory(partner=guangdong, email="SAME@gov.hk")
    candidate = Participant(
        origin="partner", partner=guangdong, name_en="X", email="same@gov.hk",
        home_organisation="Qianhai",
    )  # fmt: skip
    assert [m.officer for m in likely_duplicates(candidate, user=coordinator)] == [own]


# The service -------------------------------------------------------------------------------------


def test_a_likely_duplicate_is_refused_naming_the_match_and_nothing_is_created(manager, epd):
    ParticipantFactory(
        department=epd, name_en="CHAN Tai-man", name_zh_hant="", email="tm.chan@epd.gov.hk"
    )
    with pytest.raises(LikelyDuplicate) as refused:
        participant_save(
            participant=Participant(), actor=manager, **new_officer(epd, staff_number="S2")
        )
    assert "CHAN Tai-man (EPD), the same e-mail address" in refused.value.messages[0]
    assert Participant.objects.count() == 1


def test_a_different_person_is_recorded_when_the_user_says_so(manager, epd):
    ParticipantFactory(department=epd, email="tm.chan@epd.gov.hk")
    participant_save(
        participant=Participant(),
        actor=manager,
        duplicate_choice=DIFFERENT_PERSON,
        **new_officer(epd),
    )
    assert Participant.objects.filter(email__iexact="tm.chan@epd.gov.hk").count() == 2


def test_the_same_person_fills_the_recorded_officers_blanks_and_records_nothing_new(manager, epd):
    recorded = ParticipantFactory(department=epd, email="tm.chan@epd.gov.hk", phone="", rank="AO")
    saved = participant_save(
        participant=Participant(),
        actor=manager,
        duplicate_choice=str(recorded.pk),
        **new_officer(epd, phone="2835 1234", rank="SAO"),
    )
    recorded.refresh_from_db()
    assert saved.pk == recorded.pk and Participant.objects.count() == 1
    assert recorded.phone == "2835 1234"  # was blank: filled
    assert recorded.rank == "AO"  # was recorded: kept


def test_a_staff_number_already_recorded_is_never_a_different_person(manager, epd):
    ParticipantFactory(department=epd, staff_number="S7000001")
    with pytest.raises(ValidationError) as refused:
        participant_save(
            participant=Participant(),
            actor=manager,
            duplicate_choice=DIFFERENT_PERSON,
            **new_officer(epd, email="other@epd.gov.hk"),
        )
    assert refused.value.message_dict["staff_number"] == [
        "Another officer already has this staff number."
    ]


def test_a_match_out_of_reach_cannot_be_chosen_as_the_same_person(hr, epd, icac):
    elsewhere = ParticipantFactory(department=icac, email="tm.chan@epd.gov.hk")
    with pytest.raises(LikelyDuplicate):
        participant_save(
            participant=Participant(),
            actor=hr,
            duplicate_choice=str(elsewhere.pk),
            **new_officer(epd),
        )
    elsewhere.refresh_from_db()
    assert elsewhere.department == icac


# The screens -------------------------------------------------------------------------------------


def admin_form(department, **overrides):
    data = {
        "name_en": "CHAN Tai-man",
        "name_zh_hant": "",
        "name_zh_hans": "",
        "email": "tm.chan@epd.gov.hk",
        "phone": "",
        "origin": Participant.Origin.HONG_KONG,
        "department": department.pk,
        "grade": "",
        "rank": "",
        "rank_level": "",
        "staff_number": "S7000001",
        "home_organisation": "",
        "_save": "Save",
    }
    return data | overrides


def test_the_admin_add_form_asks_only_when_a_match_exists(client, manager, epd):
    client.force_login(manager)
    page = client.get(reverse("admin:participants_participant_add"))
    assert 'type="radio" name="duplicate_choice"' not in page.content.decode()

    response = client.post(reverse("admin:participants_participant_add"), admin_form(epd))
    assert response.status_code == 302  # no match: recorded at once


def test_the_admin_add_form_shows_the_match_and_requires_a_choice(client, manager, epd):
    recorded = ParticipantFactory(
        department=epd, name_en="CHAN Tai-man", name_zh_hant="", email="tm.chan@epd.gov.hk"
    )
    client.force_login(manager)
    url = reverse("admin:participants_participant_add")

    response = client.post(url, admin_form(epd))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="radio" name="duplicate_choice"' in page
    assert "The same person as CHAN Tai-man (EPD), the same e-mail address" in page
    assert "A different person: record a new officer" in page
    assert Participant.objects.count() == 1

    response = client.post(url, admin_form(epd, duplicate_choice=str(recorded.pk), phone="2111"))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:participants_participant_change", args=[recorded.pk]
    )
    assert "No new officer was recorded" in client.get(response["Location"]).content.decode()
    assert Participant.objects.count() == 1
    recorded.refresh_from_db()
    assert recorded.phone == "2111"

    response = client.post(url, admin_form(epd, duplicate_choice=DIFFERENT_PERSON))
    assert response.status_code == 302
    assert Participant.objects.count() == 2


def test_department_hr_see_a_match_elsewhere_only_as_ask_csb_and_may_record_a_new_person(
    client, hr, epd, icac
):
    ParticipantFactory(department=icac, name_en="HIDDEN Officer", email="tm.chan@epd.gov.hk")
    client.force_login(hr)
    url = reverse("admin:participants_participant_add")

    page = client.post(url, admin_form(epd)).content.decode()
    assert "already recorded in another department or organisation: ask CSB" in page
    assert "HIDDEN" not in page and "ICAC" not in page
    assert "The same person as" not in page  # nothing out of reach to choose

    response = client.post(url, admin_form(epd, duplicate_choice=DIFFERENT_PERSON))
    assert response.status_code == 302
    assert Participant.objects.filter(department=epd).count() == 1


@pytest.fixture
def batch(guangdong):
    agreement = PartnerAgreementFactory(partner=guangdong)
    return OpenCohortFactory(
        programme=agreement.programme, agreement=agreement, direction=Direction.INBOUND
    )


def put_forward_form(**overrides):
    data = {
        "name_en": "LI Ming",
        "name_zh_hans": "李明",
        "name_zh_hant": "李明",
        "email": "liming@gd.gov.cn",
        "phone": "",
        "home_organisation": "Guangzhou Municipal Government",
        "partner_reference": "",
        "rank": "",
        "language": "zh-hans",
        "statement": "",
    }
    return data | overrides


def test_the_put_forward_form_shows_the_governments_match_and_nominates_the_chosen_one(
    client, coordinator, guangdong, batch
):
    # The same e-mail, recorded under another home organisation: not found by the usual keys.
    recorded = PartnerOfficerFactory(
        partner=guangdong,
        name_en="LI Ming",
        name_zh_hant="",
        email="LiMing@gd.gov.cn",
        home_organisation="Qianhai",
    )
    client.force_login(coordinator)
    url = reverse("portal:partner_put_forward", args=[batch.pk])

    response = client.post(url, put_forward_form())
    assert response.status_code == 200
    page = response.content.decode()
    assert "The same person as LI Ming (Qianhai), the same e-mail address" in page
    assert not Nomination.objects.exists()

    response = client.post(url, put_forward_form(duplicate_choice=str(recorded.pk)))
    assert response.status_code == 302
    assert list(Nomination.objects.values_list("participant", flat=True)) == [recorded.pk]
    assert Participant.objects.count() == 1


def test_the_put_forward_form_records_a_different_person_when_told(
    client, coordinator, guangdong, batch
):
    PartnerOfficerFactory(partner=guangdong, email="liming@gd.gov.cn", home_organisation="Qianhai")
    client.force_login(coordinator)
    url = reverse("portal:partner_put_forward", args=[batch.pk])
    response = client.post(url, put_forward_form(duplicate_choice=DIFFERENT_PERSON))
    assert response.status_code == 302
    assert Participant.objects.count() == 2
    assert (
        Nomination.objects.get().participant.home_organisation == "Guangzhou Municipal Government"
    )


# The API ----------------------------------------------------------------------------------------


def api_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def api_body(department, **overrides):
    return {
        "name_en": "CHAN Tai-man",
        "email": "tm.chan@epd.gov.hk",
        "origin": "hong_kong",
        "department": department.pk,
        "staff_number": "S7000001",
    } | overrides


def test_the_api_refuses_a_likely_duplicate_with_409_and_the_matches(manager, epd):
    recorded = ParticipantFactory(
        department=epd, name_en="CHAN Tai-man", name_zh_hant="", email="tm.chan@epd.gov.hk"
    )
    response = api_client(manager).post("/api/v1/participants/", api_body(epd), format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "likely_duplicate"
    assert body["matches"] == [
        {
            "id": recorded.pk,
            "name": "CHAN Tai-man",
            "affiliation": "EPD",
            "matched": ["e-mail address"],
        }
    ]
    assert Participant.objects.count() == 1


def test_the_api_records_a_different_person_when_the_client_says_so(manager, epd):
    ParticipantFactory(department=epd, email="tm.chan@epd.gov.hk")
    response = api_client(manager).post(
        "/api/v1/participants/", api_body(epd, different_person=True), format="json"
    )
    assert response.status_code == 201
    assert Participant.objects.count() == 2


def test_the_api_tells_department_hr_of_a_match_elsewhere_without_its_id(hr, epd, icac):
    ParticipantFactory(department=icac, email="tm.chan@epd.gov.hk")
    response = api_client(hr).post("/api/v1/participants/", api_body(epd), format="json")
    assert response.status_code == 409
    assert response.json()["matches"] == [
        {"id": None, "name": "", "affiliation": "", "matched": ["e-mail address"]}
    ]
