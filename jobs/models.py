"""A long import or export run by a task, its progress and its outcome (decision 0035)."""

import datetime

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exchange_portal.files import private_storage

# A job still "running" this long after it started belongs to a worker that stopped (killed,
# restarted); it is marked failed, and its owner may run it again. Far longer than the largest
# import or export takes (a 100,000-row XLSX export: about 35 s).
RUNNING_STALE_AFTER = datetime.timedelta(minutes=30)
# A job, its file and its errors (which quote the file's cells) are kept this long.
KEPT_FOR = datetime.timedelta(days=1)


def job_file_path(job, filename: str) -> str:
    return f"jobs/{timezone.now():%Y%m%d}/{job.pk or 'new'}-{filename}"


class JobQuerySet(models.QuerySet):
    def of(self, user):
        """The jobs `user` may see: their own, nobody else's."""
        return self.filter(owner=user) if user.is_authenticated else self.none()

    def active(self):
        return self.filter(status__in=(Job.Status.QUEUED, Job.Status.RUNNING))

    def stale(self, *, now=None):
        now = now or timezone.now()
        return self.filter(status=Job.Status.RUNNING, started_at__lt=now - RUNNING_STALE_AFTER)

    def expired(self, *, now=None):
        now = now or timezone.now()
        return self.filter(created_at__lt=now - KEPT_FOR)


class Job(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", _("Import")
        EXPORT = "export", _("Export")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    subject = models.CharField(
        _("subject"),
        max_length=100,
        help_text=_("What is imported (the model, e.g. participants.participant) or exported."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.QUEUED, db_index=True
    )
    rows_done = models.PositiveIntegerField(_("rows done"), default=0)
    rows_total = models.PositiveIntegerField(_("rows in all"), default=0)
    # What the task needs to run (again): the import's resource, the export's view and query.
    spec = models.JSONField(_("what to run"), default=dict, blank=True)
    source_file = models.FileField(
        _("uploaded file"), upload_to=job_file_path, storage=private_storage, blank=True
    )
    result_file = models.FileField(
        _("result file"), upload_to=job_file_path, storage=private_storage, blank=True
    )
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(
        _("errors"), default=list, blank=True, help_text=_("Row-level errors, or the job's own.")
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")) | Q(rows_total=0),
                name="job_rows_done_within_total",
                violation_error_message=_("A job cannot have done more rows than it has."),
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(status__in=("done", "failed")),
                name="job_finished_only_when_done_or_failed",
                violation_error_message=_("Only a done or failed job has a finishing time."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.subject} #{self.pk}"

    def get_absolute_url(self):
        return reverse("staff:job", kwargs={"pk": self.pk})

    @property
    def subject_label(self) -> str:
        """What is imported (the records' name, in the reader's language) or exported."""
        if self.kind == self.Kind.IMPORT:
            try:
                return str(apps.get_model(self.subject)._meta.verbose_name_plural)
            except (LookupError, ValueError):
                pass
        return self.subject

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
