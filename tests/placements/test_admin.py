import datetime
import re

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from placements.models import HostOrganisation, HostUnit, Nomination, Placement, PlacementReport
from programmes.models import Cohort
from tests.participants.factories import DepartmentFactory, GradeFactory, ParticipantFactory
from tests.placements.factories import (
    FocusAreaFactory,
    HostOrganisationFactory,
    HostUnitFactory,
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def bulk_create(factory, count, **kwargs):
    """`count` rows in one INSERT, for size only: no history rows (a list page reads none)."""
    return factory._meta.model.objects.bulk_create(factory.build_batch(count, **kwargs))


def bulk_nominations(cohort, count, factory=NominationFactory):
    officers = bulk_create(
        ParticipantFactory, count, department=DepartmentFactory(), grade=GradeFactory()
    )
    return Nomination.objects.bulk_create(
        [factory.build(cohort=cohort, participant=officer) for officer in officers]
    )


def bulk_placements(cohort, count):
    unit = HostUnitFactory()
    return Placement.objects.bulk_create(
        [
            PlacementFactory.build(nomination=nomination, host_unit=unit)
            for nomination in bulk_nominations(cohort, count, SelectedNominationFactory)
        ]
    )


def get_list(client, model_name, assert_num_queries, queries):
    with assert_num_queries(queries):
        response = client.get(reverse(f"admin:placements_{model_name}_changelist"))
    assert response.status_code == 200
    return response


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


# A changelist shows 100 rows a page; each of these fails if a row costs a query of its own.


def test_host_organisation_list_costs_the_same_queries_for_200_as_for_5(
    admin_client, django_assert_num_queries
):
    parent = HostOrganisationFactory()
    HostOrganisationFactory.create_batch(4, parent=parent)
    get_list(admin_client, "hostorganisation", django_assert_num_queries, 4)
    bulk_create(HostOrganisationFactory, 195, parent=parent)
    response = get_list(admin_client, "hostorganisation", django_assert_num_queries, 4)
    assert response.context["cl"].result_count == 200


def test_host_unit_list_costs_the_same_queries_for_200_units_as_for_5(
    admin_client, django_assert_num_queries
):
    organisation = HostOrganisationFactory()
    HostUnitFactory.create_batch(5, organisation=organisation)
    get_list(admin_client, "hostunit", django_assert_num_queries, 4)
    bulk_create(HostUnitFactory, 195, organisation=organisation)
    response = get_list(admin_client, "hostunit", django_assert_num_queries, 4)
    assert response.context["cl"].result_count == 200


def test_focus_area_list_costs_the_same_queries_for_200_areas_as_for_5(
    admin_client, django_assert_num_queries
):
    FocusAreaFactory.create_batch(5)
    get_list(admin_client, "focusarea", django_assert_num_queries, 3)
    bulk_create(FocusAreaFactory, 195)
    response = get_list(admin_client, "focusarea", django_assert_num_queries, 3)
    assert response.context["cl"].result_count == 200


def test_nomination_list_costs_the_same_queries_for_200_nominations_as_for_5(
    admin_client, django_assert_num_queries
):
    cohort = CohortFactory()
    NominationFactory.create_batch(4, cohort=cohort)
    PlacementFactory(nomination__cohort=cohort)
    get_list(admin_client, "nomination", django_assert_num_queries, 8)
    bulk_nominations(cohort, 100)
    bulk_placements(cohort, 95)
    response = get_list(admin_client, "nomination", django_assert_num_queries, 8)
    assert response.context["cl"].result_count == 200


def test_placement_list_costs_the_same_queries_for_200_placements_as_for_5(
    admin_client, django_assert_num_queries
):
    cohort = CohortFactory()
    PlacementFactory.create_batch(5, nomination__cohort=cohort)
    # The first request under a figures version reads the programme and focus-area filters'
    # choices (two queries); later ones find them kept
    # (docs/decisions/0060-admin-changelist-near-the-floor.md).
    get_list(admin_client, "placement", django_assert_num_queries, 7)
    get_list(admin_client, "placement", django_assert_num_queries, 5)
    bulk_placements(cohort, 195)
    get_list(admin_client, "placement", django_assert_num_queries, 7)  # a unit was saved
    response = get_list(admin_client, "placement", django_assert_num_queries, 5)
    assert response.context["cl"].result_count == 200


def test_report_list_costs_the_same_queries_for_200_reports_as_for_5(
    admin_client, django_assert_num_queries
):
    cohort = CohortFactory()
    PlacementReportFactory.create_batch(5, placement__nomination__cohort=cohort)
    get_list(admin_client, "placementreport", django_assert_num_queries, 6)
    PlacementReport.objects.bulk_create(
        [PlacementReportFactory.build(placement=p) for p in bulk_placements(cohort, 195)]
    )
    response = get_list(admin_client, "placementreport", django_assert_num_queries, 6)
    assert response.context["cl"].result_count == 200


# Placement status changes ---------------------------------------------------------------------


def run_action(client, model_name, action, objects, **extra):
    return client.post(
        reverse(f"admin:placements_{model_name}_changelist"),
        {"action": action, "_selected_action": [o.pk for o in objects], "index": "0"} | extra,
    )


def test_confirming_a_proposed_placement_confirms_it_and_records_who(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.PROPOSED)
    client.force_login(csb_manager)

    response = run_action(client, "placement", "transition_confirm", [placement])

    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CONFIRMED
    latest = placement.history.latest()
    assert (latest.status, latest.history_user) == (Placement.Status.CONFIRMED, csb_manager)
    assert messages_of(response) == [f"1 placement is now confirmed: {placement}."]


def test_confirming_a_withdrawn_placement_leaves_it_withdrawn_and_says_why(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.WITHDRAWN)
    client.force_login(csb_manager)

    response = run_action(client, "placement", "transition_confirm", [placement])

    placement.refresh_from_db()
    assert placement.status == Placement.Status.WITHDRAWN
    assert messages_of(response) == [
        f"{placement} was left unchanged. Cannot confirm this placement: it is withdrawn. "
        "That is possible only when it is proposed."
    ]


def test_withdrawing_a_placement_asks_for_a_reason_then_withdraws_it(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    client.force_login(csb_manager)

    asked = run_action(client, "placement", "transition_withdraw", [placement])
    placement.refresh_from_db()
    status_while_asking = placement.status
    answered = run_action(
        client,
        "placement",
        "transition_withdraw",
        [placement],
        post="yes",
        reason="Officer promoted; released by the department.",
    )

    assert asked.status_code == 200
    assert "admin/transition_reason.html" in [t.name for t in asked.templates]
    assert str(placement) in asked.content.decode()
    assert status_while_asking == Placement.Status.CONFIRMED
    assert answered.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.WITHDRAWN
    assert placement.status_reason == "Officer promoted; released by the department."


def test_cancelling_from_the_placement_page_asks_for_a_reason_on_the_same_page(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.PROPOSED)
    url = reverse("admin:placements_placement_change", args=[placement.pk])
    client.force_login(csb_manager)
    chosen = {"CHANGE_FORM-action": "transition_cancel", "_selected_action": placement.pk}

    asked = client.post(url, chosen)
    answered = client.post(url, chosen | {"post": "yes", "reason": "Host unit reorganised."})

    assert 'name="CHANGE_FORM-action" value="transition_cancel"' in asked.content.decode()
    assert answered.status_code == 302
    assert answered.url == url
    placement.refresh_from_db()
    assert placement.status == Placement.Status.CANCELLED


def test_completing_a_placement_asks_for_confirmation_then_opens_its_two_reports(
    client, csb_manager
):
    placement = PlacementFactory(status=Placement.Status.IN_PROGRESS)
    client.force_login(csb_manager)

    asked = run_action(client, "placement", "transition_complete", [placement])
    placement.refresh_from_db()
    status_while_asking = placement.status
    answered = run_action(client, "placement", "transition_complete", [placement], post="yes")

    assert "This cannot be undone." in asked.content.decode()
    assert status_while_asking == Placement.Status.IN_PROGRESS
    assert answered.status_code == 302
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED
    assert placement.reports.count() == 2


def placement_change_form(placement, **overrides):
    data = {
        "host_unit": placement.host_unit_id,
        "start_date": placement.start_date.isoformat(),
        "end_date": placement.end_date.isoformat(),
        "role_title": placement.role_title,
        "duties": "",
        "supervisor_name": "",
        "supervisor_title": "",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "amendments-TOTAL_FORMS": "0",
        "amendments-INITIAL_FORMS": "0",
        "_save": "Save",
    }
    return data | overrides


def test_posting_a_status_on_the_placement_form_changes_nothing_but_the_role(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.PROPOSED)
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_placement_change", args=[placement.pk]),
        placement_change_form(
            placement,
            role_title="Special Assistant to the Deputy Director",
            status=Placement.Status.COMPLETED,
            reference_code="EX-AAAA-BBBB-CCCC",
        ),
    )

    assert response.status_code == 302
    before = placement.reference_code
    placement.refresh_from_db()
    assert placement.role_title == "Special Assistant to the Deputy Director"
    assert (placement.status, placement.reference_code) == (Placement.Status.PROPOSED, before)
    assert placement.history.latest().history_user == csb_manager


def test_placement_dates_that_overlap_another_placement_are_refused_next_to_the_start_date(
    client, csb_manager
):
    earlier = PlacementFactory(status=Placement.Status.CONFIRMED)
    officer = earlier.participant
    placement = PlacementFactory(
        nomination__participant=officer,
        start_date=earlier.end_date + datetime.timedelta(days=10),
        end_date=earlier.end_date + datetime.timedelta(days=100),
    )
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_placement_change", args=[placement.pk]),
        placement_change_form(placement, start_date=earlier.end_date.isoformat()),
    )

    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["start_date"]
    assert error.startswith(f"These dates overlap placement {earlier.reference_code}")
    placement.refresh_from_db()
    assert placement.start_date == earlier.end_date + datetime.timedelta(days=10)


