"""Department HR's home (the calls open to their officers, their department's nominations) and
nominating an officer from a call's page (HR, coordinators and CSB managers)."""

import datetime

import pytest
from django.contrib.messages import WARNING, get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.models import Nomination, Placement
from programmes.models import Cohort, Direction
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import NominationFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, CohortQuotaFactory, OpenCohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD")


@pytest.fixture
def hyd():
    return DepartmentFactory(code="HYD")


@pytest.fixture
def hr(django_user_model, epd):
    return make_user(django_user_model, "hr.epd", "department_hr", department=epd)


@pytest.fixture
def hr_client(client, hr):
    client.force_login(hr)
    return client


@pytest.fixture
def call(epd):
    """An open outbound call with 4 places, 1 held, and a quota of 2 for EPD."""
    cohort = OpenCohortFactory(name="GBA batch 7", places=4)
    cohort.eligible_grades.add(GradeFactory(code="EO"))
    CohortQuotaFactory(cohort=cohort, department=epd, places=2)
    PlacementFactory(nomination__cohort=cohort, status=Placement.Status.CONFIRMED)
    return cohort


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_hr_start_on_their_home(hr_client):
    response = hr_client.get(reverse("role_home"))
    assert response["Location"] == reverse("staff:hr_home")


def test_the_home_shows_the_open_call_with_its_deadline_places_quota_and_eligibility(
    hr_client, call, epd
):
    NominationFactory(cohort=call, participant=ParticipantFactory(department=epd))
    CohortFactory(name="Planned batch")  # not open: not listed
    OpenCohortFactory(name="Inbound batch", direction=Direction.INBOUND)  # partner officers'
    html = hr_client.get(reverse("staff:hr_home")).content.decode()
    assert "GBA batch 7" in html
    assert reverse("staff:cohort", args=[call.pk]) in html
    assert reverse("staff:nominate", args=[call.pk]) in html
    assert "Planned batch" not in html and "Inbound batch" not in html
    assert "4 places, 3 left" in html
    assert "Your department's quota: 2, 2 left" in html
    assert "left</span>" in html  # how long until the deadline
    assert "Grades: EO" in html
    assert '<td class="text-end">1</td>' in html  # EPD's one nomination
    assert 'aria-current="page"' in html


def test_the_home_says_so_when_nothing_is_open_or_nominated(hr_client):
    html = hr_client.get(reverse("staff:hr_home")).content.decode()
    assert "No call is open to your department" in html
    assert "Your department has not nominated any officer yet." in html


def test_hr_nominate_their_officer_from_the_cohort_page_and_follow_it_home(hr_client, call, epd):
    officer = ParticipantFactory(department=epd, name_en="WONG Nominee", grade=GradeFactory())
    call.eligible_grades.add(officer.grade)
    page = hr_client.get(reverse("staff:cohort", args=[call.pk])).content.decode()
    assert reverse("staff:nominate", args=[call.pk]) in page

    form = hr_client.get(reverse("staff:nominate", args=[call.pk])).content.decode()
    assert 'for="id_participant"' in form and '<select name="participant"' in form
    assert "WONG Nominee" in form
    response = hr_client.post(
        reverse("staff:nominate", args=[call.pk]),
        {"participant": officer.pk, "rank": 1, "statement": "Ready for it."},
    )
    nomination = Nomination.objects.get(cohort=call, participant=officer)
    assert response["Location"] == nomination.get_staff_url()
    assert nomination.nominating_department == epd
    assert "WONG Nominee (陳大文) is nominated for GBA batch 7." in messages_of(response)

    nomination.status = Nomination.Status.NOT_SELECTED
    nomination.status_reason = "Another officer's experience fitted better."
    nomination.save()
    html = hr_client.get(reverse("staff:hr_home")).content.decode()
    assert "WONG Nominee" in html
    assert 'status-tag status-tag--not_selected">Not selected' in html
    assert "Another officer&#x27;s experience fitted better." in html


def test_the_overlap_warning_shows_after_a_nomination(hr_client, call, epd):
    officer = ParticipantFactory(department=epd, name_en="BUSY Officer")
    call.eligible_grades.add(officer.grade)
    other = OpenCohortFactory(start_date=call.start_date, end_date=call.end_date)
    NominationFactory(cohort=other, participant=officer)
    response = hr_client.post(
        reverse("staff:nominate", args=[call.pk]), {"participant": officer.pk, "rank": 1}
    )
    assert response.status_code == 302
    warnings = [m for m in get_messages(response.wsgi_request) if m.level == WARNING]
    assert len(warnings) == 1
    assert "which overlaps this cohort: only one of them can be selected" in str(warnings[0])
    assert Nomination.objects.filter(cohort=call, participant=officer).exists()


