"""Reads of jobs: a user's own, and how far one has got."""

from __future__ import annotations

from django.utils.translation import gettext

from . import progress
from .models import Job


def jobs_for_owner(user):
    """The jobs `user` may see: only their own (anyone else's is a 404)."""
    return Job.objects.of(user).select_related("owner")


def job_rows_done(job: Job) -> int:
    """Rows done: the running job's latest report, else what its row says."""
    if job.status == Job.Status.RUNNING:
        reported = progress.reported(job.pk)
        if reported is not None:
            return min(max(reported, job.rows_done), job.rows_total or reported)
    return job.rows_done


def job_progress_text(job: Job) -> str:
    return gettext("%(done)s of %(total)s rows") % {
        "done": f"{job_rows_done(job):,}",
        "total": f"{job.rows_total:,}",
    }


def active_job_of(user, *, kind: str, subject: str) -> Job | None:
    return jobs_for_owner(user).filter(kind=kind, subject=subject).active().first()