def test_confirmed_placement_dates_and_host_are_shown_but_not_editable(admin_client):
    placement = PlacementFactory(status=Placement.Status.CONFIRMED)

    response = admin_client.get(reverse("admin:placements_placement_change", args=[placement.pk]))

    fields = response.context["adminform"].form.fields
    assert "role_title" in fields
    assert not {"host_unit", "start_date", "end_date", "status"} & set(fields)


def test_placement_history_page_lists_the_confirmation_and_who_made_it(client, csb_manager):
    placement = PlacementFactory(status=Placement.Status.PROPOSED)
    client.force_login(csb_manager)
    run_action(client, "placement", "transition_confirm", [placement])

    response = client.get(reverse("admin:placements_placement_history", args=[placement.pk]))

    assert response.status_code == 200
    latest = response.context["page_obj"][0]
    assert (latest.history_user, latest.history_change_reason) == (csb_manager, "confirm")
    page = response.content.decode()
    assert "csb.manager" in page
    assert re.search(r"proposed\s*&nbsp;&rarr;&nbsp;&nbsp;confirmed", page)


# Adding placements ----------------------------------------------------------------------------


def test_placement_add_form_takes_the_officer_and_cohort_from_the_nomination(client, csb_manager):
    nomination = SelectedNominationFactory()
    unit = HostUnitFactory()
    area = FocusAreaFactory(code="urban-planning")
    url = reverse("admin:placements_placement_add")
    client.force_login(csb_manager)

    form_fields = client.get(url).context["adminform"].form.fields
    response = client.post(
        url,
        {
            "nomination": nomination.pk,
            "host_unit": unit.pk,
            "start_date": "",
            "end_date": "",
            "role_title": "Special Assistant",
            "duties": "",
            "supervisor_name": "",
            "supervisor_title": "",
            "focus_areas": [area.pk],
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "amendments-TOTAL_FORMS": "0",
            "amendments-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert not {"participant", "cohort", "status", "reference_code"} & set(form_fields)
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert (placement.participant, placement.cohort) == (nomination.participant, nomination.cohort)
    assert (placement.start_date, placement.end_date) == (
        nomination.cohort.start_date,
        nomination.cohort.end_date,
    )
    assert list(placement.focus_areas.all()) == [area]
    assert placement.history.earliest().history_user == csb_manager


def test_placing_a_nomination_that_is_not_selected_is_refused_next_to_the_nomination(
    client, csb_manager
):
    nomination = NominationFactory(status=Nomination.Status.SHORTLISTED)
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_placement_add"),
        {
            "nomination": nomination.pk,
            "host_unit": HostUnitFactory().pk,
            "reports-TOTAL_FORMS": "0",
            "reports-INITIAL_FORMS": "0",
            "amendments-TOTAL_FORMS": "0",
            "amendments-INITIAL_FORMS": "0",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nomination"] == [
        "Only a selected nomination can be placed; this one is shortlisted."
    ]
    assert not Placement.objects.exists()


def test_nomination_search_when_placing_offers_only_selected_nominations_without_a_placement(
    admin_client,
):
    cohort = CohortFactory()
    unplaced = SelectedNominationFactory.create_batch(2, cohort=cohort)
    PlacementFactory(nomination__cohort=cohort)
    NominationFactory(cohort=cohort)

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "placements", "model_name": "placement", "field_name": "nomination"},
    )

    ids = {int(result["id"]) for result in response.json()["results"]}
    assert ids == {nomination.pk for nomination in unplaced}


