"""Messages written to a cohort: what CSB (or the organising department) wrote, to whom, when.
Each recipient's e-mail is a row of the outbox (notifications), related to the message."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.audit import audit_history
from exchange_portal.names import localised_property

# The length of a message's subject and body, in each language.
SUBJECT_MAX_LENGTH = 200
BODY_MAX_LENGTH = 10_000


class Audience(models.TextChoices):
    """Who in a cohort a message may go to (any combination)."""

    OFFICERS = "officers", _("Officers selected or placed")
    NOMINEES = "nominees", _("Officers nominated and still under consideration")
    HR = "hr", _("HR officers of the officers' departments")
    HOSTS = "hosts", _("Contacts of the host units")


def _both_or_neither(language: str) -> Q:
    subject, body = f"subject_{language}", f"body_{language}"
    return Q(**{subject: "", body: ""}) | (~Q(**{subject: ""}) & ~Q(**{body: ""}))


class CohortMessage(models.Model):
    """One message to a cohort's chosen audience, as it was sent: its texts in English and,
    when written, Traditional and Simplified Chinese (a reader whose language has no text gets
    the English one), and how many e-mails were queued. `preview_key` is the hash of the
    preview the sender saw: the same preview sent twice is one message."""

    cohort = models.ForeignKey(
        "programmes.Cohort",
        verbose_name=_("cohort"),
        on_delete=models.PROTECT,
        related_name="cohort_messages",
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    to_officers = models.BooleanField(Audience.OFFICERS.label, default=False)
    to_nominees = models.BooleanField(Audience.NOMINEES.label, default=False)
    to_hr = models.BooleanField(Audience.HR.label, default=False)
    to_hosts = models.BooleanField(Audience.HOSTS.label, default=False)
    subject_en = models.CharField(_("subject"), max_length=SUBJECT_MAX_LENGTH)
    subject_zh_hant = models.CharField(
        _("subject (Traditional Chinese)"), max_length=SUBJECT_MAX_LENGTH, blank=True
    )
    subject_zh_hans = models.CharField(
        _("subject (Simplified Chinese)"), max_length=SUBJECT_MAX_LENGTH, blank=True
    )
    body_en = models.TextField(_("message"), max_length=BODY_MAX_LENGTH)
    body_zh_hant = models.TextField(
        _("message (Traditional Chinese)"), max_length=BODY_MAX_LENGTH, blank=True
    )
    body_zh_hans = models.TextField(
        _("message (Simplified Chinese)"), max_length=BODY_MAX_LENGTH, blank=True
    )
    recipient_count = models.PositiveIntegerField(_("recipients"))
    preview_key = models.CharField(_("preview key"), max_length=64, editable=False)
    history = audit_history()

    AUDIENCE_FIELDS = {
        Audience.OFFICERS: "to_officers",
        Audience.NOMINEES: "to_nominees",
        Audience.HR: "to_hr",
        Audience.HOSTS: "to_hosts",
    }

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("message to a cohort")
        verbose_name_plural = _("messages to a cohort")
        constraints = [
            models.UniqueConstraint(
                fields=["preview_key"],
                name="cohort_message_preview_key_unique",
                violation_error_message=_("This message has already been sent."),
            ),
            models.CheckConstraint(
                condition=Q(to_officers=True)
                | Q(to_nominees=True)
                | Q(to_hr=True)
                | Q(to_hosts=True),
                name="cohort_message_has_audience",
                violation_error_message=_("Choose at least one group of recipients."),
            ),
            models.CheckConstraint(
                condition=Q(recipient_count__gte=1),
                name="cohort_message_has_recipients",
                violation_error_message=_("A message goes to at least one recipient."),
            ),
            models.CheckConstraint(
                condition=~Q(subject_en="") & ~Q(body_en=""),
                name="cohort_message_english_written",
                violation_error_message=_("Write the subject and the message in English."),
            ),
            models.CheckConstraint(
                condition=_both_or_neither("zh_hant"),
                name="cohort_message_zh_hant_complete",
                violation_error_message=_(
                    "Write both the subject and the message in Traditional Chinese, or neither."
                ),
            ),
            models.CheckConstraint(
                condition=_both_or_neither("zh_hans"),
                name="cohort_message_zh_hans_complete",
                violation_error_message=_(
                    "Write both the subject and the message in Simplified Chinese, or neither."
                ),
            ),
        ]
        indexes = [models.Index(fields=["cohort", "sent_at"], name="cohort_message_cohort_sent")]

    def __str__(self):
        return self.subject_en

    def get_staff_url(self):
        return reverse("staff:cohort", args=[self.cohort_id]) + f"#cohort-message-{self.pk}"

    localised_subject = localised_property("subject_en")
    localised_body = localised_property("body_en")

    @property
    def audiences(self) -> list[Audience]:
        return [
            audience for audience, field in self.AUDIENCE_FIELDS.items() if getattr(self, field)
        ]

    def audience_labels(self) -> list[str]:
        return [audience.label for audience in self.audiences]
