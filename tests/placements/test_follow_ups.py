"""After return (issue 19, point 4): the daily command opens the 6- and 12-month follow-ups once,
with their reminders once; the officer and their department's HR each submit their own part,
once, and cannot reach anyone else's; CSB reopens a part."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from notifications.models import OutboundEmail
from placements import services
from placements.models import ReturnFollowUp
from placements.services.daily import advance
from tests.conftest import make_user
from tests.participants.factories import DepartmentFactory, ParticipantFactory
from tests.placements.factories import CompletedPlacementFactory, ReturnFollowUpFactory

pytestmark = pytest.mark.django_db

END = datetime.date(2024, 3, 31)  # 6 months: due 30 Sep 2024, opens 31 Aug; 12: 31 Mar 2025


@pytest.fixture
def epd():
    return DepartmentFactory(code="EPD")


@pytest.fixture
def hyd():
    return DepartmentFactory(code="HYD")


@pytest.fixture
def officer_user(django_user_model):
    return make_user(django_user_model, "officer.wong", "participant")


@pytest.fixture
def placement(epd, officer_user):
    officer = ParticipantFactory(department=epd, user=officer_user, email="wong@example.gov.hk")
    return CompletedPlacementFactory(nomination__participant=officer, end_date=END)


@pytest.fixture
def hr(django_user_model, epd):
    return make_user(django_user_model, "hr.epd", "department_hr", department=epd)


@pytest.fixture
def other_hr(django_user_model, hyd):
    return make_user(django_user_model, "hr.hyd", "department_hr", department=hyd)


def day(text):
    return datetime.date.fromisoformat(text)


def test_the_six_month_follow_up_opens_a_month_before_it_is_due_and_only_once(placement):
    assert advance(today=day("2024-08-30"), follow_ups=True) == {}
    assert not ReturnFollowUp.objects.exists()

    counts = advance(today=day("2024-08-31"), follow_ups=True)
    assert counts == {"follow-ups opened at 6 months": 1}
    follow_up = ReturnFollowUp.objects.get()
    assert (follow_up.months, follow_up.due_on) == (6, day("2024-09-30"))

    assert advance(today=day("2024-08-31"), follow_ups=True) == {}
    assert advance(today=day("2024-09-15"), follow_ups=True) == {}
    assert ReturnFollowUp.objects.count() == 1


def test_the_twelve_month_follow_up_opens_on_its_own_day(placement):
    advance(today=day("2024-08-31"), follow_ups=True)
    assert (
        advance(today=day("2025-02-28"), follow_ups=True).get("follow-ups opened at 12 months")
        is None
    )
    advance(today=day("2025-03-01"), follow_ups=True)
    advance(today=day("2025-03-01"), follow_ups=True)
    assert sorted(ReturnFollowUp.objects.values_list("months", "due_on")) == [
        (6, day("2024-09-30")),
        (12, day("2025-03-31")),
    ]


def test_the_daily_command_opens_the_follow_ups_too(placement):
    out = io.StringIO()
    call_command("advance_placements", date="2024-09-01", stdout=out)
    call_command("advance_placements", date="2024-09-01", stdout=out)
    assert "follow-ups opened at 6 months: 1" in out.getvalue()
    assert ReturnFollowUp.objects.filter(placement=placement, months=6).count() == 1


def test_no_follow_up_for_a_withdrawn_placement(placement):
    placement.status = placement.Status.WITHDRAWN
    placement.save(update_fields=["status"])
    advance(today=day("2024-09-01"), follow_ups=True)
    assert not ReturnFollowUp.objects.exists()


def test_the_officer_and_their_department_hr_are_reminded_once_per_stage(placement, hr):
    advance(today=day("2024-08-31"), follow_ups=True)
    advance(today=day("2024-09-01"), follow_ups=True)
    opened = OutboundEmail.objects.filter(event="follow_up_opened")
    assert sorted(opened.values_list("to_email", flat=True)) == [
        "hr.epd@example.gov.hk",
        "wong@example.gov.hk",
    ]
    # After the due date, one reminder each to whoever has not submitted, however many runs.
    advance(today=day("2024-10-01"), follow_ups=True)
    advance(today=day("2024-10-02"), follow_ups=True)
    overdue = OutboundEmail.objects.filter(event="follow_up_overdue")
    assert overdue.count() == 2
    # The 12-month stage has its own.
    advance(today=day("2025-03-01"), follow_ups=True)
    assert OutboundEmail.objects.filter(event="follow_up_opened").count() == 4


def test_the_officer_reminded_alone_when_hr_has_submitted(placement, hr):
    follow_up = ReturnFollowUpFactory(placement=placement)
    services.follow_up_submit_department(
        follow_up=follow_up, actor=hr, department_view="She briefed the section."
    )
    services.follow_up_remind_overdue(follow_up=follow_up, today=day("2024-10-01"))
    assert list(
        OutboundEmail.objects.filter(event="follow_up_overdue").values_list("to_email", flat=True)
    ) == ["wong@example.gov.hk"]


def test_officer_and_hr_each_submit_their_part_once(placement, officer_user, hr):
    follow_up = ReturnFollowUpFactory(placement=placement)
    services.follow_up_submit_officer(
        follow_up=follow_up, actor=officer_user, officer_account="Set up a joint air monitoring."
    )
    follow_up.refresh_from_db()
    assert follow_up.status == ReturnFollowUp.Status.OPEN
    assert follow_up.officer_submitted_by == officer_user
    with pytest.raises(ValidationError) as refused:
        services.follow_up_submit_officer(
            follow_up=follow_up, actor=officer_user, officer_account="Changed."
        )
    assert "officer_account" in refused.value.message_dict
    services.follow_up_submit_department(
        follow_up=follow_up, actor=hr, department_view="Applied in two projects."
    )
    follow_up.refresh_from_db()
    assert follow_up.status == ReturnFollowUp.Status.COMPLETE
    assert follow_up.officer_account == "Set up a joint air monitoring."
    assert follow_up.history.count() == 3


def test_no_one_writes_another_part(placement, officer_user, hr, other_hr, csb_manager):
    follow_up = ReturnFollowUpFactory(placement=placement)
    for actor in (hr, other_hr, csb_manager):
        with pytest.raises(PermissionDenied):
            services.follow_up_submit_officer(follow_up=follow_up, actor=actor, officer_account="x")
    for actor in (officer_user, other_hr, csb_manager):
        with pytest.raises(PermissionDenied):
            services.follow_up_submit_department(
                follow_up=follow_up, actor=actor, department_view="x"
            )


def test_a_part_is_refused_before_the_window_opens_and_without_text(placement, officer_user):
    early = ReturnFollowUpFactory(
        placement=placement, due_on=timezone.localdate() + datetime.timedelta(days=60)
    )
    with pytest.raises(ValidationError, match="opens on"):
        services.follow_up_submit_officer(follow_up=early, actor=officer_user, officer_account="x")
    open_one = ReturnFollowUpFactory(placement=placement, months=12)
    with pytest.raises(ValidationError, match="Write something"):
        services.follow_up_submit_officer(
            follow_up=open_one, actor=officer_user, officer_account="   "
        )


def test_csb_reopens_a_submitted_part_for_its_author(placement, officer_user, hr, csb_manager):
    follow_up = ReturnFollowUpFactory(placement=placement)
    services.follow_up_submit_officer(follow_up=follow_up, actor=officer_user, officer_account="A")
    with pytest.raises(PermissionDenied):
        services.follow_up_reopen(follow_up=follow_up, actor=hr, part="officer", reason="typo")
    services.follow_up_reopen(
        follow_up=follow_up, actor=csb_manager, part="officer", reason="Add the project's name."
    )
    services.follow_up_submit_officer(
        follow_up=follow_up, actor=officer_user, officer_account="A, in the Qianhai project."
    )
    follow_up.refresh_from_db()
    assert follow_up.officer_account == "A, in the Qianhai project."


def test_one_follow_up_per_stage_and_only_at_6_or_12_months(placement):
    ReturnFollowUpFactory(placement=placement)
    with pytest.raises(ValidationError):
        ReturnFollowUp(placement=placement, months=6, due_on=END).full_clean()
    with pytest.raises(ValidationError):
        ReturnFollowUp(placement=placement, months=9, due_on=END).full_clean()


# Screens ------------------------------------------------------------------------------------


def test_the_officer_writes_on_their_portal(client, placement, officer_user):
    follow_up = ReturnFollowUpFactory(placement=placement)
    client.force_login(officer_user)
    home = client.get(reverse("portal:home"))
    assert reverse("portal:follow_up", args=[follow_up.pk]) in home.content.decode()
    url = reverse("portal:follow_up", args=[follow_up.pk])
    response = client.post(
        url, {"officer_account": "Briefed my section on the river chief system."}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.officer_submitted_at is not None
    page = client.get(url).content.decode()
    assert "Briefed my section" in page and "<textarea" not in page


def test_another_officer_gets_a_404(client, django_user_model, placement):
    follow_up = ReturnFollowUpFactory(placement=placement)
    other = make_user(django_user_model, "officer.lee", "participant")
    ParticipantFactory(user=other)
    client.force_login(other)
    url = reverse("portal:follow_up", args=[follow_up.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"officer_account": "Mine now."}).status_code == 404
    follow_up.refresh_from_db()
    assert follow_up.officer_account == ""


def test_hr_fills_the_department_view_from_their_home(client, placement, hr):
    follow_up = ReturnFollowUpFactory(placement=placement)
    client.force_login(hr)
    home = client.get(reverse("staff:hr_home")).content.decode()
    assert follow_up.get_staff_url() in home
    response = client.post(follow_up.get_staff_url(), {"department_view": "Led two projects."})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.department_view == "Led two projects."
    assert follow_up.department_submitted_by == hr


def test_another_department_hr_gets_a_404(client, placement, other_hr):
    follow_up = ReturnFollowUpFactory(placement=placement)
    client.force_login(other_hr)
    assert follow_up.get_staff_url() not in client.get(reverse("staff:hr_home")).content.decode()
    assert client.get(follow_up.get_staff_url()).status_code == 404
    assert client.post(follow_up.get_staff_url(), {"department_view": "x"}).status_code == 404


def test_the_staff_placement_page_shows_both_parts(client, placement, csb_manager):
    follow_up = ReturnFollowUpFactory(
        placement=placement,
        officer_account="Officer wrote this.",
        officer_submitted_at=timezone.now(),
        department_view="HR wrote that.",
        department_submitted_at=timezone.now(),
        status=ReturnFollowUp.Status.COMPLETE,
    )
    client.force_login(csb_manager)
    page = client.get(placement.get_staff_url()).content.decode()
    assert "Officer wrote this." in page and "HR wrote that." in page
    assert follow_up.get_staff_url() in page


def test_csb_reopens_from_the_follow_up_page(client, placement, csb_manager):
    follow_up = ReturnFollowUpFactory(
        placement=placement, officer_account="Text.", officer_submitted_at=timezone.now()
    )
    client.force_login(csb_manager)
    response = client.post(
        follow_up.get_staff_url(), {"reopen": "", "part": "officer", "reason": "Too short."}
    )
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.officer_submitted_at is None and follow_up.status_reason == "Too short."
