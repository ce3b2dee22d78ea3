"""Programmes and cohorts created and edited on the staff screens (issue 16): by a CSB manager
for any organiser, by an organising department's coordinator for their own department only;
bad input names the field and writes nothing; dates already past ask for a confirmation; a
one-off call has no phase or batch; a manager creates and opens a call on one page."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from exchange_portal.roles import GROUP_NAMES, Role
from participants.models import UserProfile
from programmes.models import Cohort, CohortQuota, Programme
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import NominationFactory
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hkpf():
    return DepartmentFactory(code="HKPF", name_en="Hong Kong Police Force")


@pytest.fixture
def manager(client, django_user_model):
    user = make_user(django_user_model, "manager", Role.CSB_MANAGER)
    client.force_login(user)
    return user


@pytest.fixture
def coordinator(client, django_user_model, hkpf):
    user = make_user(django_user_model, "coordinator", Role.PROGRAMME_COORDINATOR)
    UserProfile.objects.create(user=user, department=hkpf)
    client.force_login(user)
    return user


def programme_data(**extra):
    return {
        "code": "INTERPOL-SEC",
        "name_en": "Secondment to INTERPOL",
        "kind": Programme.Kind.INTERNATIONAL_SECONDMENT,
        "direction": "outbound",
        "requires_host_acceptance": "on",
        "suspensions-TOTAL_FORMS": "1",
        "suspensions-INITIAL_FORMS": "0",
        **extra,
    }


def cohort_data(programme, **extra):
    start = timezone.localdate() + datetime.timedelta(days=90)
    data = {
        "programme": programme.pk,
        "name": "INTERPOL 2027",
        "phase": "1",
        "batch": "1",
        "direction": "outbound",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=365)).isoformat(),
        "places": "1",
        "destination": "Lyon",
        "destination_zh_hant": "里昂",
        "destination_zh_hans": "里昂",
        "quotas-TOTAL_FORMS": "2",
        "quotas-INITIAL_FORMS": "0",
        "quotas-MIN_NUM_FORMS": "0",
        "quotas-MAX_NUM_FORMS": "100",
    }
    data.update(extra)
    return data


def test_manager_creates_a_programme_for_any_organiser(client, manager, hkpf):
    response = client.post(reverse("staff:programme_add"), programme_data(organiser=hkpf.pk))
    programme = Programme.objects.get(code="INTERPOL-SEC")
    assert response.status_code == 302
    assert response["Location"] == programme.get_staff_url()
    assert programme.organiser == hkpf
    assert programme.requires_host_acceptance
    assert programme.history.first().history_user == manager


def test_coordinator_creates_a_programme_organised_by_their_department(client, coordinator, hkpf):
    page = client.get(reverse("staff:programme_add"))
    assert 'name="organiser"' not in page.content.decode()  # nothing to choose
    other = DepartmentFactory(code="ICAC")
    response = client.post(reverse("staff:programme_add"), programme_data(organiser=other.pk))
    assert response.status_code == 302
    assert Programme.objects.get(code="INTERPOL-SEC").organiser == hkpf


def test_coordinator_cannot_open_or_edit_another_departments_programme(client, coordinator):
    csb_programme = ProgrammeFactory()  # organised by the CSB
    cohort = CohortFactory(programme=csb_programme)
    for name, pk in [
        ("staff:programme", csb_programme.pk),
        ("staff:programme_edit", csb_programme.pk),
        ("staff:cohort", cohort.pk),
        ("staff:cohort_edit", cohort.pk),
    ]:
        assert client.get(reverse(name, args=[pk])).status_code == 404, name
    response = client.post(
        reverse("staff:programme_edit", args=[csb_programme.pk]), programme_data()
    )
    assert response.status_code == 404
    assert Programme.objects.get(pk=csb_programme.pk).code == csb_programme.code


def test_coordinator_cannot_create_a_cohort_for_another_departments_programme(
    client, coordinator, hkpf
):
    csb_programme = ProgrammeFactory()
    own = ProgrammeFactory(organiser=hkpf)
    page = client.get(reverse("staff:cohort_add")).content.decode()
    assert own.name_en in page and csb_programme.name_en not in page
    response = client.post(reverse("staff:cohort_add"), cohort_data(csb_programme))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Cohort.objects.exists()


def test_coordinator_sees_only_their_departments_programmes_in_the_list(client, coordinator, hkpf):
    ProgrammeFactory(name_en="CSB's own scheme")
    ProgrammeFactory(name_en="HKPF study tour", organiser=hkpf)
    page = client.get(reverse("staff:programmes")).content.decode()
    assert "HKPF study tour" in page
    assert "CSB&#x27;s own scheme" not in page and "CSB's own scheme" not in page


def test_manager_creates_a_cohort_with_eligibility_and_quotas(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    grade = GradeFactory()
    data = cohort_data(
        programme,
        eligible_grades=[grade.pk],
        eligible_rank_levels=["middle", "senior"],
        min_age="25",
        max_age="45",
        min_years_of_service="3",
        **{"quotas-0-department": hkpf.pk, "quotas-0-places": "1"},
    )
    response = client.post(reverse("staff:cohort_add"), data)
    cohort = Cohort.objects.get()
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(cohort.eligible_grades.all()) == [grade]
    assert cohort.eligible_rank_levels == ["middle", "senior"]
    assert (cohort.min_age, cohort.max_age, cohort.min_years_of_service) == (25, 45, 3)
    assert [(q.department, q.places) for q in cohort.quotas.all()] == [(hkpf, 1)]
    page = client.get(cohort.get_staff_url()).content.decode()
    assert "25 to 45 years" in page and "At least 3 years" in page
    assert "HKPF: 1" in page


def test_editing_a_cohort_changes_and_removes_quotas(client, manager, hkpf):
    cohort = CohortFactory()
    quota = CohortQuota.objects.create(cohort=cohort, department=hkpf, places=2)
    data = cohort_data(
        cohort.programme,
        phase=str(cohort.phase),
        batch=str(cohort.batch),
        **{
            "quotas-TOTAL_FORMS": "1",
            "quotas-INITIAL_FORMS": "1",
            "quotas-0-id": quota.pk,
            "quotas-0-department": hkpf.pk,
            "quotas-0-places": "2",
            "quotas-0-DELETE": "on",
        },
    )
    response = client.post(reverse("staff:cohort_edit", args=[cohort.pk]), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    cohort.refresh_from_db()
    assert cohort.name == "INTERPOL 2027"
    assert not cohort.quotas.exists()


def test_bad_input_names_the_field_and_writes_nothing(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    start = timezone.localdate() + datetime.timedelta(days=90)
    data = cohort_data(programme, end_date=(start - datetime.timedelta(days=1)).isoformat())
    response = client.post(reverse("staff:cohort_add"), data)
    assert response.status_code == 200
    assert "The end date must be after the start date." in response.content.decode()
    assert 'href="#id_end_date"' in response.content.decode()
    response = client.post(reverse("staff:cohort_add"), cohort_data(programme, places="0"))
    assert 'href="#id_places"' in response.content.decode()  # the error links to the field
    assert not Cohort.objects.exists()
    response = client.post(reverse("staff:programme_add"), programme_data(organiser=""))
    assert response.status_code == 200
    assert 'href="#id_organiser"' in response.content.decode()
    assert not Programme.objects.filter(code="INTERPOL-SEC").exists()


def test_dates_in_the_past_ask_for_a_confirmation(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    start = timezone.localdate() - datetime.timedelta(days=10)
    data = cohort_data(
        programme,
        start_date=start.isoformat(),
        end_date=(start + datetime.timedelta(days=30)).isoformat(),
    )
    response = client.post(reverse("staff:cohort_add"), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "These dates are already past: start date" in page
    assert 'type="checkbox" name="confirm_past_dates"' in page
    assert "These dates are in the past; save anyway" in page
    assert not Cohort.objects.exists()
    response = client.post(reverse("staff:cohort_add"), {**data, "confirm_past_dates": "on"})
    assert response.status_code == 302
    assert Cohort.objects.get().start_date == start


def test_a_one_off_call_has_no_phase_or_batch(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    response = client.post(
        reverse("staff:cohort_add"), cohort_data(programme, phase="", batch="", one_off="on")
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get()
    assert cohort.is_one_off and cohort.batch is None
    assert "One-off call" in client.get(cohort.get_staff_url()).content.decode()


def test_missing_phase_without_one_off_names_the_field(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    response = client.post(reverse("staff:cohort_add"), cohort_data(programme, phase=""))
    assert response.status_code == 200
    assert 'href="#id_phase"' in response.content.decode()
    assert not Cohort.objects.exists()


def test_manager_creates_and_opens_a_call_on_one_page(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf)
    closes = timezone.localtime() + datetime.timedelta(days=14)
    response = client.post(
        reverse("staff:cohort_add"),
        cohort_data(
            programme, open_call="on", nominations_close_at=closes.strftime("%Y-%m-%dT%H:%M")
        ),
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN
    assert cohort.nominations_open_at is not None


def test_opening_a_call_of_a_programme_not_yet_active_writes_nothing(client, manager, hkpf):
    programme = ProgrammeFactory(organiser=hkpf, status=Programme.Status.PLANNING)
    closes = timezone.localtime() + datetime.timedelta(days=14)
    response = client.post(
        reverse("staff:cohort_add"),
        cohort_data(
            programme, open_call="on", nominations_close_at=closes.strftime("%Y-%m-%dT%H:%M")
        ),
    )
    assert response.status_code == 200
    assert "Only an active programme opens calls" in response.content.decode()
    assert not Cohort.objects.exists()


def test_coordinator_opens_the_call_of_their_own_programme(client, coordinator, hkpf):
    cohort = CohortFactory(programme=ProgrammeFactory(organiser=hkpf))
    closes = timezone.localtime() + datetime.timedelta(days=7)
    response = client.post(
        reverse("staff:cohort_transition", args=[cohort.pk, "open_nominations"]),
        {"closes_at": closes.strftime("%Y-%m-%dT%H:%M")},
    )
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN


def test_hr_reads_a_call_but_cannot_edit_it(client, django_user_model, hkpf):
    hr = make_user(django_user_model, "hr", Role.DEPARTMENT_HR)
    UserProfile.objects.create(user=hr, department=hkpf)
    client.force_login(hr)
    cohort = CohortFactory(
        min_age=25, max_age=40, eligible_rank_levels=["senior"], min_years_of_service=5
    )
    page = client.get(cohort.get_staff_url()).content.decode()
    assert "10 places, 10 left" in page
    assert "Senior" in page and "25 to 40 years" in page and "At least 5 years" in page
    assert reverse("staff:cohort_edit", args=[cohort.pk]) not in page
    assert client.get(reverse("staff:cohort_edit", args=[cohort.pk])).status_code == 403
    assert client.get(reverse("staff:programme", args=[cohort.programme.pk])).status_code == 403
    assert Group.objects.filter(name=GROUP_NAMES[Role.DEPARTMENT_HR]).exists()


def test_filters_read_all_and_the_active_ones_are_summarised(client, manager):
    CohortFactory(status=Cohort.Status.NOMINATIONS_OPEN)
    page = client.get(reverse("staff:cohorts")).content.decode()
    assert "---------" not in page
    assert '<option value="" selected>All</option>' in page
    assert "Showing:" not in page
    page = client.get(reverse("staff:cohorts"), {"status": "nominations_open"}).content.decode()
    assert "Showing:" in page
    assert "Status = Open for nominations" in page
    assert "Clear filters" in page


def test_navigation_marks_the_current_page_and_records_have_breadcrumbs(client, manager):
    cohort = CohortFactory()
    page = client.get(reverse("staff:cohorts")).content.decode()
    assert f'aria-current="page" href="{reverse("staff:cohorts")}"' in page
    page = client.get(cohort.get_staff_url()).content.decode()
    assert 'aria-label="Breadcrumb"' in page
    assert f'<a href="{cohort.programme.get_staff_url()}">' in page
    assert 'class="status-tag status-tag--planned">Planned</span>' in page


def queries_for_list(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_cohort_list_costs_the_same_queries_at_5_and_50_rows(client, manager):
    programme = ProgrammeFactory()
    CohortFactory.create_batch(5, programme=programme)
    at_5 = queries_for_list(client, reverse("staff:cohorts"))
    CohortFactory.create_batch(45, programme=ProgrammeFactory())
    at_50 = queries_for_list(client, reverse("staff:cohorts"))
    assert at_5 == at_50


def test_hr_see_on_a_calls_page_only_their_own_departments_nominations(
    client, django_user_model, hkpf
):
    hr = make_user(django_user_model, "hr", Role.DEPARTMENT_HR)
    UserProfile.objects.create(user=hr, department=hkpf)
    client.force_login(hr)
    cohort = OpenCohortFactory()
    own = NominationFactory(
        cohort=cohort, participant=ParticipantFactory(department=hkpf, name_en="Chan Tai-man")
    )
    NominationFactory(
        cohort=cohort,
        participant=ParticipantFactory(
            department=DepartmentFactory(code="ICAC"), name_en="Wong Siu-ming"
        ),
    )
    page = client.get(cohort.get_staff_url()).content.decode()
    assert own.participant.display_name in page
    assert "Wong Siu-ming" not in page
    assert "cohort-timeline" not in page  # the timeline names every placed officer


def test_the_menu_offers_only_the_pages_the_role_may_open(client, django_user_model, hkpf):
    hr = make_user(django_user_model, "hr", Role.DEPARTMENT_HR)
    UserProfile.objects.create(user=hr, department=hkpf)
    client.force_login(hr)
    cohort = CohortFactory()
    page = client.get(cohort.get_staff_url()).content.decode()
    assert f'aria-current="true" href="{reverse("staff:cohorts")}"' in page
    assert f'href="{reverse("staff:programmes")}"' not in page
    assert f'href="{reverse("staff:dashboard")}"' not in page
