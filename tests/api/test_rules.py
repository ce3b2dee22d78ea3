"""Each programme rule (issue 17) through the API, in the language the caller asks for
(Accept-Language): a rule about the record's state is 409 with the rule's words in `detail`, a
fault of a named input 400 under `errors`; the overlap at nomination is in the 201's
`warnings`; a date already past is saved only with `confirm_past_dates: true`. Nothing is
written by a refusal. See docs/rules.md for the table of every entry point."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from placements.models import Nomination, Placement
from programmes.models import Cohort
from tests.participants.factories import ParticipantFactory
from tests.placements.factories import (
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.placements.rule_texts import (
    AGE_RULE,
    CONFIRM_RULE,
    HOST_RULE,
    LANGUAGES,
    OVERLAP_WARNING,
    PAST_DATES,
    PROGRAMME_NOT_ACTIVE,
    SELECTION_RULE,
    TAKE_NOMINATIONS,
    attachment_programme,
    hospital_unit,
    started_cohort,
    suspended_programme,
    two_overlapping_cohorts,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = [pytest.mark.django_db, pytest.mark.parametrize("language", LANGUAGES)]

DAY = datetime.timedelta(days=1)


@pytest.fixture
def manager(api):
    return api("csb_manager")


def post(client, url, data, language, **headers):
    return client.post(url, data, format="json", HTTP_ACCEPT_LANGUAGE=language, **headers)


def change(client, obj, name, language, data=None):
    """POST a transition with the record's ETag, as a client that read it first."""
    basename = obj._meta.model_name
    etag = client.get(reverse(f"api:{basename}-detail", args=[obj.pk]))["ETag"]
    return post(
        client,
        reverse(f"api:{basename}-transition", args=[obj.pk, name]),
        data or {},
        language,
        HTTP_IF_MATCH=etag,
    )


def nominate(client, cohort, officer, language):
    return post(
        client,
        reverse("api:nomination-list"),
        {"cohort": cohort.pk, "participant": officer.pk, "rank": 1},
        language,
    )


# 1. Only an active programme opens calls and runs cohorts ------------------------------------


def test_no_nomination_to_a_suspended_programmes_call(manager, language):
    cohort = OpenCohortFactory(programme=suspended_programme())
    response = nominate(manager, cohort, ParticipantFactory(), language)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "programme_not_active"
    assert PROGRAMME_NOT_ACTIVE[language] in response.json()["detail"]
    assert TAKE_NOMINATIONS[language] in response.json()["detail"]
    assert not Nomination.objects.exists()


def test_a_suspended_programmes_cohort_does_not_start_selection(manager, language):
    cohort = OpenCohortFactory(programme=suspended_programme())
    response = change(manager, cohort, "start_selection", language)
    assert response.status_code == 409
    assert PROGRAMME_NOT_ACTIVE[language] in response.json()["detail"]
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN


# 2. A programme may restrict its hosts to policy bureaux --------------------------------------


def test_a_proposal_outside_the_programmes_hosts_names_the_rule(manager, language):
    nomination = SelectedNominationFactory(cohort=CohortFactory(programme=attachment_programme()))
    response = post(
        manager,
        reverse("api:placement-list"),
        {"nomination": nomination.pk, "host_unit": hospital_unit().pk},
        language,
    )
    assert response.status_code == 400
    assert HOST_RULE[language] in response.json()["errors"]["host_unit"][0]
    assert not Placement.objects.exists()


# 3. Age band and length of service -------------------------------------------------------------


def test_an_officer_outside_the_age_band_is_refused_on_the_participant(manager, language):
    cohort = OpenCohortFactory(min_age=25, max_age=32)
    officer = ParticipantFactory(date_of_birth=datetime.date(1970, 1, 1))
    response = nominate(manager, cohort, officer, language)
    assert response.status_code == 400
    assert AGE_RULE[language] in response.json()["errors"]["participant"][0]
    assert not Nomination.objects.exists()


# 4. Overlap across programmes ------------------------------------------------------------------