# Nominations ----------------------------------------------------------------------------------


def nomination_add_form(cohort, officer, **overrides):
    data = {
        "cohort": cohort.pk,
        "participant": officer.pk,
        "nominating_department": officer.department_id,
        "rank": "1",
        "statement": "Led the district's planning liaison.",
        "_save": "Save",
    }
    return data | overrides


def test_nominating_for_a_cohort_that_is_not_open_shows_the_reason_next_to_the_cohort(
    client, csb_manager
):
    cohort = CohortFactory(status=Cohort.Status.PLANNED, name="GBA phase 1 batch 1")
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_nomination_add"),
        nomination_add_form(cohort, ParticipantFactory()),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cohort"] == [
        "GBA phase 1 batch 1 is not open for nominations (it is planned)."
    ]
    assert not Nomination.objects.exists()


def test_nominating_for_an_open_cohort_submits_the_nomination(client, csb_manager):
    cohort = OpenCohortFactory()
    officer = ParticipantFactory()
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_nomination_add"), nomination_add_form(cohort, officer)
    )

    assert response.status_code == 302
    nomination = Nomination.objects.get()
    assert (nomination.participant, nomination.status) == (officer, Nomination.Status.SUBMITTED)
    assert nomination.history.get().history_user == csb_manager
    assert response.url == reverse("admin:placements_nomination_changelist")


