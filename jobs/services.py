"""Writes of jobs: start one, run a failed one again, fail the stalled, purge the expired."""

from __future__ import annotations

import logging
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_noop

from exchange_portal import request_id

from . import progress
from .models import Job
from .tasks import run_job

logger = logging.getLogger(__name__)


def _enqueue(job_id: int) -> None:
    # A failed enqueue (the queue is down) leaves the job queued; it turns stale only once
    # running, so the owner sees "queued" and can come back to it.
    run_job.enqueue(job_id)


def _dotted(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


@transaction.atomic
def job_start_export(*, view, kind: str, rows_total: int, actor) -> Job:
    """Queue the export of `view`'s table (CSV or XLSX) for `actor`, who asked for it."""
    query = view.request.GET.copy()
    query.pop("export", None)
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        subject=view.export_name,
        owner=actor,
        rows_total=rows_total,
        request_id=request_id.current()[:64],
        spec={
            "view": _dotted(type(view)),
            "args": list(view.args),
            "kwargs": dict(view.kwargs),
            "path": view.request.path,
            "query": query.urlencode(),
            "format": kind,
            "language": translation.get_language(),
        },
    )
    transaction.on_commit(partial(_enqueue, job.pk), robust=True)
    return job


@transaction.atomic
def job_start_import(
    *, resource_class, subject: str, data: bytes, file_name: str, rows_total: int, actor
) -> Job:
    """Queue the confirmed import of `data` (its preview had no errors) for `actor`."""
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        subject=subject,
        owner=actor,
        rows_total=rows_total,
        request_id=request_id.current()[:64],
        spec={
            "resource": _dotted(resource_class),
            "file_name": file_name,
            "language": translation.get_language(),
        },
    )
    job.source_file.save(f"{subject}-import", ContentFile(data))
    transaction.on_commit(partial(_enqueue, job.pk), robust=True)
    return job


STALLED = gettext_noop(
    "The worker running this job stopped before it finished; nothing of it was kept."
)


def jobs_fail_stale(*, now=None) -> int:
    """Mark failed the jobs whose worker stopped mid-way (still "running" long after they
    started): their owner may run them again."""
    stale = list(Job.objects.stale(now=now).values_list("pk", "spec"))
    for pk, spec in stale:
        with translation.override(spec.get("language")):
            message = gettext(STALLED)
        Job.objects.filter(pk=pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED,
            finished_at=timezone.now(),
            rows_done=0,
            errors=[message],
        )
        progress.forget(pk)
    if stale:
        logger.warning("marked %s stalled job(s) failed", len(stale))
    return len(stale)


@transaction.atomic
def job_retry(*, job: Job, actor) -> Job:
    """Run a failed job again, as its owner asks."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != actor.pk:
        raise ValidationError(gettext("Only the person who started a job may run it again."))
    if job.status != Job.Status.FAILED:
        raise ValidationError(gettext("Only a failed job can be run again."))
    if job.kind == Job.Kind.IMPORT and not job.source_file:
        raise ValidationError(gettext("The uploaded file is no longer kept; upload it again."))
    job.status = Job.Status.QUEUED
    job.rows_done = 0
    job.counts = {}
    job.errors = []
    job.started_at = job.finished_at = None
    job.request_id = request_id.current()[:64]
    job.save()
    transaction.on_commit(partial(_enqueue, job.pk), robust=True)
    return job


def jobs_purge_expired(*, now=None) -> int:
    """Delete the jobs older than a day (models.KEPT_FOR), with their files and errors."""
    expired = list(Job.objects.expired(now=now))
    for job in expired:
        for file in (job.source_file, job.result_file):
            if file:
                file.delete(save=False)
        progress.forget(job.pk)
    return Job.objects.filter(pk__in=[job.pk for job in expired]).delete()[0]
