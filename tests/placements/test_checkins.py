"""Check-ins and renewal (decision 0057): a programme's schedule of reports opened by the daily
command on their days, once; the officer's and host's pages list them by kind; CSB decides a
long appointment's renewal at its yearly review, the extension approved as any amendment."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from notifications.models import OutboundEmail
from placements import services
from placements.models import Placement, PlacementAmendment, PlacementReport, RenewalDecision
from placements.schedule import anniversaries, schedule_for
from programmes.models import Programme
from tests.conftest import make_user
from tests.placements.factories import HostUnitFactory, PlacementFactory
from tests.programmes.factories import CohortFactory, ProgrammeFactory
from tests.test_demo_data import DemoDataTestCase

pytestmark = pytest.mark.django_db

D = datetime.date
K = PlacementReport.Kind
OFFICER, HOST = PlacementReport.Author.PARTICIPANT, PlacementReport.Author.HOST


START, END = D(2030, 1, 1), D(2031, 12, 31)


def placement_of(
    start=START,
    end=END,
    status=Placement.Status.IN_PROGRESS,
    unit=None,
    **schedule,
):
    programme = ProgrammeFactory(kind=Programme.Kind.UN_JPO, **schedule)
    cohort = CohortFactory(programme=programme, start_date=start, end_date=end)
    return PlacementFactory(
        nomination__cohort=cohort, status=status, host_unit=unit or HostUnitFactory()
    )


def run(day):
    call_command("advance_placements", date=day.isoformat(), stdout=io.StringIO())


def opened(placement):
    return sorted(
        placement.reports.values_list("kind", "sequence", "author_role", "due_on"),
        key=lambda row: (row[3], row[0], row[2]),
    )


@pytest.fixture
def manager(django_user_model):
    return make_user(django_user_model, "manager", "csb_manager")


@pytest.fixture
def second_manager(django_user_model):
    return make_user(django_user_model, "manager2", "csb_manager")


# The schedule ---------------------------------------------------------------------------------


def test_a_two_year_jpo_is_reviewed_at_12_and_24_months():
    placement = placement_of(
        initial_checkin_writers="participant",
        midpoint_checkin_writers="both",
        yearly_review_writers="both",
    )
    rows = [(c.kind, c.sequence, c.opens_on, c.due_on, c.authors) for c in schedule_for(placement)]
    assert rows == [
        (K.INITIAL, 0, D(2030, 1, 31), D(2030, 2, 14), (OFFICER,)),
        (K.YEARLY, 1, D(2030, 11, 2), D(2031, 1, 1), (OFFICER, HOST)),
        (K.MIDPOINT, 0, D(2030, 12, 31), D(2031, 1, 14), (OFFICER, HOST)),
        (K.YEARLY, 2, D(2031, 11, 2), D(2032, 1, 1), (OFFICER, HOST)),
        (K.FINAL, 0, D(2032, 1, 1), D(2032, 1, 30), (OFFICER, HOST)),
    ]


def test_an_appointment_shorter_than_a_year_has_no_yearly_review():
    assert anniversaries(D(2030, 1, 1), D(2030, 12, 30)) == []
    assert anniversaries(D(2030, 1, 1), D(2030, 12, 31)) == [D(2031, 1, 1)]
    placement = placement_of(end=D(2030, 6, 30), yearly_review_writers="both")
    assert [c.kind for c in schedule_for(placement)] == [K.FINAL]


def test_a_programme_as_it_was_asks_for_the_final_reports_alone():
    programme = ProgrammeFactory()
    assert programme.final_report_writers == "both"
    assert not programme.initial_checkin_writers and not programme.midpoint_checkin_writers
    placement = placement_of(start=D(2030, 1, 1), end=D(2030, 3, 31))
    for day in (D(2030, 1, 31), D(2030, 2, 15)):
        run(day)
    assert not placement.reports.exists()
    run(D(2030, 4, 1))
    assert opened(placement) == [
        (K.FINAL, 0, HOST, D(2030, 4, 30)),
        (K.FINAL, 0, OFFICER, D(2030, 4, 30)),
    ]


# The daily command ----------------------------------------------------------------------------


def test_the_daily_command_opens_each_check_in_on_its_day_and_never_twice(django_user_model):
    unit = HostUnitFactory()
    unit.contacts.add(make_user(django_user_model, "host", "host_contact"))
    placement = placement_of(
        unit=unit,
        initial_checkin_writers="participant",
        midpoint_checkin_writers="host",
        yearly_review_writers="both",
    )
    run(D(2030, 1, 30))
    assert opened(placement) == []
    run(D(2030, 1, 31))
    run(D(2030, 1, 31))  # twice on the same day: nothing more
    assert opened(placement) == [(K.INITIAL, 0, OFFICER, D(2030, 2, 14))]
    run(D(2030, 11, 2))
    assert opened(placement)[1:] == [
        (K.YEARLY, 1, HOST, D(2031, 1, 1)),
        (K.YEARLY, 1, OFFICER, D(2031, 1, 1)),
    ]
    run(D(2030, 12, 31))
    assert (K.MIDPOINT, 0, HOST, D(2031, 1, 14)) in opened(placement)
    run(D(2031, 11, 2))
    run(D(2031, 11, 2))
    run(D(2032, 1, 1))  # the end: the final reports, by completing the placement
    run(D(2032, 1, 1))
    kinds = [(kind, seq, author) for kind, seq, author, _due in opened(placement)]
    assert kinds == [
        (K.INITIAL, 0, OFFICER),
        (K.YEARLY, 1, HOST),
        (K.YEARLY, 1, OFFICER),
        (K.MIDPOINT, 0, HOST),
        (K.YEARLY, 2, HOST),
        (K.YEARLY, 2, OFFICER),
        (K.FINAL, 0, HOST),
        (K.FINAL, 0, OFFICER),
    ]
    placement.refresh_from_db()
    assert placement.status == Placement.Status.COMPLETED
    # Each check-in told its author once when it opened (the final reports by the
    # placement_completed mail, as before).
    assert OutboundEmail.objects.filter(event="report_opened").count() == 6


def test_a_check_in_mail_is_in_its_recipients_language_and_reminders_come_once(
    django_user_model,
):
    contact = make_user(django_user_model, "host", "host_contact")
    unit = HostUnitFactory()
    unit.contacts.add(contact)
    placement = placement_of(unit=unit, midpoint_checkin_writers="participant")
    placement.participant.language = "zh-hant"
    placement.participant.save()
    midpoint = D(2030, 12, 31)
    run(midpoint)
    mail = OutboundEmail.objects.get(event="report_opened")
    assert mail.to_email == placement.participant.email
    assert "中期" in mail.subject
    # Due 14 days after opening: reminded once a week before, once after.
    for day in range(1, 20):
        run(midpoint + datetime.timedelta(days=day))
    events = sorted(OutboundEmail.objects.values_list("event", flat=True))
    assert events == ["report_due_soon", "report_opened", "report_overdue"]


# The officer's and host's pages ---------------------------------------------------------------


def test_the_officer_and_the_host_see_their_open_check_ins_by_kind(client, django_user_model):
    officer_user = make_user(django_user_model, "officer", "participant")
    contact = make_user(django_user_model, "host", "host_contact")
    unit = HostUnitFactory()
    unit.contacts.add(contact)
    placement = placement_of(
        unit=unit, midpoint_checkin_writers="both", yearly_review_writers="host"
    )
    placement.participant.user = officer_user
    placement.participant.save()
    services.checkins_open(placement=placement, today=D(2031, 1, 1))
    officer_report = placement.reports.get(author_role=OFFICER)
    host_midpoint = placement.reports.get(author_role=HOST, kind=K.MIDPOINT)

    client.force_login(officer_user)
    page = client.get(reverse("portal:home")).content.decode()
    assert "Check-ins to write" in page
    assert "Mid-point check-in" in page and "Yearly review" not in page
    assert reverse("portal:report", args=[officer_report.pk]) in page
    form = client.get(reverse("portal:report", args=[officer_report.pk])).content.decode()
    assert "<h1>Mid-point check-in</h1>" in form

    client.force_login(contact)
    page = client.get(reverse("portal:host_placements")).content.decode()
    assert "Mid-point check-in" in page and "Yearly review (year 1)" in page
    url = reverse("portal:host_report", args=[host_midpoint.pk])
    assert url in page
    response = client.post(url, {"summary": "Settling in well.", "submit": "1"})
    assert response.status_code == 302
    host_midpoint.refresh_from_db()
    assert host_midpoint.status == PlacementReport.Status.SUBMITTED
    # The officer's own report is not the host's to open.
    assert client.get(reverse("portal:host_report", args=[officer_report.pk])).status_code == 404


def test_the_staff_placement_page_shows_the_schedule_and_each_state(client, manager):
    placement = placement_of(midpoint_checkin_writers="participant", yearly_review_writers="host")
    services.checkins_open(placement=placement, today=D(2031, 1, 1))
    client.force_login(manager)
    page = client.get(reverse("staff:placement", args=[placement.pk])).content.decode()
    assert "Check-ins and renewal" in page
    for text in ("Mid-point check-in", "Yearly review (year 1)", "Yearly review (year 2)"):
        assert text in page
    assert "Not open yet" in page and ">Open</span>" in page


def test_a_check_in_whose_day_passed_unopened_reads_never_opened(client, manager):
    """A completed placement whose programme set its schedule afterwards: its check-ins' days
    passed and none was opened; they do not read "not open yet"."""
    placement = placement_of(
        start=D(2020, 1, 1),
        end=D(2020, 12, 31),
        status=Placement.Status.COMPLETED,
        midpoint_checkin_writers="participant",
    )
    client.force_login(manager)
    page = client.get(reverse("staff:placement", args=[placement.pk])).content.decode()
    assert "Mid-point check-in" in page
    assert "Never opened" in page and "Not open yet" not in page
    checkin = next(c for c in schedule_for(placement) if c.kind == K.MIDPOINT)
    assert checkin.state(checkin.opens_on) == "scheduled"
    assert checkin.state(checkin.opens_on + datetime.timedelta(days=1)) == "not_opened"


@pytest.mark.parametrize(
    ("language", "midpoint", "yearly"),
    [
        ("en", "Mid-point check-in", "Yearly review (year 2)"),
        ("zh-hant", "中期匯報", "週年檢討（第 2 年）"),
        ("zh-hans", "中期汇报", "周年检讨（第 2 年）"),
    ],
)
def test_the_kinds_are_named_in_three_languages(language, midpoint, yearly):
    report = PlacementReport(kind=K.MIDPOINT)
    review = PlacementReport(kind=K.YEARLY, sequence=2)
    with translation.override(language):
        assert report.kind_label == midpoint
        assert review.kind_label == yearly


# Renewal --------------------------------------------------------------------------------------


def one_year_jpo_at_its_review(**extra):
    placement = placement_of(end=D(2030, 12, 31), yearly_review_writers="both", **extra)
    services.checkins_open(placement=placement, today=D(2030, 11, 15))
    return placement


def test_renewing_asks_for_the_extension_which_on_approval_extends_the_placement(
    manager, second_manager
):
    placement = one_year_jpo_at_its_review()
    decision = services.renewal_decide(
        placement=placement,
        actor=manager,
        outcome="renew",
        months=12,
        reason="Strong review; the host asks for a second year.",
    )
    amendment = decision.amendment
    assert decision.year == 1 and decision.months == 12
    assert amendment.status == PlacementAmendment.Status.REQUESTED
    assert amendment.new_end_date == D(2031, 12, 31)
    placement.refresh_from_db()
    assert placement.end_date == D(2030, 12, 31)  # not before its own approval
    with pytest.raises(ValidationError, match="someone else"):
        services.amendment_approve(amendment=amendment, actor=manager)
    services.amendment_approve(amendment=amendment, actor=second_manager)
    placement.refresh_from_db()
    assert placement.end_date == D(2031, 12, 31)
    assert decision.history.first().history_change_reason == "renew"
    # The second year brings the second review.
    assert [c.sequence for c in schedule_for(placement) if c.kind == K.YEARLY] == [1, 2]


def test_not_renewing_is_recorded_and_the_placement_ends_as_planned(manager):
    placement = one_year_jpo_at_its_review()
    decision = services.renewal_decide(
        placement=placement, actor=manager, outcome="not_renew", months=6, reason="Post ends."
    )
    assert decision.amendment is None and decision.months is None
    assert not placement.amendments.exists()
    placement.refresh_from_db()
    assert placement.end_date == D(2030, 12, 31)


def test_renewal_refusals_are_named(manager):
    def decide(placement, **extra):
        return services.renewal_decide(
            placement=placement,
            actor=manager,
            **{"outcome": "renew", "months": 12, "reason": "Good.", **extra},
        )

    short = placement_of(end=D(2030, 6, 30), yearly_review_writers="both")
    with pytest.raises(ValidationError, match="not a long appointment"):
        decide(short)
    not_yet = placement_of(end=D(2030, 12, 31), yearly_review_writers="both")
    with pytest.raises(ValidationError, match="has not opened yet"):
        decide(not_yet)
    placement = one_year_jpo_at_its_review()
    with pytest.raises(ValidationError) as refused:
        decide(placement, months=None)
    assert refused.value.message_dict == {"months": ["Renew for between 1 and 24 months."]}
    decide(placement, outcome="not_renew")
    with pytest.raises(ValidationError, match="already recorded for year 1"):
        decide(placement)
    assert RenewalDecision.objects.filter(placement=placement).count() == 1
    ended = one_year_jpo_at_its_review()
    Placement.objects.filter(pk=ended.pk).update(status=Placement.Status.COMPLETED)
    with pytest.raises(ValidationError, match="this one is completed"):
        decide(ended)
    assert not RenewalDecision.objects.exclude(placement=placement).exists()


@pytest.mark.parametrize(
    "role", ["programme_coordinator", "department_hr", "csb_viewer", "host_contact"]
)
def test_only_csb_managers_decide_a_renewal(client, django_user_model, role):
    placement = one_year_jpo_at_its_review()
    user = make_user(
        django_user_model,
        "someone",
        role,
        department=placement.cohort.programme.organiser
        if role in ("programme_coordinator", "department_hr")
        else None,
    )
    with pytest.raises(PermissionDenied):
        services.renewal_decide(placement=placement, actor=user, outcome="not_renew", reason="No.")
    client.force_login(user)
    url = reverse("staff:placement_renewal", args=[placement.pk])
    response = client.post(url, {"outcome": "not_renew", "reason": "No."})
    assert response.status_code == 403
    assert not RenewalDecision.objects.exists()


def test_the_renewal_screen_records_a_decision_and_shows_it(client, manager):
    placement = one_year_jpo_at_its_review()
    client.force_login(manager)
    page = client.get(reverse("staff:placement", args=[placement.pk])).content.decode()
    url = reverse("staff:placement_renewal", args=[placement.pk])
    assert url in page
    response = client.post(url, {"outcome": "renew", "reason": "Second year."})
    assert "Say for how many months" in response.content.decode()
    response = client.post(url, {"outcome": "renew", "months": "12", "reason": "Second year."})
    assert response.status_code == 302
    page = client.get(reverse("staff:placement", args=[placement.pk])).content.decode()
    assert "Renewal decisions" in page and "Second year." in page
    assert "Extension: Awaiting approval" in page
    assert url not in page  # decided for this year: no second button
    response = client.post(url, {"outcome": "not_renew", "reason": "Again."})
    assert "already recorded for year 1" in response.content.decode()


# Races on PostgreSQL ---------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_daily_runs_at_once_open_each_check_in_once():
    from tests.placements.test_races import at_once

    placement = placement_of(midpoint_checkin_writers="both", yearly_review_writers="both")
    results = at_once(
        lambda: services.checkins_open(placement=placement, today=D(2031, 1, 1)),
        lambda: services.checkins_open(placement=placement, today=D(2031, 1, 1)),
    )
    assert not any(isinstance(r, Exception) for r in results), results
    assert sorted(len(r) for r in results) == [0, 4]
    assert placement.reports.count() == 4
    # Each opened once: the officer's two mails (the unit has no contact to write to).
    assert OutboundEmail.objects.filter(event="report_opened").count() == 2


# The demo data ---------------------------------------------------------------------------------


class TestCheckinsInTheDemo(DemoDataTestCase):
    def test_the_running_gba_batch_has_a_mid_point_check_in_submitted_and_one_open(self):
        midpoints = PlacementReport.objects.filter(
            placement__cohort__programme__code="MAINLAND-EX",
            placement__cohort__phase=2,
            kind=K.MIDPOINT,
        )
        assert sorted(midpoints.values_list("author_role", "status")) == [
            (HOST, PlacementReport.Status.DRAFT),
            (OFFICER, PlacementReport.Status.SUBMITTED),
        ]

    def test_a_renewed_jpo_has_its_review_decision_and_approved_extension(self):
        decision = RenewalDecision.objects.select_related("placement", "amendment").get()
        placement = decision.placement
        assert placement.cohort.programme.kind == Programme.Kind.UN_JPO
        assert decision.outcome == "renew" and decision.year == 1
        assert decision.amendment.status == PlacementAmendment.Status.APPROVED
        assert decision.amendment.new_end_date == placement.end_date
        assert decision.amendment.old_end_date < placement.end_date
        reviews = placement.reports.filter(kind=K.YEARLY, sequence=1)
        assert set(reviews.values_list("status", flat=True)) == {"submitted"}
        assert reviews.count() == 2