def test_nominating_another_departments_officer_is_refused_next_to_the_officer(client, csb_manager):
    cohort = OpenCohortFactory()
    officer = ParticipantFactory()
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_nomination_add"),
        nomination_add_form(cohort, officer, nominating_department=DepartmentFactory().pk),
    )

    assert response.context["adminform"].form.errors["participant"] == [
        "A department can only nominate its own officers."
    ]


def test_editing_a_nomination_changes_its_statement_but_not_its_officer(client, csb_manager):
    nomination = NominationFactory()
    officer = nomination.participant
    client.force_login(csb_manager)

    response = client.post(
        reverse("admin:placements_nomination_change", args=[nomination.pk]),
        {
            "participant": ParticipantFactory().pk,
            "rank": "2",
            "statement": "Updated statement.",
            "status": Nomination.Status.SELECTED,
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.participant, nomination.rank, nomination.statement) == (
        officer,
        2,
        "Updated statement.",
    )
    assert nomination.status == Nomination.Status.SUBMITTED


def test_recording_a_recommendation_asks_who_recommended_and_when(client, csb_manager):
    programme = ProgrammeFactory(
        requires_external_recommendation=True, recommending_body="Commissioner's Office"
    )
    nomination = NominationFactory(
        cohort__programme=programme, status=Nomination.Status.SHORTLISTED
    )
    client.force_login(csb_manager)

    asked = run_action(client, "nomination", "transition_recommend", [nomination])
    answered = run_action(
        client,
        "nomination",
        "transition_recommend",
        [nomination],
        post="yes",
        recommended_by="Office of the Commissioner",
        recommended_on="2024-03-01",
    )

    assert asked.context["form"].initial["recommended_by"] == "Commissioner's Office"
    assert answered.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.status, nomination.recommended_by, nomination.recommended_on) == (
        Nomination.Status.RECOMMENDED,
        "Office of the Commissioner",
        datetime.date(2024, 3, 1),
    )


