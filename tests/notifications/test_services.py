"""Queueing, sending and retrying the portal's e-mail."""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from notifications.models import MAX_ATTEMPTS, Event, OutboundEmail
from notifications.selectors import Recipient, outbound_emails_about
from notifications.services import notify, outbound_emails_retry, render_email
from notifications.tasks import send_outbound_email
from placements.models import PlacementReport
from tests.conftest import make_user
from tests.notifications.factories import OutboundEmailFactory
from tests.placements.factories import HostUnitFactory, PlacementFactory, PlacementReportFactory

pytestmark = pytest.mark.django_db

SERVER_DOWN = {"default": {"BACKEND": "tests.notifications.mailers.ServerDownBackend"}}

CHAN = Recipient(email="chan.taiman@example.gov.hk", name="CHAN Tai-man", language="en")
LEE = Recipient(email="lee.siuwai@example.gov.hk", name="李小慧", language="zh-hant")


@pytest.fixture
def placement():
    unit = HostUnitFactory(name_en="Futian District Planning Office", name_zh_hant="福田區規劃辦")
    return PlacementFactory(host_unit=unit)


def confirm(placement, recipients, **kwargs):
    return notify(
        event=Event.PLACEMENT_CONFIRMED,
        recipients=recipients,
        context={"placement": placement},
        related=placement,
        **kwargs,
    )


