"""Delivery of one queued e-mail, as a task of Django's tasks framework.

At least once, never silently lost: the attempt is recorded (status "sending", attempts + 1) and
committed before the mailer is called, and the outcome after. A worker that dies between the two
leaves the message "sending"; after SENDING_STALE_AFTER the retry command marks it failed and
sends it again, so in that one case the recipient may get it twice (the Message-ID is the same
both times, so most mail programs show it once). A message marked sent is never sent again.
"""

import logging
from email.utils import formataddr

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task
from django.utils import timezone

from exchange_portal.request_id import in_own_scope

from .models import OutboundEmail

logger = logging.getLogger(__name__)

SENT, FAILED, SKIPPED = "sent", "failed", "skipped"
ERROR_LENGTH = 2000


def _claim(email_id: int) -> OutboundEmail | None:
    """Mark the message as being sent by this worker, in a transaction of its own, so that no
    other worker starts it too; None when it is not to be sent (sent, being sent, gone, out of
    automatic tries)."""
    with transaction.atomic():
        email = OutboundEmail.objects.select_for_update().filter(pk=email_id).first()
        if email is None or not email.can_be_attempted:
            return None
        email.status = OutboundEmail.Status.SENDING
        email.attempts += 1
        email.last_attempt_at = timezone.now()
        email.save(update_fields=["status", "attempts", "last_attempt_at"])
        return email


def message_id(email: OutboundEmail) -> str:
    """The same Message-ID on every attempt, so a message sent twice after a crash can be
    recognised as one by the receiving mail program."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2] or "exchange-portal.invalid"
    return f"<outbox.{email.pk}.{int(email.created_at.timestamp())}@{domain}>"


def _message(email: OutboundEmail) -> EmailMessage:
    return EmailMessage(
        subject=email.subject,
        body=email.body,
        to=[formataddr((email.to_name, email.to_email))],
        headers={
            "Message-ID": message_id(email),
            # RFC 3834: an automatic message; out-of-office replies should not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )


def _error_text(error: Exception) -> str:
    """What went wrong, for staff reading the outbox: the exception's class and text, with the
    mail server password taken out should a server ever echo it."""
    text = f"{type(error).__name__}: {error}"
    options = getattr(settings, "MAILERS", {}).get("default", {}).get("OPTIONS", {})
    password = options.get("password")
    if password:
        text = text.replace(str(password), "********")
    return text[:ERROR_LENGTH]


@task
@in_own_scope("task")
def send_outbound_email(email_id: int) -> str:
    """Send one message of the outbox through the default mailer. Returns "sent", "failed"
    (kept for the retry command) or "skipped" (nothing to do: already sent, being sent by
    another worker, no tries left, or gone)."""
    email = _claim(email_id)
    if email is None:
        return SKIPPED
    not_sent = OutboundEmail.objects.filter(pk=email.pk).exclude(status=OutboundEmail.Status.SENT)
    try:
        _message(email).send()
    except Exception as error:
        logger.warning(
            "E-mail %s (%s) failed on attempt %s: %s",
            email.pk,
            email.event,
            email.attempts,
            type(error).__name__,
        )
        not_sent.update(status=OutboundEmail.Status.FAILED, last_error=_error_text(error))
        return FAILED
    not_sent.update(status=OutboundEmail.Status.SENT, sent_at=timezone.now(), last_error="")
    return SENT
