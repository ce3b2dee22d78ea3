import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from programmes.models import Cohort, CohortQuota, PartnerAgreement, Programme
from tests.participants.factories import DepartmentFactory
from tests.placements.factories import NominationFactory, PlacementFactory
from tests.programmes.factories import (
    CohortFactory,
    CohortQuotaFactory,
    PartnerAgreementFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db


def bulk_create(factory, count, **kwargs):
    """`count` rows in one INSERT, for size only: no history rows (a list page reads none)."""
    return factory._meta.model.objects.bulk_create(factory.build_batch(count, **kwargs))


def get_list(client, model_name, assert_num_queries, queries):
    with assert_num_queries(queries):
        response = client.get(reverse(f"admin:programmes_{model_name}_changelist"))
    assert response.status_code == 200
    return response


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def empty_inlines(*prefixes):
    """Management forms of inlines the test leaves alone."""
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data


# A changelist shows 100 rows a page; each of these fails if a row costs a query of its own.


def test_programme_list_costs_the_same_queries_for_200_programmes_as_for_5(
    admin_client, django_assert_num_queries
):
    organiser = DepartmentFactory(code="CSB")
    ProgrammeFactory.create_batch(5, organiser=organiser)
    get_list(admin_client, "programme", django_assert_num_queries, 4)
    bulk_create(ProgrammeFactory, 195, organiser=organiser)
    response = get_list(admin_client, "programme", django_assert_num_queries, 4)
    assert response.context["cl"].result_count == 200


def test_agreement_list_costs_the_same_queries_for_200_agreements_as_for_5(
    admin_client, django_assert_num_queries
):
    programme = ProgrammeFactory()
    PartnerAgreementFactory.create_batch(5, programme=programme)
    get_list(admin_client, "partneragreement", django_assert_num_queries, 6)
    bulk_create(PartnerAgreementFactory, 195, programme=programme)
    response = get_list(admin_client, "partneragreement", django_assert_num_queries, 6)
    assert response.context["cl"].result_count == 200


def test_cohort_list_costs_the_same_queries_for_200_cohorts_as_for_5(
    admin_client, django_assert_num_queries
):
    programme = ProgrammeFactory()
    CohortFactory.create_batch(5, programme=programme)
    get_list(admin_client, "cohort", django_assert_num_queries, 6)
    bulk_create(CohortFactory, 195, programme=programme)
    response = get_list(admin_client, "cohort", django_assert_num_queries, 6)
    assert response.context["cl"].result_count == 200


def test_quota_list_costs_the_same_queries_for_200_quotas_as_for_5(
    admin_client, django_assert_num_queries
):
    cohort = CohortFactory()
    CohortQuotaFactory.create_batch(5, cohort=cohort)
    get_list(admin_client, "cohortquota", django_assert_num_queries, 4)
    departments = bulk_create(DepartmentFactory, 195)
    CohortQuota.objects.bulk_create(
        [CohortQuotaFactory.build(cohort=cohort, department=d) for d in departments]
    )
    response = get_list(admin_client, "cohortquota", django_assert_num_queries, 4)
    assert response.context["cl"].result_count == 200


# Status changes -------------------------------------------------------------------------------


def run_action(client, model_name, action, objects, **extra):
    return client.post(
        reverse(f"admin:programmes_{model_name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], "index": "0"} | extra,
    )


def test_launching_a_planned_programme_makes_it_active_and_records_who(client, csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.PLANNING)
    client.force_login(csb_manager)

    response = run_action(client, "programme", "transition_activate", [programme])

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE
    latest = programme.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (csb_manager, "activate")
    assert messages_of(response) == [f"1 programme is now active: {programme}."]


def test_suspending_a_programme_asks_for_a_reason_before_anything_changes(client, csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    client.force_login(csb_manager)

    response = run_action(client, "programme", "transition_suspend", [programme])

    assert response.status_code == 200
    assert response.templates[0].name == "admin/transition_reason.html"
    page = response.content.decode()
    assert 'name="reason"' in page
    assert f'name="_selected_action" value="{programme.pk}"' in page
    assert 'name="action" value="transition_suspend"' in page
    assert 'name="post" value="yes"' in page
    assert 'name="csrfmiddlewaretoken"' in page
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_suspending_a_programme_without_a_reason_shows_the_page_again_with_an_error(
    client, csb_manager
):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    client.force_login(csb_manager)

    response = run_action(
        client, "programme", "transition_suspend", [programme], post="yes", reason="  "
    )

    assert response.status_code == 200
    assert response.context["form"].errors["reason"] == ["This field is required."]
    programme.refresh_from_db()
    assert programme.status == Programme.Status.ACTIVE


def test_suspending_a_programme_with_a_reason_suspends_it_and_keeps_the_reason(client, csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    client.force_login(csb_manager)

    response = run_action(
        client,
        "programme",
        "transition_suspend",
        [programme],
        post="yes",
        reason="Suspended during the epidemic.",
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert programme.status == Programme.Status.SUSPENDED
    assert programme.status_reason == "Suspended during the epidemic."


def test_resuming_some_programmes_reports_each_that_could_not_be_resumed(client, csb_manager):
    suspended = ProgrammeFactory(status=Programme.Status.SUSPENDED, name_en="Suspended one")
    active = ProgrammeFactory(status=Programme.Status.ACTIVE, name_en="Active one")
    client.force_login(csb_manager)

    response = run_action(client, "programme", "transition_resume", [suspended, active])

    suspended.refresh_from_db()
    assert suspended.status == Programme.Status.ACTIVE
    assert messages_of(response) == [
        "Active one was left unchanged. Cannot resume this programme: it is active. "
        "That is possible only when it is suspended.",
        "1 programme is now active: Suspended one.",
    ]


def programme_form(programme, **overrides):
    data = {
        "code": programme.code,
        "name_en": programme.name_en,
        "name_zh_hant": "",
        "name_zh_hans": "",
        "kind": programme.kind,
        "organiser": programme.organiser_id,
        "direction": programme.direction,
        "default_duration_value": "3",
        "default_duration_unit": "month",
        "established_year": "",
        "description": "",
        "description_zh_hant": "",
        "description_zh_hans": "",
        "recommending_body": "",
        "_save": "Save",
        **empty_inlines("suspensions", "document_requirements", "agreements", "cohorts"),
    }
    return data | overrides


def test_posting_a_status_on_the_programme_form_changes_nothing_but_the_facts(client, csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]),
        programme_form(programme, name_en="Renamed", status="closed", status_reason="Typed in"),
    )

    assert response.status_code == 302
    programme.refresh_from_db()
    assert (programme.name_en, programme.status, programme.status_reason) == (
        "Renamed",
        Programme.Status.ACTIVE,
        "",
    )


def test_programme_page_lists_its_agreements_and_cohorts_with_links_to_add_more(
    admin_client,
):
    programme = ProgrammeFactory()
    PartnerAgreementFactory(programme=programme, title="GBA staff exchange agreement")
    CohortFactory(programme=programme, name="Phase 1 batch 1")

    response = admin_client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))

    page = response.content.decode()
    assert "GBA staff exchange agreement" in page
    assert "Phase 1 batch 1" in page
    assert f"{reverse('admin:programmes_cohort_add')}?programme={programme.pk}" in page


def cohort_form(programme, **overrides):
    start = timezone.localdate() + datetime.timedelta(days=60)
    data = {
        "programme": programme.pk,
        "agreement": "",
        "name": "GBA phase 2 batch 1",
        "phase": "2",
        "batch": "1",
        "direction": "outbound",
        "nominations_open_at_0": "",
        "nominations_open_at_1": "",
        "nominations_close_at_0": "",
        "nominations_close_at_1": "",
        "start_date": start.isoformat(),
        "end_date": (start + datetime.timedelta(days=90)).isoformat(),
        "places": "10",
        "destination": "Futian, Shenzhen",
        "destination_zh_hant": "",
        "destination_zh_hans": "",
        "_save": "Save",
        **empty_inlines("quotas", "document_requirements", "nominations", "placements"),
    }
    return data | overrides


def test_cohort_under_another_programmes_agreement_is_refused_next_to_the_agreement(
    client, csb_manager
):
    programme = ProgrammeFactory()
    elsewhere = PartnerAgreementFactory(programme=ProgrammeFactory())
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:programmes_cohort_add"), cohort_form(programme, agreement=elsewhere.pk)
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["agreement"] == [
        "The agreement belongs to another programme."
    ]
    assert not Cohort.objects.exists()


def test_adding_a_cohort_with_a_department_quota_saves_both(client, csb_manager):
    programme = ProgrammeFactory()
    department = DepartmentFactory(code="HYD")
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:programmes_cohort_add"),
        cohort_form(
            programme,
            **{
                "quotas-TOTAL_FORMS": "1",
                "quotas-0-department": department.pk,
                "quotas-0-places": "2",
            },
        ),
    )

    assert response.status_code == 302
    cohort = Cohort.objects.get()
    assert [(q.department, q.places) for q in cohort.quotas.all()] == [(department, 2)]
    assert cohort.history.get().history_user == csb_manager