def run_command():
    out, err = io.StringIO(), io.StringIO()
    call_command("send_queued_email", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# Queueing ------------------------------------------------------------------------------------


def test_each_recipient_gets_one_message_written_in_their_own_language(placement):
    emails = confirm(placement, [CHAN, LEE])

    assert [(e.to_email, e.language) for e in emails] == [
        ("chan.taiman@example.gov.hk", "en"),
        ("lee.siuwai@example.gov.hk", "zh-hant"),
    ]
    assert OutboundEmail.objects.count() == 2
    english, chinese = emails
    assert english.subject == (
        f"Placement confirmed: {placement.reference_code} at Futian District Planning Office"
    )
    # The host unit's name follows the recipient's language, so the message was written in it.
    assert "福田區規劃辦" in chinese.subject
    assert "福田區規劃辦" in chinese.body
    assert english.body.startswith("Dear CHAN Tai-man,\n\n")
    assert english.status == OutboundEmail.Status.QUEUED


def test_a_person_listed_twice_gets_one_message():
    placement = PlacementFactory()
    same_person = Recipient(email="CHAN.TAIMAN@example.gov.hk", name="Chan", language="en")

    emails = confirm(placement, [CHAN, same_person, None])

    assert [e.to_email for e in emails] == [CHAN.email]


def test_the_same_notification_is_never_queued_twice(placement):
    key = f"placement:{placement.pk}:confirmed"
    first = confirm(placement, [CHAN, LEE], dedupe_key=key)
    again = confirm(placement, [CHAN, LEE], dedupe_key=key)

    assert len(first) == 2
    assert again == []
    assert OutboundEmail.objects.count() == 2
    assert set(OutboundEmail.objects.values_list("dedupe_key", flat=True)) == {
        f"{key}:chan.taiman@example.gov.hk",
        f"{key}:lee.siuwai@example.gov.hk",
    }


def test_a_recipient_added_later_still_gets_the_notification_once(placement):
    key = f"placement:{placement.pk}:confirmed"
    confirm(placement, [CHAN], dedupe_key=key)

    emails = confirm(placement, [CHAN, LEE], dedupe_key=key)

    assert [e.to_email for e in emails] == [LEE.email]
    assert OutboundEmail.objects.filter(to_email=CHAN.email).count() == 1


def test_a_rolled_back_change_queues_nothing_and_sends_nothing(
    placement, django_capture_on_commit_callbacks, mailoutbox
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        confirm(placement, [CHAN, LEE])
        raise RuntimeError("the placement could not be confirmed after all")

    assert callbacks == []
    assert not OutboundEmail.objects.exists()
    assert mailoutbox == []


def test_nothing_is_sent_before_the_change_commits(placement, mailoutbox):
    confirm(placement, [CHAN])

    assert mailoutbox == []
    assert OutboundEmail.objects.get().status == OutboundEmail.Status.QUEUED


def test_an_unknown_event_is_refused_before_anything_is_queued(placement):
    with pytest.raises(ValueError, match="placement_confirmd"):
        notify(event="placement_confirmd", recipients=[CHAN], context={"placement": placement})
    assert not OutboundEmail.objects.exists()


def test_the_messages_about_a_placement_can_be_listed(placement):
    confirm(placement, [CHAN])
    notify(event=Event.PLACEMENT_STARTED, recipients=[CHAN], context={"placement": placement})
    other = PlacementFactory()
    confirm(other, [LEE])

    assert [e.to_email for e in outbound_emails_about(placement)] == [CHAN.email]
    assert [e.to_email for e in outbound_emails_about(other)] == [LEE.email]


def test_names_with_apostrophes_and_ampersands_read_as_typed():
    placement = PlacementFactory(
        host_unit=HostUnitFactory(name_en="Transport & Logistics Bureau"),
        role_title="Officer's assistant <policy>",
    )
    recipient = Recipient(email="obrien@example.hk", name="O'Brien & Partners", language="en")

    [email] = confirm(placement, [recipient])

    assert "Transport & Logistics Bureau" in email.subject
    assert "Dear O'Brien & Partners," in email.body
    assert "Officer's assistant <policy>" in email.body
    assert "&amp;" not in email.body + email.subject
    assert "&#x27;" not in email.body


# Templates -----------------------------------------------------------------------------------


def amendment_of(placement, **changes):
    """What the amendment templates read of a placement amendment, without depending on the
    model's other fields."""
    fields = {
        "placement": placement,
        "new_start_date": None,
        "new_end_date": None,
        "new_host_unit": None,
        "old_start_date": placement.start_date,
        "old_end_date": placement.end_date,
        "old_host_unit": placement.host_unit,
        "reason": "The host asked for one more month.",
        "status_reason": "",
        **changes,
    }
    fields["start_date"] = fields["new_start_date"] or fields["old_start_date"]
    fields["end_date"] = fields["new_end_date"] or fields["old_end_date"]
    return SimpleNamespace(**fields)


def event_context(placement):
    nomination = placement.nomination
    nomination.status_reason = "Places were limited this year."
    report = PlacementReportFactory(
        placement=placement,
        status=PlacementReport.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    return {
        "cohort": nomination.cohort,
        "programme": nomination.cohort.programme,
        "closes_at": timezone.now() + datetime.timedelta(days=14),
        "url": "https://portal.example/cohorts/1/",
        "nomination": nomination,
        "placement": placement,
        "report": report,
        "due_on": report.due_on,
        "amendment": amendment_of(
            placement,
            new_end_date=placement.end_date + datetime.timedelta(days=30),
            status_reason="No budget for the extension.",
        ),
        "job": SimpleNamespace(
            status="done", kind="import", counts={"new": 3, "update": 1, "skip": 0, "rows": 4}
        ),
        "job_path": "/staff/jobs/7/",
    }


@pytest.mark.parametrize("language", ["en", "zh-hant", "zh-hans"])
@pytest.mark.parametrize("event", Event.values)
def test_every_event_has_a_one_line_subject_and_a_body_in_every_language(
    event, language, placement
):
    recipient = Recipient(email="a@example.gov.hk", name="CHAN Tai-man", language=language)

    subject, body = render_email(event=event, recipient=recipient, context=event_context(placement))

    assert subject and "\n" not in subject and "{" not in subject
    assert "CHAN Tai-man" in body
    if event == Event.JOB_FINISHED:
        # A finished job's message links to its page, where its outcome and file are.
        assert "/staff/jobs/7/" in body
    else:
        # Each message names the record it is about: the cohort, or the placement's reference.
        assert placement.cohort.name in subject + body or placement.reference_code in subject
    assert "http://" in body or "https://" in body
    assert "{" not in body and "\n\n\n" not in body


@pytest.mark.parametrize("event", Event.values)
def test_every_event_renders_even_without_its_context(event):
    subject, body = render_email(event=event, recipient=CHAN, context={})

    assert subject.strip()
    assert body.startswith("Dear CHAN Tai-man,")


def test_an_amendment_message_shows_the_dates_before_and_after(placement):
    placement.start_date = datetime.date(2031, 1, 5)
    placement.end_date = datetime.date(2031, 4, 5)
    amendment = amendment_of(placement, new_end_date=datetime.date(2031, 5, 5))

    subject, body = render_email(
        event=Event.AMENDMENT_REQUESTED, recipient=CHAN, context={"amendment": amendment}
    )

    assert subject == f"Change requested to placement {placement.reference_code}"
    assert "New dates: Jan. 5, 2031 to May 5, 2031 (were Jan. 5, 2031 to April 5, 2031)." in body
    assert "Reason: The host asked for one more month." in body
    assert "New host unit" not in body


def test_a_not_selected_message_gives_the_reason(placement):
    nomination = placement.nomination
    nomination.status_reason = "Places were limited this year."

    _subject, body = render_email(
        event=Event.NOMINATION_NOT_SELECTED, recipient=CHAN, context={"nomination": nomination}
    )

    assert "Reason: Places were limited this year." in body


# Sending -------------------------------------------------------------------------------------


def test_a_committed_change_sends_the_message_and_marks_it_sent(
    placement, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        [email] = confirm(placement, [CHAN])

    [message] = mailoutbox
    assert message.to == ["CHAN Tai-man <chan.taiman@example.gov.hk>"]
    assert message.subject == email.subject
    assert message.body == email.body
    assert message.extra_headers["Auto-Submitted"] == "auto-generated"
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert email.last_error == ""


def test_a_failing_mail_server_leaves_the_message_failed_with_the_reason_until_a_retry_sends_it(
    placement, django_capture_on_commit_callbacks, mailoutbox
):
    with override_settings(MAILERS=SERVER_DOWN), django_capture_on_commit_callbacks(execute=True):
        [email] = confirm(placement, [CHAN])

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 1
    assert email.sent_at is None
    assert email.last_error == (
        "SMTPServerDisconnected: Connection unexpectedly closed by mail.csb.example"
    )
    assert mailoutbox == []

    out, _err = run_command()

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 2
    assert email.last_error == ""
    assert len(mailoutbox) == 1
    assert "Sent 1, failed 0" in out


def test_running_the_retry_command_twice_sends_each_message_once(mailoutbox):
    OutboundEmailFactory.create_batch(3)

    first, _ = run_command()
    second, _ = run_command()

    assert len(mailoutbox) == 3
    assert "Sent 3" in first
    assert "Sent 0, failed 0" in second
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_message_already_sent_is_never_sent_again(mailoutbox):
    email = OutboundEmailFactory(status=OutboundEmail.Status.SENT, sent_at=timezone.now())

    assert send_outbound_email.call(email.pk) == "skipped"
    result = send_outbound_email.enqueue(email.pk)

    assert result.return_value == "skipped"
    assert mailoutbox == []
    email.refresh_from_db()
    assert email.attempts == 0


def test_a_message_another_worker_is_sending_is_left_to_it(mailoutbox):
    email = OutboundEmailFactory(
        status=OutboundEmail.Status.SENDING, attempts=1, last_attempt_at=timezone.now()
    )

    assert send_outbound_email.call(email.pk) == "skipped"
    run_command()

    assert mailoutbox == []
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENDING


def test_a_message_whose_worker_stopped_mid_send_is_sent_by_the_next_retry(mailoutbox):
    stopped = OutboundEmailFactory(
        status=OutboundEmail.Status.SENDING,
        attempts=1,
        last_attempt_at=timezone.now() - datetime.timedelta(minutes=20),
    )

    out, _err = run_command()

    stopped.refresh_from_db()
    assert stopped.status == OutboundEmail.Status.SENT
    assert stopped.attempts == 2
    assert len(mailoutbox) == 1
    assert "stalled attempts found 1" in out


def test_a_message_that_keeps_failing_is_given_up_after_five_attempts_and_flagged(mailoutbox):
    email = OutboundEmailFactory()

    with override_settings(MAILERS=SERVER_DOWN):
        for _ in range(MAX_ATTEMPTS + 2):
            _out, err = run_command()

    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == MAX_ATTEMPTS
    assert "1 e-mail(s) failed 5 times" in err
    run_command()  # the server is back, but five tries is the automatic limit
    assert mailoutbox == []


def test_the_recorded_error_never_shows_the_mail_server_password(mailoutbox):
    email = OutboundEmailFactory()
    mailers = {
        "default": {
            "BACKEND": "tests.notifications.mailers.EchoingPasswordBackend",
            "OPTIONS": {"password": "hunter2-smtp-secret"},
        }
    }

    with override_settings(MAILERS=mailers):
        assert send_outbound_email.call(email.pk) == "failed"

    email.refresh_from_db()
    assert "SMTPAuthenticationError" in email.last_error
    assert "hunter2-smtp-secret" not in email.last_error
    assert "********" in email.last_error


def test_the_same_message_sent_twice_carries_the_same_message_id(mailoutbox):
    email = OutboundEmailFactory()
    send_outbound_email.call(email.pk)
    OutboundEmail.objects.filter(pk=email.pk).update(status=OutboundEmail.Status.QUEUED)
    send_outbound_email.call(email.pk)

    first, second = mailoutbox
    assert first.extra_headers["Message-ID"] == second.extra_headers["Message-ID"]
    assert f".{email.pk}." in first.extra_headers["Message-ID"]


# Retrying by hand ----------------------------------------------------------------------------


def test_retrying_sends_a_message_out_of_automatic_tries_again(
    csb_manager, django_capture_on_commit_callbacks, mailoutbox
):
    given_up = OutboundEmailFactory(status=OutboundEmail.Status.FAILED, attempts=MAX_ATTEMPTS)
    sent = OutboundEmailFactory(status=OutboundEmail.Status.SENT, sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        queued = outbound_emails_retry(emails=OutboundEmail.objects.all(), actor=csb_manager)

    assert queued == 1
    given_up.refresh_from_db()
    assert given_up.status == OutboundEmail.Status.SENT
    assert given_up.attempts == MAX_ATTEMPTS + 1
    assert [m.to for m in mailoutbox] == [[f"{given_up.to_name} <{given_up.to_email}>"]]
    sent.refresh_from_db()
    assert sent.attempts == 0


def test_a_csb_viewer_cannot_retry_sending(django_user_model):
    viewer = make_user(django_user_model, "viewer", "csb_viewer")
    failed = OutboundEmailFactory(status=OutboundEmail.Status.FAILED, attempts=2)

    with pytest.raises(PermissionDenied):
        outbound_emails_retry(emails=OutboundEmail.objects.all(), actor=viewer)

    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.FAILED


# Two requests at once (PostgreSQL: the second waits on the first's unique key) ---------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_changes_queue_the_notification_once():
    import threading

    from django.db import connection

    placement = PlacementFactory()
    key = f"placement:{placement.pk}:confirmed"
    first_inserted, let_first_commit = threading.Event(), threading.Event()
    queued = {}

    def first():
        try:
            with transaction.atomic():
                queued["first"] = confirm(placement, [CHAN], dedupe_key=key)
                first_inserted.set()
                let_first_commit.wait(timeout=10)
        finally:
            connection.close()

    def second():
        try:
            with transaction.atomic():
                queued["second"] = confirm(placement, [CHAN], dedupe_key=key)
        finally:
            connection.close()

    one = threading.Thread(target=first)
    one.start()
    assert first_inserted.wait(timeout=10)
    two = threading.Thread(target=second)
    two.start()
    two.join(timeout=1)  # still waiting for the first transaction's row
    assert two.is_alive()
    let_first_commit.set()
    one.join(timeout=10)
    two.join(timeout=10)

    assert len(queued["first"]) == 1
    assert queued["second"] == []
    assert OutboundEmail.objects.filter(to_email=CHAN.email).count() == 1
