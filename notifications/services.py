"""Writes for notifications: queue a message to each recipient, retry failed ones.

Other apps' services call `notify()` inside their own transaction; the rows are part of that
transaction, and sending starts only once it commits (a rolled-back change tells nobody)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext

from exchange_portal.services import require_permission

from .models import Event, OutboundEmail
from .selectors import Recipient
from .tasks import send_outbound_email

logger = logging.getLogger(__name__)

SUBJECT_LENGTH = OutboundEmail._meta.get_field("subject").max_length


def render_email(*, event: str, recipient: Recipient, context: dict) -> tuple[str, str]:
    """Subject (one line) and body of `event`'s templates, written in the recipient's
    language. Templates see the caller's context, `recipient` and `portal_url`."""
    full_context = {
        **context,
        "recipient": recipient,
        "portal_url": settings.PORTAL_BASE_URL.rstrip("/"),
    }
    with translation.override(recipient.language):
        subject = render_to_string(f"notifications/{event}_subject.txt", full_context)
        body = render_to_string(f"notifications/{event}_body.txt", full_context)
    subject = " ".join(subject.split())
    if len(subject) > SUBJECT_LENGTH:
        subject = subject[: SUBJECT_LENGTH - 1] + "…"
    # Template tags leave blank lines behind; keep paragraphs one blank line apart.
    body = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", body).strip() + "\n"
    return subject, body


def _unique(recipients: Iterable[Recipient | None]) -> list[Recipient]:
    seen, unique = set(), []
    for recipient in recipients:
        if recipient is None or not recipient.email:
            continue
        address = recipient.email.lower()
        if address not in seen:
            seen.add(address)
            unique.append(recipient)
    return unique


def _enqueue(email_id: int) -> None:
    # If queueing fails (the task queue is down), the row stays "queued" and the retry
    # command sends it; on_commit(robust=True) logs the error instead of failing the request.
    send_outbound_email.enqueue(email_id)


def _save_unless_queued_meanwhile(email: OutboundEmail) -> bool:
    """Insert under a savepoint: a concurrent transaction that queued the same key first makes
    this one a no-op rather than an error in the caller's transaction."""
    try:
        with transaction.atomic():
            email.save()
    except IntegrityError:
        if OutboundEmail.objects.filter(dedupe_key=email.dedupe_key).exists():
            return False
        raise
    return True


@transaction.atomic
def notify(
    *,
    event: str,
    recipients: Iterable[Recipient | None],
    context: dict,
    dedupe_key: str = "",
    related: Model | None = None,
) -> list[OutboundEmail]:
    """Queue the `event` message to each recipient, in their language, and send it once the
    caller's transaction commits. Recipients are de-duplicated by address; None entries (an
    account without an address) are left out. With a `dedupe_key` (e.g.
    "placement:42:confirmed"), a recipient who already has a message under that key gets no
    second one. `related` is the record the message is about, for listing its mail. Returns
    the messages queued by this call."""
    if event not in Event.values:
        raise ValueError(
            f"Unknown notification event {event!r}: add it to notifications.models.Event "
            f"and write its templates."
        )
    unique = _unique(recipients)
    keys = {
        recipient.email: f"{dedupe_key}:{recipient.email.lower()}" if dedupe_key else ""
        for recipient in unique
    }
    already = set(
        OutboundEmail.objects.filter(dedupe_key__in=[k for k in keys.values() if k]).values_list(
            "dedupe_key", flat=True
        )
    )
    queued = []
    for recipient in unique:
        key = keys[recipient.email]
        if key and key in already:
            continue
        subject, body = render_email(event=event, recipient=recipient, context=context)
        email = OutboundEmail(
            event=event,
            to_email=recipient.email,
            to_name=recipient.name,
            language=recipient.language,
            subject=subject,
            body=body,
            dedupe_key=key,
            related=related,
        )
        if key:
            if not _save_unless_queued_meanwhile(email):
                continue
        else:
            email.save()
        transaction.on_commit(partial(_enqueue, email.pk), robust=True)
        queued.append(email)
    return queued


@transaction.atomic
def outbound_emails_retry(*, emails, actor) -> int:
    """Queue failed messages once more (the outbox's "Retry sending"), also those out of
    automatic tries; a person asked. Returns how many were queued; others are left alone."""
    require_permission(actor, "notifications.retry_outboundemail")
    chosen = list(emails.values_list("pk", flat=True))
    failed = list(
        OutboundEmail.objects.select_for_update()
        .filter(pk__in=chosen, status=OutboundEmail.Status.FAILED)
        .values_list("pk", flat=True)
    )
    OutboundEmail.objects.filter(pk__in=failed).update(status=OutboundEmail.Status.QUEUED)
    for email_id in failed:
        transaction.on_commit(partial(_enqueue, email_id), robust=True)
    logger.info("%s queued %s failed e-mail(s) again", actor, len(failed))
    return len(failed)


def outbound_emails_send_due(*, limit: int | None = None) -> Counter:
    """What the retry command does: mark messages whose worker stopped mid-attempt as failed,
    then send every queued message and every failed one with tries left, oldest first, here and
    now. Safe to run at any time, and twice at once: each message is claimed under a row lock.
    Returns counts of sent, failed and skipped messages, stalled ones found, and those given
    up (out of tries, waiting for a person)."""
    counts = Counter()
    counts["stalled"] = OutboundEmail.objects.stalled(now=timezone.now()).update(
        status=OutboundEmail.Status.FAILED,
        last_error=gettext(
            "The sending worker stopped before it recorded the outcome; the message may "
            "or may not have gone out. It is tried again while tries are left."
        ),
    )
    due = OutboundEmail.objects.due().order_by("created_at", "pk").values_list("pk", flat=True)
    for email_id in list(due[:limit] if limit else due):
        counts[send_outbound_email.call(email_id)] += 1
    counts["given_up"] = OutboundEmail.objects.given_up().count()
    return counts


__all__ = [
    "Recipient",
    "notify",
    "outbound_emails_retry",
    "outbound_emails_send_due",
    "render_email",
]