def test_cohort_page_lists_its_quotas_nominations_and_placements(admin_client):
    cohort = CohortFactory()
    CohortQuotaFactory(cohort=cohort, department=DepartmentFactory(code="EMSD"))
    nomination = NominationFactory(cohort=cohort, participant__name_en="HO Ka-ming")
    placement = PlacementFactory(nomination__cohort=cohort)

    response = admin_client.get(reverse("admin:programmes_cohort_change", args=[cohort.pk]))

    page = response.content.decode()
    assert "EMSD" in page
    assert "HO Ka-ming" in page
    assert reverse("admin:placements_nomination_change", args=[nomination.pk]) in page
    assert placement.reference_code in page


def test_opening_nominations_from_the_cohort_page_opens_the_call(client, csb_manager):
    cohort = CohortFactory(
        status=Cohort.Status.PLANNED,
        nominations_close_at=timezone.now() + datetime.timedelta(days=14),
    )
    url = reverse("admin:programmes_cohort_change", args=[cohort.pk])
    client.force_login(csb_manager)

    response = client.post(
        url,
        {"CHANGE_FORM-action": "transition_open_nominations", "_selected_action": cohort.pk},
    )

    assert response.status_code == 302
    assert response.url == url
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.NOMINATIONS_OPEN


def test_bringing_an_unsigned_agreement_into_force_says_to_record_the_signing_date(
    client, csb_manager
):
    agreement = PartnerAgreementFactory(status=PartnerAgreement.Status.DRAFT, signed_on=None)
    client.force_login(csb_manager)

    response = run_action(client, "partneragreement", "transition_bring_into_force", [agreement])

    agreement.refresh_from_db()
    assert agreement.status == PartnerAgreement.Status.DRAFT
    assert messages_of(response) == [
        f"{agreement} was left unchanged. "
        "Record the date the agreement was signed before bringing it into force."
    ]


