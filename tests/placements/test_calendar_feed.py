"""Calendar feeds: RFC 5545 files of placement dates behind a per-user secret address."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from exchange_portal.roles import GROUP_NAMES
from participants.models import UserProfile
from placements.calendar_feed import calendar_token
from placements.models import Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import HostUnitFactory, PlacementFactory, SelectedNominationFactory
from tests.programmes.factories import CohortFactory

pytestmark = pytest.mark.django_db


def placement(participant, cohort=None, **extra):
    nomination = SelectedNominationFactory(
        participant=participant, **({"cohort": cohort} if cohort else {})
    )
    return PlacementFactory(nomination=nomination, **extra)


def feed(client, url):
    """The events of the feed at `url`, by UID, read by an independent parser."""
    response = client.get(url)
    assert response.status_code == 200, response.content[:200]
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["version"]) == "2.0"
    assert calendar["prodid"]
    return {str(e["uid"]).split("@")[0]: e for e in calendar.walk("VEVENT")}


def url(user, name, **kwargs):
    return reverse(f"portal:{name}", kwargs={"token": calendar_token(user), **kwargs})


def hr_of(django_user_model, department, username="hr"):
    user = make_user(django_user_model, username, "department_hr")
    UserProfile.objects.create(user=user, department=department)
    return user


def test_participant_feed_holds_own_live_placements_as_all_day_events(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    officer = ParticipantFactory(user=user)
    mine = placement(
        officer,
        start_date=datetime.date(2023, 12, 18),
        end_date=datetime.date(2024, 3, 17),
        status=Placement.Status.CONFIRMED,
    )
    withdrawn = placement(officer, status=Placement.Status.WITHDRAWN)
    someone_elses = placement(ParticipantFactory())

    events = feed(client, url(user, "calendar_feed_own"))

    assert set(events) == {mine.reference_code}
    assert withdrawn.reference_code not in events
    assert someone_elses.reference_code not in events
    event = events[mine.reference_code]
    assert event.decoded("dtstart") == datetime.date(2023, 12, 18)
    # An all-day event's DTEND is the day after the last day.
    assert event.decoded("dtend") == datetime.date(2024, 3, 18)
    assert str(event["status"]) == "CONFIRMED"
    assert officer.name_en in str(event["summary"])
    assert mine.host_unit.name_en in str(event["summary"])
    assert int(event["sequence"]) == mine.version


def test_proposed_placement_is_tentative(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    proposed = placement(ParticipantFactory(user=user), status=Placement.Status.PROPOSED)
    assert str(feed(client, url(user, "calendar_feed_own"))[proposed.reference_code]["status"]) == (
        "TENTATIVE"
    )


def test_host_contact_feed_holds_their_units_placements_only(client, django_user_model):
    contact = make_user(django_user_model, "host", "host_contact")
    unit = HostUnitFactory()
    unit.contacts.add(contact)
    at_unit = placement(ParticipantFactory(), host_unit=unit)
    elsewhere = placement(ParticipantFactory())

    events = feed(client, url(contact, "calendar_feed_own"))

    assert set(events) == {at_unit.reference_code}
    assert elsewhere.reference_code not in events


def test_hr_department_feed_is_their_department_only(client, django_user_model):
    own, other = DepartmentFactory(), DepartmentFactory()
    hr = hr_of(django_user_model, own)
    ours = placement(ParticipantFactory(department=own))
    placement(ParticipantFactory(department=other))

    events = feed(client, url(hr, "calendar_feed_department", pk=own.pk))
    assert set(events) == {ours.reference_code}

    refused = client.get(url(hr, "calendar_feed_department", pk=other.pk))
    assert refused.status_code == 404


def test_cohort_feed_is_whole_for_csb_and_own_department_for_hr(client, django_user_model):
    own, other = DepartmentFactory(), DepartmentFactory()
    cohort = CohortFactory()
    ours = placement(ParticipantFactory(department=own), cohort)
    theirs = placement(ParticipantFactory(department=other), cohort)
    placement(ParticipantFactory(department=own))  # another cohort
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    hr = hr_of(django_user_model, own)

    whole = feed(client, url(viewer, "calendar_feed_cohort", pk=cohort.pk))
    assert set(whole) == {ours.reference_code, theirs.reference_code}
    scoped = feed(client, url(hr, "calendar_feed_cohort", pk=cohort.pk))
    assert set(scoped) == {ours.reference_code}


def test_a_wrong_or_old_address_is_404_and_new_addresses_work(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    placement(ParticipantFactory(user=user))
    old = url(user, "calendar_feed_own")
    assert client.get(old).status_code == 200

    tampered = old.replace(calendar_token(user), calendar_token(user)[:-1] + "0")
    if tampered == old:
        tampered = old.replace(calendar_token(user), calendar_token(user)[:-1] + "1")
    assert client.get(tampered).status_code == 404
    assert client.get("/calendar/not-a-token/mine.ics").status_code == 404

    client.force_login(user)
    response = client.post(reverse("portal:calendar_feeds"))
    assert response.status_code == 302
    client.logout()

    assert client.get(old).status_code == 404
    assert client.get(url(user, "calendar_feed_own")).status_code == 200


def test_a_disabled_account_or_removed_role_closes_the_feed(client, django_user_model):
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    department = DepartmentFactory()
    address = url(viewer, "calendar_feed_department", pk=department.pk)
    assert client.get(address).status_code == 200

    viewer.groups.remove(Group.objects.get(name=GROUP_NAMES["csb_viewer"]))
    assert client.get(address).status_code == 404

    viewer.groups.add(Group.objects.get(name=GROUP_NAMES["csb_viewer"]))
    viewer.is_active = False
    viewer.save()
    assert client.get(address).status_code == 404


def test_roles_without_the_feed_get_404(client, django_user_model):
    participant = make_user(django_user_model, "officer", "participant")
    ParticipantFactory(user=participant)
    cohort = CohortFactory()
    assert client.get(url(participant, "calendar_feed_cohort", pk=cohort.pk)).status_code == 404
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    assert client.get(url(viewer, "calendar_feed_own")).status_code == 404


def test_feed_is_in_the_owners_language(client, django_user_model):
    user = make_user(django_user_model, "officer", "participant")
    UserProfile.objects.create(user=user, language="zh-hant")
    confirmed = placement(ParticipantFactory(user=user), status=Placement.Status.CONFIRMED)

    event = feed(client, url(user, "calendar_feed_own"))[confirmed.reference_code]

    assert "已確認" in str(event["description"])


def test_feed_query_count_does_not_grow_with_placements(client, django_user_model):
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    cohort = CohortFactory()
    placement(ParticipantFactory(), cohort)
    address = url(viewer, "calendar_feed_cohort", pk=cohort.pk)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    few = queries()
    for _ in range(20):
        placement(ParticipantFactory(), cohort)
    assert queries() == few


def test_feeds_page_gives_addresses_that_work_without_signing_in(client, django_user_model):
    own = DepartmentFactory(code="EPD")
    hr = hr_of(django_user_model, own)
    cohort = CohortFactory()
    ours = placement(ParticipantFactory(department=own), cohort, status=Placement.Status.CONFIRMED)

    client.force_login(hr)
    page = client.get(reverse("portal:calendar_feeds")).content.decode()
    addresses = re.findall(r'value="(http://testserver/calendar/[^"]+\.ics)"', page)
    assert len(addresses) == 2  # the department's feed and the one cohort with its officers
    client.logout()

    for address in addresses:
        assert ours.reference_code in feed(client, address.removeprefix("http://testserver"))


def test_cohort_and_department_pages_link_their_feeds(client, django_user_model):
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    cohort = CohortFactory()
    department = DepartmentFactory()
    client.force_login(viewer)

    cohort_page = client.get(reverse("staff:cohort", args=[cohort.pk])).content.decode()
    assert url(viewer, "calendar_feed_cohort", pk=cohort.pk) in cohort_page
    department_page = client.get(
        reverse("staff:department_calendar", args=[department.pk])
    ).content.decode()
    assert url(viewer, "calendar_feed_department", pk=department.pk) in department_page
