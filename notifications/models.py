import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# A message is tried this many times by the task and the retry command before it waits for a
# person to press "Retry sending" in the outbox.
MAX_ATTEMPTS = 5
# A message still marked "sending" this long after its attempt began belongs to a worker that
# stopped (killed, restarted) before it could record the outcome; the retry command marks it
# failed so that it is tried again. Longer than any SMTP timeout the mailer is given.
SENDING_STALE_AFTER = datetime.timedelta(minutes=15)


class Event(models.TextChoices):
    """What happened, which picks the templates notifications/<event>_subject.txt and
    <event>_body.txt. Not the field's `choices`, so that a new event needs templates and a line
    here, not a migration."""

    CALL_OPENED = "call_opened", _("Call for nominations opened")
    NOMINATION_SUBMITTED = "nomination_submitted", _("Nomination submitted")
    NOMINATION_SHORTLISTED = "nomination_shortlisted", _("Nomination shortlisted")
    NOMINATION_RECOMMENDED = "nomination_recommended", _("Nomination recommended")
    NOMINATION_SELECTED = "nomination_selected", _("Nomination selected")
    NOMINATION_NOT_SELECTED = "nomination_not_selected", _("Nomination not selected")
    NOMINATION_WITHDRAWN = "nomination_withdrawn", _("Nomination withdrawn")
    NOMINATION_RESERVED = "nomination_reserved", _("Placed on the reserve list")
    PLACE_OFFERED = "place_offered", _("Place offered from the reserve list")
    PLACEMENT_PROPOSED = "placement_proposed", _("Placement proposed")
    PLACEMENT_ACCEPTED = "placement_accepted", _("Placement accepted by the host unit")
    PLACEMENT_DECLINED = "placement_declined", _("Placement declined by the host unit")
    PLACEMENT_CONFIRMED = "placement_confirmed", _("Placement confirmed")
    PLACEMENT_STARTED = "placement_started", _("Placement started")
    PLACEMENT_COMPLETED = "placement_completed", _("Placement completed")
    PLACEMENT_WITHDRAWN = "placement_withdrawn", _("Placement withdrawn")
    AMENDMENT_REQUESTED = "amendment_requested", _("Amendment requested")
    AMENDMENT_APPROVED = "amendment_approved", _("Amendment approved")
    AMENDMENT_REJECTED = "amendment_rejected", _("Amendment rejected")
    REPORT_DUE_SOON = "report_due_soon", _("Report due soon")
    REPORT_OPENED = "report_opened", _("Check-in opened")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    REPORT_SUBMITTED = "report_submitted", _("Report submitted")
    JOB_FINISHED = "job_finished", _("Import or export finished")
    FOLLOW_UP_OPENED = "follow_up_opened", _("Follow-up after return opened")
    FOLLOW_UP_OVERDUE = "follow_up_overdue", _("Follow-up after return overdue")
    COHORT_MESSAGE = "cohort_message", _("Message to a cohort")
    DOCUMENT_DUE_SOON = "document_due_soon", _("Document due soon")
    DOCUMENT_OVERDUE = "document_overdue", _("Document overdue")


class OutboundEmailQuerySet(models.QuerySet):
    def due(self):
        """Messages the retry command sends: queued, or failed with tries left."""
        return self.filter(
            Q(status=OutboundEmail.Status.QUEUED)
            | Q(status=OutboundEmail.Status.FAILED, attempts__lt=MAX_ATTEMPTS)
        )

    def stalled(self, *, now=None):
        """Messages whose worker stopped in the middle of an attempt."""
        now = now or timezone.now()
        return self.filter(
            status=OutboundEmail.Status.SENDING, last_attempt_at__lt=now - SENDING_STALE_AFTER
        )

    def given_up(self):
        """Failed as many times as the automatic retries allow: they need a person."""
        return self.filter(status=OutboundEmail.Status.FAILED, attempts__gte=MAX_ATTEMPTS)

    def about(self, obj):
        """The messages about one record (a placement, a nomination, ...)."""
        return self.filter(content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk)


class OutboundEmail(models.Model):
    """One e-mail to one person, as it was written when the event happened, and what became of
    it. The outbox is the record of what the portal told whom; nothing is sent that is not here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        # "Sent" also heads the officers an agreement sent (派出): a context tells them apart.
        SENT = "sent", pgettext_lazy("e-mail status", "Sent")
        FAILED = "failed", _("Failed")

    event = models.SlugField(
        _("event"), max_length=60, help_text=_("What happened, e.g. placement_confirmed.")
    )
    to_email = models.EmailField(_("to (address)"))
    to_name = models.CharField(_("to (name)"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="en"
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(
        _("last error"), blank=True, help_text=_("Why the last attempt failed, if it did.")
    )
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    last_attempt_at = models.DateTimeField(_("last attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    dedupe_key = models.CharField(
        _("de-duplication key"),
        max_length=400,
        blank=True,
        help_text=_("The same key is never queued twice, e.g. placement:42:confirmed:a@b.hk."),
    )
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("about (type)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    object_id = models.PositiveBigIntegerField(_("about (id)"), null=True, blank=True)
    related = GenericForeignKey("content_type", "object_id")

    objects = OutboundEmailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        # Nobody adds, edits or deletes a message by hand: the outbox is read, and retried.
        default_permissions = ("view",)
        permissions = [("retry_outboundemail", _("Can retry sending failed e-mails"))]
        constraints = [
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="outbound_email_dedupe_key_unique",
                violation_error_message=_("This notification has already been queued."),
            ),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="outbound_email_sent_has_time",
                violation_error_message=_("A sent e-mail needs the time it was sent."),
            ),
            models.CheckConstraint(
                condition=Q(content_type__isnull=True, object_id__isnull=True)
                | Q(content_type__isnull=False, object_id__isnull=False),
                name="outbound_email_related_complete",
                violation_error_message=_("A related record needs both its type and its id."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="outbound_email_status_created"),
            models.Index(fields=["created_at"], name="outbound_email_created"),
            models.Index(fields=["content_type", "object_id"], name="outbound_email_related"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    def get_absolute_url(self):
        return reverse("admin:notifications_outboundemail_change", args=[self.pk])

    @property
    def event_label(self) -> str:
        return Event(self.event).label if self.event in Event.values else self.event

    @property
    def can_be_attempted(self) -> bool:
        """Whether a worker may try to send it now: never once sent, never while another
        worker is at it, and failed ones only while automatic tries are left."""
        return self.status == self.Status.QUEUED or (
            self.status == self.Status.FAILED and self.attempts < MAX_ATTEMPTS
        )