def test_closing_a_programme_warns_that_it_cannot_be_undone(client, csb_manager):
    programme = ProgrammeFactory(status=Programme.Status.ACTIVE)
    client.force_login(csb_manager)

    response = run_action(client, "programme", "transition_close", [programme])

    assert "This cannot be undone." in response.content.decode()


def test_viewers_are_not_offered_status_changes(client, django_user_model):
    viewer = django_user_model.objects.create_user(username="viewer", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_programme"))
    ProgrammeFactory()
    client.force_login(viewer)

    response = client.get(reverse("admin:programmes_programme_changelist"))

    assert response.status_code == 200
    assert response.context["action_form"] is None


@pytest.mark.parametrize("model_name", ["cohort", "programme"])
def test_the_search_boxes_page_through_cohorts_and_programmes_in_their_order(
    admin_client, model_name
):
    """The nomination form's cohort box and the cohort form's programme box fetch 20 results a
    page: each record once, in the model's order (the admin's counts would otherwise leave the
    query unordered)."""
    programme = ProgrammeFactory(name_en="Paged Programme")
    today = timezone.localdate()
    # start dates out of creation order
    for created, days in enumerate((5, 40, 15, 30, 10, 35, 20, 25) * 3):
        start = today + datetime.timedelta(days=days + created)
        CohortFactory(programme=programme, start_date=start)
        ProgrammeFactory()
    source = {
        "cohort": {"app_label": "placements", "model_name": "nomination", "field_name": "cohort"},
        "programme": {"app_label": "programmes", "model_name": "cohort", "field_name": "programme"},
    }[model_name]
    shown = []
    for page in (1, 2):
        answer = admin_client.get(reverse("admin:autocomplete"), {**source, "page": page}).json()
        shown += [int(result["id"]) for result in answer["results"]]
    model = Cohort if model_name == "cohort" else Programme
    assert shown == list(model.objects.order_by(*model._meta.ordering).values_list("pk", flat=True))
