"""A department HR officer works in the admin on their own department's records only. Another
department's record is a 404 on every path to it, and posting past the form changes nothing."""

import datetime

import pytest
from django.urls import reverse

from participants.models import Participant, UserProfile
from placements.models import Nomination, Placement
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import (
    NominationFactory,
    PlacementFactory,
    PlacementReportFactory,
    SelectedNominationFactory,
)
from tests.programmes.factories import CohortFactory, OpenCohortFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_user_model):
    epd = DepartmentFactory(code="EPD", name_en="Environmental Protection Department")
    td = DepartmentFactory(code="TD", name_en="Transport Department")
    hr = make_user(django_user_model, "hr.epd", "department_hr")
    UserProfile.objects.create(user=hr, department=epd)
    cohort = OpenCohortFactory(places=10)
    ours = ParticipantFactory(department=epd, name_en="OURS Officer-epd")
    theirs = ParticipantFactory(department=td, name_en="THEIRS Officer-td", email="t@td.gov.hk")
    our_placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=ours, cohort=cohort),
        status=Placement.Status.COMPLETED,
    )
    their_placement = PlacementFactory(
        nomination=SelectedNominationFactory(participant=theirs, cohort=cohort),
        status=Placement.Status.COMPLETED,
    )
    return {
        "epd": epd,
        "td": td,
        "hr": hr,
        "cohort": cohort,
        "ours": ours,
        "theirs": theirs,
        "our_placement": our_placement,
        "their_placement": their_placement,
        "their_report": PlacementReportFactory(placement=their_placement),
    }


def admin_url(model, view, *args):
    app = model._meta.app_label
    return reverse(f"admin:{app}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def hr_client(client, world):
    client.force_login(world["hr"])
    return client


def test_hr_lists_show_only_their_departments_records(hr_client, world):
    for model in (Participant, Nomination, Placement):
        html = hr_client.get(admin_url(model, "changelist")).content.decode()
        assert "OURS" in html, model
        assert "THEIRS" not in html, model


def test_searching_for_another_departments_officer_finds_nothing(hr_client, world):
    html = hr_client.get(admin_url(Participant, "changelist") + "?q=THEIRS").content.decode()
    assert "THEIRS Officer-td" not in html
    assert admin_url(Participant, "change", world["theirs"].pk) not in html
    assert "0 results" in html


@pytest.mark.parametrize("view", ["change", "history"])
def test_another_departments_records_are_not_found(hr_client, world, view):
    targets = [
        (Participant, world["theirs"].pk),
        (Nomination, world["their_placement"].nomination_id),
        (Placement, world["their_placement"].pk),
        (type(world["their_report"]), world["their_report"].pk),
    ]
    for model, pk in targets:
        assert hr_client.get(admin_url(model, view, pk)).status_code == 404, model
    # Their own are there.
    assert hr_client.get(admin_url(Participant, view, world["ours"].pk)).status_code == 200


def test_an_old_version_of_another_departments_record_is_not_found(hr_client, world):
    record = world["theirs"].history.first()
    url = reverse(
        "admin:participants_participant_simple_history",
        args=[world["theirs"].pk, record.history_id],
    )
    assert hr_client.get(url).status_code == 404


def test_autocomplete_offers_only_their_own_officers(hr_client, world):
    response = hr_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "placements",
            "model_name": "nomination",
            "field_name": "participant",
            "term": "Officer",
        },
    )
    names = [r["text"] for r in response.json()["results"]]
    assert any("OURS" in n for n in names)
    assert not any("THEIRS" in n for n in names)


def test_the_department_filter_offers_only_their_department(hr_client, world):
    html = hr_client.get(admin_url(Participant, "changelist")).content.decode()
    assert f"department__id__exact={world['epd'].pk}" in html
    assert f"department__id__exact={world['td'].pk}" not in html


def test_a_cohort_page_lists_only_their_departments_nominations(hr_client, world):
    html = hr_client.get(admin_url(type(world["cohort"]), "change", world["cohort"].pk))
    assert "OURS" in html.content.decode()
    assert "THEIRS" not in html.content.decode()


