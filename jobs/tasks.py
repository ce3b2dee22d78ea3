"""The task that runs a job: a long import or export (decision 0035).

A job is claimed (queued → running) in a transaction of its own, so that a second worker given
the same job skips it. An import then writes the whole file in one transaction: a worker killed
midway leaves no row of it behind, and the job "running"; after RUNNING_STALE_AFTER it is
marked failed (jobs.services.jobs_fail_stale, run from the job's page and from purge_expired)
and its owner may run it again. An export writes its file to a temporary file first, and only
a finished file is saved.
"""

from __future__ import annotations

import logging
import tempfile

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.db import DatabaseError, transaction
from django.http import HttpRequest, QueryDict
from django.tasks import task
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from exchange_portal.exports import export_filename, write_table
from exchange_portal.imports import (
    DATABASE_REFUSED,
    DetectedFormat,
    ImportFileError,
    every_problem,
    outcome_counts,
)
from exchange_portal.request_id import in_own_scope
from exchange_portal.roles import role_of
from notifications.models import Event
from notifications.selectors import recipient_for_user
from notifications.services import notify

from . import progress
from .models import Job

logger = logging.getLogger(__name__)

DONE, FAILED, SKIPPED = "done", "failed", "skipped"
EXPORT_REPORT_EVERY = 1000


class JobRefused(Exception):
    """The job cannot run (the owner may no longer do it); its message is for the owner."""


def _claim(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.QUEUED:
            return None
        job.status = Job.Status.RUNNING
        job.started_at = timezone.now()
        job.rows_done = 0
        job.save(update_fields=["status", "started_at", "rows_done"])
    progress.report(job.pk, 0)
    return job


def _run_import(job: Job) -> tuple[str, dict, list[str]]:
    owner = job.owner
    app_label, model_name = job.subject.split(".")
    may = [f"{app_label}.add_{model_name}", f"{app_label}.change_{model_name}"]
    if not (owner.is_active and owner.has_perms(may)):
        raise JobRefused(gettext("You may no longer import these records."))
    resource = import_string(job.spec["resource"])(actor=owner)
    resource.on_row = progress.reporter(job.pk)
    with job.source_file.open("rb") as file:
        data = file.read()
    try:
        dataset = DetectedFormat().create_dataset(data)
        result = resource.import_data(
            dataset,
            dry_run=False,
            raise_errors=False,
            use_transactions=True,
            rollback_on_validation_errors=True,
            user=owner,
            file_name=job.spec.get("file_name", ""),
        )
    except ImportFileError as error:
        return FAILED, {}, [str(error)]
    except DatabaseError:
        logger.exception("import job %s refused by the database", job.pk)
        return FAILED, {}, [str(DATABASE_REFUSED)]
    errors = [
        str(DATABASE_REFUSED) if isinstance(e.error, DatabaseError) else str(e.error)
        for e in result.base_errors
    ]
    errors += [problem.message for problem in every_problem(result)]
    return (FAILED if errors else DONE), outcome_counts(result), errors


def _counted(rows, job_id: int):
    done = 0
    try:
        for row in rows:
            yield row
            done += 1
            if done % EXPORT_REPORT_EVERY == 0:
                progress.report(job_id, done)
    finally:
        close = getattr(rows, "close", None)
        if close is not None:
            close()


def _run_export(job: Job) -> tuple[str, dict, list[str]]:
    """The export as the owner's own request for it would make it, read again now: the same
    view, address, filters and scope, under the owner's role as it is today."""
    spec = job.spec
    owner = job.owner
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = spec["path"]
    request.GET = QueryDict(spec["query"])
    request.user = owner
    request.role = role_of(owner)
    view_class = import_string(spec["view"])
    if not owner.is_active or request.role not in view_class.allowed_roles:
        raise JobRefused(gettext("You may no longer export this list."))
    view = view_class()
    view.setup(request, *spec.get("args", []), **spec.get("kwargs", {}))
    view.prepare_export()
    header, rows = view.export_table()
    counter = {"rows": 0}

    def counted():
        for row in _counted(rows, job.pk):
            counter["rows"] += 1
            yield row

    with tempfile.TemporaryFile() as file:
        write_table(spec["format"], file, view.export_name, header, counted())
        file.seek(0)
        name = export_filename(view.export_name, spec["format"])
        job.result_file.save(name, File(file, name=name), save=False)
    return DONE, {"rows": counter["rows"]}, []


def _tell_owner(job: Job) -> None:
    notify(
        event=Event.JOB_FINISHED,
        recipients=[recipient_for_user(job.owner)],
        context={"job": job, "job_path": job.get_absolute_url()},
        dedupe_key=f"job:{job.pk}:{job.finished_at.timestamp():.0f}",
        related=job,
    )


@task
@in_own_scope("task")
def run_job(job_id: int) -> str:
    """Run one queued job to its end: "done", "failed", or "skipped" (not queued: already
    running in another worker, finished, or gone)."""
    job = _claim(job_id)
    if job is None:
        return SKIPPED
    language = job.spec.get("language") or translation.get_language()
    with translation.override(language):
        try:
            if job.kind == Job.Kind.IMPORT:
                status, counts, errors = _run_import(job)
            else:
                status, counts, errors = _run_export(job)
        except (JobRefused, PermissionDenied) as refusal:
            status, counts, errors = FAILED, {}, [str(refusal) or gettext("Not allowed.")]
        except Exception:
            logger.exception("job %s stopped on an error", job.pk)
            status, counts, errors = (
                FAILED,
                {},
                [gettext("The job stopped on an unexpected error; nothing of it was kept.")],
            )
        job.status = Job.Status.DONE if status == DONE else Job.Status.FAILED
        job.counts = counts
        job.errors = errors
        job.rows_done = job.rows_total if status == DONE else 0
        job.finished_at = timezone.now()
        job.save(
            update_fields=["status", "counts", "errors", "rows_done", "finished_at", "result_file"]
        )
        progress.forget(job.pk)
        _tell_owner(job)
    return status