def test_hr_cannot_nominate_another_departments_officer(hr_client, call, hyd):
    stranger = ParticipantFactory(department=hyd, name_en="LEE Stranger")
    call.eligible_grades.add(stranger.grade)
    form = hr_client.get(reverse("staff:nominate", args=[call.pk])).content.decode()
    assert "LEE Stranger" not in form
    response = hr_client.post(
        reverse("staff:nominate", args=[call.pk]), {"participant": stranger.pk, "rank": 1}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Nomination.objects.filter(participant=stranger).exists()


def test_the_services_refusal_shows_on_the_officer(hr_client, call, epd):
    ineligible = ParticipantFactory(department=epd, name_en="CHEUNG Other-grade")
    response = hr_client.post(
        reverse("staff:nominate", args=[call.pk]), {"participant": ineligible.pk, "rank": 1}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["participant"]
    assert any("open to the grades EO only" in e for e in errors)
    assert not Nomination.objects.filter(participant=ineligible).exists()


def test_a_call_past_its_deadline_is_refused_by_the_service(hr_client, call, epd):
    officer = ParticipantFactory(department=epd)
    call.eligible_grades.add(officer.grade)
    Cohort.objects.filter(pk=call.pk).update(
        nominations_close_at=timezone.now() - datetime.timedelta(hours=1)
    )
    page = hr_client.get(reverse("staff:cohort", args=[call.pk])).content.decode()
    assert reverse("staff:nominate", args=[call.pk]) not in page
    response = hr_client.post(
        reverse("staff:nominate", args=[call.pk]), {"participant": officer.pk, "rank": 1}
    )
    assert "closed at" in response.content.decode()
    assert not Nomination.objects.filter(participant=officer).exists()


def test_a_closed_call_has_no_button_and_a_post_is_refused_with_a_message(hr_client, epd):
    cohort = CohortFactory(name="Batch in selection", status=Cohort.Status.SELECTION)
    officer = ParticipantFactory(department=epd)
    page = hr_client.get(reverse("staff:cohort", args=[cohort.pk])).content.decode()
    assert reverse("staff:nominate", args=[cohort.pk]) not in page
    response = hr_client.post(
        reverse("staff:nominate", args=[cohort.pk]), {"participant": officer.pk, "rank": 1}
    )
    assert response["Location"] == reverse("staff:cohort", args=[cohort.pk])
    assert messages_of(response) == [
        "Batch in selection is not open for nominations (it is in selection)."
    ]
    assert not Nomination.objects.exists()


def test_another_departments_hr_see_only_their_own_nominations(
    client, django_user_model, call, epd, hyd
):
    NominationFactory(
        cohort=call, participant=ParticipantFactory(department=epd, name_en="EPD One")
    )
    NominationFactory(
        cohort=call, participant=ParticipantFactory(department=hyd, name_en="HYD One")
    )
    client.force_login(make_user(django_user_model, "hr.hyd", "department_hr", department=hyd))
    html = client.get(reverse("staff:hr_home")).content.decode()
    assert "HYD One" in html and "EPD One" not in html
    assert "GBA batch 7" in html
    assert "quota" not in html  # the quota is EPD's, not HYD's


def test_a_csb_manager_nominates_any_officer_in_their_departments_name(client, csb_manager, call):
    officer = ParticipantFactory(name_en="HO Anywhere")
    call.eligible_grades.add(officer.grade)
    client.force_login(csb_manager)
    form = client.get(reverse("staff:nominate", args=[call.pk])).content.decode()
    assert "HO Anywhere" in form
    client.post(reverse("staff:nominate", args=[call.pk]), {"participant": officer.pk, "rank": 2})
    nomination = Nomination.objects.get(participant=officer)
    assert nomination.nominating_department == officer.department
    assert nomination.rank == 2


def test_the_officer_choice_costs_the_same_queries_for_few_and_many_officers(hr_client, call, epd):
    url = reverse("staff:nominate", args=[call.pk])
    ParticipantFactory.create_batch(2, department=epd)
    hr_client.get(url)
    with CaptureQueriesContext(connection) as few:
        hr_client.get(url)
    ParticipantFactory.create_batch(40, department=epd)
    with CaptureQueriesContext(connection) as many:
        assert hr_client.get(url).status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_a_coordinator_nominates_only_to_their_programmes_calls(client, django_user_model, epd):
    from tests.programmes.factories import ProgrammeFactory

    coordinator = make_user(django_user_model, "coord", "programme_coordinator", department=epd)
    own = OpenCohortFactory(programme=ProgrammeFactory(organiser=epd))
    others = OpenCohortFactory()  # organised by another department: out of reach
    client.force_login(coordinator)
    page = client.get(reverse("staff:cohort", args=[own.pk])).content.decode()
    assert reverse("staff:nominate", args=[own.pk]) in page
    assert client.get(reverse("staff:nominate", args=[others.pk])).status_code == 404
    officer = ParticipantFactory(department=epd)
    response = client.post(
        reverse("staff:nominate", args=[others.pk]), {"participant": officer.pk, "rank": 1}
    )
    assert response.status_code == 404
    assert not Nomination.objects.exists()


def test_a_suspended_programmes_call_is_not_offered_to_hr(hr_client, call):
    """A call left open when its programme was suspended takes no nominations (the nominate
    page says why to whoever reaches it): HR's home does not list it, and the cohort page
    offers no "Nominate an officer"."""
    call.programme.status = "suspended"
    call.programme.save()
    html = hr_client.get(reverse("staff:hr_home")).content.decode()
    assert "GBA batch 7" not in html
    assert "No call is open to your department" in html
    cohort_page = hr_client.get(reverse("staff:cohort", args=[call.pk])).content.decode()
    assert reverse("staff:nominate", args=[call.pk]) not in cohort_page
