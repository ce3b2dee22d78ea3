"""Issue 19, point 1 through the API: a nomination is created with the host units its officer
prefers (host_preferences, ids in order), shows them when read, changes them while submitted,
and a refusal names the rule under errors.host_preferences in the caller's language, nothing
written."""

import pytest
from django.urls import reverse

from placements.models import Nomination, NominationPreference
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import HostUnitFactory, NominationFactory
from tests.placements.rule_texts import LANGUAGES
from tests.programmes.factories import OpenCohortFactory

pytestmark = pytest.mark.django_db

TOO_MANY = {
    "en": "Name at most 3 host units in order of preference",
    "zh-hant": "請按優先次序列出最多3個接待單位",
    "zh-hans": "请按优先次序列出最多3个接待单位",
}


@pytest.fixture
def manager(api):
    return api("csb_manager")


def nominate(client, cohort, officer, host_preferences, language="en"):
    return client.post(
        reverse("api:nomination-list"),
        {"cohort": cohort.pk, "participant": officer.pk, "host_preferences": host_preferences},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def test_a_nomination_is_created_and_read_with_its_preferences_in_order(manager):
    cohort = OpenCohortFactory(takes_host_preferences=True)
    first, second = HostUnitFactory(), HostUnitFactory()
    response = nominate(manager, cohort, ParticipantFactory(), [second.pk, first.pk])
    assert response.status_code == 201, response.json()
    assert response.json()["host_preferences"] == [second.pk, first.pk]
    read = manager.get(reverse("api:nomination-detail", args=[response.json()["id"]]))
    assert read.json()["host_preferences"] == [second.pk, first.pk]
    listed = manager.get(reverse("api:nomination-list")).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["host_preferences"] == [second.pk, first.pk]


@pytest.mark.parametrize("language", LANGUAGES)
def test_four_preferences_are_refused_under_host_preferences(manager, language):
    cohort = OpenCohortFactory(takes_host_preferences=True)
    host_units = [HostUnitFactory().pk for _ in range(4)]
    response = nominate(manager, cohort, ParticipantFactory(), host_units, language)
    assert response.status_code == 400
    assert TOO_MANY[language] in response.json()["errors"]["host_preferences"][0]
    assert not Nomination.objects.exists()


def test_preferences_change_while_submitted_and_not_after(manager):
    nomination = NominationFactory(cohort=OpenCohortFactory(takes_host_preferences=True))
    unit = HostUnitFactory()
    url = reverse("api:nomination-detail", args=[nomination.pk])
    etag = manager.get(url)["ETag"]
    response = manager.patch(
        url, {"host_preferences": [unit.pk]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.json()
    assert response.json()["host_preferences"] == [unit.pk]
    nomination.status = Nomination.Status.SHORTLISTED
    nomination.save()
    etag = manager.get(url)["ETag"]
    response = manager.patch(
        url, {"host_preferences": [HostUnitFactory().pk]}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 400
    assert "only while the nomination is submitted" in str(response.json()["errors"])
    assert list(NominationPreference.objects.values_list("host_unit", flat=True)) == [unit.pk]


def test_a_cohort_says_whether_it_takes_preferences_and_is_set_to(manager):
    cohort = OpenCohortFactory()
    url = reverse("api:cohort-detail", args=[cohort.pk])
    read = manager.get(url)
    assert read.json()["takes_host_preferences"] is False
    response = manager.patch(
        url, {"takes_host_preferences": True}, format="json", HTTP_IF_MATCH=read["ETag"]
    )
    assert response.status_code == 200, response.json()
    cohort.refresh_from_db()
    assert cohort.takes_host_preferences
