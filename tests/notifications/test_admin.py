"""The outbox in the admin: read by CSB, never edited; failed messages can be sent again."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from notifications.models import MAX_ATTEMPTS, Event, OutboundEmail
from tests.notifications.factories import OutboundEmailFactory
from tests.placements.factories import PlacementFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:notifications_outboundemail_changelist"


def change_url(email):
    return reverse("admin:notifications_outboundemail_change", args=[email.pk])


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def retry(client, *emails, follow=True):
    return client.post(
        reverse(CHANGELIST),
        {"action": "retry_sending", "_selected_action": [e.pk for e in emails]},
        follow=follow,
    )


@pytest.fixture
def manager_client(client, csb_manager):
    client.force_login(csb_manager)
    return client


@pytest.fixture
def viewer_client(client, django_user_model):
    """Staff who may only read the outbox (the CSB viewer's permission)."""
    viewer = django_user_model.objects.create_user(
        username="outbox.reader", password="a-long-test-password", is_staff=True
    )
    viewer.user_permissions.add(Permission.objects.get(codename="view_outboundemail"))
    client.force_login(viewer)
    return client


def test_the_outbox_lists_messages_newest_first_with_status_and_attempts(manager_client):
    older = OutboundEmailFactory(subject="Older message")
    newer = OutboundEmailFactory(
        subject="Newer message", status=OutboundEmail.Status.FAILED, attempts=2
    )

    response = manager_client.get(reverse(CHANGELIST))

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [newer, older]
    page = response.content.decode()
    assert "Placement confirmed" in page  # the event by name, not its code
    assert f"{newer.to_name} &lt;{newer.to_email}&gt;" in page


def test_the_outbox_is_read_only_even_for_a_programme_manager(manager_client):
    email = OutboundEmailFactory(subject="Placement confirmed: EX-AAAA-BBBB-CCCC")

    listing = manager_client.get(reverse(CHANGELIST)).content.decode()
    page = manager_client.get(change_url(email))
    edit = manager_client.post(change_url(email), {"subject": "Changed"})
    add = manager_client.get(reverse("admin:notifications_outboundemail_add"))
    delete = manager_client.post(
        reverse("admin:notifications_outboundemail_delete", args=[email.pk]), {"post": "yes"}
    )

    assert "/admin/notifications/outboundemail/add/" not in listing
    assert 'value="delete_selected"' not in listing
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert "Placement confirmed: EX-AAAA-BBBB-CCCC" in page.content.decode()
    assert (edit.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    email.refresh_from_db()
    assert email.subject == "Placement confirmed: EX-AAAA-BBBB-CCCC"


def test_a_message_page_links_to_the_record_it_is_about(manager_client):
    placement = PlacementFactory()
    email = OutboundEmailFactory(related=placement)

    page = manager_client.get(change_url(email)).content.decode()

    assert placement.get_absolute_url() in page


def test_the_outbox_can_be_filtered_by_event_and_status_and_searched_by_address(manager_client):
    wanted = OutboundEmailFactory(
        event=Event.REPORT_OVERDUE, status=OutboundEmail.Status.FAILED, to_email="x@example.hk"
    )
    OutboundEmailFactory(event=Event.REPORT_OVERDUE, to_email="y@example.hk")
    OutboundEmailFactory(event=Event.PLACEMENT_STARTED, status=OutboundEmail.Status.FAILED)

    by_event = manager_client.get(reverse(CHANGELIST), {"event": "report_overdue"})
    both = manager_client.get(
        reverse(CHANGELIST), {"event": "report_overdue", "status__exact": "failed"}
    )
    search = manager_client.get(reverse(CHANGELIST), {"q": "x@example.hk"})

    assert len(by_event.context["cl"].result_list) == 2
    assert list(both.context["cl"].result_list) == [wanted]
    assert list(search.context["cl"].result_list) == [wanted]


def test_the_outbox_costs_the_same_queries_for_200_messages_as_for_5(
    manager_client, django_assert_num_queries
):
    OutboundEmailFactory.create_batch(5)
    with django_assert_num_queries(5):
        response = manager_client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == 5

    OutboundEmail.objects.bulk_create(OutboundEmailFactory.build_batch(195))
    with django_assert_num_queries(5):
        response = manager_client.get(reverse(CHANGELIST))
    assert len(response.context["cl"].result_list) == 100


def test_retry_sending_sends_a_failed_message_and_says_so(
    manager_client, django_capture_on_commit_callbacks, mailoutbox
):
    failed = OutboundEmailFactory(
        status=OutboundEmail.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTP down"
    )
    sent = OutboundEmailFactory(status=OutboundEmail.Status.SENT, sent_at=timezone.now())

    with django_capture_on_commit_callbacks(execute=True):
        response = retry(manager_client, failed, sent)

    assert messages_of(response) == [
        "1 failed e-mail is queued to be sent again.",
        "1 e-mail had not failed and was left as it is.",
    ]
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.SENT
    assert len(mailoutbox) == 1


def test_retry_sending_is_offered_on_a_failed_messages_page(
    manager_client, django_capture_on_commit_callbacks, mailoutbox
):
    failed = OutboundEmailFactory(status=OutboundEmail.Status.FAILED, attempts=1)

    page = manager_client.get(change_url(failed)).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(
            change_url(failed),
            {"CHANGE_FORM-action": "retry_sending", "_selected_action": [failed.pk]},
        )

    assert 'value="retry_sending"' in page
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.SENT


def test_staff_who_may_only_read_the_outbox_are_not_offered_retry(viewer_client, mailoutbox):
    failed = OutboundEmailFactory(status=OutboundEmail.Status.FAILED, attempts=1)

    listing = viewer_client.get(reverse(CHANGELIST))
    response = retry(viewer_client, failed, follow=False)

    assert listing.status_code == 200
    assert 'value="retry_sending"' not in listing.content.decode()
    assert response.status_code in (200, 302)
    failed.refresh_from_db()
    assert failed.status == OutboundEmail.Status.FAILED
    assert mailoutbox == []
