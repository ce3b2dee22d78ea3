"""Dates already past are not refused on the screens that set dates, but saved only once
confirmed: the form comes back naming them, with a "save anyway" box (issue 17), in the
reader's language. The rule is the services' (past_dates_confirmed); the API's
confirm_past_dates is in tests/api/test_rules.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from notifications.models import OutboundEmail
from placements.models import Placement
from programmes.models import Cohort
from tests.placements.factories import (
    HostUnitFactory,
    PlacementFactory,
    SelectedNominationFactory,
)
from tests.placements.rule_texts import LANGUAGES, PAST_DATES, SAVE_ANYWAY, speaking
from tests.programmes.factories import CohortFactory, ProgrammeFactory
from tests.programmes.test_staff_editing import cohort_data

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
WARNING = "These dates are already past:"
BOX = 'type="checkbox" name="confirm_past_dates"'


@pytest.fixture
def manager_client(client, csb_manager):
    client.force_login(csb_manager)
    return client


def shown(day):
    return formats.date_format(day, "DATE_FORMAT")


def started_cohort():
    today = timezone.localdate()
    return CohortFactory(start_date=today - 10 * DAY, end_date=today + 80 * DAY)


def test_proposing_on_a_started_cohorts_dates_asks_to_confirm_them(manager_client):
    cohort = started_cohort()
    nomination = SelectedNominationFactory(cohort=cohort)
    unit = HostUnitFactory()
    url = reverse("staff:propose_placement", args=[nomination.pk])
    page = manager_client.get(url).text
    assert BOX not in page  # nothing to confirm before a date is known to be past

    response = manager_client.post(url, {"host_unit": unit.pk})  # blank: the cohort's dates
    assert response.status_code == 200
    page = response.text
    assert f"{WARNING} start date ({shown(cohort.start_date)})" in page
    assert "end date" not in page.split(WARNING)[1].split(".")[0]  # the end is still ahead
    assert BOX in page and "These dates are in the past; save anyway" in page
    assert not Placement.objects.filter(nomination=nomination).exists()
    assert not OutboundEmail.objects.exists()  # nobody told of a proposal not made

    response = manager_client.post(url, {"host_unit": unit.pk, "confirm_past_dates": "on"})
    placement = Placement.objects.get(nomination=nomination)
    assert response.status_code == 302 and response["Location"] == placement.get_staff_url()
    assert (placement.start_date, placement.end_date) == (cohort.start_date, cohort.end_date)


def test_future_dates_are_proposed_without_a_question(manager_client):
    nomination = SelectedNominationFactory()  # a cohort starting in 60 days
    url = reverse("staff:propose_placement", args=[nomination.pk])
    response = manager_client.post(url, {"host_unit": HostUnitFactory().pk})
    assert response.status_code == 302
    assert Placement.objects.filter(nomination=nomination).exists()


def test_proposing_another_unit_on_past_dates_asks_to_confirm_them(manager_client):
    cohort = started_cohort()
    placement = PlacementFactory(
        nomination__cohort=cohort,
        host_response=Placement.HostResponse.DECLINED,
        host_response_reason="No desk free",
    )
    first_unit = placement.host_unit
    other = HostUnitFactory()
    url = reverse("staff:propose_another_unit", args=[placement.pk])
    start, end = cohort.start_date, cohort.end_date
    data = {"host_unit": other.pk, "start_date": start.isoformat(), "end_date": end.isoformat()}
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert f"{WARNING} start date ({shown(start)})" in response.text and BOX in response.text
    placement.refresh_from_db()
    assert placement.host_unit == first_unit  # nothing changed

    response = manager_client.post(url, {**data, "confirm_past_dates": "on"})
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.host_unit == other


def test_an_amendment_to_a_past_end_date_asks_to_confirm_it(manager_client):
    today = timezone.localdate()
    cohort = CohortFactory(start_date=today - 30 * DAY, end_date=today + 60 * DAY)
    placement = PlacementFactory(
        nomination__cohort=cohort,
        status=Placement.Status.IN_PROGRESS,
        start_date=cohort.start_date,
        end_date=cohort.end_date,
    )
    url = reverse("staff:amendment_request", args=[placement.pk])
    ended = today - 2 * DAY  # the officer came back early
    data = {"new_end_date": ended.isoformat(), "reason": "Recalled"}
    response = manager_client.post(url, data)
    assert response.status_code == 200
    assert f"{WARNING} new end date ({shown(ended)})" in response.text
    assert BOX in response.text
    assert not placement.amendments.exists()

    response = manager_client.post(url, {**data, "confirm_past_dates": "on"})
    assert response.status_code == 302
    assert placement.amendments.get().new_end_date == ended


def test_an_amendment_to_later_dates_asks_nothing(manager_client):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    url = reverse("staff:amendment_request", args=[placement.pk])
    new_end = placement.end_date + 14 * DAY
    response = manager_client.post(url, {"new_end_date": new_end.isoformat(), "reason": "Asks"})
    assert response.status_code == 302
    assert placement.amendments.get().new_end_date == new_end


# Every screen that sets dates asks the same question in each language ------------------------


def cohort_form(manager_client, language):
    start = timezone.localdate() - 10 * DAY
    data = cohort_data(
        ProgrammeFactory(),
        start_date=start.isoformat(),
        end_date=(start + 30 * DAY).isoformat(),
    )
    return reverse("staff:cohort_add"), data, lambda: Cohort.objects.exists()


def proposal(manager_client, language):
    nomination = SelectedNominationFactory(cohort=started_cohort())
    url = reverse("staff:propose_placement", args=[nomination.pk])
    return url, {"host_unit": HostUnitFactory().pk}, lambda: Placement.objects.exists()


def another_unit(manager_client, language):
    cohort = started_cohort()
    placement = PlacementFactory(
        nomination__cohort=cohort,
        host_response=Placement.HostResponse.DECLINED,
        host_response_reason="No desk free",
    )
    first = placement.host_unit_id
    data = {
        "host_unit": HostUnitFactory().pk,
        "start_date": cohort.start_date.isoformat(),
        "end_date": cohort.end_date.isoformat(),
    }
    url = reverse("staff:propose_another_unit", args=[placement.pk])
    return url, data, lambda: Placement.objects.get(pk=placement.pk).host_unit_id != first


def amendment(manager_client, language):
    placement = PlacementFactory(
        nomination__cohort=started_cohort(),
        status=Placement.Status.IN_PROGRESS,
    )
    data = {"new_end_date": (timezone.localdate() - 2 * DAY).isoformat(), "reason": "Recalled"}
    url = reverse("staff:amendment_request", args=[placement.pk])
    return url, data, lambda: placement.amendments.exists()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("screen", [cohort_form, proposal, another_unit, amendment])
def test_each_screen_setting_dates_asks_to_confirm_past_ones_in_the_readers_language(
    manager_client, screen, language
):
    url, data, written = screen(manager_client, language)
    response = speaking(manager_client, language).post(url, data)
    assert response.status_code == 200
    assert PAST_DATES[language] in response.text
    assert BOX in response.text and SAVE_ANYWAY[language] in response.text
    assert not written()
    response = manager_client.post(url, {**data, "confirm_past_dates": "on"})
    assert response.status_code == 302
    assert written()