def test_staff_who_may_not_decide_are_offered_withdrawal_but_no_decisions(
    client, django_user_model
):
    hr_officer = django_user_model.objects.create_user(username="hr.officer", is_staff=True)
    hr_officer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_nomination", "change_nomination"])
    )
    NominationFactory()
    client.force_login(hr_officer)

    response = client.get(reverse("admin:placements_nomination_changelist"))

    choices = [name for name, _ in response.context["action_form"].fields["action"].choices]
    assert "transition_withdraw" in choices
    assert not {"transition_shortlist", "transition_select", "transition_decline"} & set(choices)


# Reports --------------------------------------------------------------------------------------


def test_returning_a_submitted_report_needs_a_reason_and_reopens_it(client, csb_manager):
    report = PlacementReportFactory(
        status=PlacementReport.Status.SUBMITTED, summary="Done.", submitted_at=timezone.now()
    )
    client.force_login(csb_manager)

    response = run_action(
        client,
        "placementreport",
        "transition_return",
        [report],
        post="yes",
        reason="Please add the host's comments.",
    )

    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.submitted_at) == (PlacementReport.Status.DRAFT, None)


def test_submitting_an_empty_report_says_to_write_a_summary(client, csb_manager):
    report = PlacementReportFactory(summary="")
    client.force_login(csb_manager)

    response = run_action(client, "placementreport", "transition_submit", [report])

    report.refresh_from_db()
    assert report.status == PlacementReport.Status.DRAFT
    assert messages_of(response) == [
        f"{report} was left unchanged. Write a summary before submitting the report."
    ]


def test_reports_are_not_added_by_hand(admin_client):
    response = admin_client.get(reverse("admin:placements_placementreport_add"))

    assert response.status_code == 403


def hierarchy_years(html: str) -> list[int]:
    return [int(y) for y in re.findall(r"[?;]start_date__year=(\d{4})[&\"]", html)]


