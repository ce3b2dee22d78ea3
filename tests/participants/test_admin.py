import pytest
from django.urls import reverse

from participants.models import Participant
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def bulk_create(factory, count, **kwargs):
    """`count` rows in one INSERT, for size only: no history rows (a list page reads none)."""
    return factory._meta.model.objects.bulk_create(factory.build_batch(count, **kwargs))


def get_list(client, model_name, assert_num_queries, queries, **params):
    with assert_num_queries(queries):
        response = client.get(reverse(f"admin:participants_{model_name}_changelist"), params)
    assert response.status_code == 200
    return response


# A changelist shows 100 rows a page; each of these fails if a row costs a query of its own.


def test_department_list_costs_the_same_queries_for_200_departments_as_for_5(
    admin_client, django_assert_num_queries
):
    DepartmentFactory.create_batch(5)
    get_list(admin_client, "department", django_assert_num_queries, 3)
    bulk_create(DepartmentFactory, 195)
    response = get_list(admin_client, "department", django_assert_num_queries, 3)
    assert response.context["cl"].result_count == 200


def test_grade_list_costs_the_same_queries_for_200_grades_as_for_5(
    admin_client, django_assert_num_queries
):
    GradeFactory.create_batch(5)
    get_list(admin_client, "grade", django_assert_num_queries, 3)
    bulk_create(GradeFactory, 195)
    response = get_list(admin_client, "grade", django_assert_num_queries, 3)
    assert response.context["cl"].result_count == 200


def test_officer_list_costs_the_same_queries_for_200_officers_as_for_5(
    admin_client, django_assert_num_queries
):
    department, grade = DepartmentFactory(), GradeFactory()
    ParticipantFactory.create_batch(5, department=department, grade=grade)
    get_list(admin_client, "participant", django_assert_num_queries, 5)
    bulk_create(ParticipantFactory, 195, department=department, grade=grade)
    response = get_list(admin_client, "participant", django_assert_num_queries, 5)
    assert response.context["cl"].result_count == 200


def test_officer_list_finds_an_officer_by_staff_number_and_says_what_it_searches(admin_client):
    wanted = ParticipantFactory(staff_number="S7654321", name_en="LEE Siu-ming")
    ParticipantFactory(name_en="WONG Ka-yan")

    response = admin_client.get(
        reverse("admin:participants_participant_changelist"), {"q": "S7654321"}
    )

    assert list(response.context["cl"].result_list) == [wanted]
    assert "staff number" in response.content.decode()


def test_grade_list_can_show_only_grades_that_officers_hold(admin_client):
    held = GradeFactory(code="AO")
    GradeFactory(code="EO")
    ParticipantFactory(grade=held)

    response = admin_client.get(reverse("admin:participants_grade_changelist"), {"in_use": "yes"})

    assert list(response.context["cl"].result_list) == [held]


def officer_form(department, **overrides):
    data = {
        "name_en": "CHEUNG Wai-lun",
        "name_zh_hant": "張偉倫",
        "name_zh_hans": "张伟伦",
        "email": "wl.cheung@epd.gov.hk",
        "phone": "",
        "origin": Participant.Origin.HONG_KONG,
        "department": department.pk if department else "",
        "grade": "",
        "rank": "Senior Environmental Protection Officer",
        "rank_level": Participant.RankLevel.MIDDLE,
        "staff_number": "S1234567",
        "home_organisation": "",
        "_save": "Save",
    }
    return data | overrides


def test_adding_an_officer_records_the_manager_who_added_them(client, csb_manager, department):
    client.force_login(csb_manager)

    response = client.post(reverse("admin:participants_participant_add"), officer_form(department))

    assert response.status_code == 302
    officer = Participant.objects.get(staff_number="S1234567")
    assert officer.history.get().history_user == csb_manager


def test_partner_officer_with_a_staff_number_is_refused_next_to_the_department_field(
    client, csb_manager
):
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:participants_participant_add"),
        officer_form(
            None, origin=Participant.Origin.PARTNER, home_organisation="Qianhai Authority"
        ),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["department"] == [
        "A partner-government officer has no Hong Kong department or staff number."
    ]
    assert not Participant.objects.exists()


def test_officer_sign_in_account_cannot_be_typed_into_the_form(client, csb_manager, department):
    officer = ParticipantFactory(department=department)
    client.force_login(csb_manager)

    response = client.get(reverse("admin:participants_participant_change", args=[officer.pk]))

    assert "user" not in response.context["adminform"].form.fields
    assert "department" in response.context["adminform"].form.fields