def test_hr_cannot_nominate_another_departments_officer(hr_client, world):
    cohort = OpenCohortFactory()
    response = hr_client.post(
        admin_url(Nomination, "add"),
        {
            "cohort": cohort.pk,
            "participant": world["theirs"].pk,
            "nominating_department": world["td"].pk,
            "rank": 1,
            "statement": "x",
        },
    )
    assert response.status_code == 200  # the form again, with errors
    assert not Nomination.objects.filter(cohort=cohort).exists()


def test_hr_nominates_their_own_officer_into_an_open_call(hr_client, world):
    # After the officer's current placement, so the officer is free for these dates.
    cohort = OpenCohortFactory(
        start_date=world["our_placement"].end_date + datetime.timedelta(days=30)
    )
    response = hr_client.post(
        admin_url(Nomination, "add"),
        {
            "cohort": cohort.pk,
            "participant": world["ours"].pk,
            "nominating_department": world["epd"].pk,
            "rank": 1,
            "statement": "Strong.",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(cohort=cohort)
    assert nomination.participant == world["ours"]
    assert nomination.history.first().history_user == world["hr"]


def test_hr_cannot_nominate_into_a_call_that_is_not_open(hr_client, world):
    planned = CohortFactory()
    response = hr_client.post(
        admin_url(Nomination, "add"),
        {
            "cohort": planned.pk,
            "participant": world["ours"].pk,
            "nominating_department": world["epd"].pk,
            "rank": 1,
        },
    )
    assert response.status_code == 200
    assert not Nomination.objects.filter(cohort=planned).exists()


def test_hr_cannot_add_an_officer_to_another_department(hr_client, world):
    response = hr_client.post(
        admin_url(Participant, "add"),
        {
            "name_en": "NEW Officer",
            "email": "new@td.gov.hk",
            "origin": "hong_kong",
            "department": world["td"].pk,
            "rank_level": "middle",
        },
    )
    assert response.status_code == 200
    assert not Participant.objects.filter(name_en="NEW Officer").exists()


def test_hr_cannot_move_their_officer_to_another_department(hr_client, world):
    officer = world["ours"]
    hr_client.post(
        admin_url(Participant, "change", officer.pk),
        {
            "name_en": officer.name_en,
            "email": officer.email,
            "origin": "hong_kong",
            "department": world["td"].pk,
            "rank_level": "middle",
        },
    )
    officer.refresh_from_db()
    assert officer.department == world["epd"]


def test_posting_a_status_changes_nothing(hr_client, world):
    nomination = NominationFactory(participant=world["ours"], cohort=OpenCohortFactory())
    hr_client.post(
        admin_url(Nomination, "change", nomination.pk),
        {"rank": 2, "statement": "Updated.", "status": "selected"},
    )
    nomination.refresh_from_db()
    assert nomination.status == Nomination.Status.SUBMITTED


def test_hr_cannot_touch_accounts(hr_client, world):
    assert hr_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    hr_client.post(
        reverse("admin:auth_user_change", args=[world["hr"].pk]),
        {"username": "hr.epd", "is_staff": "on", "is_superuser": "on"},
    )
    world["hr"].refresh_from_db()
    assert not world["hr"].is_superuser


def test_hr_actions_on_another_departments_ids_change_nothing(hr_client, world):
    theirs = NominationFactory(participant=world["theirs"], cohort=OpenCohortFactory())
    hr_client.post(
        admin_url(Nomination, "changelist"),
        {
            "action": "transition_withdraw",
            "_selected_action": [theirs.pk],
            "post": "yes",
            "reason": "hijack",
        },
    )
    theirs.refresh_from_db()
    assert theirs.status == Nomination.Status.SUBMITTED


def test_a_csb_viewer_opens_every_record_and_changes_none(client, world, django_user_model):
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    client.force_login(viewer)
    theirs = world["theirs"]
    assert client.get(admin_url(Participant, "change", theirs.pk)).status_code == 200
    response = client.post(
        admin_url(Participant, "change", theirs.pk),
        {
            "name_en": "RENAMED",
            "email": theirs.email,
            "origin": "hong_kong",
            "department": theirs.department_id,
        },
    )
    assert response.status_code == 403
    theirs.refresh_from_db()
    assert theirs.name_en == "THEIRS Officer-td"
    assert client.get(admin_url(Participant, "add")).status_code == 403