def test_the_placement_list_offers_the_years_that_have_placements_for_one_query(
    admin_client, django_assert_num_queries
):
    """The date hierarchy's years are probed year by year (exchange_portal/admin_dates.py): the
    same years as Django's DISTINCT, in one query however many years there are."""
    url = reverse("admin:placements_placement_changelist")

    def placements_in(*years, status=Placement.Status.PROPOSED, day=(3, 1)):
        for year in years:
            start = datetime.date(year, *day)
            cohort = CohortFactory(start_date=start, end_date=start + datetime.timedelta(90))
            PlacementFactory(nomination__cohort=cohort, status=status)

    placements_in(2019, 2024)
    placements_in(2021, 2023, status=Placement.Status.COMPLETED)
    admin_client.get(url)
    with CaptureQueriesContext(connection) as captured:
        html = admin_client.get(url).content.decode()
    few = len(captured.captured_queries)
    assert hierarchy_years(html) == [2019, 2021, 2023, 2024]
    assert hierarchy_years(html) == [
        d.year for d in Placement.objects.order_by().dates("start_date", "year")
    ]
    completed = admin_client.get(url, {"status__exact": "completed"}).content.decode()
    assert hierarchy_years(completed) == [2021, 2023]

    placements_in(2011, 2013, 2030)
    placements_in(2016, day=(1, 1))
    placements_in(2027, day=(12, 31))
    admin_client.get(url)  # the new programmes' filter choices are read once (kept after)
    with django_assert_num_queries(few):
        html = admin_client.get(url).content.decode()
    assert hierarchy_years(html) == [2011, 2013, 2016, 2019, 2021, 2023, 2024, 2027, 2030]


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_changelist_checkbox_and_status_are_djangos_markup(rf, language, django_user_model):
    """The portal's admin writes each row's checkbox and status label itself (decision 0047):
    the same markup and words as Django's own."""
    from django import forms
    from django.contrib import admin as django_admin
    from django.contrib.admin import helpers
    from django.utils import translation
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from placements.models import Placement

    placement = PlacementFactory(status=Placement.Status.CONFIRMED)
    model_admin = django_admin.site._registry[Placement]
    with translation.override(language):
        django_checkbox = forms.CheckboxInput(
            {
                "class": "action-select",
                "aria-label": format_html(
                    gettext("Select this object for an action - {}"), str(placement)
                ),
            },
            lambda value: False,
        ).render(helpers.ACTION_CHECKBOX_NAME, str(placement.pk))
        assert model_admin.action_checkbox(placement) == django_checkbox
        assert model_admin.status_label(placement) == placement.get_status_display()


def test_a_host_organisation_and_its_unit_are_saved_with_the_city_and_country_in_both_scripts(
    client, csb_manager
):
    client.force_login(csb_manager)
    inline = {
        f"units-{key}": value
        for key, value in {
            "TOTAL_FORMS": "1",
            "INITIAL_FORMS": "0",
            "0-name_en": "Geneva office",
            "0-name_zh_hant": "日內瓦辦事處",
            "0-name_zh_hans": "日内瓦办事处",
            "0-city": "Geneva",
            "0-city_zh_hant": "日內瓦",
            "0-city_zh_hans": "日内瓦",
        }.items()
    }
    response = client.post(
        reverse("admin:placements_hostorganisation_add"),
        {
            "name_en": "World Health Organization",
            "name_zh_hant": "世界衞生組織",
            "name_zh_hans": "世界卫生组织",
            "kind": "un_body",
            "country": "Switzerland",
            "country_zh_hant": "瑞士",
            "country_zh_hans": "瑞士",
            "city": "Geneva",
            "city_zh_hant": "日內瓦",
            "city_zh_hans": "日内瓦",
            **inline,
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    host = HostOrganisation.objects.get(name_en="World Health Organization")
    assert (host.country_zh_hant, host.country_zh_hans) == ("瑞士", "瑞士")
    assert (host.city_zh_hant, host.city_zh_hans) == ("日內瓦", "日内瓦")
    unit = host.units.get()
    assert (unit.city_zh_hant, unit.city_zh_hans) == ("日內瓦", "日内瓦")

    # A city in one script only is given back with the other offered, not saved unseen.
    offered = client.post(
        reverse("admin:placements_hostunit_add"),
        {
            "organisation": host.pk,
            "name_en": "Liaison office",
            "city": "Lyon",
            "city_zh_hant": "里昂",
        },
    )
    assert offered.status_code == 200
    assert not HostUnit.objects.filter(name_en="Liaison office").exists()
    assert offered.context["adminform"].form["city_zh_hans"].value() == "里昂"