def test_selecting_an_officer_selected_for_overlapping_dates_is_409(manager, language):
    first, second = two_overlapping_cohorts()
    chosen = SelectedNominationFactory(cohort=first)
    again = NominationFactory(
        cohort=second, participant=chosen.participant, status=Nomination.Status.SHORTLISTED
    )
    response = change(manager, again, "select", language)
    assert response.status_code == 409
    assert SELECTION_RULE[language] in response.json()["detail"]
    again.refresh_from_db()
    assert again.status == Nomination.Status.SHORTLISTED


def test_a_nomination_overlapping_another_is_made_with_a_warning(manager, language):
    first = OpenCohortFactory(name="GBA batch 6")
    officer = ParticipantFactory()
    NominationFactory(cohort=first, participant=officer)
    second = OpenCohortFactory(start_date=first.start_date, end_date=first.end_date)
    response = nominate(manager, second, officer, language)
    assert response.status_code == 201
    [warning] = response.json()["warnings"]
    assert OVERLAP_WARNING[language] in warning and "GBA batch 6" in warning


# 5. A cohort is confirmed only with its placements --------------------------------------------


def test_a_cohort_without_placements_is_not_confirmed(manager, language):
    cohort = CohortFactory(status=Cohort.Status.SELECTION)
    response = change(manager, cohort, "confirm", language)
    assert response.status_code == 409
    assert CONFIRM_RULE[language] in response.json()["detail"]
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.SELECTION


# 6. Dates in the past need an explicit confirmation --------------------------------------------


def test_a_cohort_starting_in_the_past_needs_confirm_past_dates(manager, language):
    start = timezone.localdate() - 10 * DAY
    data = {
        "programme": ProgrammeFactory().pk,
        "name": "Attachment 2025",
        "phase": 1,
        "batch": 1,
        "direction": "outbound",
        "start_date": start.isoformat(),
        "end_date": (start + 90 * DAY).isoformat(),
        "places": 2,
        "destination": "Central Government Offices",
    }
    url = reverse("api:cohort-list")
    refused = post(manager, url, data, language)
    assert refused.status_code == 400
    [message] = refused.json()["errors"]["confirm_past_dates"]
    assert PAST_DATES[language] in message
    assert not Cohort.objects.exists()
    saved = post(manager, url, {**data, "confirm_past_dates": True}, language)
    assert saved.status_code == 201, saved.content
    assert Cohort.objects.get().start_date == start


def test_a_placement_on_a_started_cohorts_dates_needs_confirm_past_dates(manager, language):
    nomination = SelectedNominationFactory(cohort=started_cohort())
    data = {"nomination": nomination.pk, "host_unit": HostUnitFactory().pk}
    url = reverse("api:placement-list")
    refused = post(manager, url, data, language)
    assert refused.status_code == 400
    assert PAST_DATES[language] in refused.json()["errors"]["confirm_past_dates"][0]
    assert not Placement.objects.exists()
    saved = post(manager, url, {**data, "confirm_past_dates": True}, language)
    assert saved.status_code == 201
    assert Placement.objects.get().start_date == nomination.cohort.start_date


def test_moving_a_proposal_to_past_dates_needs_confirm_past_dates(manager, language):
    placement = PlacementFactory()  # a proposal on a cohort that starts in 60 days
    url = reverse("api:placement-detail", args=[placement.pk])
    earlier = timezone.localdate() - 3 * DAY
    etag = manager.get(url)["ETag"]
    refused = manager.patch(
        url,
        {"start_date": earlier.isoformat()},
        format="json",
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert refused.status_code == 400
    assert PAST_DATES[language] in refused.json()["errors"]["confirm_past_dates"][0]
    placement.refresh_from_db()
    assert placement.start_date != earlier


SEND_TRUE = {
    "en": "Send true to save",
    "zh-hant": "傳送 true 以儲存",
    "zh-hans": "发送 true 以保存",
}


def test_the_schema_tells_a_client_how_to_confirm_past_dates(client, language):
    schema = client.get(
        reverse("api:schema"), {"format": "json"}, HTTP_ACCEPT_LANGUAGE=language
    ).json()
    for name in ("CohortWriteRequest", "PlacementCreateRequest", "PlacementUpdateRequest"):
        field = schema["components"]["schemas"][name]["properties"]["confirm_past_dates"]
        assert field["type"] == "boolean" and field.get("writeOnly")
        assert SEND_TRUE[language] in field["description"]
